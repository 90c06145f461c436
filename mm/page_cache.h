/*
 * The page cache of one file: the frames that hold its data, indexed by page offset
 * (offset in the file / PAGE_SIZE). In this kernel files live in RAM, so the page cache is
 * where their data is: reading copies from these frames, and (later) mmap maps these very
 * frames. A missing page is a hole and reads as zeros.
 *
 * The index is a radix tree of 64-way nodes, as Linux's: a lookup reads one slot per level,
 * and the tree grows a level each time the file outgrows it (64, 4096, 262144 pages ...).
 */
#ifndef MM_PAGE_CACHE_H
#define MM_PAGE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct page;

#define PAGE_CACHE_BITS  6
#define PAGE_CACHE_SLOTS (1u << PAGE_CACHE_BITS)

struct page_cache {
	void *root;             /* a struct pc_node, or NULL when empty */
	unsigned height;        /* levels of nodes: the tree covers 64^height pages */
	uint64_t nr_pages;
	bool uncounted;         /* holds no frames (swap entries): not in page_cache_total */
};

/* Pages in all page caches together (/proc/meminfo's Cached). */
extern uint64_t page_cache_total;

/* The page at index, or NULL (a hole). */
struct page *page_cache_lookup(struct page_cache *pc, uint64_t index);

/* Stores page at index, which must be free. Returns 0 or -ENOMEM. */
int page_cache_insert(struct page_cache *pc, uint64_t index, struct page *page);

/* Removes and returns the page at index (NULL if none), freeing emptied nodes. */
struct page *page_cache_remove(struct page_cache *pc, uint64_t index);

/* Calls fn on every page at index >= from, in increasing index order. fn may remove the
 * page it is given. */
void page_cache_for_each(struct page_cache *pc, uint64_t from,
			 void (*fn)(struct page_cache *pc, uint64_t index, struct page *page,
				    void *arg),
			 void *arg);

#endif
