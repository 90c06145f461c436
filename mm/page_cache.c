#include "mm/page_cache.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/kmalloc.h"

#include <stdbool.h>
#include <stddef.h>

uint64_t page_cache_total;

struct pc_node {
	void *slots[PAGE_CACHE_SLOTS];  /* child nodes, or pages in the bottom level */
	unsigned count;                 /* slots in use */
};

#define MAX_HEIGHT ((64 + PAGE_CACHE_BITS - 1) / PAGE_CACHE_BITS)

/* The number of pages a tree of this height covers (saturating for the tallest trees). */
static uint64_t capacity(unsigned height)
{
	if (height * PAGE_CACHE_BITS >= 64)
		return UINT64_MAX;
	return (uint64_t)1 << (height * PAGE_CACHE_BITS);
}

static unsigned slot_at(uint64_t index, unsigned level)
{
	return (unsigned)(index >> (level * PAGE_CACHE_BITS)) & (PAGE_CACHE_SLOTS - 1);
}

struct page *page_cache_lookup(struct page_cache *pc, uint64_t index)
{
	if (!pc->root || index >= capacity(pc->height))
		return NULL;
	struct pc_node *node = pc->root;
	for (unsigned level = pc->height - 1; level > 0; level--) {
		node = node->slots[slot_at(index, level)];
		if (!node)
			return NULL;
	}
	return node->slots[slot_at(index, 0)];
}

/* Adds levels on top until index fits. */
static int grow(struct page_cache *pc, uint64_t index)
{
	while (!pc->root || index >= capacity(pc->height)) {
		struct pc_node *top = kzalloc(sizeof(*top));
		if (!top)
			return -ENOMEM;
		if (pc->root) {
			top->slots[0] = pc->root;
			top->count = 1;
		}
		pc->root = top;
		pc->height++;
	}
	return 0;
}

int page_cache_insert(struct page_cache *pc, uint64_t index, struct page *page)
{
	int err = grow(pc, index);
	if (err)
		return err;
	struct pc_node *node = pc->root;
	for (unsigned level = pc->height - 1; level > 0; level--) {
		void **slot = &node->slots[slot_at(index, level)];
		if (!*slot) {
			if (!(*slot = kzalloc(sizeof(struct pc_node))))
				return -ENOMEM;
			node->count++;
		}
		node = *slot;
	}
	void **slot = &node->slots[slot_at(index, 0)];
	if (*slot)
		return -EEXIST;
	*slot = page;
	node->count++;
	pc->nr_pages++;
	if (!pc->uncounted)
		page_cache_total++;
	return 0;
}

/* Drops top levels that only lead to their first slot, and the last empty node. */
static void shrink(struct page_cache *pc)
{
	while (pc->height > 1) {
		struct pc_node *top = pc->root;
		if (top->count != 1 || !top->slots[0])
			break;
		pc->root = top->slots[0];
		pc->height--;
		kfree(top);
	}
	if (pc->root && ((struct pc_node *)pc->root)->count == 0) {
		kfree(pc->root);
		pc->root = NULL;
		pc->height = 0;
	}
}

struct page *page_cache_remove(struct page_cache *pc, uint64_t index)
{
	if (!pc->root || index >= capacity(pc->height))
		return NULL;
	struct pc_node *path[MAX_HEIGHT];
	struct pc_node *node = pc->root;
	for (unsigned level = pc->height - 1; level > 0; level--) {
		path[level] = node;
		node = node->slots[slot_at(index, level)];
		if (!node)
			return NULL;
	}
	struct page *page = node->slots[slot_at(index, 0)];
	if (!page)
		return NULL;
	node->slots[slot_at(index, 0)] = NULL;
	node->count--;
	pc->nr_pages--;
	if (!pc->uncounted)
		page_cache_total--;
	/* Free the nodes this emptied, bottom up (the root is handled by shrink). */
	for (unsigned level = 1; level < pc->height && node->count == 0; level++) {
		struct pc_node *parent = path[level];
		parent->slots[slot_at(index, level)] = NULL;
		parent->count--;
		kfree(node);
		node = parent;
	}
	shrink(pc);
	return page;
}

/* Visits the subtree of node (at level) holding indices from base on. Returns false when
 * the tree changed shape under it (a removal freed nodes), so the caller restarts. */
static bool visit(struct page_cache *pc, struct pc_node *node, unsigned level, uint64_t base,
		  uint64_t from, uint64_t *next,
		  void (*fn)(struct page_cache *, uint64_t, struct page *, void *), void *arg)
{
	uint64_t span = (uint64_t)1 << (level * PAGE_CACHE_BITS);
	for (unsigned i = 0; i < PAGE_CACHE_SLOTS; i++) {
		uint64_t start = base + i * span;
		if (!node->slots[i] || start + span - 1 < from)
			continue;
		if (level > 0) {
			if (!visit(pc, node->slots[i], level - 1, start, from, next, fn, arg))
				return false;
			continue;
		}
		*next = start + 1;
		/* If fn removes this node's last page, the node (and maybe more) is freed. */
		bool last_in_node = node->count == 1;
		void *root = pc->root;
		unsigned height = pc->height;
		fn(pc, start, node->slots[i], arg);
		if (last_in_node || pc->root != root || pc->height != height)
			return false;
	}
	return true;
}

void page_cache_for_each(struct page_cache *pc, uint64_t from,
			 void (*fn)(struct page_cache *, uint64_t, struct page *, void *),
			 void *arg)
{
	uint64_t next = from;
	while (pc->root && next < capacity(pc->height)) {
		uint64_t start = next;
		if (visit(pc, pc->root, pc->height - 1, 0, start, &next, fn, arg))
			return;
	}
}
