/*
 * struct page: what the kernel knows about one physical frame (4 KiB of RAM). There is one
 * for every frame from physical address 0 up to the end of RAM, indexed by frame number
 * (pfn = physical address / PAGE_SIZE), so that frame <-> struct page is arithmetic.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "kernel/lib/list.h"

#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define PAGE_ALIGN_UP(x)   (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ALIGN_DOWN(x) ((x) & PAGE_MASK)

typedef uint64_t phys_addr_t;
typedef uint64_t pfn_t;

/* page->flags */
enum {
	PG_RESERVED = 1 << 0,   /* not RAM we manage: firmware, holes, or beyond mem= */
	PG_BUDDY    = 1 << 1,   /* the first frame of a free block on a buddy free list */
	PG_TAIL     = 1 << 2,   /* a non-first frame of a block handed out as one */
	PG_SLAB     = 1 << 3,   /* holds kmalloc objects of one size class */
	PG_KMALLOC_LARGE = 1 << 4, /* the first frame of a large kmalloc block */
	PG_LOCKED   = 1 << 5,   /* under I/O: its contents are not ready; wait (page_lock.h) */
	/* Reclaim's state of a user page (mm/vmscan.h, mm/swap.h): */
	PG_LRU      = 1 << 6,   /* on an LRU list (by `list`): a candidate for page-out */
	PG_ACTIVE   = 1 << 7,   /* ... the active one (else the inactive one) */
	PG_SWAPCACHE = 1 << 8,  /* in the swap cache, at slot `swap` */
	PG_DIRTY    = 1 << 9,   /* in the swap cache with contents its slot does not hold */
	PG_ERROR    = 1 << 10,  /* reading it from swap failed: its contents are not valid */
	PG_WRITE_ERROR = 1 << 12, /* writing it to swap failed: it stays in memory for good */
	PG_READAHEAD = 1 << 13, /* read from swap as a neighbour, not yet asked for */
	PG_ISOLATED = 1 << 11,  /* taken off its LRU list by reclaim for a while */
};

struct vm_object;
struct anon_vma;

struct page {
	uint16_t flags;
	uint8_t order;          /* block order (2^order frames): free blocks and handed-out heads */
	uint8_t slab_class;     /* PG_SLAB: index of the kmalloc size class */
	int32_t refcount;       /* holders of this frame; 0 when free */
	int32_t mapcount;       /* page-table entries that map it (user mappings) */
	uint32_t slab_inuse;    /* PG_SLAB: objects handed out from this frame */
	struct list_head list;  /* free list of its order, its slab class's list, or (a user
				 * page) its LRU list */
	union {
		void *slab_free;        /* PG_SLAB: first free object */
		uint64_t swap;          /* PG_SWAPCACHE: its swap entry (swp_entry_t) */
	};
	/*
	 * The owner of a user page, which the reverse map starts from: a VM object (a file's
	 * page cache, shared anonymous memory) at page `index`, or, for an anonymous page, the
	 * anon_vma of the areas that may map it, with `index` its linear page index there
	 * (the area's pgoff + the page's offset in the area). Neither for kernel frames.
	 */
	struct vm_object *object;
	struct anon_vma *anon;
	uint64_t index;
};

#endif
