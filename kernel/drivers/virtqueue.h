/*
 * A virtio split virtqueue (virtio 1.x spec, 2.6): the driver's half of a ring shared with
 * a device. Three parts, each in a frame of its own:
 *   descriptor table  buffers (physical address, length, device-writable?), chained by next
 *   available ring    the heads of chains the driver offers, in order
 *   used ring         the heads the device is done with, with the bytes it wrote
 * A request is one chain; free descriptors form a list through their next fields.
 */
#ifndef KERNEL_DRIVERS_VIRTQUEUE_H
#define KERNEL_DRIVERS_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

/* The largest queue this driver sets up: each ring part then fits in one frame. */
#define VIRTQ_MAX_SIZE 256

#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2    /* the device writes this buffer (a read's data, a status) */

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;           /* where the driver puts the next head (mod size) */
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id;            /* the head of the chain the device finished */
	uint32_t len;           /* bytes it wrote into the chain */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;           /* where the device puts the next element (mod size) */
	struct virtq_used_elem ring[];
};

struct virtqueue {
	uint16_t index;         /* the queue's number on its device */
	uint16_t size;          /* descriptors (a power of 2) */
	uint16_t num_free;
	uint16_t free_head;     /* first free descriptor; the rest follow through next */
	uint16_t last_used;     /* the used-ring position we read next */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint64_t desc_phys, avail_phys, used_phys;
	volatile uint16_t *notify;      /* written with index to tell the device (transport) */
};

/* One buffer of a request. */
struct virtq_buf {
	uint64_t phys;
	uint32_t len;
	bool device_writes;
};

/* Allocates the three parts for a queue of size descriptors (a power of 2, at most
 * VIRTQ_MAX_SIZE), zeroed, every descriptor free. 0 or -ENOMEM. */
int virtq_init(struct virtqueue *vq, uint16_t index, uint16_t size);
void virtq_destroy(struct virtqueue *vq);

/* Chains n buffers and offers the chain to the device (not yet notified: virtq_kick).
 * Returns the head descriptor's number, which virtq_get_used gives back when the device is
 * done, or -ENOSPC when fewer than n descriptors are free. Call with interrupts off. */
int virtq_add(struct virtqueue *vq, const struct virtq_buf *bufs, unsigned n);

/* Tells the device there are new chains (unless it asked not to be told). */
void virtq_kick(struct virtqueue *vq);

/* Takes the next chain the device finished: true with its head (and the bytes written) in
 * *head and *len, its descriptors free again; false when there is none. Interrupts off. */
bool virtq_get_used(struct virtqueue *vq, uint16_t *head, uint32_t *len);

#endif
