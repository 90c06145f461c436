#include "mm/vma.h"
#include "kernel/errno.h"
#include "mm/kmalloc.h"

void vma_set_init(struct vma_set *s) { s->root = NULL; s->count = 0; }
struct vma *vma_first(struct vma_set *s) { return s->root; }
struct vma *vma_next(struct vma *v) { return v->next; }
struct vma *vma_prev(struct vma *v) { return v->prev; }

struct vma *vma_find_first_after(struct vma_set *s, uintptr_t addr)
{
	for (struct vma *v = s->root; v; v = v->next)
		if (v->end > addr)
			return v;
	return NULL;
}

struct vma *vma_find(struct vma_set *s, uintptr_t addr)
{
	struct vma *v = vma_find_first_after(s, addr);
	return v && v->start <= addr ? v : NULL;
}

int vma_insert(struct vma_set *s, struct vma *v)
{
	struct vma *prev = NULL, *cur = s->root;
	while (cur && cur->start < v->start) {
		prev = cur;
		cur = cur->next;
	}
	if ((prev && prev->end > v->start) || (cur && cur->start < v->end))
		return -EEXIST;
	v->prev = prev;
	v->next = cur;
	if (prev) prev->next = v; else s->root = v;
	if (cur) cur->prev = v;
	s->count++;
	return 0;
}

void vma_remove(struct vma_set *s, struct vma *v)
{
	if (v->prev) v->prev->next = v->next; else s->root = v->next;
	if (v->next) v->next->prev = v->prev;
	s->count--;
}

struct vma *vma_split(struct vma_set *s, struct vma *v, uintptr_t addr)
{
	struct vma *n = kzalloc(sizeof(*n));
	if (!n)
		return NULL;
	*n = *v;
	n->start = addr;
	if (n->file)
		n->pgoff += (addr - v->start) >> 12;
	v->end = addr;
	n->prev = v;
	n->next = v->next;
	if (v->next) v->next->prev = n;
	v->next = n;
	s->count++;
	return n;
}

bool vma_can_merge(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
	       a->file == b->file && (!a->file || a->pgoff + ((a->end - a->start) >> 12) == b->pgoff);
}

struct vma *vma_merge_neighbors(struct vma_set *s, struct vma *v)
{
	if (v->next && vma_can_merge(v, v->next)) {
		struct vma *n = v->next;
		v->end = n->end;
		vma_remove(s, n);
		kfree(n);
	}
	if (v->prev && vma_can_merge(v->prev, v)) {
		struct vma *p = v->prev;
		p->end = v->end;
		vma_remove(s, v);
		kfree(v);
		v = p;
	}
	return v;
}

uintptr_t vma_find_gap(struct vma_set *s, size_t len, uintptr_t low, uintptr_t high)
{
	struct vma *v = s->root;
	while (v && v->next)
		v = v->next;
	uintptr_t hi = high;
	for (;;) {
		while (v && v->start >= hi)
			v = v->prev;
		if (v && v->end > hi) {
			hi = v->start;
			continue;
		}
		uintptr_t lo = v && v->end > low ? v->end : low;
		if (hi > lo && hi - lo >= len)
			return (hi - len) & ~(uintptr_t)4095;
		if (!v)
			return 0;
		hi = v->start;
		v = v->prev;
	}
}

void vma_set_destroy(struct vma_set *s, void (*release)(struct vma *v, void *arg), void *arg)
{
	while (s->root) {
		struct vma *v = s->root;
		vma_remove(s, v);
		release(v, arg);
	}
}
