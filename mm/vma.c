#include "mm/vma.h"
#include "kernel/errno.h"
#include "mm/kmalloc.h"

#define PAGE_SHIFT_VMA 12

void vma_set_init(struct vma_set *s)
{
	s->root = NULL;
	s->count = 0;
}

/* --- the AVL tree ------------------------------------------------------------------ */

static int height(const struct vma *v)
{
	return v ? v->height : 0;
}

static uintptr_t subtree_gap(const struct vma *v)
{
	return v ? v->subtree_gap : 0;
}

/* Recomputes what v knows of its subtree: its height, and the largest gap in it. */
static void update_height(struct vma *v)
{
	int l = height(v->left), r = height(v->right);
	v->height = 1 + (l > r ? l : r);
	uintptr_t g = v->gap, lg = subtree_gap(v->left), rg = subtree_gap(v->right);
	v->subtree_gap = g > lg ? (g > rg ? g : rg) : (lg > rg ? lg : rg);
}

/* v's subtree changed below it: every ancestor's largest gap may have too. */
static void propagate(struct vma *v)
{
	for (; v; v = v->parent)
		update_height(v);
}

/* Makes child take parent's place under parent's parent. */
static void replace_child(struct vma_set *s, struct vma *parent, struct vma *old, struct vma *new)
{
	if (!parent)
		s->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

/* Rotates x's right child up; returns it. */
static struct vma *rotate_left(struct vma_set *s, struct vma *x)
{
	struct vma *y = x->right;
	replace_child(s, x->parent, x, y);
	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->left = x;
	x->parent = y;
	update_height(x);
	update_height(y);
	return y;
}

static struct vma *rotate_right(struct vma_set *s, struct vma *x)
{
	struct vma *y = x->left;
	replace_child(s, x->parent, x, y);
	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->right = x;
	x->parent = y;
	update_height(x);
	update_height(y);
	return y;
}

/* Restores the AVL balance from v up to the root. */
static void rebalance(struct vma_set *s, struct vma *v)
{
	while (v) {
		update_height(v);
		int balance = height(v->left) - height(v->right);
		if (balance > 1) {
			if (height(v->left->left) < height(v->left->right))
				rotate_left(s, v->left);
			v = rotate_right(s, v);
		} else if (balance < -1) {
			if (height(v->right->right) < height(v->right->left))
				rotate_right(s, v->right);
			v = rotate_left(s, v);
		}
		v = v->parent;
	}
}

/* --- lookups ----------------------------------------------------------------------- */

struct vma *vma_find_first_after(struct vma_set *s, uintptr_t addr)
{
	struct vma *best = NULL;
	for (struct vma *v = s->root; v;) {
		if (v->end > addr) {
			best = v;
			v = v->left;
		} else {
			v = v->right;
		}
	}
	return best;
}

struct vma *vma_find(struct vma_set *s, uintptr_t addr)
{
	struct vma *v = vma_find_first_after(s, addr);
	return v && v->start <= addr ? v : NULL;
}

struct vma *vma_first(struct vma_set *s)
{
	struct vma *v = s->root;
	while (v && v->left)
		v = v->left;
	return v;
}

static struct vma *vma_last(struct vma_set *s)
{
	struct vma *v = s->root;
	while (v && v->right)
		v = v->right;
	return v;
}

struct vma *vma_next(struct vma *v)
{
	if (v->right) {
		v = v->right;
		while (v->left)
			v = v->left;
		return v;
	}
	while (v->parent && v->parent->right == v)
		v = v->parent;
	return v->parent;
}

struct vma *vma_prev(struct vma *v)
{
	if (v->left) {
		v = v->left;
		while (v->right)
			v = v->right;
		return v;
	}
	while (v->parent && v->parent->left == v)
		v = v->parent;
	return v->parent;
}

/* --- changes ----------------------------------------------------------------------- */

/* Sets v's gap from the area before it (which ends at prev_end, 0 without one), and tells
 * its ancestors. */
static void set_gap(struct vma *v, uintptr_t prev_end)
{
	v->gap = v->start - prev_end;
	propagate(v);
}

static uintptr_t end_of(const struct vma *v)
{
	return v ? v->end : 0;
}

int vma_insert(struct vma_set *s, struct vma *v)
{
	struct vma *next = vma_find_first_after(s, v->start);
	if (next && next->start < v->end)
		return -EEXIST;
	struct vma *parent = NULL, **link = &s->root;
	while (*link) {
		parent = *link;
		link = v->start < parent->start ? &parent->left : &parent->right;
	}
	v->left = v->right = NULL;
	v->parent = parent;
	v->height = 1;
	*link = v;
	s->count++;
	rebalance(s, parent);
	set_gap(v, end_of(vma_prev(v)));
	if (next)
		set_gap(next, v->end);
	return 0;
}

void vma_remove(struct vma_set *s, struct vma *v)
{
	struct vma *fix, *next = vma_next(v);
	uintptr_t prev_end = end_of(vma_prev(v));
	if (v->left && v->right) {
		/* Put v's successor (the leftmost of its right subtree) in v's place. */
		struct vma *succ = v->right;
		while (succ->left)
			succ = succ->left;
		fix = succ->parent == v ? succ : succ->parent;
		if (succ->parent != v) {
			replace_child(s, succ->parent, succ, succ->right);
			succ->right = v->right;
			succ->right->parent = succ;
		}
		replace_child(s, v->parent, v, succ);
		succ->left = v->left;
		succ->left->parent = succ;
	} else {
		struct vma *child = v->left ? v->left : v->right;
		fix = v->parent;
		replace_child(s, v->parent, v, child);
	}
	s->count--;
	v->left = v->right = v->parent = NULL;
	rebalance(s, fix);
	if (next)
		set_gap(next, prev_end);        /* v's gap joins the one below next */
}

void vma_resize(struct vma_set *s, struct vma *v, uintptr_t start, uintptr_t end)
{
	(void)s;
	v->start = start;
	v->end = end;
	set_gap(v, end_of(vma_prev(v)));
	struct vma *next = vma_next(v);
	if (next)
		set_gap(next, end);
}

struct vma *vma_split(struct vma_set *s, struct vma *v, uintptr_t addr)
{
	struct vma *upper = kzalloc(sizeof(*upper));
	if (!upper)
		return NULL;
	*upper = *v;
	upper->start = addr;
	upper->pgoff += (addr - v->start) >> PAGE_SHIFT_VMA;
	v->end = addr;                  /* shrinking v keeps the tree ordered */
	vma_insert(s, upper);
	return upper;
}

bool vma_can_merge(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
	    a->object != b->object || a->file_end != b->file_end || a->uffd != b->uffd)
		return false;
	if (a->anon && b->anon && a->anon != b->anon)
		return false;
	return a->pgoff + ((a->end - a->start) >> PAGE_SHIFT_VMA) == b->pgoff;
}

struct vma *vma_merge_neighbors(struct vma_set *s, struct vma *v, vma_absorb_fn absorbed)
{
	struct vma *next = vma_next(v);
	if (next && vma_can_merge(v, next)) {
		vma_remove(s, next);
		vma_resize(s, v, v->start, next->end);
		absorbed(v, next);
	}
	struct vma *prev = vma_prev(v);
	if (prev && vma_can_merge(prev, v)) {
		vma_remove(s, v);
		vma_resize(s, prev, prev->start, v->end);
		absorbed(prev, v);
		v = prev;
	}
	return v;
}

/* The start of the free space below v: the end of the area before it. */
static uintptr_t gap_start(const struct vma *v)
{
	return v->start - v->gap;
}

/* Linux's unmapped_area_topdown, on the augmented tree: visit the areas from the top
 * down, in order, but enter a subtree only when its largest gap could hold len; the first
 * gap that does, below high and above low, is the answer. */
uintptr_t vma_find_gap(struct vma_set *s, size_t len, uintptr_t low, uintptr_t high)
{
	if (high < low || high - low < len)
		return 0;
	uintptr_t page_mask = ~(uintptr_t)((1u << PAGE_SHIFT_VMA) - 1);
	uintptr_t high_limit = high - len;      /* a gap must start at or below this */
	uintptr_t low_limit = low + len;        /* and end at or above this */
	struct vma *last = vma_last(s);
	if (end_of(last) <= high_limit)
		return high_limit & page_mask;  /* above every area */
	struct vma *v = s->root;
	if (v->subtree_gap < len)
		return 0;
	for (;;) {
		/* The right subtree holds the higher gaps: look there first. */
		if (gap_start(v) <= high_limit && v->right && v->right->subtree_gap >= len) {
			v = v->right;
			continue;
		}
check_current:
		if (v->start < low_limit)
			return 0;               /* every gap from here down ends too low */
		if (gap_start(v) <= high_limit && v->gap >= len) {
			uintptr_t end = v->start < high ? v->start : high;
			return (end - len) & page_mask;
		}
		if (v->left && v->left->subtree_gap >= len) {
			v = v->left;
			continue;
		}
		/* Up to the first ancestor we reached from its right: it is next, downwards. */
		for (;;) {
			struct vma *child = v;
			v = v->parent;
			if (!v)
				return 0;
			if (child == v->right)
				goto check_current;
		}
	}
}

void vma_set_destroy(struct vma_set *s, void (*release)(struct vma *v, void *arg), void *arg)
{
	/* The whole tree goes, so no removal needs rebalancing or its gaps kept: take the
	 * leaves off one by one, children before their parent. */
	struct vma *v = s->root;
	s->root = NULL;
	s->count = 0;
	while (v) {
		if (v->left || v->right) {
			v = v->left ? v->left : v->right;
			continue;
		}
		struct vma *parent = v->parent;
		if (parent && parent->left == v)
			parent->left = NULL;
		else if (parent)
			parent->right = NULL;
		v->parent = NULL;
		release(v, arg);
		v = parent;
	}
}
