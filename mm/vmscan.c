#include "mm/vmscan.h"
#include "kernel/kthread.h"
#include "kernel/oom.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/wait.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/page_lock.h"
#include "mm/ptes.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/swap_area.h"
#include "mm/vmstat.h"
#include "mm/vmtrace.h"
#ifndef HOST_TEST
#include "kernel/arch/x86/cpu.h"
#endif

struct watermarks watermarks;
uint64_t lru_active_pages, lru_inactive_pages;
static struct list_head active_list = LIST_HEAD_INIT(active_list);
struct list_head lru_inactive_list = LIST_HEAD_INIT(lru_inactive_list);

/* Pages reclaim takes off the lists and deals with together: a page-out cluster. */
#define RECLAIM_BATCH 32

/* ---- the lists ---- */

/* Takes pg off its list (it is on one). */
static void lru_unlink(struct page *pg)
{
	list_del(&pg->list);
	if (pg->flags & PG_ACTIVE)
		lru_active_pages--;
	else
		lru_inactive_pages--;
	pg->flags &= ~(PG_LRU | PG_ACTIVE);
}

void lru_del(struct page *pg)
{
	if (pg->flags & PG_LRU)
		lru_unlink(pg);
}

/* Puts pg, off the lists, at the head of the active or inactive list. */
static void lru_put(struct page *pg, bool active)
{
	pg->flags |= PG_LRU | (active ? PG_ACTIVE : 0);
	list_add(&pg->list, active ? &active_list : &lru_inactive_list);
	if (active)
		lru_active_pages++;
	else
		lru_inactive_pages++;
}

/* ---- looking at a page through the reverse map ---- */

struct young_walk {
	struct page *pg;
	int young;
	bool locked;                    /* mapped in an mlocked area */
};

static void note_young(struct vma *v, uintptr_t va, void *arg)
{
	struct young_walk *w = arg;
	if (mm_test_clear_young(v->mm, va, w->pg))
		w->young++;
	if (vma_is_locked(v))
		w->locked = true;
}

/* How many PTEs mapping pg were accessed since the last look (clearing their bits). */
static int page_referenced(struct page *pg, bool *locked)
{
	struct young_walk w = { pg, 0, false };
	if (pg->mapcount > 0)
		rmap_walk(pg, note_young, &w);
	*locked = w.locked;
	return w.young;
}

struct unmap_walk {
	struct page *pg;
	swp_entry_t entry;
	bool failed;
};

static void unmap_one(struct vma *v, uintptr_t va, void *arg)
{
	struct unmap_walk *w = arg;
	if (vma_is_locked(v))
		w->failed = true;
	else if (w->pg->object)         /* shared anonymous memory: the object remembers */
		w->failed |= mm_unmap_page(v->mm, va, w->pg) != 0;
	else
		w->failed |= mm_unmap_to_swap(v->mm, va, w->pg, w->entry) != 0;
}

/* Takes pg (in the swap cache) out of every PTE that maps it: an anonymous page's PTEs get
 * its swap entry, a shared anonymous page's become empty. True when none maps it now. */
static bool try_to_unmap(struct page *pg)
{
	struct unmap_walk w = { pg, pg->swap, false };
	if (pg->mapcount > 0)
		rmap_walk(pg, unmap_one, &w);
	return pg->mapcount == 0;
}

/* Is pg a page of shared anonymous memory (which goes to swap through its object)? */
static bool is_shmem(const struct page *pg)
{
	return pg->object && vm_object_is_anon(pg->object);
}

/* ---- taking pages out ---- */

struct reclaim {
	bool direct;                    /* an allocation's own reclaim (else kswapd's) */
	bool ignore_young;              /* MADV_PAGEOUT: out whether used or not */
	uint64_t scanned, freed;
	struct page *batch[RECLAIM_BATCH];      /* isolated, held, unmapped, to be written */
	unsigned nbatch;
};

/* Takes pg off the lists for reclaim, holding it. */
static void isolate(struct page *pg)
{
	lru_del(pg);
	pg->flags |= PG_ISOLATED;
	frame_get(pg);
}

/* Gives back a page reclaim held: to a list, or freed if nothing else holds it (a page
 * whose last user went while reclaim held it leaves the swap cache now). */
static void putback(struct page *pg, bool active)
{
	pg->flags &= ~PG_ISOLATED;
	swap_cache_try_free(pg);
	if (pg->refcount > 1 && (pg->anon || (pg->flags & PG_SWAPCACHE) || is_shmem(pg)))
		lru_put(pg, active);
	if (!active)
		vmstat.pgrotated++;
	frame_put(pg);
}

/* The page is clean, in the swap cache, and unmapped: free it if nobody else holds it. */
static bool free_clean(struct reclaim *r, struct page *pg)
{
	if (pg->mapcount != 0 || pg->refcount != 2 || (pg->flags & (PG_DIRTY | PG_LOCKED)))
		return false;
	vmtrace_reclaim(pg, VT_FREED);
	swap_cache_delete(pg);
	pg->flags &= ~PG_ISOLATED;
	frame_put(pg);                          /* the last reference: the frame is free */
	r->freed++;
	return true;
}

/* Writes the batch's pages in runs of consecutive slots, one request per run, then frees
 * each one that nobody touched meanwhile. The pages were locked when queued: while any
 * run's write sleeps, a fault on a later run's page waits for it, and swapoff leaves it. */
static void write_batch(struct reclaim *r)
{
	unsigned i = 0;
	while (i < r->nbatch) {
		unsigned n = 1;
		while (i + n < r->nbatch && r->batch[i + n]->swap == r->batch[i]->swap + n)
			n++;
		swap_write_pages(&r->batch[i], n);      /* sleeps; errors marked per page */
		for (unsigned k = 0; k < n; k++)
			page_unlock(r->batch[i + k]);
		i += n;
	}
	for (i = 0; i < r->nbatch; i++) {
		struct page *pg = r->batch[i];
		if (pg->flags & PG_WRITE_ERROR) {
			vmtrace_reclaim(pg, VT_WRITE_ERROR);
			putback(pg, true);      /* still dirty, in the swap cache */
		} else if (!(pg->flags & PG_SWAPCACHE) || !free_clean(r, pg)) {
			vmtrace_reclaim(pg, VT_KEEP_BUSY);
			putback(pg, false);
		}
	}
	r->nbatch = 0;
}

/* Gives pg, anonymous and isolated, a swap slot and a place in the swap cache if it has
 * none. False when swap is full (or absent). */
static bool add_to_swap(struct page *pg)
{
	if (pg->flags & PG_SWAPCACHE)
		return true;
	swp_entry_t e;
	if (swap_alloc_slots(1, &e) != 1)
		return false;
	if (swap_cache_add(pg, e) != 0) {
		swap_slot_set_cached(e, false);
		return false;
	}
	pg->flags |= PG_DIRTY;                  /* the slot holds nothing of it yet */
	return true;
}

/* Is pg's slot in an area that swapoff is emptying? Its page must stay. */
static bool slot_closing(const struct page *pg)
{
	return (pg->flags & PG_SWAPCACHE) &&
	       (swap_areas[swp_type(pg->swap)].flags & SWAP_AREA_CLOSING);
}

/* Does someone besides its PTEs, the caches and reclaim hold pg? A fault copying it
 * (copy-on-write) or reading it for a system call does, for a while: taking it out from
 * under them would only make them fault it back in, and under pressure they could go on
 * doing that for ever (a livelock with no OOM kill). Linux skips such pages too. */
static bool page_pinned(const struct page *pg)
{
	int expected = pg->mapcount + 1 + ((pg->flags & PG_SWAPCACHE) ? 1 : 0) +
		       (pg->object ? 1 : 0);
	return pg->refcount > expected;
}

/* Reclaim keeps pg: back to the active list, for the reason given (traced). */
static void keep(struct page *pg, enum vmtrace_reclaim why)
{
	vmtrace_reclaim(pg, why);
	putback(pg, true);
}

/* Reclaim's decision for one isolated inactive page: keep it (to the active list, or back
 * to the inactive one), free it at once, or queue it for writing. */
static void shrink_page(struct reclaim *r, struct page *pg)
{
	if (page_pinned(pg)) {
		keep(pg, VT_KEEP_PINNED);
		return;
	}
	bool locked;
	int young = page_referenced(pg, &locked);
	if (pg->object && pg->object->unevictable)
		locked = true;                  /* SHM_LOCK: as if mlocked wherever it is */
	if (locked || slot_closing(pg) || (pg->flags & PG_WRITE_ERROR)) {
		keep(pg, locked ? VT_KEEP_MLOCKED : slot_closing(pg) ? VT_KEEP_SWAPOFF
								     : VT_KEEP_BAD_SLOT);
		return;
	}
	if (young && !r->ignore_young) {
		vmstat.pgactivate++;
		keep(pg, VT_KEEP_REFERENCED);   /* second chance */
		return;
	}
	bool shmem = is_shmem(pg);
	if (!pg->anon && !(pg->flags & PG_SWAPCACHE) && !shmem) {
		vmtrace_reclaim(pg, VT_DROP_NOT_ANON);
		putback(pg, false);             /* no longer anonymous memory: let it go */
		return;
	}
	if (!add_to_swap(pg)) {
		keep(pg, VT_KEEP_SWAP_FULL);
		return;
	}
	if (shmem && (!try_to_unmap(pg) || vm_object_swap_out(pg->object, pg) != 0)) {
		swap_cache_delete(pg);          /* it stays in its object, in memory */
		keep(pg, VT_KEEP_MAPPED);
		return;
	}
	if (!shmem && !try_to_unmap(pg)) {
		keep(pg, VT_KEEP_MAPPED);
		return;
	}
	if (pg->flags & PG_DIRTY) {
		vmtrace_reclaim(pg, VT_SWAP_OUT);
		page_lock(pg);                  /* its contents go to disk: hold it still */
		r->batch[r->nbatch++] = pg;
		if (r->nbatch == RECLAIM_BATCH)
			write_batch(r);
		return;
	}
	if (!free_clean(r, pg)) {
		vmtrace_reclaim(pg, VT_KEEP_BUSY);
		putback(pg, false);
	}
}

/* Looks at up to n pages from the cold end of the inactive list. */
static void shrink_inactive(struct reclaim *r, uint64_t n)
{
	while (n-- > 0 && !list_empty(&lru_inactive_list)) {
		struct page *pg = list_entry(lru_inactive_list.prev, struct page, list);
		r->scanned++;
		if (page_locked(pg)) {
			lru_unlink(pg);         /* under I/O: look again later */
			lru_put(pg, false);
			continue;
		}
		isolate(pg);
		shrink_page(r, pg);
	}
	if (r->nbatch)
		write_batch(r);
}

/* The clock over the active list: up to n pages from its cold end; those used since the
 * last look go round again, the others to the inactive list. */
static void shrink_active(uint64_t n)
{
	while (n-- > 0 && !list_empty(&active_list)) {
		struct page *pg = list_entry(active_list.prev, struct page, list);
		bool locked;
		bool young = !page_locked(pg) && page_referenced(pg, &locked) > 0;
		lru_unlink(pg);
		lru_put(pg, young);
		if (!young)
			vmstat.pgdeactivate++;
	}
}

/* One pass: keeps the inactive list at least as long as the active one (Linux's rule for
 * small memories), then scans the inactive list's share for this priority. */
static void shrink_lists(struct reclaim *r, unsigned priority)
{
	uint64_t scan = (lru_inactive_pages + lru_active_pages) >> priority;
	if (scan < RECLAIM_BATCH)
		scan = RECLAIM_BATCH;
	if (lru_inactive_pages < lru_active_pages)
		shrink_active(scan);
	shrink_inactive(r, scan);
}

/* Frees up to `want` frames, looking harder (lower priority) each round, as Linux's
 * priority loop from DEF_PRIORITY 12 to 0. Returns the frames freed. */
static uint64_t do_reclaim(struct reclaim *r, uint64_t want)
{
	for (int priority = 12; priority >= 0 && r->freed < want; priority--)
		shrink_lists(r, (unsigned)priority);
	if (r->direct) {
		vmstat.pgscan_direct += r->scanned;
		vmstat.pgsteal_direct += r->freed;
	} else {
		vmstat.pgscan_kswapd += r->scanned;
		vmstat.pgsteal_kswapd += r->freed;
	}
	return r->freed;
}

/* ---- who reclaims: kswapd, and allocations ---- */

static int kswapd_wait;                 /* the channel kswapd sleeps on */
static bool kswapd_running;

void reclaim_wake(void)
{
	if (kswapd_running || frame_free_count() >= watermarks.low)
		return;
	kswapd_running = true;
	vmstat.kswapd_wakeups++;
	wakeup(&kswapd_wait);
}

/* kswapd: frees until free memory is above the high watermark, then sleeps until an
 * allocation finds it below the low one. */
static void kswapd(void *unused)
{
	(void)unused;
	for (;;) {
		while (frame_free_count() < watermarks.high) {
			struct reclaim r = { .direct = false };
			if (do_reclaim(&r, watermarks.high - frame_free_count()) == 0)
				break;                  /* nothing more to take: swap full or empty lists */
		}
		irq_disable();
		kswapd_running = false;
		sleep_on(&kswapd_wait, 0);
		irq_enable();
	}
}

/* alloc_user_page's way when free memory is short: wake kswapd, reclaim below min, and
 * reclaim harder (then the OOM killer) when no frame is left. */
struct page *alloc_user_page_slow(unsigned flags)
{
	if (frame_free_count() < watermarks.low)
		reclaim_wake();
	if (frame_free_count() < watermarks.min) {
		struct reclaim r = { .direct = true };
		vmstat.allocstall++;
		do_reclaim(&r, RECLAIM_BATCH);
	}
	for (int tries = 0; tries < 16; tries++) {
		struct page *pg = frame_alloc(flags & FRAME_ZERO);
		if (pg)
			return pg;
		struct reclaim r = { .direct = true };
		if (do_reclaim(&r, RECLAIM_BATCH) == 0 && ((flags & FRAME_NO_OOM) || !oom_kill()))
			return NULL;
	}
	return NULL;
}

/* Linux's min_free_kbytes: sqrt(16 * RAM in KiB), at least 128 KiB. low and high are
 * min + 1/4 and + 1/2 of it, or + 0.1% of RAM if more (watermark_scale_factor 10). */
void reclaim_init(void)
{
	uint64_t total = frame_total_count();
	uint64_t kb = total * (PAGE_SIZE / 1024) * 16, root = 0;
	while ((root + 1) * (root + 1) <= kb)
		root++;
	if (root < 128)
		root = 128;
	watermarks.min = root / (PAGE_SIZE / 1024);
	uint64_t step = watermarks.min / 4;
	if (step < total / 1000)
		step = total / 1000;
	watermarks.low = watermarks.min + step;
	watermarks.high = watermarks.low + step;
	if (kthread_run("kswapd0", kswapd, NULL) != 0)
		panic("reclaim: cannot start kswapd");
}

/* ---- MADV_PAGEOUT and MADV_COLD ---- */

/* Pages of a range chosen by a page-table walk, dealt with after it: nothing may change
 * the entries while the walk visits them. */
struct range_pick {
	struct page *pages[RECLAIM_BATCH];
	unsigned n;
	uintptr_t next;                 /* where the next walk starts */
};

/* Picks the anonymous pages that only this PTE maps, as Linux's madvise_cold_or_pageout
 * does, holding each; stops when the pick is full. */
static void pick_page(uintptr_t va, struct page *pg, void *arg)
{
	struct range_pick *p = arg;
	if (p->n == RECLAIM_BATCH || va < p->next)
		return;
	p->next = va + PAGE_SIZE;
	if (pg->mapcount != 1 || !(pg->flags & PG_LRU) || page_locked(pg))
		return;
	isolate(pg);
	p->pages[p->n++] = pg;
}

/* Walks [start, end) in picks of up to RECLAIM_BATCH pages; for each page calls fn. */
static void for_each_picked(struct mm *mm, uintptr_t start, uintptr_t end,
			    void (*fn)(struct page *pg, void *arg), void *arg)
{
	struct range_pick p = { .next = start };
	do {
		p.n = 0;
		uintptr_t from = p.next;
		mm_for_each_page(mm, from, end, pick_page, &p);
		for (unsigned i = 0; i < p.n; i++)
			fn(p.pages[i], arg);
		if (p.n < RECLAIM_BATCH)
			break;
	} while (p.next < end);
}

static void pageout_one(struct page *pg, void *arg)
{
	shrink_page(arg, pg);
}

uint64_t reclaim_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct reclaim r = { .direct = true, .ignore_young = true };
	for_each_picked(mm, start, end, pageout_one, &r);
	if (r.nbatch)
		write_batch(&r);
	return r.freed;
}

static void deactivate_one(struct page *pg, void *arg)
{
	(void)arg;
	pg->flags &= ~PG_ISOLATED;
	lru_put(pg, false);
	vmstat.pgdeactivate++;
	frame_put(pg);
}

void deactivate_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for_each_picked(mm, start, end, deactivate_one, NULL);
}
