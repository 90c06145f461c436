/* The block layer: the registered devices, requests to them, and byte-level access. */
#include "kernel/drivers/block.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/drivers/mbr.h"
#include "kernel/errno.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/wait.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

/* Every disk and partition, in registration order; grows as needed. */
static struct block_device **devices;
static size_t ndevices, devices_cap;

/* Adds bdev to the devices block_lookup finds. 0 or -ENOMEM. */
static int add_device(struct block_device *bdev)
{
	if (ndevices == devices_cap) {
		size_t cap = devices_cap ? devices_cap * 2 : 8;
		struct block_device **grown = kmalloc(cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		if (ndevices)
			memcpy(grown, devices, ndevices * sizeof(*grown));
		kfree(devices);
		devices = grown;
		devices_cap = cap;
	}
	devices[ndevices++] = bdev;
	return 0;
}

struct block_device *block_lookup(uint32_t major, uint32_t minor)
{
	for (size_t i = 0; i < ndevices; i++)
		if (devices[i]->major == major && devices[i]->minor == minor)
			return devices[i];
	return NULL;
}

int block_claim(struct block_device *bdev)
{
	if (bdev->holders)
		return -EBUSY;
	bdev->holders = 1;
	return 0;
}

void block_release(struct block_device *bdev)
{
	bdev->holders = 0;
}

/* --- requests --- */

int bio_submit(struct bio *b)
{
	struct block_device *bdev = b->bdev;
	uint64_t count = (uint64_t)b->npages * SECTORS_PER_PAGE;
	if (b->npages == 0 || b->npages > BIO_MAX_PAGES || b->sector > bdev->nr_sectors ||
	    count > bdev->nr_sectors - b->sector)
		return -EINVAL;
	if (b->write && bdev->read_only)
		return -EROFS;
	b->error = 0;
	b->done = false;
	b->disk_sector = bdev->start_sector + b->sector;
	b->queue_next = NULL;
	struct block_device *disk = bdev->disk;
	return disk->driver->submit(disk, b) ? -EIO : 0;
}

/* Linux's message for a failed request (blk_print_req_error), so logs read the same. */
static void log_io_error(const struct bio *b)
{
	pr_err("I/O error, dev %s, sector %lu op 0x%x:(%s) flags 0x0 phys_seg %u prio class 0\n",
	       b->bdev->disk->name, b->disk_sector, b->write ? 1 : 0, b->write ? "WRITE" : "READ",
	       b->npages);
}

void bio_complete(struct bio *b, int error)
{
	b->error = error;
	b->done = true;
	if (error)
		log_io_error(b);
	/* end_io may free b: only its address is used after it. */
	if (b->end_io)
		b->end_io(b);
	wakeup(b);
}

int bio_wait(struct bio *b)
{
	irq_disable();                  /* the completion cannot come between test and sleep */
	while (!b->done)
		sleep_on(b, 0);
	irq_enable();
	return b->error;
}

/* Interrupts stay off from the submission to the sleep, so the completion (an interrupt)
 * always finds the submitter asleep: the wait always lets another process run, however
 * fast the device is, instead of depending on whether it answered before we slept. */
int bio_submit_wait(struct bio *b)
{
	b->end_io = NULL;
	irq_disable();
	int err = bio_submit(b);
	while (!err && !b->done)
		sleep_on(b, 0);
	irq_enable();
	return err ? err : b->error;
}

/* --- bytes --- */

/* Writers take turns: a partial page is read, changed and written back, and a second
 * writer of the same page in between would be lost. */
static bool writer_busy;

/* Waits for the writer before us to finish; the caller then writes alone. */
static void writers_lock(void)
{
	irq_disable();
	while (writer_busy)
		sleep_on(&writer_busy, 0);
	writer_busy = true;
	irq_enable();
}

/* Lets the next writer in. */
static void writers_unlock(void)
{
	writer_busy = false;
	wakeup(&writer_busy);
}

/* Moves one page-sized window of sectors starting at `sector` through frame pg. */
static int rw_window(struct block_device *bdev, uint64_t sector, struct page *pg, bool write)
{
	struct bio b = { .bdev = bdev, .sector = sector, .write = write, .npages = 1 };
	b.pages[0] = pg;
	return bio_submit_wait(&b);
}

ssize_t block_rw_bytes(struct block_device *bdev, uint64_t offset, void *buf, size_t len,
		       bool write)
{
	uint64_t size = bdev->nr_sectors << SECTOR_SHIFT;
	if (offset >= size)
		return 0;
	if (len > size - offset)
		len = size - offset;
	if (len == 0)
		return 0;
	if (bdev->nr_sectors < SECTORS_PER_PAGE)
		return -EINVAL;                 /* no whole page to move: too small a device */
	if (write && bdev->read_only)
		return -EROFS;
	struct page *pg = frame_alloc(0);
	if (!pg)
		return -ENOMEM;
	if (write)
		writers_lock();
	char *bounce = page_address(pg);
	size_t done = 0;
	int err = 0;
	while (done < len) {
		uint64_t pos = offset + done;
		/* The page-aligned window holding pos; at a device end that is not a whole
		 * page, the last whole page of the device instead. */
		uint64_t sector = (pos >> SECTOR_SHIFT) & ~(uint64_t)(SECTORS_PER_PAGE - 1);
		if (sector + SECTORS_PER_PAGE > bdev->nr_sectors)
			sector = bdev->nr_sectors - SECTORS_PER_PAGE;
		size_t in_win = pos - (sector << SECTOR_SHIFT);
		size_t n = PAGE_SIZE - in_win;
		if (n > len - done)
			n = len - done;
		bool whole = write && n == PAGE_SIZE;
		if (!whole && (err = rw_window(bdev, sector, pg, false)))
			break;
		if (write) {
			memcpy(bounce + in_win, (char *)buf + done, n);
			if ((err = rw_window(bdev, sector, pg, true)))
				break;
		} else {
			memcpy((char *)buf + done, bounce + in_win, n);
		}
		done += n;
	}
	if (write)
		writers_unlock();
	frame_put(pg);
	return done ? (ssize_t)done : err;
}

/* --- disks and their partitions --- */

/* Logs why an MBR entry was not made a partition, in Linux's words where it has some. */
static void log_skipped(const struct block_device *disk, int partno, const struct mbr_entry *e)
{
	switch (e->verdict) {
	case MBR_EXTENDED:
		pr_warn("%s: p%d: extended partition (type 0x%02x): logical partitions are not "
			"read\n", disk->name, partno, e->type);
		break;
	case MBR_BEYOND_EOD:
		pr_warn("%s: p%d start %lu is beyond EOD, ignored\n", disk->name, partno, e->start);
		break;
	case MBR_EXTENDS_BEYOND_EOD:
		pr_warn("%s: p%d size %lu extends beyond EOD, ignored\n", disk->name, partno,
			e->nr_sectors);
		break;
	default:
		break;
	}
}

/* Registers partition partno of disk from its table entry (as vda1, minor + partno), or
 * NULL when memory is short. */
static struct block_device *add_partition(struct block_device *disk, int partno,
					  const struct mbr_entry *e)
{
	struct block_device *p = kzalloc(sizeof(*p));
	if (!p)
		return NULL;
	ksnprintf(p->name, sizeof(p->name), "%s%d", disk->name, partno);
	p->major = disk->major;
	p->minor = disk->minor + (uint32_t)partno;
	p->start_sector = e->start;
	p->nr_sectors = e->nr_sectors;
	p->read_only = disk->read_only;
	p->disk = disk;
	if (add_device(p)) {
		kfree(p);
		return NULL;
	}
	return p;
}

/* Reads the first sector and makes a device of each primary partition it lists, logging
 * them on one line as Linux does (" vda: vda1 vda2"). */
static void scan_partitions(struct block_device *disk, struct block_device **parts)
{
	struct mbr_entry entries[MBR_ENTRIES];
	char line[128];
	size_t at = (size_t)ksnprintf(line, sizeof(line), " %s:", disk->name);
	struct page *pg = disk->nr_sectors >= SECTORS_PER_PAGE ? frame_alloc(0) : NULL;
	int err = pg ? rw_window(disk, 0, pg, false) : -EIO;
	bool table = !err && mbr_parse(page_address(pg), disk->nr_sectors, entries);
	if (pg)
		frame_put(pg);
	if (err) {
		pr_err("%s: cannot read the partition table (error %d)\n", disk->name, err);
		return;
	}
	if (!table) {
		printk("%s unknown partition table\n", line);
		return;
	}
	for (int i = 0; i < MBR_ENTRIES; i++) {
		log_skipped(disk, i + 1, &entries[i]);
		if (entries[i].verdict != MBR_OK)
			continue;
		parts[i] = add_partition(disk, i + 1, &entries[i]);
		if (!parts[i])
			pr_err("%s: no memory for partition %d\n", disk->name, i + 1);
		else if (at < sizeof(line))
			at += (size_t)ksnprintf(line + at, sizeof(line) - at, " %s",
						parts[i]->name);
	}
	printk("%s\n", line);
}

int block_register_disk(struct block_device *disk)
{
	disk->disk = disk;
	disk->start_sector = 0;
	int err = add_device(disk);
	if (err)
		return err;
	struct block_device *parts[MBR_ENTRIES] = { NULL };
	scan_partitions(disk, parts);
	if ((err = blkdev_create(disk)))
		pr_err("%s: cannot create /dev/%s (error %d)\n", disk->name, disk->name, err);
	for (int i = 0; i < MBR_ENTRIES; i++)
		if (parts[i] && (err = blkdev_create(parts[i])))
			pr_err("%s: cannot create /dev/%s (error %d)\n", disk->name,
			       parts[i]->name, err);
	return 0;
}
