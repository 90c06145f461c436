/* TEMPORARY list-based stand-in for the VMA set (the helper's AVL version replaces it). */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct inode;

#define VMA_READ  1
#define VMA_WRITE 2
#define VMA_EXEC  4

#define VMA_SHARED    1
#define VMA_GROWSDOWN 2
#define VMA_ANON      4

struct vma {
	uintptr_t start, end;
	uint32_t prot;
	uint32_t flags;
	struct inode *file;
	uint64_t pgoff;
	uint64_t file_end;
	struct vma *next, *prev;
};

struct vma_set {
	struct vma *root;
	size_t count;
};

void vma_set_init(struct vma_set *s);
struct vma *vma_find(struct vma_set *s, uintptr_t addr);
struct vma *vma_find_first_after(struct vma_set *s, uintptr_t addr);
struct vma *vma_first(struct vma_set *s);
struct vma *vma_next(struct vma *v);
struct vma *vma_prev(struct vma *v);
int vma_insert(struct vma_set *s, struct vma *v);
void vma_remove(struct vma_set *s, struct vma *v);
struct vma *vma_split(struct vma_set *s, struct vma *v, uintptr_t addr);
bool vma_can_merge(const struct vma *a, const struct vma *b);
struct vma *vma_merge_neighbors(struct vma_set *s, struct vma *v);
uintptr_t vma_find_gap(struct vma_set *s, size_t len, uintptr_t low, uintptr_t high);
void vma_set_destroy(struct vma_set *s, void (*release)(struct vma *v, void *arg), void *arg);

#endif
