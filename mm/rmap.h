/*
 * The reverse map: from a frame to every PTE that maps it, which reclaim needs (to take a
 * page out of every address space before it goes to swap) and which the self-tests and
 * debugging views use to check the counts.
 *
 * It is object-based, as Linux's since 2.6: a page records its owner and index, not its
 * mappings, and the owner lists the areas that may map it. For an object's page those are
 * the object's areas; for an anonymous page, the areas of its anon_vma: the area where the
 * page was made and every area that may share it since, through fork (children's copies),
 * splits and mremap. An area maps index i, if at all, at start + (i - pgoff) pages, so a
 * walk computes one address per area and looks at one PTE.
 *
 * The trade-off, against Linux 2.5's pte_chains (a list of (mm, address) per page): nothing
 * is allocated per page or per mapping, so fork costs no more per page; but a walk visits
 * every area that may map the page, including those that no longer do (a fork tree whose
 * children all copied their pages). Linux 2.6.34 added anon_vma_chain to prune those;
 * here one anon_vma serves a whole fork tree of an area, the original 2.6 design.
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include "kernel/lib/list.h"
#include "mm/page.h"
#include "mm/vma.h"

#include <stdint.h>

struct mm;

struct anon_vma {
	struct list_head areas;         /* struct vma, by vma->anon_link */
	int refcount;                   /* the areas on the list */
	uint64_t mm_serial;             /* the address space that made it (mm->serial) */
};

/* Gives v an anon_vma (it has none): a neighbour's when v may share it, as Linux's
 * find_mergeable_anon_vma (so that the two areas can merge when they come to match),
 * else a new one. 0/-ENOMEM. */
int anon_vma_create(struct vma *v);

/* Puts v on anon's list (v is a copy or a part of an area of anon). */
void anon_vma_link(struct vma *v, struct anon_vma *anon);

/* Takes v off its anon_vma's list, freeing the anon_vma with its last area. */
void anon_vma_unlink(struct vma *v);


/* Gives v an anon_vma if it has none yet (before its first anonymous page). 0/-ENOMEM.
 * Inline, as page_set_anon: both are on the path of every demand-zero and COW fault. */
static inline int anon_vma_prepare(struct vma *v)
{
	return v->anon ? 0 : anon_vma_create(v);
}

/* Makes pg, a new page mapped first at va in v, an anonymous page of v's anon_vma. */
static inline void page_set_anon(struct page *pg, struct vma *v, uintptr_t va)
{
	pg->anon = v->anon;
	pg->index = vma_page_index(v, va);
}

/* Calls fn for every (area, address) whose PTE maps pg, in no particular order; returns the
 * number of such PTEs. */
typedef void (*rmap_fn)(struct vma *v, uintptr_t va, void *arg);
int rmap_walk(struct page *pg, rmap_fn fn, void *arg);

/* Checks the reverse map of every page mm maps: that a walk from the page finds this very
 * entry, and as many entries as the page's map count says. Returns the number of entries
 * for which either fails (0: all is well). For self-tests and debugging. */
int rmap_audit(struct mm *mm);

#endif
