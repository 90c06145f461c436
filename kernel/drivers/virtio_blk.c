/*
 * virtio-blk (virtio spec 5.2): a disk whose requests travel on one virtqueue. A request
 * is a chain of descriptors: a header the device reads (type IN or OUT, first sector),
 * the data frames (device-writable for a read), and a status byte the device writes.
 * Many requests are in flight at once; when the ring is full, bios wait in a list and
 * go out as completions free descriptors. Completion is the interrupt: the handler walks
 * the used ring and completes each bio with its status.
 */
#include "kernel/drivers/virtio_blk.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/drivers/block.h"
#include "kernel/drivers/virtio_pci.h"
#include "kernel/errno.h"
#include "kernel/lib/format.h"
#include "kernel/printk.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

#define VIRTIO_DEV_BLOCK          0x1042        /* modern: 0x1040 + device type 2 */
#define VIRTIO_DEV_BLOCK_LEGACY   0x1001        /* transitional (legacy and modern) */

/* Linux's virtio_blk takes a dynamic major; on a typical Linux system it is 254. */
#define VIRTBLK_MAJOR  254
#define VIRTBLK_MINORS 16               /* the disk and partitions 1..15 */

/* Feature bits and configuration fields (struct virtio_blk_config). */
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO       5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define CFG_CAPACITY 0
#define CFG_SEG_MAX  12
#define CFG_BLK_SIZE 20

#define VIRTIO_BLK_T_IN  0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_S_OK  0

/* What the device reads first and writes last for a request, and the bio it serves; one
 * per descriptor, found by the request's head descriptor. */
struct vblk_req {
	struct {
		uint32_t type;
		uint32_t reserved;
		uint64_t sector;
	} hdr;
	uint8_t status;
	struct bio *bio;
};

struct vblk {
	struct virtio_pci vp;
	struct virtqueue vq;
	struct vblk_req *reqs;
	struct bio *waiting;            /* bios for which the ring had no room, in order */
	struct bio **waiting_tail;
	unsigned max_pages;             /* the most data descriptors one request may have */
	struct block_device disk;
	char name[16];                  /* "virtio0" */
};

static int virtio_index;                /* virtio devices driven so far */
static int disk_index;                  /* vda, vdb, ... */

/* Interrupts off, returning the flags to give back to irq_restore: submission runs both in
 * processes and from completions in the interrupt handler. */
static uint64_t irq_save(void)
{
	uint64_t flags = read_rflags();
	irq_disable();
	return flags;
}

/* Interrupts back on if they were on at irq_save. */
static void irq_restore(uint64_t flags)
{
	if (flags & (1u << 9))
		irq_enable();
}

/* Puts b on the ring if there is room for its chain; false if not. Interrupts off. */
static bool start_request(struct vblk *vb, struct bio *b)
{
	struct virtq_buf bufs[BIO_MAX_PAGES + 2];
	unsigned n = b->npages + 2;
	if (vb->vq.num_free < n)
		return false;
	/* The chain will begin at the first free descriptor: its request slot is that one. */
	struct vblk_req *r = &vb->reqs[vb->vq.free_head];
	r->hdr.type = b->write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	r->hdr.reserved = 0;
	r->hdr.sector = b->disk_sector;
	r->status = 0xFF;               /* not a status the device writes */
	r->bio = b;
	bufs[0] = (struct virtq_buf){ virt_to_phys(&r->hdr), sizeof(r->hdr), false };
	for (unsigned i = 0; i < b->npages; i++)
		bufs[1 + i] = (struct virtq_buf){ page_to_phys(b->pages[i]), PAGE_SIZE, !b->write };
	bufs[n - 1] = (struct virtq_buf){ virt_to_phys(&r->status), 1, true };
	virtq_add(&vb->vq, bufs, n);
	return true;
}

/* Starts the waiting bios that now fit, in order. True if any started. */
static bool start_waiting(struct vblk *vb)
{
	bool started = false;
	while (vb->waiting && start_request(vb, vb->waiting)) {
		vb->waiting = vb->waiting->queue_next;
		if (!vb->waiting)
			vb->waiting_tail = &vb->waiting;
		started = true;
	}
	return started;
}

/* The driver's submit: starts b now, or queues it behind others waiting for room. */
static int vblk_submit(struct block_device *disk, struct bio *b)
{
	struct vblk *vb = disk->driver_data;
	if (b->npages > vb->max_pages)
		return -EIO;                    /* more segments than the device takes */
	uint64_t flags = irq_save();
	/* Behind others that wait, so requests start in the order they came. */
	if (vb->waiting || !start_request(vb, b)) {
		b->queue_next = NULL;
		*vb->waiting_tail = b;
		vb->waiting_tail = &b->queue_next;
	} else {
		virtq_kick(&vb->vq);
	}
	irq_restore(flags);
	return 0;
}

static const struct block_driver vblk_driver = { .submit = vblk_submit };

/* The interrupt: if the device raised it (reading the ISR acknowledges it and lowers
 * the shared line), completes every finished request and starts waiting ones. */
static bool vblk_interrupt(void *data)
{
	struct vblk *vb = data;
	if (!virtio_read_isr(&vb->vp))
		return false;                   /* another device on the line */
	uint16_t head;
	uint32_t len;
	while (virtq_get_used(&vb->vq, &head, &len)) {
		struct vblk_req *r = &vb->reqs[head];
		struct bio *b = r->bio;
		r->bio = NULL;
		if (b)
			bio_complete(b, r->status == VIRTIO_BLK_S_OK ? 0 : -EIO);
	}
	if (start_waiting(vb))
		virtq_kick(&vb->vq);
	return true;
}

/* Logs the disk's size as Linux's virtblk_update_capacity does. */
static void log_capacity(struct vblk *vb, uint32_t blk_size)
{
	char s10[16], s2[16];
	uint64_t nblocks = (vb->disk.nr_sectors + blk_size / SECTOR_SIZE - 1) /
			   (blk_size / SECTOR_SIZE);
	format_size(s10, sizeof(s10), nblocks, blk_size, false);
	format_size(s2, sizeof(s2), nblocks, blk_size, true);
	printk("virtio_blk %s: [%s] %lu %u-byte logical blocks (%s/%s)\n", vb->name,
	       vb->disk.name, nblocks, blk_size, s10, s2);
}

/* Virtio's initialisation sequence (spec 3.1.1) for one device, then the disk. */
static int probe(struct pci_dev *pci)
{
	struct vblk *vb = kzalloc(sizeof(*vb));
	if (!vb)
		return -ENOMEM;
	vb->waiting_tail = &vb->waiting;
	int err = virtio_pci_init(&vb->vp, pci);
	if (err)
		goto fail_free;
	ksnprintf(vb->name, sizeof(vb->name), "virtio%d", virtio_index++);
	virtio_reset(&vb->vp);
	uint64_t features = virtio_negotiate(&vb->vp, (1ULL << VIRTIO_BLK_F_SEG_MAX) |
					     (1ULL << VIRTIO_BLK_F_RO) |
					     (1ULL << VIRTIO_BLK_F_BLK_SIZE));
	err = -ENODEV;
	if (!features)
		goto fail_free;
	if (!vb->vp.device_cfg || vb->vp.device_cfg_len < CFG_BLK_SIZE + 4) {
		pr_err("virtio_blk %s: no device configuration\n", vb->name);
		goto fail_device;
	}
	if (pci->irq_pin == 0 || pci->irq_line >= 16) {
		pr_err("virtio_blk %s: no legacy interrupt line (pin %u, line %u)\n", vb->name,
		       pci->irq_pin, pci->irq_line);
		goto fail_device;
	}
	if ((err = virtio_setup_queue(&vb->vp, 0, &vb->vq, VIRTQ_MAX_SIZE))) {
		pr_err("virtio_blk %s: cannot set up the request queue (error %d)\n", vb->name,
		       err);
		goto fail_device;
	}
	err = -ENOMEM;
	unsigned order = 0;
	while ((PAGE_SIZE << order) < vb->vq.size * sizeof(struct vblk_req))
		order++;
	struct page *rp = frame_alloc_order(order, FRAME_ZERO);
	if (!rp)
		goto fail_queue;
	vb->reqs = page_address(rp);
	/* A request takes its data descriptors plus two; the device may allow fewer. */
	vb->max_pages = vb->vq.size - 2u < BIO_MAX_PAGES ? vb->vq.size - 2u : BIO_MAX_PAGES;
	if (features & (1ULL << VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t seg_max = virtio_cfg_read32(&vb->vp, CFG_SEG_MAX);
		if (seg_max && seg_max < vb->max_pages)
			vb->max_pages = seg_max;
	}
	if ((err = irq_register_shared(pci->irq_line, vblk_interrupt, vb)))
		goto fail_reqs;
	virtio_driver_ok(&vb->vp);

	uint32_t blk_size = SECTOR_SIZE;
	if (features & (1ULL << VIRTIO_BLK_F_BLK_SIZE)) {
		uint32_t bs = virtio_cfg_read32(&vb->vp, CFG_BLK_SIZE);
		if (bs >= SECTOR_SIZE && bs <= PAGE_SIZE && !(bs & (bs - 1)))
			blk_size = bs;
	}
	struct block_device *disk = &vb->disk;
	ksnprintf(disk->name, sizeof(disk->name), "vd%c", 'a' + disk_index);
	disk->major = VIRTBLK_MAJOR;
	disk->minor = (uint32_t)disk_index++ * VIRTBLK_MINORS;
	disk->nr_sectors = virtio_cfg_read64(&vb->vp, CFG_CAPACITY);
	disk->read_only = features & (1ULL << VIRTIO_BLK_F_RO);
	disk->driver = &vblk_driver;
	disk->driver_data = vb;
	printk("virtio_blk %s: 1/0/0 default/read/poll queues (irq %u, %u descriptors)\n",
	       vb->name, pci->irq_line, vb->vq.size);
	log_capacity(vb, blk_size);
	return block_register_disk(disk);

fail_reqs:
	frame_free_order(rp, order);
fail_queue:
	virtq_destroy(&vb->vq);
fail_device:
	virtio_fail(&vb->vp);
fail_free:
	kfree(vb);
	return err;
}

void virtio_blk_init(void)
{
	static const uint16_t ids[] = { VIRTIO_DEV_BLOCK, VIRTIO_DEV_BLOCK_LEGACY };
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		for (struct pci_dev *d = pci_find(VIRTIO_VENDOR, ids[i], NULL); d;
		     d = pci_find(VIRTIO_VENDOR, ids[i], d)) {
			if (disk_index >= 26) {
				pr_warn("virtio_blk: more than 26 disks: %s ignored\n", d->name);
				continue;
			}
			probe(d);
		}
	}
}
