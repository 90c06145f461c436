/*
 * The virtio 1.x "modern" PCI transport (virtio spec 4.1): how a driver reaches a virtio
 * device on PCI. Vendor-specific PCI capabilities point into the device's memory BARs at
 * four structures: the common configuration (status, features, queues), the notification
 * area (where writing a queue's number tells the device it has work), the ISR status byte
 * (which interrupt it raised; reading it acknowledges), and the device's own configuration
 * (for a disk, its capacity). Legacy devices (I/O ports only, virtio 0.9) are not driven.
 */
#ifndef KERNEL_DRIVERS_VIRTIO_PCI_H
#define KERNEL_DRIVERS_VIRTIO_PCI_H

#include "kernel/drivers/pci.h"
#include "kernel/drivers/virtqueue.h"

#include <stdint.h>

#define VIRTIO_VENDOR 0x1af4

/* Device status bits (virtio spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED      128

/* Device-independent feature bits. */
#define VIRTIO_F_VERSION_1 32

/* ISR status bits. */
#define VIRTIO_ISR_QUEUE  1
#define VIRTIO_ISR_CONFIG 2

struct virtio_pci {
	struct pci_dev *pci;
	volatile uint8_t *common;       /* struct virtio_pci_common_cfg */
	volatile uint8_t *notify;       /* the notification area */
	uint32_t notify_mult;           /* bytes between queues' notification addresses */
	volatile uint8_t *isr;
	volatile uint8_t *device_cfg;
	uint32_t device_cfg_len;
};

/* Finds the device's virtio structures and maps them, after enabling the device (memory,
 * bus mastering). 0, or -ENODEV (logged) for a legacy-only device or one whose
 * structures cannot be mapped. */
int virtio_pci_init(struct virtio_pci *vp, struct pci_dev *pci);

/* Resets the device (status 0, waiting until it reads back 0), then sets ACKNOWLEDGE and
 * DRIVER: the first steps of virtio spec 3.1.1. */
void virtio_reset(struct virtio_pci *vp);

/*
 * Feature negotiation: accepts the device's features among `wanted` (VIRTIO_F_VERSION_1
 * always), sets FEATURES_OK and checks the device kept it. Returns the accepted features,
 * or 0 (status FAILED, logged) when the device is legacy-only (no VERSION_1) or refused.
 */
uint64_t virtio_negotiate(struct virtio_pci *vp, uint64_t wanted);

/* Sets up queue `index` with vq (at most max descriptors, fewer if the device allows
 * fewer) and enables it. 0, -ENOENT (no such queue) or -ENOMEM. */
int virtio_setup_queue(struct virtio_pci *vp, uint16_t index, struct virtqueue *vq,
		       uint16_t max);

/* The last step: the driver is ready (DRIVER_OK). */
void virtio_driver_ok(struct virtio_pci *vp);

/* Marks the device FAILED (the driver gave up on it). */
void virtio_fail(struct virtio_pci *vp);

/* Reads (and so acknowledges) the ISR status: which of VIRTIO_ISR_* the device raised. */
uint8_t virtio_read_isr(struct virtio_pci *vp);

/* Fields of the device configuration; a 64-bit one is read under the configuration
 * generation counter so that its two halves belong together. */
uint32_t virtio_cfg_read32(struct virtio_pci *vp, uint32_t off);
uint64_t virtio_cfg_read64(struct virtio_pci *vp, uint32_t off);

#endif
