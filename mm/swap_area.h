/*
 * One swap area, as mm/swapfile.c keeps it (Linux's swap_info_struct). Shared with
 * swapoff's page-back walk (mm/swap_unuse.c); the rest of the kernel uses mm/swap.h.
 */
#ifndef MM_SWAP_AREA_H
#define MM_SWAP_AREA_H

#include "mm/page_cache.h"
#include "mm/swap.h"
#include "mm/swap_header.h"

#define SWAP_AREA_USED    1             /* enabled */
#define SWAP_AREA_CLOSING 2             /* swapoff is emptying it: no new slots */
#define SWAP_AREA_OPENING 4             /* swapon is reading its header: taken, not usable */

#define SWAP_RETIRED_MAX 64

struct swap_area {
	unsigned flags;
	struct block_device *bdev;
	char path[64];                  /* as swapon named it, for /proc/swaps */
	int prio;
	unsigned order;                 /* its place in /proc/swaps */
	uint16_t **map;                 /* per slot: PTE count | SLOT_HAS_CACHE, or SLOT_BAD;
					 * in page-sized chunks, so that a large area needs no
					 * large contiguous block (slot_word) */
	uint64_t nr_chunks;
	uint64_t max;                   /* slots [1, max) exist (slot 0 is the header) */
	uint64_t pages;                 /* usable slots: not the header, not bad */
	uint64_t inuse;                 /* slots taken (named by PTEs or cached) */
	uint64_t next;                  /* where the next search for free slots starts */
	uint64_t lowest_free;           /* no free slot below this */
	uint64_t retired[SWAP_RETIRED_MAX];     /* slots that failed a write, still in use */
	unsigned nr_retired;
	struct page_cache cache;        /* the swap cache's pages of this area, by slot */
};

extern struct swap_area swap_areas[MAX_SWAPFILES];

#define SLOTS_PER_CHUNK (4096 / sizeof(uint16_t))

/* The map word of slot `offset` of a. */
static inline uint16_t *slot_word(const struct swap_area *a, uint64_t offset)
{
	return &a->map[offset / SLOTS_PER_CHUNK][offset % SLOTS_PER_CHUNK];
}

/* Makes a's slot map from its header: every slot free but the header and the bad ones. */
int swap_area_build_map(struct swap_area *a, const struct swap_header_info *info);
void swap_area_free_map(struct swap_area *a);

/* For the swap cache: marks whether slot e has a page in the cache. Setting it reserves a
 * free slot; clearing it frees the slot if no PTE names it. */
void swap_slot_set_cached(swp_entry_t e, bool cached);

/* Takes pg out of the swap cache if nothing needs it there: no PTE names its slot, none
 * maps it, and no I/O or reclaim holds it. */
void swap_cache_try_free(struct page *pg);

/* swapoff's work: brings every page of area `type` back into memory and points every PTE
 * naming one of its slots at the page. 0, or -ENOMEM / -EIO with the area still usable. */
int swap_unuse(unsigned type);

#endif
