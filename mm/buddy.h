/*
 * The buddy allocator: physical frames handed out in blocks of 2^order contiguous frames.
 * A free block of order k whose "buddy" (the other half of the order k+1 block that
 * contains it: pfn ^ 2^k) is also free merges with it, so large blocks come back when
 * everything is freed. Allocation and freeing cost O(BUDDY_MAX_ORDER).
 *
 * This file knows only struct page; mm/frame.c sets it up from the memory map and turns
 * errors into panics. It builds on the host too (tests/unit/test_buddy.c).
 */
#ifndef MM_BUDDY_H
#define MM_BUDDY_H

#include "mm/page.h"

#include <stdbool.h>
#include <stddef.h>

#define BUDDY_MAX_ORDER 10      /* largest block: 2^10 frames = 4 MiB */

struct free_area {
	struct list_head blocks;
	uint64_t count;         /* blocks on this list */
};

struct buddy {
	struct page *pages;     /* pages[pfn] for every pfn below end_pfn */
	pfn_t end_pfn;
	uint64_t total;         /* frames managed (ever freed into the allocator) */
	uint64_t free;          /* frames currently free */
	struct free_area area[BUDDY_MAX_ORDER + 1];
};

/* What buddy_free found wrong; each is a kernel bug that frame.c reports by frame. */
enum buddy_error {
	BUDDY_OK = 0,
	BUDDY_DOUBLE_FREE,      /* the frame is already free */
	BUDDY_NOT_ALLOCATED,    /* reserved, out of range, not a block head, or wrong order */
	BUDDY_STILL_MAPPED,     /* a page table still maps it */
	BUDDY_STILL_REFERENCED, /* its reference count is not 1 */
};

/*
 * Starts an allocator over pages[0..end_pfn), all of them reserved; buddy_add_free()
 * then gives it the usable ranges.
 */
void buddy_init(struct buddy *b, struct page *pages, pfn_t end_pfn);

/* Hands frames [start, end) to the allocator as free memory. */
void buddy_add_free(struct buddy *b, pfn_t start, pfn_t end);

/*
 * Takes a block of 2^order frames and returns the pfn of its first frame, whose page has
 * refcount 1; returns (pfn_t)-1 when no block that large is free.
 */
pfn_t buddy_alloc(struct buddy *b, unsigned order);

/* Returns the block that buddy_alloc(order) gave as pfn (refcount must be 1, mapcount 0). */
enum buddy_error buddy_free(struct buddy *b, pfn_t pfn, unsigned order);

/* Marks frames [start, end) as handed out one by one (used for frames taken before the
 * allocator existed): each gets refcount 1, order 0, as if buddy_alloc(0) had returned it. */
void buddy_mark_allocated(struct buddy *b, pfn_t start, pfn_t end);

/* True when frame pfn lies in a free block, as its first frame or anywhere within it. */
bool buddy_is_free(const struct buddy *b, pfn_t pfn);

/* A short text for an error, e.g. "double free". */
const char *buddy_error_name(enum buddy_error e);

#endif
