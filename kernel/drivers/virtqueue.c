#include "kernel/drivers/virtqueue.h"
#include "kernel/errno.h"
#include "mm/frame.h"

#define VIRTQ_USED_F_NO_NOTIFY 1

/* The device reads what the CPU wrote in order on x86 (stores are not reordered with each
 * other, nor loads with loads): the compiler is all that could reorder the ring updates. */
static inline void dma_barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

_Static_assert(sizeof(struct virtq_desc) * VIRTQ_MAX_SIZE <= PAGE_SIZE, "desc in a frame");
_Static_assert(sizeof(struct virtq_avail) + 2 * VIRTQ_MAX_SIZE + 2 <= PAGE_SIZE, "avail");
_Static_assert(sizeof(struct virtq_used) + 8 * VIRTQ_MAX_SIZE + 2 <= PAGE_SIZE, "used");

int virtq_init(struct virtqueue *vq, uint16_t index, uint16_t size)
{
	struct page *d = frame_alloc(FRAME_ZERO);
	struct page *a = frame_alloc(FRAME_ZERO);
	struct page *u = frame_alloc(FRAME_ZERO);
	if (!d || !a || !u) {
		if (d)
			frame_put(d);
		if (a)
			frame_put(a);
		if (u)
			frame_put(u);
		return -ENOMEM;
	}
	vq->index = index;
	vq->size = size;
	vq->desc = page_address(d);
	vq->avail = page_address(a);
	vq->used = page_address(u);
	vq->desc_phys = page_to_phys(d);
	vq->avail_phys = page_to_phys(a);
	vq->used_phys = page_to_phys(u);
	vq->last_used = 0;
	vq->notify = 0;
	for (uint16_t i = 0; i + 1 < size; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = size;
	return 0;
}

void virtq_destroy(struct virtqueue *vq)
{
	frame_put(phys_to_page(vq->desc_phys));
	frame_put(phys_to_page(vq->avail_phys));
	frame_put(phys_to_page(vq->used_phys));
}

int virtq_add(struct virtqueue *vq, const struct virtq_buf *bufs, unsigned n)
{
	if (n == 0 || n > vq->num_free)
		return -ENOSPC;
	uint16_t head = vq->free_head, i = head, last = head;
	for (unsigned k = 0; k < n; k++) {
		struct virtq_desc *d = &vq->desc[i];
		d->addr = bufs[k].phys;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->avail->ring[vq->avail->idx & (vq->size - 1)] = head;
	dma_barrier();                  /* the chain and its ring slot before the index */
	vq->avail->idx++;
	return head;
}

void virtq_kick(struct virtqueue *vq)
{
	dma_barrier();
	if (!(vq->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		*vq->notify = vq->index;
}

bool virtq_get_used(struct virtqueue *vq, uint16_t *head, uint32_t *len)
{
	if (*(volatile uint16_t *)&vq->used->idx == vq->last_used)
		return false;
	dma_barrier();                  /* the element after the index that announced it */
	struct virtq_used_elem *e = &vq->used->ring[vq->last_used & (vq->size - 1)];
	vq->last_used++;
	if (e->id >= vq->size)
		return false;           /* not a chain we offered: a broken device */
	uint16_t id = (uint16_t)e->id;
	*head = id;
	*len = e->len;
	/* Give the chain back to the free list. */
	uint16_t i = id, n = 1;
	while (vq->desc[i].flags & VIRTQ_DESC_F_NEXT) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = id;
	vq->num_free = (uint16_t)(vq->num_free + n);
	return true;
}
