/* VM objects: the one place that looks up, creates and drops an object's pages. */
#include "mm/object.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/commit.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/page_lock.h"

void vm_object_init(struct vm_object *obj, const struct vm_object_ops *ops)
{
	*obj = (struct vm_object){ .ops = ops };
	list_init(&obj->areas);
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

static const struct vm_object_ops anon_object_ops = { anon_hold, anon_release };

bool vm_object_is_anon(const struct vm_object *obj)
{
	return obj->ops == &anon_object_ops;
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
 * memory. (An object with a backing device would lock it and read it in here.) */
static struct page *add_page(struct vm_object *obj, uint64_t index)
{
	struct page *pg = frame_alloc(FRAME_ZERO);
	if (!pg)
		return NULL;
	if (page_cache_insert(&obj->pages, index, pg) != 0) {
		frame_put(pg);
		return NULL;
	}
	pg->object = obj;
	pg->index = index;
	frame_get(pg);                  /* one for the page cache, one for the caller */
	return pg;
}

struct page *vm_object_get_page(struct vm_object *obj, uint64_t index, bool create)
{
	for (;;) {
		struct page *pg = page_cache_lookup(&obj->pages, index);
		if (!pg)
			return create ? add_page(obj, index) : NULL;
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
	return page_cache_lookup(&obj->pages, index) != NULL;
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
}
