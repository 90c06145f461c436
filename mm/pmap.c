#include "mm/pmap.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/frame.h"
#include "mm/phys.h"
#include "mm/tlb.h"

#define PML4_LEVEL 4
#define KERNEL_PML4_FIRST 256   /* PML4 entries from here up map the kernel half */

struct pmap kernel_pmap;

/* Index of va in the table at `level` (4 = PML4 ... 1 = PT). */
static unsigned pt_index(uintptr_t va, int level)
{
	return (unsigned)(va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static pte_t *table_at(phys_addr_t pa)
{
	return phys_to_virt(pa);
}

/* The table that contains entry e. */
static pte_t *table_of(pte_t *e)
{
	return (pte_t *)((uintptr_t)e & PAGE_MASK);
}

static bool table_empty(const pte_t *t)
{
	for (int i = 0; i < PT_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

/*
 * Finds the entry for va in the table at `level`, creating missing tables above it when
 * alloc is true. Intermediate entries are writable (and user-accessible in the user half):
 * the leaf entry alone decides what is allowed. Returns 0 with *out set, -ENOENT (missing,
 * or a 2 MiB page in the way) or -ENOMEM.
 */
static int walk_to(struct pmap *pm, uintptr_t va, int level, bool alloc, pte_t **out)
{
	pte_t *t = table_at(pm->root);
	for (int l = PML4_LEVEL; l > level; l--) {
		pte_t *e = &t[pt_index(va, l)];
		if (!(*e & PTE_P)) {
			if (!alloc)
				return -ENOENT;
			phys_addr_t pa = frame_alloc_phys(FRAME_ZERO);
			if (!pa)
				return -ENOMEM;
			*e = pa | PTE_P | PTE_W | (pmap_is_kernel_va(va) ? 0 : PTE_U);
		} else if (*e & PTE_PS) {
			return -ENOENT;
		}
		t = table_at(pte_addr(*e));
	}
	*out = &t[pt_index(va, level)];
	return 0;
}

/* Invalidates va's translation if the CPU may have cached it. */
static void flush(struct pmap *pm, uintptr_t va)
{
	if (pmap_is_kernel_va(va) || pm->root == tlb_current_root())
		tlb_flush_page(va);
}

int pmap_init_empty(struct pmap *pm)
{
	pm->root = frame_alloc_phys(FRAME_ZERO);
	return pm->root ? 0 : -ENOMEM;
}

int pmap_create(struct pmap *pm)
{
	int err = pmap_init_empty(pm);
	if (err)
		return err;
	pte_t *mine = table_at(pm->root), *kernel = table_at(kernel_pmap.root);
	for (int i = KERNEL_PML4_FIRST; i < PT_ENTRIES; i++)
		mine[i] = kernel[i];
	return 0;
}

/* Frees the table at pa and, below level 1, every table it points to. */
static void free_tables(phys_addr_t pa, int level)
{
	if (level > 1) {
		pte_t *t = table_at(pa);
		for (int i = 0; i < PT_ENTRIES; i++)
			if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
				free_tables(pte_addr(t[i]), level - 1);
	}
	frame_free_phys(pa);
}

/* The table at pa and, below level 1, the tables under it. */
static uint64_t count_tables(phys_addr_t pa, int level)
{
	uint64_t n = 1;
	if (level > 1) {
		const pte_t *t = table_at(pa);
		for (int i = 0; i < PT_ENTRIES; i++)
			if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
				n += count_tables(pte_addr(t[i]), level - 1);
	}
	return n;
}

uint64_t pmap_table_pages(const struct pmap *pm)
{
	const pte_t *pml4 = table_at(pm->root);
	uint64_t n = 0;
	for (int i = 0; i < KERNEL_PML4_FIRST; i++)
		if (pml4[i] & PTE_P)
			n += count_tables(pte_addr(pml4[i]), PML4_LEVEL - 1);
	return n;
}

void pmap_destroy(struct pmap *pm)
{
	pte_t *pml4 = table_at(pm->root);
	for (int i = 0; i < KERNEL_PML4_FIRST; i++)
		if (pml4[i] & PTE_P)
			free_tables(pte_addr(pml4[i]), PML4_LEVEL - 1);
	frame_free_phys(pm->root);
	pm->root = 0;
}

/* Stores entry at va's place in the table at `level`, which must be empty. */
static int map_at_level(struct pmap *pm, uintptr_t va, pte_t entry, int level)
{
	pte_t *e;
	int err = walk_to(pm, va, level, true, &e);
	if (err == -ENOENT)
		return -EEXIST;         /* a 2 MiB page already covers va */
	if (err)
		return err;
	if (*e)
		return -EEXIST;
	*e = entry;
	return 0;
}

int pmap_map(struct pmap *pm, uintptr_t va, phys_addr_t pa, pte_t flags)
{
	return map_at_level(pm, va, (pa & PTE_ADDR_MASK) | flags | PTE_P, 1);
}

int pmap_map_large(struct pmap *pm, uintptr_t va, phys_addr_t pa, pte_t flags)
{
	if ((va | pa) & (LARGE_PAGE_SIZE - 1))
		return -EINVAL;
	return map_at_level(pm, va, (pa & PTE_ADDR_MASK) | flags | PTE_P | PTE_PS, 2);
}

int pmap_install(struct pmap *pm, uintptr_t va, pte_t entry)
{
	return map_at_level(pm, va, entry, 1);
}

/*
 * Records the entries on the way to va's leaf in path[level]; returns the leaf's level
 * (1, or 2 for a 2 MiB page), or 0 when a table on the way is missing.
 */
static int find_leaf(struct pmap *pm, uintptr_t va, pte_t *path[PML4_LEVEL + 1])
{
	pte_t *t = table_at(pm->root);
	for (int l = PML4_LEVEL; l >= 1; l--) {
		pte_t *e = &t[pt_index(va, l)];
		path[l] = e;
		if (l == 1 || (l == 2 && (*e & PTE_PS)))
			return l;
		if (!(*e & PTE_P))
			return 0;
		t = table_at(pte_addr(*e));
	}
	return 0;
}

pte_t pmap_unmap(struct pmap *pm, uintptr_t va)
{
	pte_t *path[PML4_LEVEL + 1];
	int leaf = find_leaf(pm, va, path);
	if (!leaf || !*path[leaf])
		return 0;
	pte_t old = *path[leaf];
	*path[leaf] = 0;
	if (old & PTE_P)
		flush(pm, va);
	/* Free the tables this emptied, bottom up. A kernel-half PML4 entry is never cleared:
	 * every address space holds a copy of it. */
	for (int l = leaf; l < PML4_LEVEL; l++) {
		if (!table_empty(table_of(path[l])))
			break;
		if (l + 1 == PML4_LEVEL && pmap_is_kernel_va(va))
			break;
		phys_addr_t pa = pte_addr(*path[l + 1]);
		*path[l + 1] = 0;
		frame_free_phys(pa);
	}
	return old;
}

bool pmap_replace(struct pmap *pm, uintptr_t va, pte_t expected, pte_t entry)
{
	pte_t *e;
	const pte_t cpu_bits = PTE_A | PTE_D;
	if (walk_to(pm, va, 1, false, &e) != 0 || !*e ||
	    (*e & ~cpu_bits) != (expected & ~cpu_bits))
		return false;                   /* an empty entry is pmap_install's */
	pte_t old = *e;
	*e = entry;
	if (old & PTE_P)
		flush(pm, va);
	return true;
}

pte_t pmap_lookup(struct pmap *pm, uintptr_t va)
{
	/* find_leaf's walk without recording the path: every page fault starts here. */
	pte_t *t = table_at(pm->root);
	for (int l = PML4_LEVEL; l > 1; l--) {
		pte_t e = t[pt_index(va, l)];
		if (!(e & PTE_P) || (l == 2 && (e & PTE_PS)))
			return (e & PTE_P) ? e : 0;
		t = table_at(pte_addr(e));
	}
	return t[pt_index(va, 1)];
}

pte_t *pmap_walk(struct pmap *pm, uintptr_t va, bool alloc)
{
	pte_t *e;
	return walk_to(pm, va, 1, alloc, &e) == 0 ? e : NULL;
}

/* Above this many changed pages one CR3 reload is cheaper than invlpg for each. */
#define FLUSH_ALL_THRESHOLD 32

struct range_walk {
	struct pmap *pm;
	pte_update_fn fn;
	void *arg;
	uint64_t changed;
	uintptr_t first_changed;
};

/* The first address of the next `level` region after va (0 on wrapping past the top). */
static uintptr_t next_boundary(uintptr_t va, int level)
{
	uintptr_t size = (uintptr_t)1 << (PAGE_SHIFT + 9 * (level - 1));
	return (va & ~(size - 1)) + size;
}

/* Walks the table at `level` for [start, end); returns true when the table is now empty. */
static bool update_table(struct range_walk *w, pte_t *t, int level, uintptr_t start,
			 uintptr_t end)
{
	for (uintptr_t va = start; va < end;) {
		uintptr_t next = next_boundary(va, level);
		if (next == 0 || next > end)
			next = end;
		pte_t *e = &t[pt_index(va, level)];
		if (level == 1) {
			if (*e) {
				pte_t updated = w->fn(va, *e, w->arg);
				if (updated != *e) {
					if (!w->changed++)
						w->first_changed = va;
					*e = updated;
					if (w->changed <= FLUSH_ALL_THRESHOLD)
						flush(w->pm, va);
				}
			}
		} else if ((*e & PTE_P) && !(*e & PTE_PS)) {
			pte_t *child = table_at(pte_addr(*e));
			bool kernel_top = level == PML4_LEVEL && pmap_is_kernel_va(va);
			if (update_table(w, child, level - 1, va, next) && !kernel_top) {
				phys_addr_t pa = pte_addr(*e);
				*e = 0;
				frame_free_phys(pa);
			}
		}
		va = next;
	}
	return table_empty(t);
}

void pmap_update_range(struct pmap *pm, uintptr_t start, uintptr_t end, pte_update_fn fn,
		       void *arg)
{
	struct range_walk w = { pm, fn, arg, 0, 0 };
	if (start >= end)
		return;
	update_table(&w, table_at(pm->root), PML4_LEVEL, start, end);
	if (w.changed > FLUSH_ALL_THRESHOLD &&
	    (pm->root == tlb_current_root() || pmap_is_kernel_va(start)))
		tlb_flush_all();
}

#ifndef HOST_TEST
void pmap_activate(struct pmap *pm)
{
	write_cr3(pm->root);
}
#endif
