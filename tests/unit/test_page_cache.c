/* The page-cache radix tree, with malloc standing in for kmalloc and fake page pointers. */
#include "tests/unit/unit.h"

#include <stdlib.h>

/* The kernel heap, as the host provides it, counting live allocations for leak checks. */
static long live_nodes;
void *kzalloc(size_t n);
void kfree(void *p);
void *kzalloc(size_t n)
{
	live_nodes++;
	return calloc(1, n);
}
void kfree(void *p)
{
	if (p)
		live_nodes--;
	free(p);
}
#define MM_KMALLOC_H    /* keep the kernel's kmalloc.h out: the two above replace it */

#include "mm/page_cache.c"

/* Distinct non-NULL "pages" made from the index, never dereferenced. */
static struct page *fake(uint64_t index)
{
	return (struct page *)(uintptr_t)((index << 4) | 8);
}

TEST(empty_cache)
{
	struct page_cache pc = {0};
	CHECK(page_cache_lookup(&pc, 0) == NULL);
	CHECK(page_cache_lookup(&pc, 123456789) == NULL);
	CHECK(page_cache_remove(&pc, 5) == NULL);
	CHECK_EQ(pc.nr_pages, 0);
}

TEST(insert_lookup_remove_grows_and_shrinks)
{
	struct page_cache pc = {0};
	uint64_t idx[] = { 0, 1, 63, 64, 4095, 4096, 262143, 262144, 1ULL << 40, 7 };
	int n = sizeof(idx) / sizeof(idx[0]);
	for (int i = 0; i < n; i++)
		CHECK_EQ(page_cache_insert(&pc, idx[i], fake(idx[i])), 0);
	CHECK_EQ(pc.nr_pages, n);
	CHECK_EQ(page_cache_insert(&pc, 64, fake(1)), -EEXIST);
	for (int i = 0; i < n; i++)
		CHECK(page_cache_lookup(&pc, idx[i]) == fake(idx[i]));
	CHECK(page_cache_lookup(&pc, 2) == NULL);
	CHECK(page_cache_lookup(&pc, 65) == NULL);
	CHECK(page_cache_lookup(&pc, (1ULL << 40) + 1) == NULL);
	for (int i = n - 1; i >= 0; i--)
		CHECK(page_cache_remove(&pc, idx[i]) == fake(idx[i]));
	CHECK_EQ(pc.nr_pages, 0);
	CHECK(pc.root == NULL);
	CHECK_EQ(pc.height, 0);
	CHECK_EQ(live_nodes, 0);
}

static uint64_t visited[64];
static int nvisited;

static void record(struct page_cache *pc, uint64_t index, struct page *pg, void *arg)
{
	(void)pc;
	(void)arg;
	CHECK(pg == fake(index));
	if (nvisited < 64)
		visited[nvisited] = index;
	nvisited++;
}

static void remove_it(struct page_cache *pc, uint64_t index, struct page *pg, void *arg)
{
	(void)arg;
	CHECK(page_cache_remove(pc, index) == pg);
	record(pc, index, pg, NULL);
}

TEST(for_each_in_order_from_an_index)
{
	struct page_cache pc = {0};
	uint64_t idx[] = { 5000, 3, 70, 64, 1000000, 2 };
	for (int i = 0; i < 6; i++)
		page_cache_insert(&pc, idx[i], fake(idx[i]));
	nvisited = 0;
	page_cache_for_each(&pc, 4, record, NULL);
	CHECK_EQ(nvisited, 4);
	CHECK_EQ(visited[0], 64);
	CHECK_EQ(visited[1], 70);
	CHECK_EQ(visited[2], 5000);
	CHECK_EQ(visited[3], 1000000);
	/* Removing while iterating (as truncate does) visits each page once and empties. */
	nvisited = 0;
	page_cache_for_each(&pc, 0, remove_it, NULL);
	CHECK_EQ(nvisited, 6);
	CHECK_EQ(visited[0], 2);
	CHECK_EQ(visited[5], 1000000);
	CHECK_EQ(pc.nr_pages, 0);
	CHECK_EQ(live_nodes, 0);
}

TEST(random_against_a_shadow)
{
	enum { N = 3000, SPACE = 200000 };
	static uint8_t present[SPACE];
	memset(present, 0, sizeof(present));
	struct page_cache pc = {0};
	srand(7);
	for (int step = 0; step < 20 * N; step++) {
		uint64_t i = (uint64_t)rand() % SPACE;
		if (rand() % 3) {
			int r = page_cache_insert(&pc, i, fake(i));
			CHECK_EQ(r, present[i] ? -EEXIST : 0);
			present[i] = 1;
		} else {
			CHECK(page_cache_remove(&pc, i) == (present[i] ? fake(i) : NULL));
			present[i] = 0;
		}
	}
	uint64_t count = 0;
	for (uint64_t i = 0; i < SPACE; i++) {
		count += present[i];
		CHECK(page_cache_lookup(&pc, i) == (present[i] ? fake(i) : NULL));
	}
	CHECK_EQ(pc.nr_pages, count);
	nvisited = 0;
	page_cache_for_each(&pc, 0, remove_it, NULL);
	CHECK_EQ(nvisited, count);
	CHECK_EQ(live_nodes, 0);
}
