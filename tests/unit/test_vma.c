/* The VMA set: an AVL tree of areas, checked against a plain array after every change. */
#include "tests/unit/unit.h"

#include <stdlib.h>

static long live;
void *kzalloc(size_t n);
void kfree(void *p);
void *kzalloc(size_t n)
{
	live++;
	return calloc(1, n);
}
void kfree(void *p)
{
	if (p)
		live--;
	free(p);
}
#define MM_KMALLOC_H

#include "mm/vma.c"

#define P 4096UL

static struct vma *area(uintptr_t start, uintptr_t end)
{
	struct vma *v = kzalloc(sizeof(*v));
	v->start = start;
	v->end = end;
	v->prot = VMA_READ;
	v->pgoff = start / P;           /* as a new anonymous area's */
	return v;
}

/* Checks order, parent links, heights and balance, and the gaps: each area's own (from
 * the end of the area before it) and the largest in its subtree; returns the subtree's
 * height. */
static int check_tree(struct vma *v, struct vma *parent, uintptr_t lo, uintptr_t hi, size_t *n)
{
	if (!v)
		return 0;
	CHECK(v->parent == parent);
	CHECK(v->start >= lo && v->end <= hi && v->start < v->end);
	(*n)++;
	int l = check_tree(v->left, v, lo, v->start, n);
	int r = check_tree(v->right, v, v->end, hi, n);
	CHECK(l - r >= -1 && l - r <= 1);
	CHECK_EQ(v->height, 1 + (l > r ? l : r));
	struct vma *prev = vma_prev(v);
	CHECK_EQ(v->gap, v->start - (prev ? prev->end : 0));
	uintptr_t most = v->gap;
	if (v->left && v->left->subtree_gap > most)
		most = v->left->subtree_gap;
	if (v->right && v->right->subtree_gap > most)
		most = v->right->subtree_gap;
	CHECK_EQ(v->subtree_gap, most);
	return v->height;
}

static void check_set(struct vma_set *s)
{
	size_t n = 0;
	check_tree(s->root, NULL, 0, UINTPTR_MAX, &n);
	CHECK_EQ(n, s->count);
}

static void release(struct vma *v, void *arg)
{
	(*(int *)arg)++;
	kfree(v);
}

static void absorb(struct vma *into, struct vma *gone)
{
	(void)into;
	kfree(gone);
}

TEST(find_at_the_boundaries)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK_EQ(vma_insert(&s, area(10 * P, 20 * P)), 0);
	CHECK_EQ(vma_insert(&s, area(30 * P, 40 * P)), 0);
	CHECK(vma_find(&s, 10 * P) && vma_find(&s, 20 * P - 1));
	CHECK(vma_find(&s, 20 * P) == NULL);
	CHECK(vma_find(&s, 10 * P - 1) == NULL);
	CHECK_EQ(vma_find_first_after(&s, 20 * P)->start, 30 * P);
	CHECK_EQ(vma_find_first_after(&s, 0)->start, 10 * P);
	CHECK(vma_find_first_after(&s, 40 * P) == NULL);
	int released = 0;
	vma_set_destroy(&s, release, &released);
	CHECK_EQ(released, 2);
	CHECK_EQ(live, 0);
}

TEST(overlaps_are_refused)
{
	struct vma_set s;
	vma_set_init(&s);
	vma_insert(&s, area(10 * P, 20 * P));
	uintptr_t bad[][2] = { { 5, 11 }, { 19, 25 }, { 12, 15 }, { 5, 25 }, { 10, 20 } };
	for (int i = 0; i < 5; i++) {
		struct vma *v = area(bad[i][0] * P, bad[i][1] * P);
		CHECK_EQ(vma_insert(&s, v), -EEXIST);
		kfree(v);
	}
	CHECK_EQ(s.count, 1);
	CHECK_EQ(vma_insert(&s, area(20 * P, 21 * P)), 0);     /* touching is fine */
	CHECK_EQ(vma_insert(&s, area(9 * P, 10 * P)), 0);
	int released = 0;
	vma_set_destroy(&s, release, &released);
	CHECK_EQ(live, 0);
}

TEST(split_and_merge)
{
	struct vma_set s;
	vma_set_init(&s);
	struct vma *v = area(10 * P, 20 * P);
	v->object = (struct vm_object *)0x1000;
	v->pgoff = 5;
	v->flags = 0;
	vma_insert(&s, v);
	struct vma *upper = vma_split(&s, v, 14 * P);
	CHECK(upper && upper->start == 14 * P && upper->end == 20 * P && upper->pgoff == 9);
	CHECK(v->end == 14 * P && vma_find(&s, 15 * P) == upper && vma_find(&s, 13 * P) == v);
	CHECK(vma_can_merge(v, upper));
	upper->pgoff = 10;
	CHECK(!vma_can_merge(v, upper));
	check_set(&s);
	int released = 0;
	vma_set_destroy(&s, release, &released);

	struct vma *a = area(0, 4 * P), *b = area(4 * P, 8 * P), *c = area(8 * P, 9 * P);
	vma_insert(&s, a);
	vma_insert(&s, c);
	vma_insert(&s, b);
	a->anon = (struct anon_vma *)0x2000;
	b->anon = (struct anon_vma *)0x3000;
	CHECK(!vma_can_merge(a, b));            /* their anonymous pages have other owners */
	b->anon = NULL;
	c->anon = a->anon;
	struct vma *m = vma_merge_neighbors(&s, b, absorb);
	CHECK(m == a && a->end == 9 * P && s.count == 1);
	struct vma *d = area(9 * P, 10 * P);
	d->prot = VMA_WRITE;
	vma_insert(&s, d);
	CHECK(vma_merge_neighbors(&s, d, absorb) == d && s.count == 2);       /* different protection */
	check_set(&s);
	vma_set_destroy(&s, release, &released);
	CHECK_EQ(live, 0);
}

TEST(gaps_top_down)
{
	struct vma_set s;
	vma_set_init(&s);
	CHECK_EQ(vma_find_gap(&s, 2 * P, P, 100 * P), 98 * P);
	vma_insert(&s, area(90 * P, 100 * P));
	vma_insert(&s, area(50 * P, 88 * P));
	CHECK_EQ(vma_find_gap(&s, 2 * P, P, 100 * P), 88 * P);         /* exact fit */
	CHECK_EQ(vma_find_gap(&s, 3 * P, P, 100 * P), 47 * P);
	CHECK_EQ(vma_find_gap(&s, 49 * P, P, 100 * P), P);
	CHECK_EQ(vma_find_gap(&s, 50 * P, P, 100 * P), 0);
	CHECK_EQ(vma_find_gap(&s, P, 95 * P, 100 * P), 0);
	CHECK_EQ(vma_find_gap(&s, P, P, 60 * P), 49 * P);
	int released = 0;
	vma_set_destroy(&s, release, &released);
}

TEST(random_against_an_array)
{
	enum { SLOTS = 400 };
	static struct vma *shadow[SLOTS];               /* shadow[i]: area [i*4P, i*4P+len) */
	memset(shadow, 0, sizeof(shadow));
	struct vma_set s;
	vma_set_init(&s);
	srand(11);
	for (int step = 0; step < 20000; step++) {
		int i = rand() % SLOTS;
		if (!shadow[i]) {
			struct vma *v = area((uintptr_t)i * 4 * P, (uintptr_t)i * 4 * P + (uintptr_t)(1 + rand() % 4) * P);
			CHECK_EQ(vma_insert(&s, v), 0);
			shadow[i] = v;
		} else {
			vma_remove(&s, shadow[i]);
			kfree(shadow[i]);
			shadow[i] = NULL;
		}
		if (step % 500 == 0)
			check_set(&s);
	}
	check_set(&s);
	struct vma *prev = NULL;
	size_t n = 0;
	for (struct vma *v = vma_first(&s); v; v = vma_next(v), n++) {
		CHECK(!prev || prev->end <= v->start);
		CHECK(v == shadow[v->start / (4 * P)]);
		CHECK(vma_prev(v) == prev);
		prev = v;
	}
	CHECK_EQ(n, s.count);
	for (int i = 0; i < SLOTS; i++)
		if (shadow[i]) {
			CHECK(vma_find(&s, shadow[i]->start + P / 2) == shadow[i]);
			CHECK(vma_find(&s, shadow[i]->end) != shadow[i]);
		}
	int released = 0;
	vma_set_destroy(&s, release, &released);
	CHECK_EQ(live, 0);
}

/* vma_find_gap's answer found the slow way: every gap, from the top down. */
static uintptr_t gap_by_walking(struct vma_set *s, size_t len, uintptr_t low, uintptr_t high)
{
	if (high < low || high - low < len)
		return 0;
	uintptr_t best = 0, from = 0;
	for (struct vma *v = vma_first(s);; v = vma_next(v)) {
		uintptr_t to = v ? v->start : UINTPTR_MAX;
		uintptr_t lo = from > low ? from : low, hi = to < high ? to : high;
		if (hi > lo && hi - lo >= len)
			best = (hi - len) & ~(P - 1);
		if (!v)
			return best;
		from = v->end;
	}
}

/* Random inserts, removals, splits, merges and resizes keep every gap true, and the
 * O(log n) search agrees with a walk over every gap, for random sizes and limits. */
TEST(gaps_after_random_changes)
{
	enum { SLOTS = 300, SPAN = 16 };        /* slot i may hold an area in [i*16P, i*16P+16P) */
	static struct vma *shadow[SLOTS];
	memset(shadow, 0, sizeof(shadow));
	struct vma_set s;
	vma_set_init(&s);
	srand(7);
	for (int step = 0; step < 30000; step++) {
		int i = rand() % SLOTS, what = rand() % 4;
		uintptr_t base = (uintptr_t)i * SPAN * P;
		struct vma *v = shadow[i];
		if (!v) {
			uintptr_t a = (uintptr_t)(rand() % 8), b = a + 1 + (uintptr_t)(rand() % 8);
			v = area(base + a * P, base + b * P);
			CHECK_EQ(vma_insert(&s, v), 0);
			shadow[i] = v;
		} else if (what == 0) {
			vma_remove(&s, v);
			kfree(v);
			shadow[i] = NULL;
		} else if (what == 1 && v->end - v->start >= 2 * P) {
			/* split, then put it back together (as an mprotect and its undo) */
			struct vma *upper = vma_split(&s, v, v->start + P);
			CHECK(upper != NULL);
			check_set(&s);
			CHECK(vma_merge_neighbors(&s, upper, absorb) == v);
		} else {
			/* grow down or up within the slot, or shrink (a stack, mremap) */
			uintptr_t a = base + (uintptr_t)(rand() % 8) * P;
			uintptr_t b = a + (uintptr_t)(1 + rand() % 8) * P;
			vma_resize(&s, v, a, b);
		}
		if (step % 1000 == 0)
			check_set(&s);
		size_t len = (size_t)(1 + rand() % 40) * P;
		uintptr_t low = (uintptr_t)(rand() % (SLOTS * SPAN)) * P;
		uintptr_t high = low + (uintptr_t)(rand() % (SLOTS * SPAN)) * P;
		CHECK_EQ(vma_find_gap(&s, len, low, high), gap_by_walking(&s, len, low, high));
	}
	check_set(&s);
	int released = 0;
	vma_set_destroy(&s, release, &released);
	CHECK_EQ(live, 0);
}
