/*
 * swapoff's work (Linux's try_to_unuse): every page an area holds comes back into memory
 * and every PTE naming one of its slots is pointed at the page again. Reading sleeps, so it
 * goes in steps, each as large as free memory allows: read slots in use into the swap
 * cache (reclaim leaves pages of a closing area alone), then, without sleeping, walk every
 * address space and map the cached pages, and empty the area's cache. Mapped, they are
 * ordinary anonymous pages again, which may go out to another swap area.
 */
#include "kernel/errno.h"
#include "kernel/lib/list.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/page_cache.h"
#include "mm/page_lock.h"
#include "mm/ptes.h"
#include "mm/swap_area.h"
#include "mm/vmscan.h"

/* Step 1: reads pages of slots of the area that PTEs name, from slot *next on, into the
 * cache, until `budget` pages are there or the area's end. */
static int read_some(unsigned type, uint64_t *next, uint64_t budget)
{
	struct swap_area *a = &swap_areas[type];
	uint64_t got = 0;
	for (; *next < a->max && got < budget; (*next)++) {
		swp_entry_t e = swp_entry(type, *next);
		if (!swap_entry_valid(e) || swap_count(e) == 0)
			continue;
		bool major;
		struct page *pg = swap_read_page(e, 32, FRAME_NO_OOM, &major);
		if (!pg) {
			if (swap_entry_valid(e) && swap_count(e) > 0)
				return -ENOMEM;
			continue;               /* freed while we slept */
		}
		bool failed = pg->flags & PG_ERROR;
		frame_put(pg);
		if (failed)
			return -EIO;
		got++;
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

/* Steps 2 and 3: maps every cached page of the area where PTEs name its slot, then empties
 * the area's cache. Never sleeps. */
static int map_cached(unsigned type)
{
	struct list_head *it;
	list_for_each(it, &all_mms) {
		int err = mm_unuse_swap(list_entry(it, struct mm, all_link), type);
		if (err && err != -EAGAIN)
			return err;
	}
	page_cache_for_each(&swap_areas[type].cache, 0, drop_cached, NULL);
	return 0;
}

struct find_swapped {
	unsigned type;
	uint64_t index;
	bool found;
};

static bool find_in_area(struct vm_object *obj, uint64_t index, uint64_t entry, void *arg)
{
	(void)obj;
	struct find_swapped *f = arg;
	if (swp_type(entry) != f->type)
		return true;
	f->index = index;
	f->found = true;
	return false;
}

/* Shared anonymous memory: every page of the area that an object holds comes back into
 * the object (vm_object_get_page reads it in). The list may change while a read sleeps, so
 * each page is looked for from the start again. */
static int unuse_objects(unsigned type)
{
	for (;;) {
		struct find_swapped f = { type, 0, false };
		struct vm_object *obj = NULL;
		struct list_head *it;
		list_for_each(it, &swapped_objects) {
			obj = list_entry(it, struct vm_object, swapped_link);
			vm_object_for_each_swapped(obj, 0, find_in_area, &f);
			if (f.found)
				break;
		}
		if (!f.found)
			return 0;
		vm_object_hold(obj);            /* it must outlive the read */
		struct object_get g = { .alloc_flags = FRAME_NO_OOM };  /* as read_some */
		struct page *pg = vm_object_get_page_ex(obj, f.index, false, &g);
		bool stuck = !pg && page_cache_lookup(&obj->swapped, f.index);
		vm_object_release(obj);
		if (stuck)
			return g.err ? g.err : -ENOMEM; /* no memory for it, or its read failed */
		if (pg)
			frame_put(pg);
	}
}

/* How many pages to read before mapping them: half of what is free above the high
 * watermark, so that pages come back in memory-sized steps and, once mapped, may go out
 * again to another area. */
static uint64_t read_budget(void)
{
	uint64_t free = frame_free_count();
	uint64_t spare = free > watermarks.high ? (free - watermarks.high) / 2 : 0;
	return spare > 32 ? spare : 32;
}

/* page_cache_for_each callback: the first page of the area under I/O (held), if any. */
static void find_locked(struct page_cache *pc, uint64_t index, struct page *pg, void *arg)
{
	(void)pc;
	(void)index;
	struct page **found = arg;
	if (!*found && page_locked(pg)) {
		frame_get(pg);
		*found = pg;
	}
}

/* Waits for one page of the area that someone else is reading or writing, if any: its
 * slot is in use until they are done. True if it waited. */
static bool wait_for_io(unsigned type)
{
	struct page *pg = NULL;
	page_cache_for_each(&swap_areas[type].cache, 0, find_locked, &pg);
	if (!pg)
		return false;
	page_wait_unlocked(pg);
	frame_put(pg);
	return true;
}

int swap_unuse(unsigned type)
{
	struct swap_area *a = &swap_areas[type];
	int err = unuse_objects(type);
	if (err)
		return err;
	for (int pass = 0; pass < 16 && a->inuse > 0; pass++) {
		uint64_t next = 1;
		while (next < a->max) {
			err = read_some(type, &next, read_budget());
			if (!err)
				err = map_cached(type);
			if (err)
				return err;
		}
		if (a->inuse > 0 && wait_for_io(type))
			pass--;                 /* others' I/O is no reason to give up */
	}
	return a->inuse ? -EBUSY : 0;
}
