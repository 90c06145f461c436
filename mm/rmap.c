#include "mm/rmap.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/ptes.h"
#include "mm/uaccess.h"

/* Whether a and b (b right after a) may share an anon_vma, as Linux's anon_vma_compatible:
 * adjacent, the same object and flags (their protections may differ), and b's pages
 * numbered on from a's, so that no page index means two pages. */
static bool anon_compatible(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->object == b->object && a->flags == b->flags &&
	       a->pgoff + ((a->end - a->start) >> PAGE_SHIFT) == b->pgoff;
}

/* The anon_vma of old, a neighbour of the new owner-to-be, that a and b (one of them old)
 * may share, as Linux's reusable_anon_vma: only old's own, made in its address space, not
 * one it shares with a fork's parent (on Linux, a chain of one). */
static struct anon_vma *reusable_anon(const struct vma *old, const struct vma *a,
				      const struct vma *b)
{
	if (!old->anon || old->anon->mm_serial != old->mm->serial || !anon_compatible(a, b))
		return NULL;
	return old->anon;
}

/* A neighbour's anon_vma v may share: the next area's first, then the previous one's. */
static struct anon_vma *mergeable_anon(struct vma *v)
{
	struct vma *next = vma_next(v), *prev = vma_prev(v);
	struct anon_vma *anon = next ? reusable_anon(next, v, next) : NULL;
	if (!anon && prev)
		anon = reusable_anon(prev, prev, v);
	return anon;
}

int anon_vma_create(struct vma *v)
{
	struct anon_vma *anon = mergeable_anon(v);
	if (!anon) {
		anon = kmalloc(sizeof(*anon));
		if (!anon)
			return -ENOMEM;
		list_init(&anon->areas);
		anon->refcount = 0;
		anon->mm_serial = v->mm->serial;
	}
	anon_vma_link(v, anon);
	return 0;
}

void anon_vma_link(struct vma *v, struct anon_vma *anon)
{
	v->anon = anon;
	anon->refcount++;
	list_add_tail(&v->anon_link, &anon->areas);
}

void anon_vma_unlink(struct vma *v)
{
	struct anon_vma *anon = v->anon;
	if (!anon)
		return;
	list_del(&v->anon_link);
	v->anon = NULL;
	BUG_ON(anon->refcount <= 0);
	if (--anon->refcount == 0)
		kfree(anon);
}

/* If area v maps pg, calls fn on the address; returns 1 if it does, else 0. */
static int visit(struct vma *v, struct page *pg, rmap_fn fn, void *arg)
{
	uint64_t pages = (v->end - v->start) >> PAGE_SHIFT;
	if (pg->index < v->pgoff || pg->index - v->pgoff >= pages)
		return 0;
	uintptr_t va = v->start + ((pg->index - v->pgoff) << PAGE_SHIFT);
	struct page *mapped = mm_page_at(v->mm, va);
	if (mapped != pg)
		return 0;
	if (fn)
		fn(v, va, arg);
	return 1;
}

int rmap_walk(struct page *pg, rmap_fn fn, void *arg)
{
	struct list_head *areas, *pos;
	size_t link;
	if (pg->object) {
		areas = &pg->object->areas;
		link = offsetof(struct vma, object_link);
	} else if (pg->anon) {
		areas = &pg->anon->areas;
		link = offsetof(struct vma, anon_link);
	} else {
		return 0;
	}
	int found = 0;
	list_for_each(pos, areas)
		found += visit((struct vma *)((char *)pos - link), pg, fn, arg);
	return found;
}

struct audit {
	struct mm *mm;
	uintptr_t va;                   /* the entry the walk must find */
	bool seen;
	int bad;
};

static void note_seen(struct vma *v, uintptr_t va, void *arg)
{
	struct audit *a = arg;
	if (v->mm == a->mm && va == a->va)
		a->seen = true;
}

static void audit_page(uintptr_t va, struct page *pg, void *arg)
{
	struct audit *a = arg;
	a->va = va;
	a->seen = false;
	int found = rmap_walk(pg, note_seen, a);
	if (!a->seen || found != pg->mapcount)
		a->bad++;
}

int rmap_audit(struct mm *mm)
{
	struct audit a = { .mm = mm };
	mm_for_each_page(mm, 0, USER_TOP, audit_page, &a);
	return a.bad;
}
