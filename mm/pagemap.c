/* Pagemap, kpagecount and kpageflags entries: what a page table entry and a frame say. */
#include "mm/pagemap.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/ptes.h"
#include "mm/rmap.h"
#include "mm/swap.h"

uint64_t pagemap_entry(pte_t e, const struct page *pg)
{
	if (pte_is_swap(e)) {
		uint64_t where = pte_swap_type(e) |
				 (pte_swap_offset(e) << PM_SWAP_TYPE_BITS);
		return PM_SWAP | (where & PM_PFN_MASK);
	}
	if (!pte_has_frame(e))
		return 0;
	uint64_t entry = PM_PRESENT | ((pte_addr(e) >> PAGE_SHIFT) & PM_PFN_MASK);
	if (pg && pg->object)
		entry |= PM_FILE;       /* not anonymous: Linux's !PageAnon */
	if (pg && pg->mapcount == 1)
		entry |= PM_MMAP_EXCLUSIVE;
	return entry;
}

uint64_t pagemap_hide_frame(uint64_t entry)
{
	if (entry & PM_SWAP)
		return entry & ~(PM_PFN_MASK & ~((1ULL << PM_SWAP_TYPE_BITS) - 1));
	if (entry & PM_PRESENT)
		return entry & ~PM_PFN_MASK;
	return entry;
}

void mm_pagemap_entries(struct mm *mm, uintptr_t va, size_t n, uint64_t *out)
{
	struct vma *v = NULL;
	for (size_t i = 0; i < n; i++) {
		uintptr_t at = va + (i << PAGE_SHIFT);
		if (!v || at >= v->end)
			v = vma_find_first_after(&mm->vmas, at);
		if (!v || at < v->start) {
			out[i] = 0;             /* no area: nothing can be there */
			continue;
		}
		pte_t e = mm_pte_at(mm, at);
		out[i] = pagemap_entry(e, pte_has_frame(e) ? phys_to_page(pte_addr(e)) : NULL);
	}
}

struct usage_walk {
	struct area_usage *u;
	bool locked;            /* the area is mlocked: its pss counts in pss_locked */
};

/* mm_for_each_entry callback: counts one entry, as Linux's smaps_pte_entry and
 * smaps_account (a page held once only is private, whatever its mapcount says). */
static void count_entry(uintptr_t va, pte_t e, struct page *pg, void *arg)
{
	(void)va;
	struct usage_walk *w = arg;
	struct area_usage *u = w->u;
	if (pte_is_swap(e)) {
		int n = swap_count(pte_to_swp(e));
		u->swap += PAGE_SIZE;
		u->swap_pss += ((uint64_t)PAGE_SIZE << PSS_SHIFT) / (n >= 2 ? (uint64_t)n : 1);
		return;
	}
	if (!pg)
		return;
	bool anon = !pg->object;
	bool dirty = (e & PTE_D) || (pg->flags & PG_DIRTY);
	bool private = pg->refcount == 1 || pg->mapcount < 2;
	uint64_t pss = ((uint64_t)PAGE_SIZE << PSS_SHIFT) / (private ? 1 : (uint64_t)pg->mapcount);
	u->resident += PAGE_SIZE;
	if (anon)
		u->anonymous += PAGE_SIZE;
	if ((e & PTE_A) || (pg->flags & PG_ACTIVE))
		u->referenced += PAGE_SIZE;
	u->pss += pss;
	if (w->locked)
		u->pss_locked += pss;
	if (dirty) {
		u->pss_dirty += pss;
		*(private ? &u->private_dirty : &u->shared_dirty) += PAGE_SIZE;
	} else {
		*(private ? &u->private_clean : &u->shared_clean) += PAGE_SIZE;
	}
}

/* vm_object_for_each_swapped callback: counts the object's swapped pages below *arg's end. */
struct swapped_count {
	uint64_t end, pages;
};

static bool count_swapped(struct vm_object *obj, uint64_t index, uint64_t entry, void *arg)
{
	(void)obj;
	(void)entry;
	struct swapped_count *c = arg;
	if (index >= c->end)
		return false;
	c->pages++;
	return true;
}

void mm_area_usage(struct mm *mm, const struct vma *v, struct area_usage *u)
{
	*u = (struct area_usage){0};
	struct usage_walk w = { u, vma_is_locked(v) };
	mm_for_each_entry(mm, v->start, v->end, count_entry, &w);
	/* Shared anonymous memory goes to swap through its object, leaving no swap entry:
	 * its swapped pages in the area's range count in Swap (Linux's shmem_swap_usage,
	 * which leaves SwapPss alone). */
	if (v->object && vm_object_is_anon(v->object) && (v->flags & VMA_SHARED)) {
		struct swapped_count c = { v->pgoff + ((v->end - v->start) >> PAGE_SHIFT), 0 };
		vm_object_for_each_swapped(v->object, v->pgoff, count_swapped, &c);
		u->swap += c.pages * PAGE_SIZE;
	}
}

/* rmap_walk callback: notes whether an area that maps the page is locked. */
static void note_locked(struct vma *v, uintptr_t va, void *arg)
{
	(void)va;
	if (vma_is_locked(v))
		*(bool *)arg = true;
}

bool page_is_mlocked(struct page *pg)
{
	bool locked = false;
	if (pg->mapcount > 0)
		rmap_walk(pg, note_locked, &locked);
	return locked;
}

/* A page that belongs to a program or a file (has an owner), as opposed to the kernel's
 * own frames and free ones. */
static bool is_user_page(const struct page *pg)
{
	return pg->refcount > 0 && (pg->object || pg->anon || (pg->flags & PG_SWAPCACHE));
}

/* Never taken by reclaim: locked by mlock, or a ramdisk file's page (the file's only copy,
 * as Linux's ramfs pages are unevictable). */
static bool is_unevictable(struct page *pg, bool mlocked)
{
	return mlocked || (pg->object && !vm_object_is_anon(pg->object));
}

/* Linux's stable_page_flags, for what this kernel knows. Not yet: REFERENCED. */
uint64_t page_kpageflags(struct page *pg)
{
	uint64_t f = 0;
	if (pg->flags & PG_RESERVED)
		f |= 1ULL << KPF_RESERVED;
	if (page_is_zero(pg))           /* reserved on Linux too: part of the kernel image */
		return 1ULL << KPF_ZERO_PAGE | 1ULL << KPF_RESERVED;
	/* Every frame of a free block, not only its first (which alone has PG_BUDDY): as
	 * Linux's is_free_buddy_page, so free memory shows as free frame by frame. */
	if (buddy_is_free(&frame_buddy, (pfn_t)(pg - mem_map)))
		f |= 1ULL << KPF_BUDDY;
	if (pg->flags & PG_SLAB)
		f |= 1ULL << KPF_SLAB;
	if (pg->flags & PG_LOCKED)
		f |= 1ULL << KPF_LOCKED;
	if (!is_user_page(pg))
		return f;
	if (!(pg->flags & PG_LOCKED))
		f |= 1ULL << KPF_UPTODATE;      /* its contents are ready */
	if (pg->mapcount > 0)
		f |= 1ULL << KPF_MMAP;
	bool anon = pg->anon || (pg->flags & PG_SWAPCACHE);      /* unmapped, it is still */
	if (anon)
		f |= 1ULL << KPF_ANON;
	if (anon || vm_object_is_anon(pg->object))
		f |= 1ULL << KPF_SWAPBACKED;    /* swap is where it would go */
	if (pg->flags & PG_LRU)
		f |= 1ULL << KPF_LRU;           /* reclaim's lists (mm/vmscan.h) */
	if (pg->flags & PG_ACTIVE)
		f |= 1ULL << KPF_ACTIVE;
	if (pg->flags & PG_SWAPCACHE)
		f |= 1ULL << KPF_SWAPCACHE;
	if (pg->flags & PG_DIRTY)
		f |= 1ULL << KPF_DIRTY;         /* its slot does not hold it yet */
	bool mlocked = page_is_mlocked(pg);
	if (mlocked)
		f |= 1ULL << KPF_MLOCKED;
	if (is_unevictable(pg, mlocked))
		f |= 1ULL << KPF_UNEVICTABLE;
	return f;
}

size_t kpage_entries(pfn_t pfn, size_t n, bool flags, uint64_t *out)
{
	pfn_t end = frame_ram_end() >> PAGE_SHIFT;
	size_t i;
	for (i = 0; i < n && pfn + i < end; i++) {
		struct page *pg = &mem_map[pfn + i];
		out[i] = flags ? page_kpageflags(pg) : (uint64_t)(pg->mapcount > 0 ? pg->mapcount : 0);
	}
	return i;
}

void page_census(struct page_census *c)
{
	*c = (struct page_census){0};
	pfn_t end = frame_ram_end() >> PAGE_SHIFT;
	for (pfn_t pfn = 0; pfn < end; pfn++) {
		struct page *pg = &mem_map[pfn];
		if (!is_user_page(pg))
			continue;
		bool mlocked = page_is_mlocked(pg);
		c->mlocked += mlocked;
		c->unevictable += is_unevictable(pg, mlocked);
	}
}
