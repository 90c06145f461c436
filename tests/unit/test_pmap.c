/*
 * The page-table module against a simulated physical memory: a buffer plays RAM, the
 * buddy allocator hands out its frames for page tables, and every entry is checked by
 * walking the tables by hand.
 */
#include "tests/unit/unit.h"
#include "mm/buddy.c"
#include "mm/pmap.c"

#include <stdlib.h>

#define SIM_FRAMES 4096                         /* 16 MiB of simulated RAM */

uintptr_t phys_offset;
struct page *mem_map;
static struct buddy sim;
static int fail_allocations;                   /* > 0: the next allocations fail */
static int flushes;
static uintptr_t last_flushed;
static uint64_t current_root;

phys_addr_t frame_alloc_phys(unsigned flags)
{
	if (fail_allocations > 0) {
		fail_allocations--;
		return 0;
	}
	pfn_t pfn = buddy_alloc(&sim, 0);
	if (pfn == (pfn_t)-1)
		return 0;
	if (flags & FRAME_ZERO)
		memset(phys_to_virt(pfn << PAGE_SHIFT), 0, PAGE_SIZE);
	return pfn << PAGE_SHIFT;
}

void frame_free_phys(phys_addr_t pa)
{
	CHECK_EQ(buddy_free(&sim, pa >> PAGE_SHIFT, 0), BUDDY_OK);
}

void tlb_flush_page(uintptr_t va)
{
	flushes++;
	last_flushed = va;
}

void tlb_flush_all(void)
{
	flushes++;
}

uint64_t tlb_current_root(void)
{
	return current_root;
}

static void setup(void)
{
	static void *ram;
	static struct page pages[SIM_FRAMES];
	if (!ram)
		ram = aligned_alloc(PAGE_SIZE, SIM_FRAMES * PAGE_SIZE);
	phys_offset = (uintptr_t)ram;
	mem_map = pages;
	buddy_init(&sim, pages, SIM_FRAMES);
	buddy_add_free(&sim, 1, SIM_FRAMES);    /* frame 0 stays out: 0 means failure */
	fail_allocations = 0;
	flushes = 0;
	current_root = 0;
}

/* The entry for va at `level`, found by hand from the root (NULL if a table is missing). */
static pte_t *entry_by_hand(struct pmap *pm, uintptr_t va, int level)
{
	pte_t *t = phys_to_virt(pm->root);
	for (int l = 4; l > level; l--) {
		pte_t e = t[(va >> (12 + 9 * (l - 1))) & 511];
		if (!(e & PTE_P))
			return NULL;
		t = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return &t[(va >> (12 + 9 * (level - 1))) & 511];
}

TEST(map_and_walk_by_hand)
{
	setup();
	struct pmap pm;
	CHECK_EQ(pmap_init_empty(&pm), 0);
	uintptr_t va = 0x400000;
	CHECK_EQ(pmap_map(&pm, va, 0x5000, PTE_W | PTE_U | PTE_NX), 0);
	pte_t e = pmap_lookup(&pm, va + 123);
	CHECK_EQ(e, 0x5000 | PTE_W | PTE_U | PTE_NX | PTE_P);
	CHECK(pmap_walk(&pm, va, false) == entry_by_hand(&pm, va, 1));
	for (int l = 4; l > 1; l--) {
		pte_t up = *entry_by_hand(&pm, va, l);
		CHECK((up & PTE_P) && (up & PTE_W) && (up & PTE_U) && !(up & PTE_PS));
	}
	CHECK_EQ(pmap_lookup(&pm, va + PAGE_SIZE), 0);
}

TEST(protect_unmap_round_trip_frees_tables)
{
	setup();
	struct pmap pm;
	pmap_init_empty(&pm);
	uint64_t free0 = sim.free;
	uintptr_t va = 0x7f0000123000;
	CHECK_EQ(pmap_map(&pm, va, 0x9000, PTE_W | PTE_U), 0);
	CHECK_EQ(sim.free, free0 - 3);          /* a PDPT, a PD and a PT */
	*pmap_walk(&pm, va, false) |= PTE_A | PTE_D;    /* as the CPU would */
	pte_t e = pmap_lookup(&pm, va);
	CHECK(pmap_replace(&pm, va, e & ~(PTE_A | PTE_D), (e & ~PTE_W) | PTE_NX));
	CHECK_EQ(pmap_lookup(&pm, va), 0x9000 | PTE_U | PTE_NX | PTE_P | PTE_A | PTE_D);
	pte_t old = pmap_unmap(&pm, va);
	CHECK_EQ(old & PTE_ADDR_MASK, 0x9000);
	CHECK_EQ(pmap_lookup(&pm, va), 0);
	CHECK_EQ(sim.free, free0);
	CHECK(entry_by_hand(&pm, va, 3) == NULL);
}

TEST(shared_table_kept_until_last_unmap)
{
	setup();
	struct pmap pm;
	pmap_init_empty(&pm);
	uint64_t free0 = sim.free;
	pmap_map(&pm, 0x1000000, 0x3000, PTE_U);
	pmap_map(&pm, 0x1001000, 0x4000, PTE_U);
	CHECK_EQ(sim.free, free0 - 3);
	pmap_unmap(&pm, 0x1000000);
	CHECK_EQ(pmap_lookup(&pm, 0x1001000) & PTE_ADDR_MASK, 0x4000);
	CHECK_EQ(sim.free, free0 - 3);
	pmap_unmap(&pm, 0x1001000);
	CHECK_EQ(sim.free, free0);
}

TEST(errors)
{
	setup();
	struct pmap pm;
	pmap_init_empty(&pm);
	CHECK_EQ(pmap_map(&pm, 0x2000, 0x3000, 0), 0);
	CHECK_EQ(pmap_map(&pm, 0x2000, 0x8000, PTE_W), -EEXIST);
	CHECK_EQ(pmap_lookup(&pm, 0x2000), 0x3000 | PTE_P);
	CHECK(!pmap_replace(&pm, 0x9000, 0, 0x3000 | PTE_P));      /* nothing to replace */
	CHECK(!pmap_replace(&pm, 0x2000, 0x4000 | PTE_P, 0x5000 | PTE_P)); /* not as expected */
	CHECK_EQ(pmap_lookup(&pm, 0x2000), 0x3000 | PTE_P);
	CHECK_EQ(pmap_lookup(&pm, 0x9000), 0);
	CHECK_EQ(pmap_install(&pm, 0x2000, 0x5000 | PTE_P), -EEXIST);
	CHECK_EQ(pmap_unmap(&pm, 0x9000), 0);
	uint64_t free0 = sim.free;
	fail_allocations = 1;
	CHECK_EQ(pmap_map(&pm, 0x40000000000, 0x3000, 0), -ENOMEM);
	fail_allocations = 0;
	CHECK_EQ(pmap_map(&pm, 0x40000000000, 0x3000, 0), 0);
	pmap_unmap(&pm, 0x40000000000);
	CHECK(sim.free >= free0 - 0);           /* nothing half-built was left behind */
}

TEST(large_pages)
{
	setup();
	struct pmap pm;
	pmap_init_empty(&pm);
	CHECK_EQ(pmap_map_large(&pm, 0x200000 + 4096, 0x200000, PTE_W), -EINVAL);
	CHECK_EQ(pmap_map_large(&pm, 0x200000, 0x201000, PTE_W), -EINVAL);
	uint64_t free0 = sim.free;
	CHECK_EQ(pmap_map_large(&pm, 0x200000, 0x400000, PTE_W), 0);
	pte_t e = pmap_lookup(&pm, 0x200000 + 0x12345);
	CHECK((e & PTE_PS) && (e & PTE_ADDR_MASK) == 0x400000);
	CHECK_EQ(pmap_map(&pm, 0x201000, 0x5000, 0), -EEXIST);
	CHECK(pmap_walk(&pm, 0x201000, false) == NULL);
	CHECK(pmap_unmap(&pm, 0x200000) & PTE_PS);
	CHECK_EQ(sim.free, free0 + 0);
}

TEST(kernel_half_shared_and_never_cut)
{
	setup();
	CHECK_EQ(pmap_init_empty(&kernel_pmap), 0);
	uintptr_t kva = 0xffff800000200000;
	CHECK_EQ(pmap_map(&kernel_pmap, kva, 0x6000, PTE_W), 0);
	struct pmap user;
	CHECK_EQ(pmap_create(&user), 0);
	CHECK_EQ(pmap_lookup(&user, kva), pmap_lookup(&kernel_pmap, kva));
	CHECK_EQ(pmap_map(&kernel_pmap, kva + 0x40000000, 0x7000, PTE_W), 0);
	CHECK_EQ(pmap_lookup(&user, kva + 0x40000000) & PTE_ADDR_MASK, 0x7000);
	CHECK(!(*entry_by_hand(&kernel_pmap, kva, 4) & PTE_U));
	pmap_unmap(&kernel_pmap, kva);
	pmap_unmap(&kernel_pmap, kva + 0x40000000);
	CHECK(*entry_by_hand(&kernel_pmap, kva, 4) & PTE_P);   /* the PDPT stays */
	CHECK(flushes >= 2);                                    /* kernel changes always flush */
}

TEST(destroy_frees_everything)
{
	setup();
	pmap_init_empty(&kernel_pmap);
	uint64_t free0 = sim.free;
	struct pmap pm;
	pmap_create(&pm);
	for (int slot = 0; slot < 4; slot++)
		for (int i = 0; i < 10; i++)
			pmap_map(&pm, ((uintptr_t)slot << 39) + (uintptr_t)i * 0x200000, 0x3000, PTE_U);
	pmap_destroy(&pm);
	CHECK_EQ(sim.free, free0);
}

TEST(tlb_flushes_only_where_needed)
{
	setup();
	struct pmap pm;
	pmap_init_empty(&pm);
	pmap_map(&pm, 0x5000, 0x3000, PTE_U | PTE_W);
	flushes = 0;
	pmap_replace(&pm, 0x5000, 0x3000 | PTE_U | PTE_W | PTE_P, 0x3000 | PTE_U | PTE_P);
	CHECK_EQ(flushes, 0);                   /* not the current address space */
	current_root = pm.root;
	pmap_replace(&pm, 0x5000, 0x3000 | PTE_U | PTE_P, 0x3000 | PTE_U | PTE_W | PTE_P);
	CHECK_EQ(flushes, 1);
	CHECK_EQ(last_flushed, 0x5000);
	pmap_unmap(&pm, 0x5000);
	CHECK_EQ(flushes, 2);
}

static pte_t drop_odd_pages(uintptr_t va, pte_t e, void *arg)
{
	(*(int *)arg)++;
	return ((va >> 12) & 1) ? 0 : (e & ~PTE_W);
}

TEST(update_range_visits_changes_and_frees)
{
	setup();
	struct pmap pm;
	pmap_init_empty(&pm);
	uint64_t free0 = sim.free;
	for (uintptr_t va = 0x600000; va < 0x600000 + 1024 * PAGE_SIZE; va += PAGE_SIZE)
		pmap_map(&pm, va, 0x3000, PTE_U | PTE_W);
	pmap_map(&pm, 0x40000000000, 0x3000, PTE_U | PTE_W);   /* another PML4 slot */
	int visited = 0;
	pmap_update_range(&pm, 0x600000, 0x600000 + 1024 * PAGE_SIZE, drop_odd_pages, &visited);
	CHECK_EQ(visited, 1024);
	CHECK_EQ(pmap_lookup(&pm, 0x601000), 0);
	CHECK_EQ(pmap_lookup(&pm, 0x600000), 0x3000 | PTE_U | PTE_P);
	visited = 0;
	pmap_update_range(&pm, 0, 0x800000000000, drop_odd_pages, &visited);
	CHECK_EQ(visited, 512 + 1);
	/* Remove everything: the tables go too. */
	for (uintptr_t va = 0x600000; va < 0x600000 + 1024 * PAGE_SIZE; va += 2 * PAGE_SIZE)
		pmap_unmap(&pm, va);
	pmap_unmap(&pm, 0x40000000000);
	CHECK_EQ(sim.free, free0);
}

static pte_t drop_all(uintptr_t va, pte_t e, void *arg)
{
	(void)va;
	(void)e;
	(void)arg;
	return 0;
}

TEST(random_against_a_shadow)
{
	setup();
	struct pmap pm;
	pmap_init_empty(&pm);
	uint64_t free0 = sim.free;
	enum { N = 2000 };
	static uintptr_t va[N];
	static pte_t want[N];
	srand(3);
	for (int i = 0; i < N; i++) {
		/* Distinct addresses spread over 4 PML4 slots and 8 PDPT slots each, so that
		 * tables are shared, emptied and freed all the time. */
		va[i] = ((uintptr_t)(i % 4) << 39) | ((uintptr_t)((i / 4) % 8) << 30) |
			((uintptr_t)(i / 32) << 12);
		want[i] = 0;
	}
	for (int step = 0; step < 20000; step++) {
		int i = rand() % N;
		int op = rand() % 3;
		if (op == 0 && !want[i]) {
			phys_addr_t pa = (phys_addr_t)(rand() % 1000 + 1) << 12;
			CHECK_EQ(pmap_map(&pm, va[i], pa, PTE_U), 0);
			want[i] = pa | PTE_U | PTE_P;
		} else if (op == 1) {
			CHECK_EQ(pmap_unmap(&pm, va[i]), want[i]);
			want[i] = 0;
		} else if (want[i]) {
			pte_t now = (want[i] & PTE_ADDR_MASK) | PTE_U | PTE_W | PTE_P;
			CHECK(pmap_replace(&pm, va[i], want[i], now));
			want[i] = now;
		}
	}
	int bad = 0;
	for (int i = 0; i < N; i++)
		bad += pmap_lookup(&pm, va[i]) != want[i];
	CHECK_EQ(bad, 0);
	pmap_update_range(&pm, 0, 0x800000000000, drop_all, NULL);
	CHECK_EQ(sim.free, free0);
}
