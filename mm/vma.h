/*
 * The areas of an address space (CS:APP 9.8's "areas", Linux's VMAs): each a range of
 * pages [start, end) with one protection and one backing object. They are kept in an AVL
 * tree ordered by address, because every page fault looks up the area of an address, and
 * some programs have thousands of mappings: lookup, insertion and removal are O(log n).
 * Each node also knows the largest free gap below any area of its subtree, so that finding
 * a free range for mmap is O(log n) too (an augmented tree, as Linux's rb_subtree_gap
 * before its maple tree).
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/list.h"

struct anon_vma;
struct mm;
struct uffd_ctx;
struct vm_object;

/* vma->prot: the same values as mmap's PROT_READ, PROT_WRITE, PROT_EXEC. */
#define VMA_READ  1
#define VMA_WRITE 2
#define VMA_EXEC  4

/* vma->flags */
#define VMA_SHARED    1         /* writes reach the backing object; else private (COW) */
#define VMA_GROWSDOWN 2         /* the stack: grows down on faults just below it */
#define VMA_MAYWRITE  8         /* mprotect may allow writes (Linux's VM_MAYWRITE): not
				 * for a shared mapping of a file opened without write */
#define VMA_ACCOUNT   16        /* its pages are charged to the commit ledger (mm/commit.h):
				 * private memory a program may dirty (Linux's VM_ACCOUNT) */
#define VMA_NORESERVE 32        /* MAP_NORESERVE: never charged, even if made writable */
#define VMA_LOCKED    64        /* mlock: its pages stay in memory (reclaim skips them),
				 * and are faulted in when it is locked (Linux's VM_LOCKED) */
#define VMA_LOCKONFAULT 128     /* with VMA_LOCKED: pages are locked as they are touched,
				 * not faulted in at once (MLOCK_ONFAULT, MCL_ONFAULT) */
#define VMA_LOCK_MASK (VMA_LOCKED | VMA_LOCKONFAULT)
#define VMA_DONTDUMP  256       /* madvise(MADV_DONTDUMP): left out of a core dump
				 * (Linux's VM_DONTDUMP); MADV_DODUMP clears it */
#define VMA_DONTCOPY  512       /* madvise(MADV_DONTFORK): a fork's child does not get it
				 * (Linux's VM_DONTCOPY); MADV_DOFORK clears it */
#define VMA_WIPEONFORK 1024     /* madvise(MADV_WIPEONFORK), private anonymous memory only:
				 * a fork's child gets the area empty, demand-zero again
				 * (Linux's VM_WIPEONFORK); MADV_KEEPONFORK clears it */

struct vma {
	uintptr_t start, end;           /* page aligned */
	uint32_t prot;
	uint32_t flags;
	struct vm_object *object;       /* what it maps (held by the area), or NULL: demand-zero
					 * memory */
	struct list_head object_link;   /* in object->areas: the object's reverse map */
	uint64_t pgoff;                 /* the page index that start maps: in the object, or
					 * for anonymous memory start's page number when the
					 * area was made, kept across splits and mremap, so that
					 * an anonymous page's index finds it (mm/rmap.h) */
	struct anon_vma *anon;          /* the anonymous pages' owner, once there are any */
	struct list_head anon_link;     /* in anon->areas */
	struct mm *mm;                  /* the address space the area belongs to */
	struct uffd_ctx *uffd;          /* registered with this userfaultfd (mm/userfault.h):
					 * a fault on a missing page waits for its handler
					 * (Linux's vm_userfaultfd_ctx); NULL: not registered */
	uint64_t file_end;              /* object bytes at offsets >= this read as zeros here
					 * (the end of an ELF segment's data); UINT64_MAX: none */
	struct vma *left, *right, *parent;      /* the tree */
	int height;
	uintptr_t gap;                  /* the free space just below it: start minus the end
					 * of the area before it (0 for the first) */
	uintptr_t subtree_gap;          /* the largest gap in its subtree (Linux's
					 * rb_subtree_gap): what lets vma_find_gap skip whole
					 * subtrees */
};

/* The page index (in the object, or the anonymous one) that va maps in v. */
static inline uint64_t vma_page_index(const struct vma *v, uintptr_t va)
{
	return v->pgoff + ((va - v->start) >> 12);
}

/* True when v's pages must stay in memory (mlock, mlockall, MAP_LOCKED): reclaim, walking
 * a page's reverse map, leaves the page alone if any area that maps it is locked. */
static inline bool vma_is_locked(const struct vma *v)
{
	return v->flags & VMA_LOCKED;
}

struct vma_set {
	struct vma *root;
	size_t count;
};

void vma_set_init(struct vma_set *s);

/* The area containing addr, or NULL. */
struct vma *vma_find(struct vma_set *s, uintptr_t addr);

/* The first area that ends above addr (it contains addr or lies above it), or NULL. */
struct vma *vma_find_first_after(struct vma_set *s, uintptr_t addr);

/* In-order iteration. */
struct vma *vma_first(struct vma_set *s);
struct vma *vma_next(struct vma *v);
struct vma *vma_prev(struct vma *v);

/* Adds v (allocated by the caller); -EEXIST, changing nothing, when it overlaps an area. */
int vma_insert(struct vma_set *s, struct vma *v);

/* Unlinks v; the caller frees it. */
void vma_remove(struct vma_set *s, struct vma *v);

/*
 * Splits v at the page-aligned addr (start < addr < end): v keeps [start, addr), and a new
 * area [addr, end) with the same fields (pgoff advanced) is inserted and returned; NULL
 * when out of memory. Joining the new area to its object and anon_vma is the caller's job.
 */
struct vma *vma_split(struct vma_set *s, struct vma *v, uintptr_t addr);

/* True when a ends where b starts and they could be one area: the same protection,
 * flags, object, end of file data and userfaultfd, page indexes that continue, and
 * anonymous pages (if any) owned by one anon_vma. */
bool vma_can_merge(const struct vma *a, const struct vma *b);

/* Merges v with the areas just before and after it when they can be one; returns the
 * area now covering v's range. Each absorbed area is out of the tree when absorbed(into,
 * gone) is called, which settles what gone held and frees it. */
typedef void (*vma_absorb_fn)(struct vma *into, struct vma *gone);
struct vma *vma_merge_neighbors(struct vma_set *s, struct vma *v, vma_absorb_fn absorbed);

/* Moves v's bounds to [start, end) (growing a stack down, mremap growing in place, a
 * merge): no other area may lie in between. Keeps the gaps true. */
void vma_resize(struct vma_set *s, struct vma *v, uintptr_t start, uintptr_t end);

/* The highest page-aligned a with [a, a + len) free inside [low, high), as Linux's
 * top-down mmap placement (unmapped_area_topdown); 0 if none. O(log n): it descends only
 * into subtrees whose largest gap is big enough. */
uintptr_t vma_find_gap(struct vma_set *s, size_t len, uintptr_t low, uintptr_t high);

/* Removes every area, passing each to release (which frees it). */
void vma_set_destroy(struct vma_set *s, void (*release)(struct vma *v, void *arg), void *arg);

#endif
