/*
 * The mm bookkeeper: the one place that changes a user page-table entry. Each change keeps
 * what depends on it true at once: the frame's reference count and map count, the
 * process's resident pages (rss), and the page's owner for the reverse map (mm/rmap.h).
 * Everything above (faults, fork, mmap, munmap, mprotect, mremap, exec, mincore) asks here;
 * only this file calls pmap for user addresses, and pmap alone writes the entries.
 */
#ifndef MM_PTES_H
#define MM_PTES_H

#include "mm/mm.h"
#include "mm/pmap.h"
#include "mm/swap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;
struct page;
struct vma;

/* Makes and frees an address space's page tables (the kernel half is shared). */
int mm_tables_create(struct mm *mm);
void mm_tables_destroy(struct mm *mm);

/* What mm's resident pages are, by owner (Linux's MM_ANONPAGES, MM_FILEPAGES,
 * MM_SHMEMPAGES), and its page tables: what the OOM killer reports of a victim. Counted
 * by a walk, as only the OOM killer asks. */
struct mm_usage {
	uint64_t anon, file, shmem;     /* pages */
	uint64_t tables;                /* page-table pages */
};
void mm_get_usage(struct mm *mm, struct mm_usage *u);

/* Its page-table pages alone (a small walk over the tables). */
uint64_t mm_table_pages(struct mm *mm);

/* Makes mm the address space the CPU translates with (NULL: the kernel's alone). */
void mm_switch_to(struct mm *mm);

/* The entry at va (0 when none): inspect it with pte_none/pte_has_frame/pte_is_swap. */
static inline pte_t mm_pte_at(struct mm *mm, uintptr_t va)
{
	return pmap_lookup(&mm->pmap, va);
}

/* The swap entry (mm/swap.h) that a swap PTE names. */
static inline swp_entry_t pte_to_swp(pte_t e)
{
	return swp_entry(pte_swap_type(e), pte_swap_offset(e));
}

/* The frame the entry at va holds (the zero page too), or NULL. */
struct page *mm_page_at(struct mm *mm, uintptr_t va);

/* Calls fn for every entry in [start, end) that holds a frame of its own, in address
 * order: not the zero page, which is nobody's (Linux's vm_normal_page), so that RSS,
 * smaps, reclaim and the reverse map's audit never count or touch it. */
typedef void (*mm_page_fn)(uintptr_t va, struct page *pg, void *arg);
void mm_for_each_page(struct mm *mm, uintptr_t start, uintptr_t end, mm_page_fn fn, void *arg);

/* Calls fn for every entry in [start, end) that is not none (a frame, maybe PROT_NONE, or
 * a swap entry), in address order; pg is the frame it holds, or NULL (a swap entry, or the
 * zero page, as mm_for_each_page). Changes nothing. */
typedef void (*mm_entry_fn)(uintptr_t va, pte_t e, struct page *pg, void *arg);
void mm_for_each_entry(struct mm *mm, uintptr_t start, uintptr_t end, mm_entry_fn fn, void *arg);

/*
 * Maps pg at va in area v with v's protection, but read-only when !writable (a page shared
 * copy-on-write). The entry takes a reference and a map count; a page without an owner
 * becomes an anonymous page of v. 0, -ENOMEM, or -EEXIST when the entry is no longer empty
 * (someone resolved the fault meanwhile); nothing changes on an error.
 */
int mm_install(struct mm *mm, struct vma *v, uintptr_t va, struct page *pg, bool writable);

/* Maps the zero page (mm/frame.h) at va in area v, read-only, for a read of untouched
 * private anonymous memory: no reference, no map count, no owner. 0, -ENOMEM, or -EEXIST
 * when the entry is no longer empty. */
int mm_install_zero(struct mm *mm, struct vma *v, uintptr_t va);

/* Copy-on-write's step: puts pg, a private copy, writable, in the entry at va in place of
 * the frame it holds, if the entry is still `old` (nothing is unmapped on the way). 0,
 * -ENOMEM, or -EAGAIN when the entry changed meanwhile; nothing changes on an error. */
int mm_replace(struct mm *mm, struct vma *v, uintptr_t va, pte_t old, struct page *pg);

/* Allows writes through the entry e at va (copy-on-write with no one else to share). */
void mm_make_writable(struct mm *mm, uintptr_t va, pte_t e);

/* Removes every entry in [start, end): frames lose a map count and a reference. */
void mm_zap_range(struct mm *mm, uintptr_t start, uintptr_t end);

/* Gives the entries of area v the area's protection (after mprotect). A private area's
 * pages stay read-only: each may be shared copy-on-write, which the next write decides. */
void mm_protect_range(struct mm *mm, struct vma *v);

/* fork: maps in child's area c every page parent's area v maps, the same frames, private
 * writable ones made read-only in both (copy-on-write). 0 or -ENOMEM (the caller then
 * destroys child). */
int mm_copy_range(struct mm *child, struct vma *c, struct mm *parent, struct vma *v);

/* mremap: moves the entries of [from, from + len) to [to, to + len), which must not overlap
 * it: the same frames, flags and counts, nothing copied. 0, or -ENOMEM with nothing moved. */
int mm_move_range(struct mm *mm, uintptr_t from, size_t len, uintptr_t to);

/* ---- for reclaim and swap ---- */

/* Did the entry at va, mapping pg, see an access since the last look? Clears the
 * accessed bit, as the clock algorithm's hand does. */
bool mm_test_clear_young(struct mm *mm, uintptr_t va, struct page *pg);

/* Page-out's step: the entry at va, mapping pg (in the swap cache at slot), becomes the swap
 * entry for slot, which gains a user; pg loses a mapping. 0, or -EAGAIN if the entry no
 * longer maps pg, -ENOMEM if the slot's count is full. */
int mm_unmap_to_swap(struct mm *mm, uintptr_t va, struct page *pg, swp_entry_t slot);

/* Page-out's step for a page of shared anonymous memory: the entry at va, mapping pg,
 * becomes empty (the object keeps the page's swap entry; the next touch faults it back in
 * through the object). 0, or -EAGAIN if the entry no longer maps pg. */
int mm_unmap_page(struct mm *mm, uintptr_t va, struct page *pg);

/* Swap-in's step: puts pg, the page of the swap entry `old`, in the entry at va of area v in
 * its place (writable only if asked: a page still in the swap cache must stay read-only),
 * if the entry is still `old`; the slot loses a user. 0, -ENOMEM, or -EAGAIN. */
int mm_swap_in(struct mm *mm, struct vma *v, uintptr_t va, pte_t old, struct page *pg,
	       bool writable);

/* swapoff: every swap entry of area `type` in mm becomes its page, found in the swap
 * cache. 0, -EAGAIN when a page was not in the cache (read it, then call again), or
 * -ENOMEM. Never sleeps. */
int mm_unuse_swap(struct mm *mm, unsigned type);

#endif
