/*
 * Memory locking and the pagemap tables on simulated RAM (tests/unit/mm_sim.h): the
 * pagemap encoding of each PTE state, a process's entries through fork, the lock flags of
 * areas (split on a range's edges, merged back when unlocked, a hole part way), what
 * locking faults in, MADV_DONTNEED refused, MCL_FUTURE, fork dropping locks, and the
 * per-frame views (kpagecount, kpageflags, the Mlocked and Unevictable counts). Every test
 * ends with no frame and no heap object leaked.
 */
#include "tests/unit/mm_sim.h"

static uint64_t pfn_at(struct mm *mm, uintptr_t va)
{
	return page_to_phys(mm_page_at(mm, va)) >> PAGE_SHIFT;
}

/* Each PTE state's entry: none is 0; a frame is present with its number (PROT_NONE too),
 * exclusive when mapped once, "file" when an object owns it; a swap entry gives its area
 * and slot. */
TEST(pagemap_entry_encoding)
{
	setup();
	CHECK_EQ(pagemap_entry(0, NULL), 0);
	pte_t swap = pte_make_swap(3, 12345);
	CHECK_EQ(pagemap_entry(swap, NULL), PM_SWAP | 3 | (12345ULL << 5));
	pte_t far = pte_make_swap(31, (1ULL << 50) - 2);
	CHECK_EQ(pagemap_entry(far, NULL), PM_SWAP | 31 | (((1ULL << 50) - 2) << 5));
	struct page *pg = frame_alloc(0);
	uint64_t pfn = page_to_phys(pg) >> PAGE_SHIFT;
	pg->mapcount = 1;
	pte_t e = pte_make(page_to_phys(pg), PTE_P | PTE_U | PTE_W | PTE_NX);
	CHECK_EQ(pagemap_entry(e, pg), PM_PRESENT | PM_MMAP_EXCLUSIVE | pfn);
	pte_t none = pte_make(page_to_phys(pg), PTE_PROTNONE | PTE_NX);
	CHECK_EQ(pagemap_entry(none, pg), PM_PRESENT | PM_MMAP_EXCLUSIVE | pfn);
	pg->mapcount = 2;
	CHECK_EQ(pagemap_entry(e, pg), PM_PRESENT | pfn);
	struct test_file f;
	file_init(&f, P);
	struct page *cached = cache_page(&f, 0);
	cached->mapcount = 1;
	pte_t fe = pte_make(page_to_phys(cached), PTE_P | PTE_U);
	CHECK_EQ(pagemap_entry(fe, cached), PM_PRESENT | PM_MMAP_EXCLUSIVE | PM_FILE |
		 (page_to_phys(cached) >> PAGE_SHIFT));
	cached->mapcount = 0;
	file_destroy(&f);
	pg->mapcount = 0;
	frame_put(pg);
	check_no_leaks();
}

/* A process's entries: 0 outside areas and for untouched pages; a touched page present
 * and exclusive until fork shares it; kpagecount follows the map count. */
/* What a reader other than root sees: no frame number, no swap slot; the rest kept. */
TEST(pagemap_hide_frame)
{
	CHECK_EQ(pagemap_hide_frame(0), 0);
	CHECK_EQ(pagemap_hide_frame(PM_PRESENT | PM_MMAP_EXCLUSIVE | PM_FILE | 0x1234),
		 PM_PRESENT | PM_MMAP_EXCLUSIVE | PM_FILE);
	CHECK_EQ(pagemap_hide_frame(PM_SWAP | 3 | (12345ULL << 5)), PM_SWAP | 3);
	CHECK_EQ(pagemap_hide_frame(PM_SWAP | 31 | (((1ULL << 50) - 2) << 5)), PM_SWAP | 31);
}

TEST(pagemap_entries_and_kpagecount)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 4 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(touch(mm, ANON + P, FAULT_WRITE), FAULT_MINOR);
	uint64_t out[6];
	mm_pagemap_entries(mm, ANON - P, 6, out);
	uint64_t pfn = pfn_at(mm, ANON + P);
	CHECK_EQ(out[0], 0);                    /* below the area */
	CHECK_EQ(out[1], 0);                    /* untouched */
	CHECK_EQ(out[2], PM_PRESENT | PM_MMAP_EXCLUSIVE | pfn);
	CHECK_EQ(out[3], 0);
	CHECK_EQ(out[5], 0);                    /* above it */
	uint64_t count;
	CHECK_EQ(kpage_entries(pfn, 1, false, &count), 1);
	CHECK_EQ(count, 1);
	struct mm *child = mm_fork(mm);
	mm_pagemap_entries(mm, ANON + P, 1, out);
	mm_pagemap_entries(child, ANON + P, 1, out + 1);
	CHECK_EQ(out[0], PM_PRESENT | pfn);
	CHECK_EQ(out[1], PM_PRESENT | pfn);
	CHECK_EQ(kpage_entries(pfn, 1, false, &count), 1);
	CHECK_EQ(count, 2);
	uint64_t flags;
	kpage_entries(pfn, 1, true, &flags);
	CHECK_EQ(flags, (1ULL << KPF_UPTODATE) | (1ULL << KPF_MMAP) | (1ULL << KPF_ANON) |
		 (1ULL << KPF_SWAPBACKED) | (1ULL << KPF_LRU));    /* reclaim's inactive list */
	mm_destroy(child);
	kpage_entries(pfn, 1, false, &count);
	CHECK_EQ(count, 1);
	/* The end of RAM ends the table. */
	uint64_t two[2];
	CHECK_EQ(kpage_entries(SIM_FRAMES - 1, 2, false, two), 1);
	CHECK_EQ(kpage_entries(SIM_FRAMES, 2, false, two), 0);
	mm_destroy(mm);
	check_no_leaks();
}

/* mlock of the middle of an area: three areas, the middle one locked, its pages faulted
 * in writable (a private writable area makes its copies now); unlocking merges them back. */
TEST(mlock_splits_populates_and_merges)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 8 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);   /* one anon_vma for all parts */
	CHECK_EQ(mm_mlock(mm, ANON + 2 * P, ANON + 5 * P, VMA_LOCKED), 0);
	CHECK_EQ(mm->vmas.count, 3);
	struct vma *v = vma_find(&mm->vmas, ANON + 2 * P);
	CHECK(v->start == ANON + 2 * P && v->end == ANON + 5 * P && vma_is_locked(v));
	CHECK(!vma_is_locked(vma_find(&mm->vmas, ANON)));
	CHECK_EQ(mm_locked_size(mm), 3 * P);
	for (int i = 0; i < 8; i++) {
		pte_t e = mm_pte_at(mm, ANON + (uintptr_t)i * P);
		CHECK_EQ(pte_writable(e), i == 0 || (i >= 2 && i < 5));
	}
	CHECK_EQ(mm->rss, 4);
	struct page *pg = mm_page_at(mm, ANON + 3 * P);
	CHECK(page_is_mlocked(pg));
	CHECK(page_kpageflags(pg) & (1ULL << KPF_MLOCKED));
	CHECK(page_kpageflags(pg) & (1ULL << KPF_UNEVICTABLE));
	struct page_census c;
	page_census(&c);
	CHECK_EQ(c.mlocked, 3);
	CHECK_EQ(c.unevictable, 3);
	/* MADV_DONTNEED stops at a locked area, having dropped what came before it. */
	CHECK_EQ(mm_madvise(mm, ANON, ANON + 8 * P, true), -EINVAL);
	CHECK_EQ(mm->rss, 3);
	CHECK(pte_none(mm_pte_at(mm, ANON)));
	/* Locking again changes nothing; unlocking a part splits, all of it merges. */
	CHECK_EQ(mm_mlock(mm, ANON + 2 * P, ANON + 5 * P, VMA_LOCKED), 0);
	CHECK_EQ(mm->vmas.count, 3);
	CHECK_EQ(mm_lock_range(mm, ANON + 3 * P, ANON + 4 * P, 0), 0);
	CHECK_EQ(mm->vmas.count, 5);
	CHECK_EQ(mm_locked_size(mm), 2 * P);
	CHECK(!page_is_mlocked(pg));
	CHECK_EQ(mm_lock_range(mm, ANON, ANON + 8 * P, 0), 0);
	CHECK_EQ(mm->vmas.count, 1);
	CHECK_EQ(mm_locked_size(mm), 0);
	CHECK_EQ(mm->rss, 3);                   /* unlocking keeps the pages */
	page_census(&c);
	CHECK_EQ(c.mlocked, 0);
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(mm);
	check_no_leaks();
}

/* Linux's errors: a hole stops the walk (the part before it stays changed), a range that
 * wraps is EINVAL, PROT_NONE locks but cannot be faulted in (ENOMEM); locking on fault
 * brings nothing in; a file page past the end is ENOMEM too. */
TEST(mlock_errors_and_onfault)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_map_area(mm, ANON + 3 * P, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_mlock(mm, ANON, ANON + 5 * P, VMA_LOCKED), -ENOMEM);
	CHECK_EQ(mm_locked_size(mm), 2 * P);
	CHECK(!vma_is_locked(vma_find(&mm->vmas, ANON + 3 * P)));
	CHECK_EQ(mm_mlock(mm, ANON + 2 * P, ANON + 3 * P, VMA_LOCKED), -ENOMEM);
	CHECK_EQ(mm_mlock(mm, ANON + P, ANON, VMA_LOCKED), -EINVAL);
	CHECK_EQ(mm_mlock(mm, ANON, ANON, VMA_LOCKED), 0);
	CHECK_EQ(mm_lock_range(mm, ANON, ANON + 5 * P, 0), -ENOMEM);
	CHECK_EQ(mm_locked_size(mm), 0);
	mm_unmap(mm, ANON, 8 * P);
	/* On fault: counted, not faulted in. */
	CHECK_EQ(mm_map_area(mm, ANON, 4 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_mlock(mm, ANON, ANON + 4 * P, VMA_LOCKED | VMA_LOCKONFAULT), 0);
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(mm_locked_size(mm), 4 * P);
	CHECK_EQ(mm_mlock(mm, ANON, ANON + 4 * P, VMA_LOCKED), 0);
	CHECK_EQ(mm->rss, 4);
	/* PROT_NONE. */
	CHECK_EQ(mm_map_area(mm, FILEA, 2 * P, 0, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_mlock(mm, FILEA, FILEA + 2 * P, VMA_LOCKED), -ENOMEM);
	CHECK(vma_is_locked(vma_find(&mm->vmas, FILEA)));
	/* A shared file mapping is faulted in; past the file's end: ENOMEM. */
	struct test_file f;
	file_init(&f, P);
	CHECK_EQ(mm_map_area(mm, FILEB, 2 * P, RW, VMA_SHARED | VMA_MAYWRITE, &f.obj, 0,
			     UINT64_MAX), 0);
	CHECK_EQ(mm_mlock(mm, FILEB, FILEB + 2 * P, VMA_LOCKED), -ENOMEM);
	CHECK(mm_page_at(mm, FILEB) == cache_page(&f, 0));
	CHECK(pte_none(mm_pte_at(mm, FILEB + P)));
	struct page_census c;
	page_census(&c);
	CHECK_EQ(c.mlocked, 5);
	CHECK_EQ(c.unevictable, 5);             /* the file's page is unevictable anyway */
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* mlockall: MCL_CURRENT locks and populates every area; MCL_FUTURE makes later mappings
 * locked and populated; munlockall ends both; fork inherits neither. */
TEST(mlockall_and_fork)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	mm_mlockall(mm, MCL_CURRENT | MCL_FUTURE);
	CHECK_EQ(mm->rss, 2);
	CHECK_EQ(mm_locked_size(mm), 2 * P);
	int64_t at = mm_mmap(mm, 0, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			     NULL, 0, VMA_MAYWRITE);
	CHECK(at > 0);
	CHECK_EQ(mm->rss, 5);
	CHECK_EQ(mm_locked_size(mm), 5 * P);
	struct mm *child = mm_fork(mm);
	CHECK_EQ(mm_locked_size(child), 0);
	CHECK_EQ(child->def_flags, 0);
	mm_destroy(child);
	mm_munlockall(mm);
	CHECK_EQ(mm_locked_size(mm), 0);
	at = mm_mmap(mm, 0, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0,
		     VMA_MAYWRITE);
	CHECK_EQ(mm->rss, 5);
	/* MAP_LOCKED alone. */
	at = mm_mmap(mm, 0, 2 * P, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, NULL, 0, VMA_MAYWRITE);
	CHECK_EQ(mm->rss, 7);
	CHECK_EQ(mm_locked_size(mm), 2 * P);
	mm_destroy(mm);
	check_no_leaks();
}
