/*
 * The areas of an address space (CS:APP 9.8's "areas", Linux's VMAs): each a range of
 * pages [start, end) with one protection and one backing object. They are kept in an AVL
 * tree ordered by address, because every page fault looks up the area of an address, and
 * some programs have thousands of mappings: lookup, insertion and removal are O(log n).
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/list.h"

struct inode;
struct mm;

/* vma->prot: the same values as mmap's PROT_READ, PROT_WRITE, PROT_EXEC. */
#define VMA_READ  1
#define VMA_WRITE 2
#define VMA_EXEC  4

/* vma->flags */
#define VMA_SHARED    1         /* writes reach the backing object; else private (COW) */
#define VMA_GROWSDOWN 2         /* the stack: grows down on faults just below it */
#define VMA_ANON      4         /* no backing file: demand-zero memory */
#define VMA_MAYWRITE  8         /* mprotect may allow writes (Linux's VM_MAYWRITE): not
				 * for a shared mapping of a file opened without write */

struct vma {
	uintptr_t start, end;           /* page aligned */
	uint32_t prot;
	uint32_t flags;
	struct inode *file;             /* backing file (referenced by the owner), or NULL */
	struct list_head file_link;     /* in file->mmaps: the file's reverse map */
	struct mm *mm;                  /* the address space the area belongs to */
	uint64_t pgoff;                 /* page of the file that start maps */
	uint64_t file_end;              /* file bytes at offsets >= this read as zeros here
					 * (the end of an ELF segment's data); UINT64_MAX: none */
	struct vma *left, *right, *parent;      /* the tree */
	int height;
};

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
 * when out of memory. The new area's file reference is the caller's to take.
 */
struct vma *vma_split(struct vma_set *s, struct vma *v, uintptr_t addr);

/* True when a ends where b starts and they could be one area. */
bool vma_can_merge(const struct vma *a, const struct vma *b);

/* Merges v with the areas just before and after it when they can be one; returns the
 * area now covering v's range. Absorbed areas are freed: use only for anonymous areas,
 * whose absorbed neighbours hold no file reference. */
struct vma *vma_merge_neighbors(struct vma_set *s, struct vma *v);

/* The highest page-aligned a with [a, a + len) free inside [low, high), as Linux's
 * top-down mmap placement; 0 if none. O(n) in the areas above the gap found. */
uintptr_t vma_find_gap(struct vma_set *s, size_t len, uintptr_t low, uintptr_t high);

/* Removes every area, passing each to release (which frees it). */
void vma_set_destroy(struct vma_set *s, void (*release)(struct vma *v, void *arg), void *arg);

#endif
