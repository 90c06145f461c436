/* VM objects: the one place that looks up, creates and drops an object's pages. */
#include "mm/object.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/commit.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/page_lock.h"
#include "mm/swap.h"
#include "mm/vmscan.h"

struct list_head swapped_objects = LIST_HEAD_INIT(swapped_objects);

/* A swap entry as a slot of obj->swapped holds it: odd, so never a page's address. */
static struct page *entry_slot(swp_entry_t e)
{
	return (struct page *)(uintptr_t)((e << 1) | 1);
}

static swp_entry_t slot_entry(const struct page *slot)
{
	return (uintptr_t)slot >> 1;
}

void vm_object_init(struct vm_object *obj, const struct vm_object_ops *ops)
{
	*obj = (struct vm_object){ .ops = ops };
	obj->swapped.uncounted = true;
	list_init(&obj->areas);
	list_init(&obj->swapped_link);
}

void vm_object_hold(struct vm_object *obj)
{
	obj->ops->hold(obj);
}

void vm_object_release(struct vm_object *obj)
{
	obj->ops->release(obj);
}

/* Shared anonymous memory: counted by its areas, gone with the last one. */
static void anon_hold(struct vm_object *obj)
{
	obj->refcount++;
}

static void anon_release(struct vm_object *obj)
{
	BUG_ON(obj->refcount <= 0);
	if (--obj->refcount)
		return;
	vm_object_free_pages(obj);
	vm_unacct_memory(obj->charged);
	kfree(obj);
}

static const struct vm_object_ops anon_object_ops = {
	.hold = anon_hold, .release = anon_release, .anon = true,
};

bool vm_object_is_anon(const struct vm_object *obj)
{
	return obj->ops->anon;
}

struct vm_object *vm_object_create_anon(uint64_t size, uint64_t charged)
{
	static uint64_t next_serial = 1;
	struct vm_object *obj = kmalloc(sizeof(*obj));
	if (!obj)
		return NULL;
	vm_object_init(obj, &anon_object_ops);
	obj->size = size;
	obj->serial = next_serial++;
	obj->refcount = 1;
	obj->charged = charged;
	return obj;
}

/* A new zeroed page at index, owned by obj, with the caller's reference; NULL if out of
 * memory (g->err). Taking a frame may sleep (reclaim), so the slot is looked at again
 * after it, and for a fault the object's size too (a truncation meanwhile).
 * (An object with a backing device would lock the page and read it in here.) */
static struct page *add_page(struct vm_object *obj, uint64_t index, struct object_get *g)
{
	struct page *pg = alloc_user_page(FRAME_ZERO | g->alloc_flags);  /* may sleep */
	if (!pg) {
		g->err = -ENOMEM;
		return NULL;
	}
	if (g->in_size && (index << PAGE_SHIFT) >= obj->size) {
		frame_put(pg);          /* truncated while we slept: past the end now */
		g->err = -ERANGE;
		return NULL;
	}
	if (page_cache_lookup(&obj->pages, index) || page_cache_lookup(&obj->swapped, index)) {
		frame_put(pg);          /* someone made it while we slept: use theirs */
		return vm_object_get_page_ex(obj, index, true, g);
	}
	if (page_cache_insert(&obj->pages, index, pg) != 0) {
		frame_put(pg);
		g->err = -ENOMEM;
		return NULL;
	}
	pg->object = obj;
	pg->index = index;
	frame_get(pg);                  /* one for the page cache, one for the caller */
	if (vm_object_is_anon(obj))
		lru_add(pg);            /* shared anonymous memory may go to swap */
	return pg;
}

/* Takes index's swap entry out of obj->swapped. */
static void forget_swapped(struct vm_object *obj, uint64_t index)
{
	page_cache_remove(&obj->swapped, index);
	if (obj->swapped.nr_pages == 0)
		list_del(&obj->swapped_link);
}

/* The page at index, which is in swap at e: read back (may sleep) and put in the object
 * again, out of the swap cache (shared areas map it writable). NULL when out of memory or
 * the read failed; *changed when the object's slot changed while it slept (look again). */
static struct page *swap_in_page(struct vm_object *obj, uint64_t index, swp_entry_t e,
				 bool *changed, struct object_get *g)
{
	bool major;
	struct page *pg = swap_read_page(e, 1u << page_cluster, g->alloc_flags, &major);
	*changed = page_cache_lookup(&obj->swapped, index) != entry_slot(e);
	if (!pg || *changed || (pg->flags & PG_ERROR) || !(pg->flags & PG_SWAPCACHE) ||
	    pg->swap != e) {
		*changed = *changed || (pg && !(pg->flags & PG_ERROR));
		g->err = pg && (pg->flags & PG_ERROR) ? -EIO : -ENOMEM;
		if (pg)
			frame_put(pg);
		return NULL;
	}
	if (page_cache_insert(&obj->pages, index, pg) != 0) {
		frame_put(pg);
		g->err = -ENOMEM;
		return NULL;
	}
	forget_swapped(obj, index);
	frame_get(pg);                  /* the object's reference */
	pg->object = obj;
	pg->index = index;
	swap_cache_delete(pg);          /* before its slot loses the object's use: */
	swap_free(e);                   /* the slot is free now */
	if (major) {
		vmstat.pgmajfault++;
		g->major = true;
	}
	return pg;
}

struct page *vm_object_get_page(struct vm_object *obj, uint64_t index, bool create)
{
	struct object_get g = { 0 };
	return vm_object_get_page_ex(obj, index, create, &g);
}

struct page *vm_object_get_page_ex(struct vm_object *obj, uint64_t index, bool create,
				   struct object_get *g)
{
	g->err = 0;
	for (;;) {
		struct page *pg = page_cache_lookup(&obj->pages, index);
		struct page *slot = pg ? NULL : page_cache_lookup(&obj->swapped, index);
		if (slot) {
			bool changed;
			pg = swap_in_page(obj, index, slot_entry(slot), &changed, g);
			if (pg || !changed)
				return pg;
			continue;
		}
		if (!pg)
			return create ? add_page(obj, index, g) : NULL;
		frame_get(pg);
		if (!page_locked(pg))
			return pg;
		/* Under I/O: wait for it, then look again, as it may be gone by then. */
		page_wait_unlocked(pg);
		frame_put(pg);
	}
}

bool vm_object_has_page(struct vm_object *obj, uint64_t index)
{
	if (page_cache_lookup(&obj->pages, index))
		return true;
	/* In swap, it is still in memory while its page is in the swap cache (as Linux's
	 * mincore says). */
	swp_entry_t e = vm_object_swap_entry(obj, index);
	return e && swap_cache_has(e);
}

swp_entry_t vm_object_swap_entry(struct vm_object *obj, uint64_t index)
{
	struct page *slot = page_cache_lookup(&obj->swapped, index);
	return slot ? slot_entry(slot) : 0;
}

/* page_cache_for_each callback: a page in swap is gone with the object or its end. */
static void drop_swapped(struct page_cache *pc, uint64_t index, struct page *slot, void *arg)
{
	(void)pc;
	forget_swapped(arg, index);
	swap_free(slot_entry(slot));
}

static void drop_page(struct page_cache *pc, uint64_t index, struct page *pg, void *arg)
{
	(void)arg;
	page_cache_remove(pc, index);
	pg->object = NULL;
	frame_put(pg);
}

void vm_object_resize(struct vm_object *obj, uint64_t size)
{
	if (size < obj->size) {
		uint64_t first_gone = PAGE_ALIGN_UP(size) >> PAGE_SHIFT;
		mm_unmap_object_pages(obj, first_gone);
		page_cache_for_each(&obj->pages, first_gone, drop_page, NULL);
		page_cache_for_each(&obj->swapped, first_gone, drop_swapped, obj);
		uint64_t in_page = size & (PAGE_SIZE - 1);
		struct page *last = in_page ? page_cache_lookup(&obj->pages, size >> PAGE_SHIFT)
					    : NULL;
		if (last)
			memset((char *)page_address(last) + in_page, 0, PAGE_SIZE - in_page);
	}
	obj->size = size;
}

void vm_object_free_pages(struct vm_object *obj)
{
	BUG_ON(!list_empty(&obj->areas));
	page_cache_for_each(&obj->pages, 0, drop_page, NULL);
	page_cache_for_each(&obj->swapped, 0, drop_swapped, obj);
}

int vm_object_swap_out(struct vm_object *obj, struct page *pg)
{
	BUG_ON(!(pg->flags & PG_SWAPCACHE) || pg->mapcount || pg->object != obj);
	swp_entry_t e = pg->swap;
	if (swap_dup(e) != 0)
		return -ENOMEM;
	if (page_cache_insert(&obj->swapped, pg->index, entry_slot(e)) != 0) {
		swap_free(e);
		return -ENOMEM;
	}
	if (list_empty(&obj->swapped_link))
		list_add(&obj->swapped_link, &swapped_objects);
	page_cache_remove(&obj->pages, pg->index);
	pg->object = NULL;
	frame_put(pg);                  /* the object's reference; the swap cache has one */
	return 0;
}

struct swapped_walk {
	bool (*fn)(struct vm_object *obj, uint64_t index, uint64_t entry, void *arg);
	void *arg;
	struct vm_object *obj;
	bool stopped;
};

static void visit_swapped(struct page_cache *pc, uint64_t index, struct page *slot, void *arg)
{
	(void)pc;
	struct swapped_walk *w = arg;
	if (!w->stopped)
		w->stopped = !w->fn(w->obj, index, slot_entry(slot), w->arg);
}

void vm_object_for_each_swapped(struct vm_object *obj, uint64_t from,
				bool (*fn)(struct vm_object *obj, uint64_t index, uint64_t entry,
					   void *arg),
				void *arg)
{
	struct swapped_walk w = { fn, arg, obj, false };
	page_cache_for_each(&obj->swapped, from, visit_swapped, &w);
}
