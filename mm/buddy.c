#include "mm/buddy.h"

#define NO_PFN ((pfn_t)-1)

static struct page *page_of(struct buddy *b, pfn_t pfn)
{
	return &b->pages[pfn];
}

static pfn_t pfn_of(struct buddy *b, struct page *p)
{
	return (pfn_t)(p - b->pages);
}

/* Puts the free block starting at pfn on the list of its order. */
static void push_free(struct buddy *b, pfn_t pfn, unsigned order)
{
	struct page *p = page_of(b, pfn);
	p->flags = PG_BUDDY;
	p->order = (uint8_t)order;
	p->refcount = 0;
	list_add(&p->list, &b->area[order].blocks);
	b->area[order].count++;
}

static void pop_free(struct buddy *b, struct page *p)
{
	list_del(&p->list);
	b->area[p->order].count--;
	p->flags &= (uint16_t)~PG_BUDDY;
}

/* True when pfn starts a free block of exactly this order. */
static bool is_free_block(struct buddy *b, pfn_t pfn, unsigned order)
{
	return pfn < b->end_pfn && (page_of(b, pfn)->flags & PG_BUDDY) &&
	       page_of(b, pfn)->order == order;
}

bool buddy_is_free(const struct buddy *b, pfn_t pfn)
{
	if (pfn >= b->end_pfn)
		return false;
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
		pfn_t head = pfn & ~(((pfn_t)1 << k) - 1);
		const struct page *h = &b->pages[head];
		if ((h->flags & PG_BUDDY) && head + ((pfn_t)1 << h->order) > pfn)
			return true;
	}
	return false;
}

/* Frees the block [pfn, pfn + 2^order), merging it with free buddies as far as it goes. */
static void free_block(struct buddy *b, pfn_t pfn, unsigned order)
{
	while (order < BUDDY_MAX_ORDER) {
		pfn_t buddy = pfn ^ ((pfn_t)1 << order);
		if (!is_free_block(b, buddy, order))
			break;
		pop_free(b, page_of(b, buddy));
		pfn &= ~((pfn_t)1 << order);    /* the merged block starts at the lower half */
		order++;
	}
	push_free(b, pfn, order);
}

void buddy_init(struct buddy *b, struct page *pages, pfn_t end_pfn)
{
	b->pages = pages;
	b->end_pfn = end_pfn;
	b->total = 0;
	b->free = 0;
	for (pfn_t pfn = 0; pfn < end_pfn; pfn++) {
		pages[pfn] = (struct page){ .flags = PG_RESERVED };
		list_init(&pages[pfn].list);
	}
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
		list_init(&b->area[k].blocks);
		b->area[k].count = 0;
	}
}

/* The largest order of an aligned block that starts at pfn and ends by end. */
static unsigned largest_fit(pfn_t pfn, pfn_t end)
{
	unsigned k = 0;
	while (k < BUDDY_MAX_ORDER && (pfn & (((pfn_t)1 << (k + 1)) - 1)) == 0 &&
	       pfn + ((pfn_t)1 << (k + 1)) <= end)
		k++;
	return k;
}

void buddy_add_free(struct buddy *b, pfn_t start, pfn_t end)
{
	if (end > b->end_pfn)
		end = b->end_pfn;
	for (pfn_t pfn = start; pfn < end; pfn++)
		page_of(b, pfn)->flags = 0;
	while (start < end) {
		unsigned k = largest_fit(start, end);
		free_block(b, start, k);
		b->total += (pfn_t)1 << k;
		b->free += (pfn_t)1 << k;
		start += (pfn_t)1 << k;
	}
}

void buddy_mark_allocated(struct buddy *b, pfn_t start, pfn_t end)
{
	if (end > b->end_pfn)
		end = b->end_pfn;
	for (pfn_t pfn = start; pfn < end; pfn++) {
		*page_of(b, pfn) = (struct page){ .refcount = 1 };
		list_init(&page_of(b, pfn)->list);
		b->total++;
	}
}

pfn_t buddy_alloc(struct buddy *b, unsigned order)
{
	if (order > BUDDY_MAX_ORDER)
		return NO_PFN;
	unsigned k = order;
	while (k <= BUDDY_MAX_ORDER && list_empty(&b->area[k].blocks))
		k++;
	if (k > BUDDY_MAX_ORDER)
		return NO_PFN;
	struct page *p = list_entry(b->area[k].blocks.next, struct page, list);
	pop_free(b, p);
	pfn_t pfn = pfn_of(b, p);
	/* Split: keep the lower half, give the upper half back, until the size is right. */
	while (k > order) {
		k--;
		push_free(b, pfn + ((pfn_t)1 << k), k);
	}
	p->flags = 0;
	p->order = (uint8_t)order;
	p->refcount = 1;
	p->mapcount = 0;
	b->free -= (pfn_t)1 << order;
	return pfn;
}

enum buddy_error buddy_free(struct buddy *b, pfn_t pfn, unsigned order)
{
	if (pfn >= b->end_pfn || order > BUDDY_MAX_ORDER || (pfn & (((pfn_t)1 << order) - 1)))
		return BUDDY_NOT_ALLOCATED;
	struct page *p = page_of(b, pfn);
	if (p->flags & PG_RESERVED)
		return BUDDY_NOT_ALLOCATED;
	if (buddy_is_free(b, pfn))
		return BUDDY_DOUBLE_FREE;
	if (p->refcount == 0 || p->order != order)
		return BUDDY_NOT_ALLOCATED;
	if (p->mapcount != 0)
		return BUDDY_STILL_MAPPED;
	if (p->refcount != 1)
		return BUDDY_STILL_REFERENCED;
	p->refcount = 0;
	p->flags = 0;
	p->object = NULL;               /* a frame handed out has no owner until mm gives it one */
	p->anon = NULL;
	free_block(b, pfn, order);
	b->free += (pfn_t)1 << order;
	return BUDDY_OK;
}

const char *buddy_error_name(enum buddy_error e)
{
	switch (e) {
	case BUDDY_OK: return "ok";
	case BUDDY_DOUBLE_FREE: return "double free";
	case BUDDY_NOT_ALLOCATED: return "freeing a frame the allocator never handed out";
	case BUDDY_STILL_MAPPED: return "freeing a frame that is still mapped";
	case BUDDY_STILL_REFERENCED: return "freeing a frame that others still hold";
	}
	return "unknown error";
}
