#include "mm/ptes.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/swap_area.h"
#include "mm/vmscan.h"
#include "mm/uaccess.h"
#include "mm/vmtrace.h"

int mm_tables_create(struct mm *mm)
{
	return pmap_create(&mm->pmap);
}

void mm_tables_destroy(struct mm *mm)
{
	pmap_destroy(&mm->pmap);
}

void mm_switch_to(struct mm *mm)
{
	pmap_activate(mm ? &mm->pmap : &kernel_pmap);
}

uint64_t mm_table_pages(struct mm *mm)
{
	return pmap_table_pages(&mm->pmap);
}

/* mm_for_each_page callback: counts a page by its owner. */
static void count_owner(uintptr_t va, struct page *pg, void *arg)
{
	(void)va;
	struct mm_usage *u = arg;
	if (!pg->object)
		u->anon++;
	else if (vm_object_is_anon(pg->object))
		u->shmem++;
	else
		u->file++;
}

void mm_get_usage(struct mm *mm, struct mm_usage *u)
{
	*u = (struct mm_usage){ .tables = mm_table_pages(mm) };
	mm_for_each_page(mm, 0, USER_TOP, count_owner, u);
}

struct page *mm_page_at(struct mm *mm, uintptr_t va)
{
	pte_t e = pmap_lookup(&mm->pmap, va);
	return pte_has_frame(e) ? phys_to_page(pte_addr(e)) : NULL;
}

struct page_walk {
	mm_page_fn fn;
	void *arg;
};

/* The frame an entry holds as its own: NULL for a swap entry, and for the zero page,
 * which no one owns (Linux's vm_normal_page). */
static struct page *normal_page(pte_t e)
{
	if (!pte_has_frame(e))
		return NULL;
	struct page *pg = phys_to_page(pte_addr(e));
	return page_is_zero(pg) ? NULL : pg;
}

/* pmap_update_range callback that changes nothing: shows each frame to the walker. */
static pte_t visit_pte(uintptr_t va, pte_t e, void *arg)
{
	struct page_walk *w = arg;
	struct page *pg = normal_page(e);
	if (pg)
		w->fn(va, pg, w->arg);
	return e;
}

void mm_for_each_page(struct mm *mm, uintptr_t start, uintptr_t end, mm_page_fn fn, void *arg)
{
	struct page_walk w = { fn, arg };
	pmap_update_range(&mm->pmap, start, end, visit_pte, &w);
}

struct entry_walk {
	mm_entry_fn fn;
	void *arg;
};

/* pmap_update_range callback that changes nothing: shows each entry to the walker. */
static pte_t visit_entry(uintptr_t va, pte_t e, void *arg)
{
	struct entry_walk *w = arg;
	w->fn(va, e, normal_page(e), w->arg);
	return e;
}

void mm_for_each_entry(struct mm *mm, uintptr_t start, uintptr_t end, mm_entry_fn fn, void *arg)
{
	struct entry_walk w = { fn, arg };
	pmap_update_range(&mm->pmap, start, end, visit_entry, &w);
}

/* The entry's flags for protection prot: PROT_NONE is a frame the CPU may not use at all
 * (not present; see pmap.h), anything else is present and readable, as x86 cannot refuse
 * reads. Writable only when asked too. */
static pte_t prot_flags(uint32_t prot, bool writable)
{
	if (!(prot & (VMA_READ | VMA_WRITE | VMA_EXEC)))
		return PTE_PROTNONE | PTE_NX;
	pte_t flags = PTE_P | PTE_U;
	if ((prot & VMA_WRITE) && writable)
		flags |= PTE_W;
	if (!(prot & VMA_EXEC))
		flags |= PTE_NX;
	return flags;
}

/* Gives a page with no owner yet (a new zero page or a copy) to v's anonymous pages. */
static int adopt(struct vma *v, uintptr_t va, struct page *pg)
{
	if (pg->object || pg->anon)
		return 0;
	int err = anon_vma_prepare(v);
	if (!err) {
		page_set_anon(pg, v, va);
		lru_add(pg);                    /* a candidate for swap from now on */
	}
	return err;
}

/* A new entry holds pg: the counts that say so. The zero page keeps none. */
static void count_map(struct mm *mm, struct page *pg)
{
	if (page_is_zero(pg))
		return;
	frame_get(pg);
	pg->mapcount++;
	mm->rss++;
}

/* An entry no longer holds pg. An anonymous page that no entry maps has no place in any
 * area (it may outlive them in the swap cache): it forgets its owner, and leaves the swap
 * cache if nothing names its slot either. */
static void count_unmap(struct mm *mm, struct page *pg)
{
	if (page_is_zero(pg))
		return;
	BUG_ON(pg->mapcount <= 0);
	pg->mapcount--;
	mm->rss--;
	if (pg->mapcount == 0 && pg->anon) {
		pg->anon = NULL;
		if (pg->flags & PG_SWAPCACHE)
			swap_cache_try_free(pg);
	}
	frame_put(pg);
}


int mm_install(struct mm *mm, struct vma *v, uintptr_t va, struct page *pg, bool writable)
{
	int err = adopt(v, va, pg);
	if (!err)
		err = pmap_install(&mm->pmap, va, pte_make(page_to_phys(pg),
							    prot_flags(v->prot, writable)));
	if (err)
		return err;
	count_map(mm, pg);
	return 0;
}

int mm_install_zero(struct mm *mm, struct vma *v, uintptr_t va)
{
	return pmap_install(&mm->pmap, va, pte_make(page_to_phys(zero_page),
						    prot_flags(v->prot, false)));
}

int mm_replace(struct mm *mm, struct vma *v, uintptr_t va, pte_t old, struct page *pg)
{
	BUG_ON(!pte_has_frame(old));
	int err = adopt(v, va, pg);
	if (err)
		return err;
	pte_t entry = pte_make(page_to_phys(pg), prot_flags(v->prot, true));
	if (!pmap_replace(&mm->pmap, va, old, entry))
		return -EAGAIN;
	count_map(mm, pg);
	count_unmap(mm, phys_to_page(pte_addr(old)));
	return 0;
}

void mm_make_writable(struct mm *mm, uintptr_t va, pte_t e)
{
	BUG_ON(!pte_present(e));
	pmap_replace(&mm->pmap, va, e, e | PTE_W);
}

/* pmap_update_range callback: empties an entry, giving back its frame or its swap slot. */
static pte_t zap_pte(uintptr_t va, pte_t e, void *arg)
{
	(void)va;
	struct mm *mm = arg;
	if (pte_is_swap(e)) {
		swap_free(pte_to_swp(e));
		mm->swap_ents--;
	} else if (pte_has_frame(e)) {
		count_unmap(mm, phys_to_page(pte_addr(e)));
	}
	return 0;
}

void mm_zap_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	pmap_update_range(&mm->pmap, start, end, zap_pte, mm);
}

/* pmap_update_range callback: the flags of area arg for an entry, keeping its frame and
 * the CPU's accessed and dirty bits. */
static pte_t protect_pte(uintptr_t va, pte_t e, void *arg)
{
	(void)va;
	const struct vma *v = arg;
	if (!pte_has_frame(e))
		return e;
	return (e & (PTE_ADDR_MASK | PTE_A | PTE_D)) |
	       prot_flags(v->prot, v->flags & VMA_SHARED);
}

void mm_protect_range(struct mm *mm, struct vma *v)
{
	pmap_update_range(&mm->pmap, v->start, v->end, protect_pte, v);
}

struct copy_walk {
	struct mm *child;
	struct vma *c;
	int err;
};

/* For each of the parent's entries: the child maps the same frame; a private writable
 * page becomes read-only in both, so that the first write copies it. */
static pte_t copy_pte(uintptr_t va, pte_t e, void *arg)
{
	struct copy_walk *w = arg;
	if (w->err)
		return e;
	if (pte_is_swap(e)) {
		/* The child names the same slot: one more user of it. */
		if (swap_dup(pte_to_swp(e)) != 0) {
			w->err = -ENOMEM;
			return e;
		}
		if (pmap_install(&w->child->pmap, va, e) != 0) {
			swap_free(pte_to_swp(e));
			w->err = -ENOMEM;
			return e;
		}
		w->child->swap_ents++;
		return e;
	}
	/* As Linux's copy_present_pte: the child's entry is old, and clean only in a shared
	 * area (the page's data is the object's); a private page stays dirty in both, so
	 * /proc/PID/smaps counts it in Shared_Dirty in both. */
	pte_t clear = PTE_A;
	if (!(w->c->flags & VMA_SHARED))
		e &= ~PTE_W;
	else
		clear |= PTE_D;
	int err = pmap_install(&w->child->pmap, va, e & ~clear);
	if (err)
		w->err = err;
	else
		count_map(w->child, phys_to_page(pte_addr(e)));
	return e;
}

int mm_copy_range(struct mm *child, struct vma *c, struct mm *parent, struct vma *v)
{
	struct copy_walk w = { child, c, 0 };
	pmap_update_range(&parent->pmap, v->start, v->end, copy_pte, &w);
	return w.err;
}

struct move_walk {
	struct pmap *pmap;
	uintptr_t delta;                /* to - from, modulo 2^64 */
	bool ready;                     /* pass 2: the tables exist, move the entries */
	int err;
};

/* Pass 1 makes sure the page table for each entry's new place exists (so pass 2 cannot
 * fail half way); pass 2 moves the entry there, frame, flags and all. */
static pte_t move_pte(uintptr_t va, pte_t e, void *arg)
{
	struct move_walk *w = arg;
	if (!w->ready) {
		if (!pmap_walk(w->pmap, va + w->delta, true))
			w->err = -ENOMEM;
		return e;
	}
	if (pmap_install(w->pmap, va + w->delta, e) != 0) {
		w->err = -ENOMEM;               /* cannot happen after pass 1; never lose a page */
		return e;
	}
	return 0;
}

int mm_move_range(struct mm *mm, uintptr_t from, size_t len, uintptr_t to)
{
	struct move_walk w = { &mm->pmap, to - from, false, 0 };
	pmap_update_range(&mm->pmap, from, from + len, move_pte, &w);
	if (w.err)
		return w.err;
	w.ready = true;
	pmap_update_range(&mm->pmap, from, from + len, move_pte, &w);
	return w.err;
}

bool mm_test_clear_young(struct mm *mm, uintptr_t va, struct page *pg)
{
	pte_t e = pmap_lookup(&mm->pmap, va);
	if (!pte_has_frame(e) || pte_addr(e) != page_to_phys(pg) || !(e & PTE_A))
		return false;
	/* No TLB flush, as on Linux: a stale entry only delays the next accessed bit. */
	pmap_replace(&mm->pmap, va, e, e & ~PTE_A);
	return true;
}

int mm_unmap_to_swap(struct mm *mm, uintptr_t va, struct page *pg, swp_entry_t slot)
{
	pte_t e = pmap_lookup(&mm->pmap, va);
	if (!pte_has_frame(e) || pte_addr(e) != page_to_phys(pg))
		return -EAGAIN;
	if (swap_dup(slot) != 0)
		return -ENOMEM;
	if (e & PTE_D)
		pg->flags |= PG_DIRTY;          /* written through this entry since it was cached */
	pte_t entry = pte_make_swap(swp_type(slot), swp_offset(slot));
	if (!pmap_replace(&mm->pmap, va, e, entry)) {
		swap_free(slot);
		return -EAGAIN;
	}
	mm->swap_ents++;
	count_unmap(mm, pg);
	return 0;
}

int mm_unmap_page(struct mm *mm, uintptr_t va, struct page *pg)
{
	pte_t e = pmap_lookup(&mm->pmap, va);
	if (!pte_has_frame(e) || pte_addr(e) != page_to_phys(pg) || !pmap_replace(&mm->pmap, va, e, 0))
		return -EAGAIN;
	if (e & PTE_D)
		pg->flags |= PG_DIRTY;
	count_unmap(mm, pg);
	return 0;
}

int mm_swap_in(struct mm *mm, struct vma *v, uintptr_t va, pte_t old, struct page *pg,
	       bool writable)
{
	BUG_ON(!pte_is_swap(old));
	int err = adopt(v, va, pg);
	if (err)
		return err;
	pte_t entry = pte_make(page_to_phys(pg), prot_flags(v->prot, writable));
	if (!pmap_replace(&mm->pmap, va, old, entry))
		return -EAGAIN;
	count_map(mm, pg);
	mm->swap_ents--;
	swap_free(pte_to_swp(old));
	return 0;
}

struct unuse_walk {
	struct mm *mm;
	struct vma *v;
	unsigned type;
	int err;
};

/* pmap_update_range callback for swapoff: a swap entry of the area becomes its page,
 * which must be in the swap cache by now. */
static pte_t unuse_pte(uintptr_t va, pte_t e, void *arg)
{
	struct unuse_walk *w = arg;
	if (!pte_is_swap(e) || pte_swap_type(e) != w->type)
		return e;
	swp_entry_t slot = pte_to_swp(e);
	struct page *pg = swap_cache_lookup(slot);
	if (!pg || (pg->flags & (PG_LOCKED | PG_ERROR))) {
		/* Not read yet, or its read is under way or failed: swapoff reads (or waits)
		 * and walks again. */
		if (pg)
			frame_put(pg);
		w->err = -EAGAIN;
		return e;
	}
	int err = adopt(w->v, va, pg);
	if (err) {
		w->err = err;
		frame_put(pg);
		return e;
	}
	count_map(w->mm, pg);
	vmtrace_swapoff(w->mm, w->v, va, slot, pg);
	frame_put(pg);
	w->mm->swap_ents--;
	swap_free(slot);
	return pte_make(page_to_phys(pg), prot_flags(w->v->prot, false));
}

int mm_unuse_swap(struct mm *mm, unsigned type)
{
	struct unuse_walk w = { mm, NULL, type, 0 };
	for (struct vma *v = vma_first(&mm->vmas); v && mm->swap_ents; v = vma_next(v)) {
		w.v = v;
		pmap_update_range(&mm->pmap, v->start, v->end, unuse_pte, &w);
	}
	return w.err;
}
