/*
 * The swap cache (Linux's mm/swap_state.c): pages by swap slot, one radix tree per area.
 * A page is here while it goes out (between being given a slot and being freed) and after
 * it comes back, until it is written to or nobody needs its slot. Reading goes through
 * here, so that two processes faulting on the same slot get the same page.
 */
#include "mm/swap.h"
#include "kernel/drivers/block.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/frame.h"
#include "mm/page_cache.h"
#include "mm/page_lock.h"
#include "mm/swap_area.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

uint64_t swap_cache_pages;
int page_cluster = 3;

static struct page_cache *cache_of(swp_entry_t e)
{
	return &swap_areas[swp_type(e)].cache;
}

struct page *swap_cache_lookup(swp_entry_t e)
{
	struct page *pg = page_cache_lookup(cache_of(e), swp_offset(e));
	if (pg)
		frame_get(pg);
	return pg;
}

bool swap_cache_has(swp_entry_t e)
{
	return page_cache_lookup(cache_of(e), swp_offset(e)) != NULL;
}

int swap_cache_add(struct page *pg, swp_entry_t e)
{
	BUG_ON(pg->flags & PG_SWAPCACHE);
	int err = page_cache_insert(cache_of(e), swp_offset(e), pg);
	if (err)
		return err;
	frame_get(pg);
	pg->flags |= PG_SWAPCACHE;
	pg->swap = e;
	swap_cache_pages++;
	lru_add(pg);
	return 0;
}

void swap_cache_delete(struct page *pg)
{
	BUG_ON(!(pg->flags & PG_SWAPCACHE));
	swp_entry_t e = pg->swap;
	page_cache_remove(cache_of(e), swp_offset(e));
	pg->flags &= (uint16_t)~(PG_SWAPCACHE | PG_DIRTY | PG_WRITE_ERROR | PG_READAHEAD);
	pg->swap = 0;
	swap_cache_pages--;
	swap_slot_set_cached(e, false);
	frame_put(pg);
}

void swap_cache_try_free(struct page *pg)
{
	if (!(pg->flags & PG_SWAPCACHE) || (pg->flags & (PG_LOCKED | PG_ISOLATED)) ||
	    pg->mapcount > 0 || swap_count(pg->swap) > 0)
		return;
	swap_cache_delete(pg);
}

/* May slot e be read ahead: in use by some PTE, with no page cached, not bad? */
static bool worth_reading(swp_entry_t e)
{
	if (!swap_entry_valid(e) || swap_count(e) == 0)
		return false;
	struct page *pg = page_cache_lookup(cache_of(e), swp_offset(e));
	return !pg;
}

/*
 * Puts a new locked page in the swap cache for each slot of [first, first + n) and reads
 * them in one request, waiting for it. target, already allocated, is the page for `want`;
 * the others are allocated here without reclaiming (readahead is a guess, not a need).
 * Pages whose read failed get PG_ERROR; all are unlocked at the end.
 */
static void read_run(swp_entry_t first, unsigned n, swp_entry_t want, struct page *target)
{
	struct bio b = { .npages = n };
	for (unsigned i = 0; i < n; i++) {
		b.pages[i] = first + i == want ? target : frame_alloc(0);
		if (b.pages[i])
			continue;
		/* No frame to spare for a guess: read only the page asked for. */
		for (unsigned k = 0; k < i; k++)
			if (b.pages[k] != target)
				frame_put(b.pages[k]);
		first = want;
		b.npages = 1;
		b.pages[0] = target;
		break;
	}
	b.bdev = swap_bdev(first, &b.sector);
	for (unsigned i = 0; i < b.npages; i++) {
		struct page *pg = b.pages[i];
		swap_slot_set_cached(first + i, true);
		if (swap_cache_add(pg, first + i) != 0) {
			/* No memory for the cache's index: read what is in so far. */
			swap_slot_set_cached(first + i, false);
			for (unsigned k = i; k < b.npages; k++)
				if (b.pages[k] != target)
					frame_put(b.pages[k]);
			b.npages = i;
			break;
		}
		if (pg != target) {
			frame_put(pg);          /* the cache holds it */
			pg->flags |= PG_READAHEAD;
			vmstat.swap_ra++;
		}
		page_lock(pg);
	}
	if (b.npages == 0)
		return;
	int err = bio_submit_wait(&b);
	vmstat.pswpin += b.npages;
	for (unsigned i = 0; i < b.npages; i++) {
		struct page *pg = b.pages[i];
		if (err)
			pg->flags |= PG_ERROR;
		page_unlock(pg);
		/* What failed to read is of no use in the cache: a later fault tries again.
		 * (The target stays alive: its caller holds it.) */
		if (err && pg->mapcount == 0)
			swap_cache_delete(pg);
	}
}

/* The run of slots to read for a fault on e: e and its neighbours within the aligned
 * window of `window` slots that are worth reading, contiguous with e. */
static unsigned readahead_run(swp_entry_t e, unsigned window, swp_entry_t *first)
{
	if (window > BIO_MAX_PAGES)
		window = BIO_MAX_PAGES;
	uint64_t off = swp_offset(e);
	uint64_t lo_bound = window > 1 ? off - off % window : off;
	uint64_t lo = off, hi = off + 1;
	while (lo > lo_bound && lo > 1 && worth_reading(e - (off - lo) - 1))
		lo--;
	while (hi < lo_bound + window && hi - lo < window && worth_reading(e + (hi - off)))
		hi++;
	*first = e - (off - lo);
	return (unsigned)(hi - lo);
}

struct page *swap_read_page(swp_entry_t e, unsigned readahead, unsigned alloc_flags,
			    bool *major)
{
	*major = false;
	for (;;) {
		struct page *pg = swap_cache_lookup(e);
		if (pg) {
			if (page_locked(pg))
				page_wait_unlocked(pg);
			return pg;              /* with PG_ERROR if the read it waited for failed */
		}
		if (!worth_reading(e))
			return NULL;            /* the slot was freed: the caller looks again */
		struct page *target = alloc_user_page(alloc_flags);     /* may sleep: look again */
		if (!target)
			return NULL;
		if (!worth_reading(e)) {
			frame_put(target);
			continue;
		}
		swp_entry_t first;
		if (frame_free_count() < watermarks.low)
			readahead = 1;
		unsigned n = readahead_run(e, readahead, &first);
		read_run(first, n, e, target);
		*major = true;
		if (target->flags & PG_ERROR)
			return target;          /* the read failed (and left the cache) */
		if (!(target->flags & PG_SWAPCACHE) || target->swap != e) {
			frame_put(target);      /* never added (out of memory for the cache) */
			return NULL;
		}
		return target;
	}
}

void swap_read_ahead(swp_entry_t e, unsigned n)
{
	while (n > 0 && frame_free_count() >= watermarks.low) {
		unsigned run = 0;
		while (run < n && run < BIO_MAX_PAGES && worth_reading(e + run))
			run++;
		if (run == 0) {
			e++;
			n--;
			continue;
		}
		struct page *first = frame_alloc(0);
		if (!first)
			return;
		read_run(e, run, e, first);
		frame_put(first);
		e += run;
		n -= run;
	}
}

int swap_write_pages(struct page **pages, unsigned n)
{
	BUG_ON(n == 0 || n > BIO_MAX_PAGES);
	struct bio b = { .write = true, .npages = n };
	b.bdev = swap_bdev(pages[0]->swap, &b.sector);
	for (unsigned i = 0; i < n; i++) {
		BUG_ON(pages[i]->swap != pages[0]->swap + i || !page_locked(pages[i]));
		b.pages[i] = pages[i];
	}
	int err = bio_submit_wait(&b);
	for (unsigned i = 0; i < n; i++) {
		if (err) {
			/* The page stays in the swap cache, where faults on its slot find it,
			 * and in memory: reclaim passes it over from now on. Its slot is bad
			 * once nothing names it. */
			pages[i]->flags |= PG_WRITE_ERROR;
			swap_retire(pages[i]->swap);
		} else {
			pages[i]->flags &= (uint16_t)~PG_DIRTY;
		}
	}
	if (!err)
		vmstat.pswpout += n;
	return err;
}
