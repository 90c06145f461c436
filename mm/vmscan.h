/*
 * Reclaim: freeing frames by sending anonymous pages to swap when free memory runs low,
 * as Linux's mm/vmscan.c (before its multi-generation LRU).
 *
 * Every anonymous page (and every page in the swap cache) is on one of two LRU lists. The
 * inactive list is the eviction queue; the active list holds pages seen in use. Both are
 * scanned by the clock (second-chance) algorithm, with the accessed bits of the PTEs that
 * map a page, found through the reverse map: an inactive page that was accessed since the
 * last look goes to the active list; one that was not is written to swap and freed. An
 * active page that was not accessed moves to the inactive list. File pages (the ramdisk's)
 * are the files themselves, with nowhere to go: they are never on the lists.
 *
 * Free memory is kept between three watermarks, as Linux's zone watermarks: below `low`
 * the background reclaimer (kswapd, a kernel thread) wakes and frees until `high`; an
 * allocation of a user page that finds free memory below `min` reclaims itself (direct
 * reclaim) before it takes a frame; kernel allocations may use the frames below min.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "mm/frame.h"
#include "mm/page.h"

#include <stdbool.h>
#include <stdint.h>

struct mm;

struct watermarks {
	uint64_t min, low, high;        /* in frames */
};
extern struct watermarks watermarks;

/* Sets the watermarks from the amount of RAM (Linux's min_free_kbytes rule) and starts
 * kswapd. */
void reclaim_init(void);

/* The LRU lists' sizes (Active(anon), Inactive(anon) in /proc/meminfo). */
extern uint64_t lru_active_pages, lru_inactive_pages;

/* The inactive list (struct page, by page->list), for lru_add. */
extern struct list_head lru_inactive_list;

/* Puts pg, a page just made anonymous or put in the swap cache, on the inactive list.
 * Inline: every demand-zero and copy-on-write fault adds a page. */
static inline void lru_add(struct page *pg)
{
	if (pg->flags & (PG_LRU | PG_ISOLATED))
		return;
	pg->flags |= PG_LRU;
	list_add(&pg->list, &lru_inactive_list);
	lru_inactive_pages++;
}

/* Takes pg off its list: the frame is being freed. */
void lru_del(struct page *pg);

/*
 * A frame for a user page (FRAME_ZERO to zero it): reclaims first when free memory is
 * below the min watermark, and reclaims harder when none is left, then asks the OOM killer
 * (not with FRAME_NO_OOM). NULL only when nothing more can be freed (RAM and swap are
 * full): the caller then reports out of memory.
 * May sleep (writing pages to swap), so the caller re-checks what it decided.
 */
struct page *alloc_user_page_slow(unsigned flags);
static inline struct page *alloc_user_page(unsigned flags)
{
	if (frame_free_count() >= watermarks.low) {     /* the common case: plenty free */
		struct page *pg = frame_alloc(flags & FRAME_ZERO);
		if (pg)
			return pg;
	}
	return alloc_user_page_slow(flags);
}

/* The allocator's hook: free memory fell below the low watermark. */
void reclaim_wake(void);

/* MADV_PAGEOUT: writes the anonymous pages mapped in [start, end) of mm, mapped by this
 * address space alone, to swap now, and frees them. Returns the pages freed. */
uint64_t reclaim_range(struct mm *mm, uintptr_t start, uintptr_t end);

/* MADV_COLD: moves those pages to the inactive list. */
void deactivate_range(struct mm *mm, uintptr_t start, uintptr_t end);

#endif
