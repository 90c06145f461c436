#include "kernel/drivers/virtio_pci.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

#include <stddef.h>

/* Vendor capability types (virtio spec 4.1.4). */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG    3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

/* Offsets in a virtio capability (struct virtio_pci_cap). */
#define CAP_CFG_TYPE 3
#define CAP_BAR      4
#define CAP_OFFSET   8
#define CAP_LENGTH   12
#define CAP_NOTIFY_MULT 16

/* Offsets in struct virtio_pci_common_cfg. */
#define COMMON_DFSELECT   0x00
#define COMMON_DF         0x04
#define COMMON_GFSELECT   0x08
#define COMMON_GF         0x0C
#define COMMON_STATUS     0x14
#define COMMON_CFGGEN     0x15
#define COMMON_Q_SELECT   0x16
#define COMMON_Q_SIZE     0x18
#define COMMON_Q_ENABLE   0x1C
#define COMMON_Q_NOTIFY_OFF 0x1E
#define COMMON_Q_DESC     0x20
#define COMMON_Q_DRIVER   0x28
#define COMMON_Q_DEVICE   0x30

/* A reset completes at once in QEMU; the bound keeps a broken device from hanging boot. */
#define RESET_SPINS 1000000

/* Device registers: one volatile access each, of the register's own width (the device
 * decodes the access size). */
static uint8_t rd8(volatile uint8_t *base, uint32_t off)
{
	return *(volatile uint8_t *)(base + off);
}

static uint16_t rd16(volatile uint8_t *base, uint32_t off)
{
	return *(volatile uint16_t *)(base + off);
}

static uint32_t rd32(volatile uint8_t *base, uint32_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static void wr8(volatile uint8_t *base, uint32_t off, uint8_t v)
{
	*(volatile uint8_t *)(base + off) = v;
}

static void wr16(volatile uint8_t *base, uint32_t off, uint16_t v)
{
	*(volatile uint16_t *)(base + off) = v;
}

static void wr32(volatile uint8_t *base, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

/* 64-bit fields are written as two 32-bit halves, which the spec allows (4.1.3.1) and
 * every implementation accepts. */
static void wr64(volatile uint8_t *base, uint32_t off, uint64_t v)
{
	wr32(base, off, (uint32_t)v);
	wr32(base, off + 4, (uint32_t)(v >> 32));
}

/* Maps the structure a capability at `cap` describes; NULL if its BAR cannot hold it. */
static volatile uint8_t *map_cap(struct pci_dev *pci, uint8_t cap, uint32_t *len)
{
	uint8_t bar = pci_read8(pci, cap + CAP_BAR);
	uint32_t off = pci_read32(pci, cap + CAP_OFFSET);
	uint32_t length = pci_read32(pci, cap + CAP_LENGTH);
	if (bar >= PCI_NUM_BARS || pci->bar[bar].io ||
	    (uint64_t)off + length > pci->bar[bar].size)
		return NULL;
	volatile uint8_t *base = pci_map_bar(pci, bar);
	if (!base)
		return NULL;
	if (len)
		*len = length;
	return base + off;
}

int virtio_pci_init(struct virtio_pci *vp, struct pci_dev *pci)
{
	vp->pci = pci;
	vp->common = vp->notify = vp->isr = vp->device_cfg = NULL;
	pci_enable(pci);
	uint8_t notify_cap = 0;
	for (uint8_t cap = pci_find_capability(pci, PCI_CAP_ID_VNDR, 0); cap;
	     cap = pci_find_capability(pci, PCI_CAP_ID_VNDR, cap)) {
		/* The first structure of each type is the one to use (spec 4.1.4.1). */
		switch (pci_read8(pci, cap + CAP_CFG_TYPE)) {
		case VIRTIO_PCI_CAP_COMMON_CFG:
			if (!vp->common)
				vp->common = map_cap(pci, cap, NULL);
			break;
		case VIRTIO_PCI_CAP_NOTIFY_CFG:
			if (!vp->notify) {
				vp->notify = map_cap(pci, cap, NULL);
				notify_cap = cap;
			}
			break;
		case VIRTIO_PCI_CAP_ISR_CFG:
			if (!vp->isr)
				vp->isr = map_cap(pci, cap, NULL);
			break;
		case VIRTIO_PCI_CAP_DEVICE_CFG:
			if (!vp->device_cfg)
				vp->device_cfg = map_cap(pci, cap, &vp->device_cfg_len);
			break;
		}
	}
	if (!vp->common) {
		pr_err("virtio-pci %s: legacy-only device (no virtio 1.0 structures): not "
		       "supported (in QEMU, use -device ...,disable-legacy=on)\n", pci->name);
		return -ENODEV;
	}
	if (!vp->notify || !vp->isr) {
		pr_err("virtio-pci %s: missing notify or ISR structure\n", pci->name);
		return -ENODEV;
	}
	vp->notify_mult = pci_read32(pci, notify_cap + CAP_NOTIFY_MULT);
	return 0;
}

void virtio_reset(struct virtio_pci *vp)
{
	wr8(vp->common, COMMON_STATUS, 0);
	for (int i = 0; i < RESET_SPINS && rd8(vp->common, COMMON_STATUS) != 0; i++)
		__asm__ volatile("pause");
	wr8(vp->common, COMMON_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr8(vp->common, COMMON_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
}

/* Sets more status bits, keeping those already set (the status only grows until reset). */
static void add_status(struct virtio_pci *vp, uint8_t bits)
{
	wr8(vp->common, COMMON_STATUS, rd8(vp->common, COMMON_STATUS) | bits);
}

void virtio_fail(struct virtio_pci *vp)
{
	add_status(vp, VIRTIO_STATUS_FAILED);
}

uint64_t virtio_negotiate(struct virtio_pci *vp, uint64_t wanted)
{
	uint64_t offered = 0;
	for (uint32_t half = 0; half < 2; half++) {
		wr32(vp->common, COMMON_DFSELECT, half);
		offered |= (uint64_t)rd32(vp->common, COMMON_DF) << (32 * half);
	}
	if (!(offered & (1ULL << VIRTIO_F_VERSION_1))) {
		pr_err("virtio-pci %s: the device does not offer VIRTIO_F_VERSION_1 (legacy "
		       "only): not supported\n", vp->pci->name);
		virtio_fail(vp);
		return 0;
	}
	uint64_t accepted = offered & (wanted | (1ULL << VIRTIO_F_VERSION_1));
	for (uint32_t half = 0; half < 2; half++) {
		wr32(vp->common, COMMON_GFSELECT, half);
		wr32(vp->common, COMMON_GF, (uint32_t)(accepted >> (32 * half)));
	}
	add_status(vp, VIRTIO_STATUS_FEATURES_OK);
	if (!(rd8(vp->common, COMMON_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		pr_err("virtio-pci %s: the device refused features 0x%lx\n", vp->pci->name,
		       accepted);
		virtio_fail(vp);
		return 0;
	}
	return accepted;
}

int virtio_setup_queue(struct virtio_pci *vp, uint16_t index, struct virtqueue *vq,
		       uint16_t max)
{
	wr16(vp->common, COMMON_Q_SELECT, index);
	uint16_t dev_size = rd16(vp->common, COMMON_Q_SIZE);
	if (dev_size == 0)
		return -ENOENT;
	uint16_t size = 1;
	while ((uint32_t)size * 2 <= dev_size && (uint32_t)size * 2 <= max)
		size = (uint16_t)(size * 2);
	int err = virtq_init(vq, index, size);
	if (err)
		return err;
	wr16(vp->common, COMMON_Q_SIZE, size);
	wr64(vp->common, COMMON_Q_DESC, vq->desc_phys);
	wr64(vp->common, COMMON_Q_DRIVER, vq->avail_phys);
	wr64(vp->common, COMMON_Q_DEVICE, vq->used_phys);
	uint16_t notify_off = rd16(vp->common, COMMON_Q_NOTIFY_OFF);
	vq->notify = (volatile uint16_t *)(vp->notify + (uint32_t)notify_off * vp->notify_mult);
	wr16(vp->common, COMMON_Q_ENABLE, 1);
	return 0;
}

void virtio_driver_ok(struct virtio_pci *vp)
{
	add_status(vp, VIRTIO_STATUS_DRIVER_OK);
}

uint8_t virtio_read_isr(struct virtio_pci *vp)
{
	return rd8(vp->isr, 0);
}

uint32_t virtio_cfg_read32(struct virtio_pci *vp, uint32_t off)
{
	return rd32(vp->device_cfg, off);
}

uint64_t virtio_cfg_read64(struct virtio_pci *vp, uint32_t off)
{
	uint8_t gen;
	uint64_t v;
	do {
		gen = rd8(vp->common, COMMON_CFGGEN);
		v = rd32(vp->device_cfg, off) | (uint64_t)rd32(vp->device_cfg, off + 4) << 32;
	} while (gen != rd8(vp->common, COMMON_CFGGEN));
	return v;
}
