/*
 * The kernel heap. Small objects come from slabs: a frame cut into equal objects of one
 * size class (16, 32, ... 2048 bytes). Larger requests get whole frames from the buddy
 * allocator. Freed objects are poisoned, and the poison is checked when an object is
 * handed out again, so a write after kfree is caught rather than silently corrupting.
 */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include <stddef.h>
#include <stdint.h>

#define KMALLOC_MIN_SIZE 16
#define KMALLOC_MAX_SLAB 2048
#define KMALLOC_CLASSES  8      /* 16 << 0 ... 16 << 7 */
#define KMALLOC_POISON   0x6b   /* the byte freed objects are filled with (as Linux's) */

/* Returns size bytes aligned to min(size class, 4096), or NULL when memory is exhausted
 * or size is 0. */
void *kmalloc(size_t size);

/* kmalloc, then zero. */
void *kzalloc(size_t size);

/* Frees what kmalloc returned; NULL is ignored. A pointer kmalloc never returned, or one
 * freed twice, is a kernel bug and panics. */
void kfree(void *ptr);

struct kmalloc_stats {
	uint64_t objects[KMALLOC_CLASSES];      /* objects in use, per class */
	uint64_t slabs[KMALLOC_CLASSES];        /* frames holding each class */
	uint64_t large_allocations;             /* blocks of whole frames in use */
	uint64_t large_frames;
};

void kmalloc_get_stats(struct kmalloc_stats *s);

/* The object size of class i. */
static inline size_t kmalloc_class_size(unsigned i)
{
	return (size_t)KMALLOC_MIN_SIZE << i;
}

#endif
