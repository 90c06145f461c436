#include "mm/kmalloc.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/frame.h"
#include "mm/pmap.h"

/* Slabs of each class that have at least one free object. */
static struct list_head partial[KMALLOC_CLASSES] = {
	LIST_HEAD_INIT(partial[0]), LIST_HEAD_INIT(partial[1]), LIST_HEAD_INIT(partial[2]),
	LIST_HEAD_INIT(partial[3]), LIST_HEAD_INIT(partial[4]), LIST_HEAD_INIT(partial[5]),
	LIST_HEAD_INIT(partial[6]), LIST_HEAD_INIT(partial[7]),
};
static struct kmalloc_stats stats;

/* A free object starts with the link to the next free object of its slab. */
struct free_object {
	struct free_object *next;
};

static unsigned class_of(size_t size)
{
	unsigned i = 0;
	while (kmalloc_class_size(i) < size)
		i++;
	return i;
}

static struct page *virt_to_page(const void *p)
{
	return phys_to_page(virt_to_phys(p));
}

/* Fills a free object with poison, keeping its link. */
static void poison(struct free_object *o, size_t size)
{
	memset((char *)o + sizeof(*o), KMALLOC_POISON, size - sizeof(*o));
}

/* Panics when a free object's poison was overwritten: someone wrote after kfree. */
static void check_poison(const struct free_object *o, size_t size)
{
	const unsigned char *b = (const unsigned char *)o;
	for (size_t i = sizeof(*o); i < size; i++)
		if (b[i] != KMALLOC_POISON)
			panic("kmalloc: %zu-byte object %p was written after kfree (byte %zu is %x)",
			      size, (const void *)o, i, b[i]);
}

/* Cuts a new frame into free objects of class c. */
static struct page *new_slab(unsigned c)
{
	struct page *pg = frame_alloc(0);
	if (!pg)
		return NULL;
	size_t size = kmalloc_class_size(c);
	char *base = page_address(pg);
	struct free_object *head = NULL;
	for (size_t off = PAGE_SIZE; off >= size; off -= size) {
		struct free_object *o = (struct free_object *)(base + off - size);
		o->next = head;
		poison(o, size);
		head = o;
	}
	pg->flags |= PG_SLAB;
	pg->slab_class = (uint8_t)c;
	pg->slab_inuse = 0;
	pg->slab_free = head;
	list_add(&pg->list, &partial[c]);
	stats.slabs[c]++;
	return pg;
}

static void *alloc_small(size_t size)
{
	unsigned c = class_of(size);
	struct page *pg;
	if (list_empty(&partial[c])) {
		if (!(pg = new_slab(c)))
			return NULL;
	} else {
		pg = list_entry(partial[c].next, struct page, list);
	}
	struct free_object *o = pg->slab_free;
	check_poison(o, kmalloc_class_size(c));
	pg->slab_free = o->next;
	pg->slab_inuse++;
	if (!pg->slab_free)
		list_del(&pg->list);    /* full: off the partial list */
	stats.objects[c]++;
	return o;
}

static void *alloc_large(size_t size)
{
	unsigned order = 0;
	while ((PAGE_SIZE << order) < size)
		order++;
	struct page *pg = frame_alloc_order(order, 0);
	if (!pg)
		return NULL;
	pg->flags |= PG_KMALLOC_LARGE;
	stats.large_allocations++;
	stats.large_frames += 1ULL << order;
	return page_address(pg);
}

void *kmalloc(size_t size)
{
	if (size == 0)
		return NULL;
	if (size <= KMALLOC_MAX_SLAB)
		return alloc_small(size);
	if (size > (PAGE_SIZE << BUDDY_MAX_ORDER))
		return NULL;
	return alloc_large(size);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

static bool on_free_list(const struct page *pg, const struct free_object *o)
{
	for (const struct free_object *f = pg->slab_free; f; f = f->next)
		if (f == o)
			return true;
	return false;
}

static void free_small(struct page *pg, void *ptr)
{
	unsigned c = pg->slab_class;
	size_t size = kmalloc_class_size(c);
	struct free_object *o = ptr;
	if (((uintptr_t)ptr & (PAGE_SIZE - 1)) % size != 0)
		panic("kfree(%p): not the start of a %zu-byte object", ptr, size);
	if (on_free_list(pg, o))
		panic("kfree(%p): double free of a %zu-byte object", ptr, size);
	if (!pg->slab_free)
		list_add(&pg->list, &partial[c]);       /* was full: usable again */
	o->next = pg->slab_free;
	poison(o, size);
	pg->slab_free = o;
	pg->slab_inuse--;
	stats.objects[c]--;
	if (pg->slab_inuse == 0) {              /* an empty slab goes back to the frames */
		list_del(&pg->list);
		pg->flags &= (uint16_t)~PG_SLAB;
		stats.slabs[c]--;
		frame_free_order(pg, 0);
	}
}

void kfree(void *ptr)
{
	if (!ptr)
		return;
	if (!pmap_is_kernel_va((uintptr_t)ptr) || virt_to_phys(ptr) >= frame_ram_end())
		panic("kfree(%p): not a heap address", ptr);
	struct page *pg = virt_to_page(ptr);
	if (pg->flags & PG_SLAB) {
		free_small(pg, ptr);
	} else if ((pg->flags & PG_KMALLOC_LARGE) && ((uintptr_t)ptr & (PAGE_SIZE - 1)) == 0) {
		pg->flags &= (uint16_t)~PG_KMALLOC_LARGE;
		stats.large_allocations--;
		stats.large_frames -= 1ULL << pg->order;
		frame_free_order(pg, pg->order);
	} else {
		panic("kfree(%p): not a pointer that kmalloc returned (or freed twice)", ptr);
	}
}

void kmalloc_get_stats(struct kmalloc_stats *s)
{
	*s = stats;
}
