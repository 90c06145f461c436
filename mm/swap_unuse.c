/*
 * swapoff's work (Linux's try_to_unuse): every page an area holds comes back into memory
 * and every PTE naming one of its slots is pointed at the page again. Reading sleeps, so it
 * goes in two steps, repeated until the area is empty: read every slot in use into the
 * swap cache (reclaim leaves pages of a closing area alone), then, without sleeping, walk
 * every address space and map the cached pages, and empty the area's cache.
 */
#include "kernel/errno.h"
#include "kernel/lib/list.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/page_cache.h"
#include "mm/page_lock.h"
#include "mm/ptes.h"
#include "mm/swap_area.h"

/* Step 1: the page of every slot of the area that a PTE names, read into the cache. */
static int read_all(unsigned type)
{
	struct swap_area *a = &swap_areas[type];
	for (uint64_t off = 1; off < a->max; off++) {
		swp_entry_t e = swp_entry(type, off);
		if (!swap_entry_valid(e) || swap_count(e) == 0)
			continue;
		bool major;
		struct page *pg = swap_read_page(e, 32, &major);
		if (!pg) {
			if (swap_entry_valid(e) && swap_count(e) > 0)
				return -ENOMEM;
			continue;               /* freed while we slept */
		}
		bool failed = pg->flags & PG_ERROR;
		frame_put(pg);
		if (failed)
			return -EIO;
	}
	return 0;
}

/* Step 3's callback: a page of the closing area leaves the swap cache (it is now plain
 * anonymous memory, or freed if nothing maps it). */
static void drop_cached(struct page_cache *pc, uint64_t index, struct page *pg, void *arg)
{
	(void)pc;
	(void)index;
	(void)arg;
	if (!page_locked(pg))
		swap_cache_delete(pg);
}

int swap_unuse(unsigned type)
{
	struct swap_area *a = &swap_areas[type];
	for (int round = 0; round < 16 && a->inuse > 0; round++) {
		int err = read_all(type);
		if (err)
			return err;
		struct list_head *it;
		list_for_each(it, &all_mms) {
			struct mm *mm = list_entry(it, struct mm, all_link);
			err = mm_unuse_swap(mm, type);
			if (err && err != -EAGAIN)
				return err;
		}
		page_cache_for_each(&a->cache, 0, drop_cached, NULL);
	}
	return a->inuse ? -EBUSY : 0;
}
