/*
 * The page-fault handler and the reverse map on simulated RAM: a buffer plays RAM, the
 * buddy allocator hands out its frames (for page tables and user pages alike), and a "file"
 * is a bare VM object filled with known bytes. Each test drives mm/ as the kernel would
 * (mm_map_area, handle_page_fault, mm_fork, mm_unmap, mm_protect, mm_remap,
 * vm_object_resize) and checks what can be observed: the bytes in the frames, which frame
 * each entry holds, refcount and mapcount, rss, the vmstat counters, rmap_walk and
 * rmap_audit. Every test ends with no frame and no heap object leaked.
 *
 * Covered: the swap-entry encoding; demand-zero; shared and private file faults (the
 * partial last page, past end of file); copy-on-write copy and reuse; fork's counts;
 * truncate; munmap; PROT_NONE; mremap; stack growth; a fault that finds its page under I/O
 * (and the address space changed while it slept); the reverse-map walk.
 */
#include "tests/unit/mm_sim.h"

/* ---- The tests. ---- */

/* A swap entry round-trips its area and slot, is never 0 (never "none"), is a swap entry
 * and holds no frame; PROT_NONE's marker is not mistaken for one. The largest slot
 * number that works in every area is 2^50 - 2: slot 2^50 - 1 of area 0 inverts to the
 * entry 0 (no swap area is 4 EiB, so it never exists; see the last check). */
TEST(swap_entry_encoding)
{
	const unsigned types[] = { 0, 1, 7, (1u << SWP_TYPE_BITS) - 1 };
	const uint64_t offsets[] = { 0, 1, 2, 0x12345, 1ULL << 40,
				     (1ULL << SWP_OFFSET_BITS) - 2 };
	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		for (size_t o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++) {
			pte_t e = pte_make_swap(types[t], offsets[o]);
			CHECK(e != 0);
			CHECK_EQ(pte_swap_type(e), types[t]);
			CHECK_EQ(pte_swap_offset(e), offsets[o]);
			CHECK(pte_is_swap(e));
			CHECK(!pte_none(e));
			CHECK(!pte_has_frame(e));
			CHECK(!pte_present(e));
		}
	}
	/* Different slots give different entries. */
	CHECK(pte_make_swap(0, 1) != pte_make_swap(0, 2));
	CHECK(pte_make_swap(1, 5) != pte_make_swap(2, 5));
	/* The full 50-bit slot range round-trips in areas other than 0. */
	pte_t top = pte_make_swap(1, (1ULL << SWP_OFFSET_BITS) - 1);
	CHECK(pte_is_swap(top) && pte_swap_offset(top) == (1ULL << SWP_OFFSET_BITS) - 1);
	CHECK_EQ(pte_make_swap(0, (1ULL << SWP_OFFSET_BITS) - 1), 0);  /* the one exception */
	pte_t protnone = pte_make(0x5000, PTE_PROTNONE | PTE_NX);
	CHECK(pte_has_frame(protnone) && !pte_present(protnone) && !pte_is_swap(protnone));
}

/* A first write to anonymous memory maps a new zeroed frame, writable, owned by the area's
 * anon_vma at its linear index; touching it again changes nothing; no area is SIGSEGV and
 * a forbidden access is FAULT_ACCESS. */
TEST(demand_zero)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 4 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_map_area(mm, FILEA, P, VMA_READ, 0, NULL, 0, 0), 0);
	CHECK_EQ(touch(mm, ANON + 2 * P + 5, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(vmstat.demand_zero, 1);
	CHECK_EQ(vmstat.pgfault, 1);
	pte_t e = mm_pte_at(mm, ANON + 2 * P);
	CHECK(pte_present(e) && pte_writable(e));
	struct page *pg = mm_page_at(mm, ANON + 2 * P);
	CHECK(pg != NULL);
	CHECK(all_bytes(page_address(pg), 0, P));       /* the frame held 0xcc before */
	CHECK_EQ(pg->refcount, 1);
	CHECK_EQ(pg->mapcount, 1);
	CHECK_EQ(mm->rss, 1);
	struct vma *v = vma_find(&mm->vmas, ANON);
	CHECK(pg->anon != NULL && pg->anon == v->anon);
	CHECK(pg->object == NULL);
	CHECK_EQ(pg->index, (ANON >> PAGE_SHIFT) + 2);
	CHECK_EQ(rmap_walk(pg, NULL, NULL), 1);
	CHECK_EQ(rmap_audit(mm), 0);
	memset(mem(mm, ANON + 2 * P), 0x77, P);
	CHECK_EQ(touch(mm, ANON + 2 * P, FAULT_WRITE), FAULT_MINOR);  /* already there */
	CHECK(mm_page_at(mm, ANON + 2 * P) == pg);
	CHECK_EQ(*mem(mm, ANON + 2 * P + 100), 0x77);
	CHECK_EQ(vmstat.demand_zero, 1);
	CHECK_EQ(mm->rss, 1);
	/* The program's errors. */
	CHECK_EQ(touch(mm, ANON + 4 * P, FAULT_READ), FAULT_SIGSEGV);
	CHECK_EQ(touch(mm, ANON - 1, FAULT_WRITE), FAULT_SIGSEGV);
	CHECK_EQ(touch(mm, FILEA, FAULT_WRITE), FAULT_ACCESS);
	CHECK_EQ(touch(mm, FILEA, FAULT_EXEC), FAULT_ACCESS);
	CHECK_EQ(vmstat.segv, 4);
	CHECK(pte_none(mm_pte_at(mm, FILEA)));
	CHECK_EQ(mm->rss, 1);
	mm_destroy(mm);
	check_no_leaks();
}

/* A shared file area maps the page-cache frame itself, writable: a write through it is the
 * file's; two address spaces map one frame, and the reverse map finds both. */
/* Two adjacent areas that differ in protection only: the second one written takes the
 * first's anon_vma (Linux's find_mergeable_anon_vma), so mprotect can merge them later;
 * the reverse map finds each page in its own area. In a fork's child, whose areas share
 * the parent's anon_vma, a first write to the other area makes a new one. */
TEST(neighbours_share_anon_vma)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_map_area(mm, ANON + 2 * P, 2 * P, RW | VMA_EXEC, VMA_MAYWRITE, NULL,
			     (ANON >> PAGE_SHIFT) + 2, 0), 0);
	CHECK_EQ(touch(mm, ANON + 3 * P, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	struct vma *lo = vma_find(&mm->vmas, ANON), *hi = vma_find(&mm->vmas, ANON + 2 * P);
	CHECK(lo != hi && lo->anon != NULL && lo->anon == hi->anon);
	CHECK_EQ(rmap_walk(mm_page_at(mm, ANON), NULL, NULL), 1);
	CHECK_EQ(rmap_walk(mm_page_at(mm, ANON + 3 * P), NULL, NULL), 1);
	CHECK_EQ(rmap_audit(mm), 0);
	/* A third area, untouched, after the second: a fork's child's first write there
	 * makes an anon_vma of its own, the parent's takes the shared one. */
	CHECK_EQ(mm_map_area(mm, ANON + 4 * P, P, RW, VMA_MAYWRITE, NULL,
			     (ANON >> PAGE_SHIFT) + 4, 0), 0);
	struct mm *child = mm_fork(mm);
	CHECK(child != NULL);
	CHECK_EQ(touch(child, ANON + 4 * P, FAULT_WRITE), FAULT_MINOR);
	struct vma *c_hi = vma_find(&child->vmas, ANON + 2 * P);
	struct vma *c_new = vma_find(&child->vmas, ANON + 4 * P);
	CHECK(c_new != c_hi && c_new->anon != NULL && c_new->anon != c_hi->anon);
	CHECK_EQ(rmap_audit(child), 0);
	CHECK_EQ(touch(mm, ANON + 4 * P, FAULT_WRITE), FAULT_MINOR);
	CHECK(vma_find(&mm->vmas, ANON + 4 * P)->anon == lo->anon);
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(child);
	mm_destroy(mm);
	check_no_leaks();
}

/* A first read of anonymous memory maps the zero page, read-only, and counts nothing: no
 * reference, no map count, no rss, no owner (the audit does not see it). A write then
 * gives the page a zeroed frame of its own in its place; fork shares the zero page without
 * counting; munmap and exit leave it alone. */
TEST(zero_page)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 4 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	int zero_refs = zero_page->refcount;
	CHECK_EQ(touch(mm, ANON + P + 9, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(touch(mm, ANON + 2 * P, FAULT_EXEC), FAULT_ACCESS);   /* RW: no exec */
	CHECK_EQ(touch(mm, ANON + 3 * P, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(vmstat.zero_page, 2);
	CHECK_EQ(vmstat.demand_zero, 0);
	pte_t e = mm_pte_at(mm, ANON + P);
	CHECK(pte_present(e) && !pte_writable(e));
	CHECK(mm_page_at(mm, ANON + P) == zero_page);
	CHECK(mm_page_at(mm, ANON + 3 * P) == zero_page);
	CHECK_EQ(zero_page->refcount, zero_refs);
	CHECK_EQ(zero_page->mapcount, 0);
	CHECK(zero_page->anon == NULL);
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(rmap_audit(mm), 0);
	CHECK(all_bytes(page_address(zero_page), 0, P));
	/* fork: the child maps the zero page too, counting nothing. */
	struct mm *child = mm_fork(mm);
	CHECK(child != NULL);
	CHECK(mm_page_at(child, ANON + P) == zero_page);
	CHECK_EQ(child->rss, 0);
	/* The first write: a frame of its own, zeroed (the frame held 0xcc before). */
	CHECK_EQ(touch(mm, ANON + P, FAULT_WRITE), FAULT_MINOR);
	struct page *pg = mm_page_at(mm, ANON + P);
	CHECK(pg != NULL && pg != zero_page);
	CHECK(all_bytes(page_address(pg), 0, P));
	CHECK(pte_writable(mm_pte_at(mm, ANON + P)));
	CHECK_EQ(pg->refcount, 1);
	CHECK_EQ(pg->mapcount, 1);
	CHECK(pg->anon != NULL);
	CHECK_EQ(mm->rss, 1);
	CHECK_EQ(vmstat.demand_zero, 1);
	CHECK_EQ(vmstat.cow_copy + vmstat.cow_reuse, 0);
	CHECK(mm_page_at(child, ANON + P) == zero_page);        /* the child's is unchanged */
	CHECK(all_bytes(page_address(zero_page), 0, P));
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(child);
	CHECK_EQ(mm_unmap(mm, ANON, 2 * P), 0);
	mm_destroy(mm);
	CHECK_EQ(zero_page->refcount, zero_refs);
	check_no_leaks();
}

TEST(shared_file_fault)
{
	setup();
	struct test_file f;
	file_init(&f, 3 * P);
	struct mm *a = mm_create(), *b = mm_create();
	CHECK_EQ(mm_map_area(a, FILEA, 3 * P, RW, VMA_SHARED | VMA_MAYWRITE, &f.obj, 0,
			     UINT64_MAX), 0);
	CHECK_EQ(mm_map_area(b, FILEB, 2 * P, RW, VMA_SHARED | VMA_MAYWRITE, &f.obj, 1,
			     UINT64_MAX), 0);
	CHECK_EQ(f.holds, 2);
	struct page *cp = cache_page(&f, 1);
	CHECK_EQ(touch(a, FILEA + P, FAULT_READ), FAULT_MINOR);
	CHECK(mm_page_at(a, FILEA + P) == cp);
	CHECK(pte_writable(mm_pte_at(a, FILEA + P)));   /* shared: no copy-on-write later */
	CHECK_EQ(touch(b, FILEB, FAULT_WRITE), FAULT_MINOR);     /* pgoff 1: the same page */
	CHECK(mm_page_at(b, FILEB) == cp);
	CHECK_EQ(vmstat.file_map, 2);
	CHECK_EQ(vmstat.file_copy + vmstat.cow_copy, 0);
	CHECK_EQ(cp->refcount, 3);                      /* the cache and two entries */
	CHECK_EQ(cp->mapcount, 2);
	CHECK(has_file_bytes(mem(a, FILEA + P), P, 0, P));
	mem(b, FILEB)[10] = 0xab;                       /* b writes; a and the file see it */
	CHECK_EQ(mem(a, FILEA + P)[10], 0xab);
	CHECK_EQ(((uint8_t *)page_address(cp))[10], 0xab);
	struct seen s = { 0 };
	CHECK_EQ(rmap_walk(cp, collect, &s), 2);
	CHECK(seen_has(&s, a, FILEA + P) && seen_has(&s, b, FILEB));
	CHECK_EQ(rmap_audit(a), 0);
	CHECK_EQ(rmap_audit(b), 0);
	mm_destroy(a);
	CHECK_EQ(cp->mapcount, 1);
	CHECK_EQ(rmap_walk(cp, NULL, NULL), 1);
	mm_destroy(b);
	CHECK_EQ(f.holds, 0);
	CHECK_EQ(cp->refcount, 1);                      /* the page cache's alone */
	CHECK_EQ(cp->mapcount, 0);
	file_destroy(&f);
	check_no_leaks();
}

/* A private file area maps the cache's frame read-only on a read; a write then copies it
 * (the copy is anonymous, the file unchanged); a first write copies at once. */
TEST(private_file_fault)
{
	setup();
	struct test_file f;
	file_init(&f, 3 * P);
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, FILEA, 3 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	struct page *c0 = cache_page(&f, 0), *c2 = cache_page(&f, 2);
	/* Read, then write: copy-on-write of the file's page. */
	CHECK_EQ(touch(mm, FILEA + 8, FAULT_READ), FAULT_MINOR);
	CHECK(mm_page_at(mm, FILEA) == c0);
	pte_t e = mm_pte_at(mm, FILEA);
	CHECK(pte_present(e) && !pte_writable(e));
	CHECK_EQ(vmstat.file_map, 1);
	CHECK_EQ(c0->refcount, 2);
	CHECK_EQ(touch(mm, FILEA + 8, FAULT_WRITE), FAULT_MINOR);
	struct page *copy = mm_page_at(mm, FILEA);
	CHECK(copy != NULL && copy != c0);
	CHECK(pte_writable(mm_pte_at(mm, FILEA)));
	CHECK_EQ(vmstat.cow_copy, 1);
	CHECK(has_file_bytes(page_address(copy), 0, 0, P));
	CHECK(copy->object == NULL && copy->anon == vma_find(&mm->vmas, FILEA)->anon);
	CHECK_EQ(copy->index, 0);                       /* the area's pgoff + 0 */
	CHECK_EQ(c0->refcount, 1);                      /* back to the cache alone */
	CHECK_EQ(c0->mapcount, 0);
	memset(page_address(copy), 0x11, P);
	CHECK(has_file_bytes(page_address(c0), 0, 0, P));       /* the file is untouched */
	/* A first write: the copy straight away, the cache's frame never mapped. */
	CHECK_EQ(touch(mm, FILEA + 2 * P, FAULT_WRITE), FAULT_MINOR);
	struct page *copy2 = mm_page_at(mm, FILEA + 2 * P);
	CHECK(copy2 != c2);
	CHECK_EQ(vmstat.file_copy, 1);
	CHECK(has_file_bytes(page_address(copy2), 2 * P, 0, P));
	CHECK_EQ(c2->refcount, 1);
	CHECK_EQ(c2->mapcount, 0);
	CHECK_EQ(copy2->index, 2);
	CHECK_EQ(mm->rss, 2);
	CHECK_EQ(rmap_audit(mm), 0);
	CHECK_EQ(rmap_walk(c0, NULL, NULL), 0);         /* nobody maps the file's page */
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* The partial last page of a private area (file_end inside it, as an ELF segment's data
 * ends) is a copy with zeros past file_end, even for a read, and the file keeps its bytes;
 * a page wholly past the object's end is SIGBUS, in shared and private areas. */
TEST(partial_last_page_and_past_eof)
{
	setup();
	struct test_file f;
	file_init(&f, P + 1000);                        /* 2 pages, the second partial */
	struct mm *mm = mm_create();
	uint64_t file_end = P + 100;
	CHECK_EQ(mm_map_area(mm, FILEA, 3 * P, RW, VMA_MAYWRITE, &f.obj, 0, file_end), 0);
	CHECK_EQ(mm_map_area(mm, FILEB, 3 * P, RW, VMA_SHARED | VMA_MAYWRITE, &f.obj, 0,
			     UINT64_MAX), 0);
	struct page *c1 = cache_page(&f, 1);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_READ), FAULT_MINOR);
	struct page *copy = mm_page_at(mm, FILEA + P);
	CHECK(copy != NULL && copy != c1);
	CHECK_EQ(vmstat.file_copy, 1);
	CHECK(has_file_bytes(page_address(copy), P, 0, 100));
	CHECK(all_bytes((uint8_t *)page_address(copy) + 100, 0, P - 100));
	CHECK(has_file_bytes(page_address(c1), P, 0, 1000));   /* the file's page keeps them */
	CHECK_EQ(c1->refcount, 1);
	/* The whole first page is before file_end: the file's frame, read-only. */
	CHECK_EQ(touch(mm, FILEA, FAULT_READ), FAULT_MINOR);
	CHECK(mm_page_at(mm, FILEA) == cache_page(&f, 0));
	/* Page 2 starts past the object's end. */
	CHECK_EQ(touch(mm, FILEA + 2 * P, FAULT_READ), FAULT_SIGBUS);
	CHECK_EQ(touch(mm, FILEB + 2 * P, FAULT_WRITE), FAULT_SIGBUS);
	CHECK(pte_none(mm_pte_at(mm, FILEA + 2 * P)));
	CHECK(!vm_object_has_page(&f.obj, 2));          /* no page made for it either */
	/* The shared area maps the partial page itself: its bytes past the size are zeros. */
	CHECK_EQ(touch(mm, FILEB + P, FAULT_READ), FAULT_MINOR);
	CHECK(mm_page_at(mm, FILEB + P) == c1);
	CHECK(all_bytes(mem(mm, FILEB + P + 1000), 0, P - 1000));
	CHECK_EQ(mm->rss, 3);
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* fork shares every private page read-only; the child's write copies (parent keeps its
 * bytes), after which the parent's write reuses its frame, now its alone. */
TEST(cow_copy_and_reuse)
{
	setup();
	struct mm *parent = mm_create();
	CHECK_EQ(mm_map_area(parent, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(touch(parent, ANON, FAULT_WRITE), FAULT_MINOR);
	struct page *pg = mm_page_at(parent, ANON);
	memset(page_address(pg), 'p', P);
	struct mm *child = mm_fork(parent);
	CHECK(child != NULL);
	CHECK(mm_page_at(child, ANON) == pg);
	CHECK(!pte_writable(mm_pte_at(parent, ANON)));
	CHECK(!pte_writable(mm_pte_at(child, ANON)));
	CHECK_EQ(pg->refcount, 2);
	CHECK_EQ(pg->mapcount, 2);
	CHECK_EQ(rmap_walk(pg, NULL, NULL), 2);
	/* The child writes: a copy with the parent's bytes. */
	CHECK_EQ(touch(child, ANON + 3, FAULT_WRITE), FAULT_MINOR);
	struct page *cc = mm_page_at(child, ANON);
	CHECK(cc != pg);
	CHECK_EQ(vmstat.cow_copy, 1);
	CHECK(all_bytes(page_address(cc), 'p', P));
	CHECK(pte_writable(mm_pte_at(child, ANON)));
	memset(page_address(cc), 'c', P);
	CHECK(all_bytes(mem(parent, ANON), 'p', P));
	CHECK_EQ(pg->refcount, 1);
	CHECK_EQ(pg->mapcount, 1);
	CHECK_EQ(cc->refcount, 1);
	CHECK(cc->anon == pg->anon);                    /* one anon_vma for the fork tree */
	CHECK_EQ(cc->index, pg->index);
	CHECK_EQ(rmap_walk(pg, NULL, NULL), 1);
	CHECK_EQ(rmap_walk(cc, NULL, NULL), 1);
	/* The parent writes: nobody else holds its frame, so it is reused, not copied. */
	CHECK(!pte_writable(mm_pte_at(parent, ANON)));
	CHECK_EQ(touch(parent, ANON, FAULT_WRITE), FAULT_MINOR);
	CHECK(mm_page_at(parent, ANON) == pg);
	CHECK(pte_writable(mm_pte_at(parent, ANON)));
	CHECK_EQ(vmstat.cow_reuse, 1);
	CHECK_EQ(vmstat.cow_copy, 1);
	CHECK(all_bytes(mem(parent, ANON), 'p', P));
	CHECK(all_bytes(mem(child, ANON), 'c', P));
	CHECK_EQ(rmap_audit(parent), 0);
	CHECK_EQ(rmap_audit(child), 0);
	mm_destroy(child);
	CHECK_EQ(pg->refcount, 1);
	mm_destroy(parent);
	check_no_leaks();
}

/* fork's counts for every kind of page: anonymous, a file's page mapped privately, a
 * private copy, shared file and shared anonymous memory; the child's rss is the parent's,
 * the shared kinds stay writable and shared, and exit gives back exactly the child's. */
TEST(fork_counts)
{
	setup();
	struct test_file f;
	file_init(&f, 2 * P);
	struct mm *parent = mm_create();
	CHECK_EQ(mm_map_area(parent, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_map_area(parent, FILEA, 2 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	CHECK_EQ(mm_map_area(parent, FILEB, 2 * P, RW, VMA_SHARED | VMA_MAYWRITE, &f.obj, 0,
			     UINT64_MAX), 0);
	CHECK_EQ(mm_mmap(parent, STACK, P, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, NULL, 0, VMA_MAYWRITE),
		 (int64_t)STACK);
	CHECK_EQ(touch(parent, ANON, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(touch(parent, ANON + P, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(touch(parent, FILEA, FAULT_READ), FAULT_MINOR);       /* file's page */
	CHECK_EQ(touch(parent, FILEA + P, FAULT_WRITE), FAULT_MINOR);  /* a private copy */
	CHECK_EQ(touch(parent, FILEB + P, FAULT_WRITE), FAULT_MINOR);  /* shared file */
	CHECK_EQ(touch(parent, STACK, FAULT_WRITE), FAULT_MINOR);      /* shared anon */
	CHECK_EQ(parent->rss, 6);
	CHECK_EQ(f.holds, 2);
	uint64_t free_before_fork = sim.free;
	struct mm *child = mm_fork(parent);
	CHECK(child != NULL);
	CHECK_EQ(child->rss, 6);
	CHECK_EQ(f.holds, 4);
	uintptr_t vas[] = { ANON, ANON + P, FILEA, FILEA + P, FILEB + P, STACK };
	int cached[] = { 0, 0, 1, 0, 1, 1 };            /* also held by a page cache */
	for (int i = 0; i < 6; i++) {
		struct page *pg = mm_page_at(parent, vas[i]);
		CHECK(mm_page_at(child, vas[i]) == pg);
		CHECK_EQ(pg->mapcount, 2);
		CHECK_EQ(pg->refcount, 2 + cached[i]);
		CHECK_EQ(rmap_walk(pg, NULL, NULL), 2);
	}
	/* Private pages became read-only in both; shared ones stayed writable. */
	CHECK(!pte_writable(mm_pte_at(parent, ANON)) && !pte_writable(mm_pte_at(child, ANON)));
	CHECK(!pte_writable(mm_pte_at(parent, FILEA + P)));
	CHECK(pte_writable(mm_pte_at(parent, FILEB + P)) && pte_writable(mm_pte_at(child, FILEB + P)));
	CHECK(pte_writable(mm_pte_at(child, STACK)));
	/* Only page tables were allocated: no page was copied. */
	CHECK(free_before_fork - sim.free <= 8);
	CHECK_EQ(vmstat.cow_copy + vmstat.file_copy, 1);
	/* Shared anonymous memory is shared across fork. */
	mem(child, STACK)[0] = 0x42;
	CHECK_EQ(mem(parent, STACK)[0], 0x42);
	CHECK_EQ(rmap_audit(parent), 0);
	CHECK_EQ(rmap_audit(child), 0);
	mm_destroy(child);
	CHECK_EQ(sim.free, free_before_fork);
	CHECK_EQ(f.holds, 2);
	for (int i = 0; i < 6; i++) {
		struct page *pg = mm_page_at(parent, vas[i]);
		CHECK_EQ(pg->mapcount, 1);
		CHECK_EQ(pg->refcount, 1 + cached[i]);
	}
	CHECK_EQ(rmap_audit(parent), 0);
	mm_destroy(parent);
	file_destroy(&f);
	check_no_leaks();
}

/* Truncation takes the pages past the new end out of every area, private copies too;
 * the tail of the new last page reads as zeros; a touch past the end is SIGBUS, and after
 * the file grows again a touch finds a new zeroed page. */
TEST(truncate)
{
	setup();
	struct test_file f;
	file_init(&f, 3 * P);
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, FILEA, 3 * P, RW, VMA_SHARED | VMA_MAYWRITE, &f.obj, 0,
			     UINT64_MAX), 0);
	CHECK_EQ(mm_map_area(mm, FILEB, 3 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(touch(mm, FILEA + i * P, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(touch(mm, FILEB + P, FAULT_READ), FAULT_MINOR);       /* the file's page */
	CHECK_EQ(touch(mm, FILEB + 2 * P, FAULT_WRITE), FAULT_MINOR);  /* a private copy */
	CHECK_EQ(mm->rss, 5);
	uint64_t free_before = sim.free;
	vm_object_resize(&f.obj, P + 10);
	CHECK_EQ(f.obj.size, P + 10);
	CHECK(pte_none(mm_pte_at(mm, FILEA + 2 * P)));
	CHECK(pte_none(mm_pte_at(mm, FILEB + 2 * P)));  /* the private copy went too */
	CHECK(mm_page_at(mm, FILEA + P) == cache_page(&f, 1));  /* page 1 stays */
	CHECK(mm_page_at(mm, FILEB + P) == cache_page(&f, 1));
	CHECK(!vm_object_has_page(&f.obj, 2));
	CHECK_EQ(sim.free, free_before + 2);            /* the cache's page 2 and the copy */
	CHECK_EQ(mm->rss, 3);
	CHECK(has_file_bytes(mem(mm, FILEA + P), P, 0, 10));
	CHECK(all_bytes(mem(mm, FILEA + P + 10), 0, P - 10));
	CHECK_EQ(rmap_audit(mm), 0);
	CHECK_EQ(touch(mm, FILEA + 2 * P, FAULT_READ), FAULT_SIGBUS);
	CHECK_EQ(touch(mm, FILEB + 2 * P, FAULT_WRITE), FAULT_SIGBUS);
	/* Grown again: a hole, which a touch fills with a zeroed page. */
	vm_object_resize(&f.obj, 3 * P);
	CHECK_EQ(touch(mm, FILEA + 2 * P, FAULT_READ), FAULT_MINOR);
	CHECK(all_bytes(mem(mm, FILEA + 2 * P), 0, P));
	CHECK(mm_page_at(mm, FILEA + 2 * P) == cache_page(&f, 2));
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* munmap of the middle of an area frees exactly those frames and splits the area; the two
 * halves keep the numbering of their pages, so the reverse map still finds them; the hole
 * is SIGSEGV; a file area's hold goes with its last part. */
TEST(munmap)
{
	setup();
	struct test_file f;
	file_init(&f, 4 * P);
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 4 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_map_area(mm, FILEA, 4 * P, VMA_READ, 0, &f.obj, 0, UINT64_MAX), 0);
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(touch(mm, ANON + i * P, FAULT_WRITE), FAULT_MINOR);
		mem(mm, ANON + i * P)[0] = (uint8_t)(0xa0 + i);
		CHECK_EQ(touch(mm, FILEA + i * P, FAULT_READ), FAULT_MINOR);
	}
	CHECK_EQ(mm->rss, 8);
	uint64_t free_before = sim.free;
	CHECK_EQ(mm_unmap(mm, ANON + P, 2 * P), 0);
	CHECK_EQ(sim.free, free_before + 2);            /* two anonymous frames (no table) */
	CHECK_EQ(mm->rss, 6);
	CHECK(pte_none(mm_pte_at(mm, ANON + P)) && pte_none(mm_pte_at(mm, ANON + 2 * P)));
	CHECK_EQ(mem(mm, ANON)[0], 0xa0);
	CHECK_EQ(mem(mm, ANON + 3 * P)[0], 0xa3);
	struct vma *lo = vma_find(&mm->vmas, ANON), *hi = vma_find(&mm->vmas, ANON + 3 * P);
	CHECK(lo && hi && lo != hi);
	CHECK_EQ(lo->end, ANON + P);
	CHECK_EQ(hi->start, ANON + 3 * P);
	CHECK_EQ(hi->pgoff, (ANON >> PAGE_SHIFT) + 3);
	CHECK(lo->anon == hi->anon);
	CHECK_EQ(rmap_walk(mm_page_at(mm, ANON + 3 * P), NULL, NULL), 1);
	CHECK_EQ(touch(mm, ANON + P, FAULT_READ), FAULT_SIGSEGV);
	/* The file area, in two steps: its hold goes with its last piece. */
	CHECK_EQ(f.holds, 1);
	CHECK_EQ(mm_unmap(mm, FILEA + P, P), 0);
	CHECK_EQ(f.holds, 2);                           /* split in two, each part holds it */
	CHECK_EQ(cache_page(&f, 1)->mapcount, 0);
	CHECK_EQ(cache_page(&f, 1)->refcount, 1);
	CHECK_EQ(rmap_audit(mm), 0);
	CHECK_EQ(mm_unmap(mm, FILEA, 4 * P), 0);
	CHECK_EQ(f.holds, 0);
	CHECK_EQ(mm->rss, 2);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(cache_page(&f, i)->refcount, 1);
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* PROT_NONE keeps the frame in an entry the CPU may not use: every access is
 * FAULT_ACCESS; giving access back shows the same bytes, and a write then reuses the
 * frame (copy-on-write with nobody to share). */
TEST(prot_none)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	struct page *pg = mm_page_at(mm, ANON);
	memset(page_address(pg), 0x5e, P);
	CHECK_EQ(mm_protect(mm, ANON, 2 * P, 0), 0);
	pte_t e = mm_pte_at(mm, ANON);
	CHECK(pte_has_frame(e) && !pte_present(e) && !pte_is_swap(e));
	CHECK(mm_page_at(mm, ANON) == pg);
	CHECK_EQ(pg->mapcount, 1);
	CHECK_EQ(mm->rss, 1);
	CHECK_EQ(rmap_audit(mm), 0);                    /* the audit sees hidden frames too */
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_ACCESS);
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_ACCESS);
	CHECK_EQ(touch(mm, ANON + P, FAULT_READ), FAULT_ACCESS);   /* nothing made there */
	CHECK(pte_none(mm_pte_at(mm, ANON + P)));
	CHECK(mm_page_at(mm, ANON) == pg);
	CHECK_EQ(mm_protect(mm, ANON, 2 * P, RW), 0);
	e = mm_pte_at(mm, ANON);
	CHECK(pte_present(e) && !pte_writable(e));      /* private: the next write decides */
	CHECK(all_bytes(mem(mm, ANON), 0x5e, P));
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	CHECK(mm_page_at(mm, ANON) == pg);
	CHECK(pte_writable(mm_pte_at(mm, ANON)));
	CHECK_EQ(vmstat.cow_reuse, 1);
	CHECK_EQ(vmstat.cow_copy, 0);
	mm_destroy(mm);
	check_no_leaks();
}

/* mremap that must move (the next area is in the way) moves the entries: the same frames
 * at the new place, the old range empty, the pages' index unchanged so the reverse map
 * finds them; the new tail faults in demand-zero pages that the audit also accepts. */
TEST(mremap_move)
{
	setup();
	struct test_file f;
	file_init(&f, 2 * P);
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 3 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(mm_map_area(mm, ANON + 3 * P, P, VMA_READ, 0, NULL, 0, 0), 0); /* in the way */
	CHECK_EQ(mm_map_area(mm, FILEA, 2 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	struct page *pages[3];
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(touch(mm, ANON + i * P, FAULT_WRITE), FAULT_MINOR);
		pages[i] = mm_page_at(mm, ANON + i * P);
		memset(page_address(pages[i]), 'a' + i, P);
	}
	CHECK_EQ(touch(mm, FILEA, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_WRITE), FAULT_MINOR);
	struct page *fcopy = mm_page_at(mm, FILEA + P);
	uint64_t rss = mm->rss;
	int64_t to = mm_remap(mm, ANON, 3 * P, 6 * P, MREMAP_MAYMOVE, 0);
	CHECK(to > 0 && (uintptr_t)to != ANON);
	for (int i = 0; i < 3; i++) {
		CHECK(mm_page_at(mm, (uintptr_t)to + i * P) == pages[i]);
		CHECK(pte_none(mm_pte_at(mm, ANON + i * P)));
		CHECK(all_bytes(mem(mm, (uintptr_t)to + i * P), (uint8_t)('a' + i), P));
		CHECK_EQ(pages[i]->mapcount, 1);
		CHECK_EQ(pages[i]->refcount, 1);
	}
	CHECK_EQ(mm->rss, rss);
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_SIGSEGV);
	CHECK_EQ(rmap_audit(mm), 0);
	struct seen s = { 0 };
	CHECK_EQ(rmap_walk(pages[1], collect, &s), 1);
	CHECK(seen_has(&s, mm, (uintptr_t)to + P));
	/* The grown part: fresh pages numbered after the moved ones. */
	CHECK_EQ(touch(mm, (uintptr_t)to + 4 * P, FAULT_WRITE), FAULT_MINOR);
	CHECK(all_bytes(mem(mm, (uintptr_t)to + 4 * P), 0, P));
	CHECK_EQ(mm_page_at(mm, (uintptr_t)to + 4 * P)->index, pages[0]->index + 4);
	CHECK_EQ(rmap_audit(mm), 0);
	/* A private file area moved to a fixed place: the file's page and the copy follow. */
	CHECK_EQ(mm_remap(mm, FILEA, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, FILEB),
		 (int64_t)FILEB);
	CHECK(mm_page_at(mm, FILEB) == cache_page(&f, 0));
	CHECK(mm_page_at(mm, FILEB + P) == fcopy);
	CHECK(pte_none(mm_pte_at(mm, FILEA)));
	CHECK_EQ(f.holds, 1);
	CHECK_EQ(rmap_audit(mm), 0);
	CHECK_EQ(touch(mm, FILEB, FAULT_WRITE), FAULT_MINOR);   /* still copy-on-write */
	CHECK(mm_page_at(mm, FILEB) != cache_page(&f, 0));
	CHECK(has_file_bytes(mem(mm, FILEB), 0, 0, P));
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* The stack area grows down on a fault just below it, page by page or in one jump, within
 * the stack limit; its pgoff follows so its pages keep their index and the reverse map
 * finds them (in a forked child too); past the limit, or into the guard gap above the
 * area below, is SIGSEGV. */
TEST(stack_growth)
{
	setup();
	struct mm *mm = mm_create();
	mm->stack_limit = 8 * P;
	uintptr_t top = STACK;
	CHECK_EQ(mm_map_area(mm, top - 2 * P, 2 * P, RW, VMA_GROWSDOWN | VMA_MAYWRITE, NULL, 0,
			     0), 0);
	CHECK_EQ(mm_map_area(mm, top - 12 * P, P, RW, VMA_MAYWRITE, NULL, 0, 0), 0); /* below */
	CHECK_EQ(touch(mm, top - 8, FAULT_WRITE), FAULT_MINOR);
	mem(mm, top - 8)[0] = 0x99;
	struct vma *v = vma_find(&mm->vmas, top - P);
	uint64_t pgoff0 = v->pgoff;
	/* One page below. */
	CHECK_EQ(touch(mm, top - 2 * P - 16, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(vmstat.stack_grow, 1);
	CHECK_EQ(v->start, top - 3 * P);
	CHECK_EQ(v->pgoff, pgoff0 - 1);
	struct page *pg = mm_page_at(mm, top - 3 * P);
	CHECK(pg != NULL && all_bytes(page_address(pg), 0, P));
	CHECK_EQ(pg->index, v->pgoff);
	CHECK_EQ(rmap_audit(mm), 0);
	/* Four pages further down at once: [top - 7P, top) is within the 8-page limit. */
	CHECK_EQ(touch(mm, top - 7 * P, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(v->start, top - 7 * P);
	CHECK_EQ(v->pgoff, pgoff0 - 5);
	CHECK_EQ(vmstat.stack_grow, 2);
	CHECK_EQ(rmap_audit(mm), 0);
	/* Past the limit: no growth. */
	CHECK_EQ(touch(mm, top - 9 * P, FAULT_WRITE), FAULT_SIGSEGV);
	CHECK_EQ(v->start, top - 7 * P);
	/* Within the limit, but no gap left above the area below (which ends at top - 11P):
	 * growing to top - 11P would leave no guard page. */
	mm->stack_limit = 64 * P;
	CHECK_EQ(touch(mm, top - 11 * P, FAULT_WRITE), FAULT_SIGSEGV);
	CHECK_EQ(v->start, top - 7 * P);
	CHECK_EQ(vmstat.stack_grow, 2);
	/* A forked child grows its own copy; the pages it shares stay findable. */
	struct mm *child = mm_fork(mm);
	CHECK_EQ(touch(child, top - 8 * P, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(vma_find(&child->vmas, top - P)->start, top - 8 * P);
	CHECK_EQ(v->start, top - 7 * P);                /* the parent's is unchanged */
	CHECK_EQ(rmap_walk(mm_page_at(mm, top - P), NULL, NULL), 2);
	CHECK_EQ(rmap_audit(child), 0);
	CHECK_EQ(rmap_audit(mm), 0);
	CHECK_EQ(mem(child, top - 8)[0], 0x99);
	mm_destroy(child);
	mm_destroy(mm);
	check_no_leaks();
}

/* For the I/O tests: the page under I/O and the address space its sleeper faulted in. */
static struct page *io_page;
static struct mm *io_mm;

/* The I/O completes while the fault sleeps: the data arrive, the page is unlocked. */
static void finish_io(const void *chan)
{
	CHECK(chan == io_page);
	memset(page_address(io_page), 0x5a, P);
	page_unlock(io_page);
}

/* A fault that finds its page locked (under I/O) sleeps until the I/O is done, then
 * maps (or, for a private write, copies) the page with the data the I/O brought. */
TEST(fault_waits_for_page_under_io)
{
	setup();
	struct test_file f;
	file_init(&f, 2 * P);
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, FILEA, 2 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	sleep_hook = finish_io;
	/* A read: the page itself, after the wait. */
	io_page = cache_page(&f, 0);
	page_lock(io_page);
	CHECK_EQ(touch(mm, FILEA, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(sleeps, 1);
	CHECK_EQ(wakeups, 1);
	CHECK(!page_locked(io_page));
	CHECK(mm_page_at(mm, FILEA) == io_page);
	CHECK_EQ(io_page->refcount, 2);
	CHECK_EQ(io_page->mapcount, 1);
	CHECK(all_bytes(mem(mm, FILEA), 0x5a, P));
	/* A private write: the copy holds what the I/O read, not what was there before. */
	io_page = cache_page(&f, 1);
	page_lock(io_page);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(sleeps, 2);
	struct page *copy = mm_page_at(mm, FILEA + P);
	CHECK(copy != io_page);
	CHECK(all_bytes(page_address(copy), 0x5a, P));
	CHECK_EQ(io_page->refcount, 1);
	CHECK_EQ(vmstat.file_map, 1);
	CHECK_EQ(vmstat.file_copy, 1);
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* While the fault sleeps, the area is unmapped (another thread's munmap). */
static void finish_io_and_unmap(const void *chan)
{
	finish_io(chan);
	CHECK_EQ(mm_unmap(io_mm, FILEA, 2 * P), 0);
}

/* The address space changed while the fault slept (its area is gone): the handler must
 * not map the page into a range that no longer exists, but look again, and report
 * SIGSEGV; the page it held is given back (no frame leaks, the cache keeps its page). */
TEST(fault_under_io_area_unmapped_meanwhile)
{
	setup();
	struct test_file f;
	file_init(&f, 2 * P);
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, FILEA, 2 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	io_mm = mm;
	sleep_hook = finish_io_and_unmap;
	io_page = cache_page(&f, 1);
	page_lock(io_page);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_READ), FAULT_SIGSEGV);
	CHECK_EQ(sleeps, 1);
	CHECK(vma_find(&mm->vmas, FILEA) == NULL);
	CHECK(pte_none(mm_pte_at(mm, FILEA + P)));
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(io_page->refcount, 1);                 /* the page cache's alone */
	CHECK_EQ(io_page->mapcount, 0);
	CHECK_EQ(f.holds, 0);
	CHECK_EQ(vmstat.file_map, 0);
	CHECK_EQ(vmstat.segv, 1);
	/* The same with a private write, which would have made a copy. */
	CHECK_EQ(mm_map_area(mm, FILEA, 2 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	page_lock(io_page);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_WRITE), FAULT_SIGSEGV);
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(io_page->refcount, 1);
	CHECK_EQ(vmstat.file_copy, 0);
	/* Shared anonymous memory: its object lives only as long as its areas, so the
	 * unmap frees it, and its page, while the fault sleeps on that page. */
	CHECK_EQ(mm_mmap(mm, FILEA, 2 * P, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, NULL, 0, VMA_MAYWRITE),
		 (int64_t)FILEA);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_WRITE), FAULT_MINOR);
	io_page = mm_page_at(mm, FILEA + P);
	mm_discard(mm, FILEA, 2 * P);                   /* the object keeps the page */
	CHECK_EQ(io_page->refcount, 1);
	page_lock(io_page);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_READ), FAULT_SIGSEGV);
	CHECK_EQ(mm->rss, 0);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* While the fault sleeps, another thread faults the same page in. */
static void finish_io_and_fault(const void *chan)
{
	finish_io(chan);
	sleep_hook = NULL;
	CHECK_EQ(touch(io_mm, FILEA + P, FAULT_READ), FAULT_MINOR);
}

/* The entry changed while the fault slept (someone else mapped the page): the handler
 * starts over and finds the work done, instead of mapping the page a second time. */
TEST(fault_under_io_entry_filled_meanwhile)
{
	setup();
	struct test_file f;
	file_init(&f, 2 * P);
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, FILEA, 2 * P, VMA_READ, 0, &f.obj, 0, UINT64_MAX), 0);
	io_mm = mm;
	sleep_hook = finish_io_and_fault;
	io_page = cache_page(&f, 1);
	page_lock(io_page);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(sleeps, 1);
	CHECK(mm_page_at(mm, FILEA + P) == io_page);
	CHECK_EQ(io_page->mapcount, 1);
	CHECK_EQ(io_page->refcount, 2);
	CHECK_EQ(mm->rss, 1);
	CHECK_EQ(vmstat.file_map, 1);                   /* the other thread's */
	CHECK_EQ(vmstat.pgfault, 2);
	CHECK_EQ(rmap_audit(mm), 0);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* The reverse-map walk from a frame finds exactly the entries that map it, across a fork
 * tree: the parent, a child that moved the area (mremap), a grandchild; not a child that
 * copied its page (it is in the anon_vma, but maps another frame); and the copy's walk
 * finds only that child. */
TEST(rmap_walk_across_a_fork_tree)
{
	setup();
	struct mm *parent = mm_create();
	CHECK_EQ(mm_map_area(parent, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	CHECK_EQ(touch(parent, ANON + P, FAULT_WRITE), FAULT_MINOR);
	struct page *pg = mm_page_at(parent, ANON + P);
	struct mm *mover = mm_fork(parent);
	int64_t to = mm_remap(mover, ANON, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, FILEA);
	CHECK_EQ(to, (int64_t)FILEA);
	struct mm *grandchild = mm_fork(mover);
	struct mm *copier = mm_fork(parent);
	CHECK_EQ(touch(copier, ANON + P, FAULT_WRITE), FAULT_MINOR);
	struct page *copy = mm_page_at(copier, ANON + P);
	CHECK(copy != pg);
	struct seen s = { 0 };
	CHECK_EQ(rmap_walk(pg, collect, &s), 3);
	CHECK_EQ(s.n, 3);
	CHECK(seen_has(&s, parent, ANON + P));
	CHECK(seen_has(&s, mover, FILEA + P));
	CHECK(seen_has(&s, grandchild, FILEA + P));
	CHECK_EQ(pg->mapcount, 3);
	s = (struct seen){ 0 };
	CHECK_EQ(rmap_walk(copy, collect, &s), 1);
	CHECK(seen_has(&s, copier, ANON + P));
	struct mm *all[] = { parent, mover, grandchild, copier };
	for (int i = 0; i < 4; i++)
		CHECK_EQ(rmap_audit(all[i]), 0);
	/* The audit is not blind: a wrong map count is reported. */
	pg->mapcount++;
	CHECK(rmap_audit(parent) > 0);
	pg->mapcount--;
	/* The mover's munmap leaves the others' walk right. */
	CHECK_EQ(mm_unmap(mover, FILEA, 2 * P), 0);
	CHECK_EQ(rmap_walk(pg, NULL, NULL), 2);
	CHECK_EQ(pg->mapcount, 2);
	CHECK_EQ(rmap_audit(grandchild), 0);
	for (int i = 3; i >= 0; i--)
		mm_destroy(all[i]);
	check_no_leaks();
}

/* Commit accounting (mm/commit.h): Committed_AS is always the pages of the charged areas
 * (plus shared anonymous objects); mmap over a charged range charges only the difference;
 * mprotect charges a private area made writable and un-charges an untouched anonymous
 * one made read-only; fork charges the child's copies; mremap charges what it grows, a
 * move keeps its charge; mode 0 refuses one request larger than RAM plus swap, mode 2
 * anything past CommitLimit; every refusal leaves the address space as it was. */
TEST(commit_accounting)
{
	setup();
	struct test_file f;
	file_init(&f, 4 * P);
	struct mm *mm = mm_create();
	const uint32_t ACCT = VMA_MAYWRITE | VMA_ACCOUNT;
	CHECK_EQ(mm_map_area(mm, ANON, 8 * P, RW, ACCT, NULL, 0, 0), 0);
	CHECK_EQ(vm_committed_as, 8);
	CHECK_EQ(mm_map_area(mm, ANON + 2 * P, 2 * P, RW, ACCT, NULL, 0, 0), 0); /* over it */
	CHECK_EQ(vm_committed_as, 8);
	CHECK_EQ(mm_unmap(mm, ANON + 6 * P, 2 * P), 0);
	CHECK_EQ(vm_committed_as, 6);
	/* mprotect: a read-only private file area made writable is charged once. */
	CHECK_EQ(mm_map_area(mm, FILEA, 4 * P, VMA_READ, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	CHECK_EQ(vm_committed_as, 6);
	CHECK_EQ(mm_protect(mm, FILEA + P, 2 * P, RW), 0);
	CHECK_EQ(vm_committed_as, 8);
	CHECK_EQ(mm_protect(mm, FILEA, 4 * P, RW), 0);
	CHECK_EQ(vm_committed_as, 10);
	CHECK_EQ(mm_protect(mm, FILEA, 4 * P, VMA_READ), 0);    /* a file area keeps it */
	CHECK_EQ(vm_committed_as, 10);
	/* An anonymous area keeps its charge once it has a page, else gives it back. */
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(mm_map_area(mm, FILEB, 3 * P, RW, ACCT, NULL, 0, 0), 0);
	CHECK_EQ(vm_committed_as, 13);
	CHECK_EQ(mm_protect(mm, ANON, P, VMA_READ), 0);
	CHECK_EQ(mm_protect(mm, FILEB, 3 * P, VMA_READ), 0);
	CHECK_EQ(vm_committed_as, 10);
	/* fork: the child's copies are charged too, and given back with it. */
	struct mm *child = mm_fork(mm);
	CHECK(child != NULL);
	CHECK_EQ(vm_committed_as, 20);
	mm_destroy(child);
	CHECK_EQ(vm_committed_as, 10);
	/* mremap: growth in place and by a move is charged; the moved pages keep theirs. */
	CHECK_EQ(mm_remap(mm, ANON + P, 5 * P, 7 * P, 0, 0), (int64_t)(ANON + P));
	CHECK_EQ(vm_committed_as, 12);
	CHECK_EQ(mm_map_area(mm, ANON + 8 * P, P, VMA_READ, 0, NULL, 0, 0), 0); /* in the way */
	int64_t to = mm_remap(mm, ANON + P, 7 * P, 9 * P, MREMAP_MAYMOVE, 0);
	CHECK(to > 0 && (uintptr_t)to != ANON + P);
	CHECK_EQ(vm_committed_as, 14);
	CHECK_EQ(mm_remap(mm, (uintptr_t)to, 9 * P, 4 * P, 0, 0), to);    /* shrinking */
	CHECK_EQ(vm_committed_as, 9);
	CHECK_EQ(mm_charged_pages(mm, 0, USER_TOP), 9);
	/* Mode 0: one request larger than RAM (+ swap) fails, changing nothing. */
	CHECK_EQ(mm_map_area(mm, STACK, (SIM_FRAMES + 1) * P, RW, ACCT, NULL, 0, 0), -ENOMEM);
	CHECK(vma_find(&mm->vmas, STACK) == NULL);
	CHECK_EQ(mm_map_area(mm, STACK, SIM_FRAMES * P, RW, ACCT, NULL, 0, 0), 0);
	CHECK_EQ(vm_committed_as, 9 + SIM_FRAMES);
	CHECK_EQ(mm_unmap(mm, STACK, SIM_FRAMES * P), 0);
	/* Mode 2: nothing past CommitLimit (half of RAM), less the user reserve. */
	sysctl_overcommit_memory = OVERCOMMIT_NEVER;
	CHECK_EQ(vm_commit_limit(), SIM_FRAMES / 2);
	CHECK_EQ(mm_map_area(mm, STACK, (SIM_FRAMES / 2) * P, RW, ACCT, NULL, 0, 0), -ENOMEM);
	CHECK_EQ(mm_map_area(mm, STACK, (SIM_FRAMES / 2 - 100) * P, RW, ACCT, NULL, 0, 0), 0);
	CHECK_EQ(mm_protect(mm, FILEB, 3 * P, RW), 0);
	CHECK_EQ(mm_map_area(mm, FILEB + 3 * P, 100 * P, RW, ACCT, NULL, 0, 0), -ENOMEM);
	CHECK_EQ(mm_remap(mm, FILEB, 3 * P, 200 * P, MREMAP_MAYMOVE, 0), -ENOMEM);
	CHECK_EQ(vm_committed_as, 9 + SIM_FRAMES / 2 - 100 + 3);
	CHECK(mm_fork(mm) == NULL);                     /* the child's copy does not fit */
	CHECK_EQ(vm_committed_as, 9 + SIM_FRAMES / 2 - 100 + 3);
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}

/* ---- Swap: page-out, swap-in, the swap cache, fork, swapoff, I/O errors. ---- */

/* A swap area of DISK_PAGES pages on the simulated disk, formatted as mkswap does. */
static void swap_setup(void)
{
	setup();
	if (!disk)
		disk = calloc(DISK_PAGES, PAGE_SIZE);
	memset(disk, 0xee, DISK_PAGES * PAGE_SIZE);
	swap_header_make(disk, DISK_PAGES, NULL, NULL);
	disk_fail_reads = disk_fail_writes = 0;
	CHECK_EQ(swap_on(&sim_disk, "/dev/vda1", 0), 0);
	disk_reads = disk_writes = 0;           /* not counting the header's read */
	CHECK_EQ(swap_total_pages(), DISK_PAGES - 1);
	free0 = sim.free;                       /* the slot map is the area's, not a leak */
	live0 = live_allocs;
}

/* Ends a swap test: every slot free, the area off, nothing leaked. */
static void swap_teardown(void)
{
	CHECK_EQ(swap_free_pages(), swap_total_pages());
	CHECK_EQ(swap_cache_pages, 0);
	check_no_leaks();
	CHECK_EQ(swap_off(&sim_disk), 0);
}

/* n pages of anonymous memory at ANON, each written with its number. */
static struct mm *filled_mm(int n)
{
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, (size_t)n * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	for (int i = 0; i < n; i++) {
		CHECK_EQ(touch(mm, ANON + (uintptr_t)i * P, FAULT_WRITE), FAULT_MINOR);
		memset(mem(mm, ANON + (uintptr_t)i * P), 'a' + i, P);
	}
	return mm;
}

/* Does page i of mm hold its number (faulting it in)? */
static bool page_intact(struct mm *mm, int i)
{
	uintptr_t va = ANON + (uintptr_t)i * P;
	if (!pte_present(mm_pte_at(mm, va)) && touch(mm, va, FAULT_READ) < 0)
		return false;
	uint8_t *b = mem(mm, va);
	return b[0] == 'a' + i && b[P - 1] == 'a' + i;
}

TEST(pageout_writes_one_request_and_frees)
{
	swap_setup();
	struct mm *mm = filled_mm(8);
	uint64_t before = sim.free;
	CHECK_EQ(reclaim_range(mm, ANON, ANON + 8 * P), 8);
	CHECK_EQ(disk_writes, 1);               /* 8 consecutive slots, one request */
	CHECK_EQ(sim.free, before + 8);
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(mm->swap_ents, 8);
	CHECK(pte_is_swap(mm_pte_at(mm, ANON)));
	CHECK_EQ(swap_free_pages(), swap_total_pages() - 8);
	CHECK_EQ(swap_cache_pages, 0);
	mm_destroy(mm);
	swap_teardown();
}

TEST(swapin_is_major_reads_ahead_and_keeps_the_cache)
{
	swap_setup();
	struct mm *mm = filled_mm(8);
	reclaim_range(mm, ANON, ANON + 8 * P);
	CHECK_EQ(touch(mm, ANON + 2 * P, FAULT_READ), FAULT_MAJOR);
	/* Its aligned cluster of 8 slots in one request: slots 1-7 (slot 0 is the header). */
	CHECK_EQ(disk_reads, 1);
	CHECK_EQ(swap_cache_pages, 7);
	CHECK(!pte_writable(mm_pte_at(mm, ANON + 2 * P)));      /* still the slot's copy */
	CHECK_EQ(touch(mm, ANON + 3 * P, FAULT_READ), FAULT_MINOR);     /* read ahead */
	for (int i = 0; i < 8; i++)
		CHECK(page_intact(mm, i));
	CHECK_EQ(disk_reads, 2);                /* page 7, slot 8, is in the next cluster */
	/* Clean pages go out again without a write. */
	CHECK_EQ(reclaim_range(mm, ANON, ANON + 8 * P), 8);
	CHECK_EQ(disk_writes, 1);
	/* A write takes the page out of the swap cache and frees its slot (COW reuse). */
	CHECK_EQ(touch(mm, ANON + 5 * P, FAULT_WRITE), FAULT_MAJOR);
	CHECK(pte_writable(mm_pte_at(mm, ANON + 5 * P)));
	struct page *pg = mm_page_at(mm, ANON + 5 * P);
	CHECK(!(pg->flags & PG_SWAPCACHE));
	CHECK_EQ(pg->refcount, 1);
	CHECK_EQ(vmstat.pgmajfault, 3);
	mm_destroy(mm);
	swap_teardown();
}

TEST(fork_shares_swap_entries_and_copies_on_write)
{
	swap_setup();
	struct mm *parent = filled_mm(4);
	reclaim_range(parent, ANON, ANON + 4 * P);
	struct mm *child = mm_fork(parent);
	CHECK_EQ(child->swap_ents, 4);
	CHECK_EQ(swap_count(swp_entry(0, 1)), 2);
	/* Both read page 0: one read, one frame, mapped twice. */
	CHECK_EQ(touch(child, ANON, FAULT_READ), FAULT_MAJOR);
	CHECK_EQ(touch(parent, ANON, FAULT_READ), FAULT_MINOR);
	CHECK(mm_page_at(child, ANON) == mm_page_at(parent, ANON));
	CHECK_EQ(mm_page_at(child, ANON)->mapcount, 2);
	/* The child writes page 1 (read ahead with page 0): its own copy; the parent still
	 * reads the original. */
	CHECK_EQ(touch(child, ANON + P, FAULT_WRITE), FAULT_MINOR);
	CHECK(mm_page_at(child, ANON + P) != mm_page_at(parent, ANON + P));
	CHECK(pte_writable(mm_pte_at(child, ANON + P)));
	memset(mem(child, ANON + P), 'z', P);
	for (int i = 0; i < 4; i++)
		CHECK(page_intact(parent, i));
	CHECK_EQ(*mem(child, ANON + P), 'z');
	CHECK_EQ(rmap_audit(parent), 0);
	CHECK_EQ(rmap_audit(child), 0);
	mm_destroy(child);
	mm_destroy(parent);
	swap_teardown();
}

TEST(munmap_and_exit_free_slots)
{
	swap_setup();
	struct mm *mm = filled_mm(6);
	reclaim_range(mm, ANON, ANON + 6 * P);
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_MAJOR);     /* some cached, some not */
	CHECK_EQ(mm_unmap(mm, ANON, 3 * P), 0);
	CHECK_EQ(mm->swap_ents, 3);
	CHECK_EQ(swap_free_pages(), swap_total_pages() - 3);
	mm_destroy(mm);
	swap_teardown();
}

TEST(swapoff_brings_every_page_back)
{
	swap_setup();
	struct mm *mm = filled_mm(10);
	struct mm *child = mm_fork(mm);
	reclaim_range(mm, ANON, ANON + 10 * P);         /* shared pages stay */
	mm_destroy(child);
	CHECK_EQ(reclaim_range(mm, ANON, ANON + 10 * P), 10);
	CHECK_EQ(swap_off(&sim_disk), 0);
	CHECK_EQ(mm->swap_ents, 0);
	CHECK_EQ(mm->rss, 10);
	for (int i = 0; i < 10; i++)
		CHECK(page_intact(mm, i));
	CHECK_EQ(swap_cache_pages, 0);
	CHECK_EQ(swap_on(&sim_disk, "/dev/vda1", 0), 0);
	mm_destroy(mm);
	swap_teardown();
}

TEST(write_error_keeps_the_page_and_retires_the_slot)
{
	swap_setup();
	struct mm *mm = filled_mm(2);
	disk_fail_writes = 1;
	CHECK_EQ(reclaim_range(mm, ANON, ANON + 2 * P), 0);
	disk_fail_writes = 0;
	CHECK_EQ(mm->swap_ents, 2);             /* the entries name the page in the cache */
	CHECK(page_intact(mm, 0));
	CHECK(page_intact(mm, 1));
	uint64_t total = swap_total_pages();
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(swap_total_pages(), total - 1);        /* that slot is bad from now on */
	mm_destroy(mm);
	CHECK_EQ(swap_total_pages(), total - 2);
	swap_teardown();
}

TEST(read_error_is_sigbus_then_a_retry_reads)
{
	swap_setup();
	struct mm *mm = filled_mm(2);
	reclaim_range(mm, ANON, ANON + 2 * P);
	disk_fail_reads = 1;
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_SIGBUS);
	CHECK(pte_is_swap(mm_pte_at(mm, ANON)));
	CHECK_EQ(swap_cache_pages, 0);
	disk_fail_reads = 0;
	CHECK(page_intact(mm, 0));
	CHECK(page_intact(mm, 1));
	mm_destroy(mm);
	swap_teardown();
}

TEST(reclaim_gives_a_second_chance_to_used_pages)
{
	swap_setup();
	struct mm *mm = filled_mm(4);
	/* Pages just touched have their accessed bits set by the "CPU" (the test). */
	for (int i = 0; i < 4; i++) {
		pte_t e = mm_pte_at(mm, ANON + (uintptr_t)i * P);
		if (i < 2)
			pmap_replace(&mm->pmap, ANON + (uintptr_t)i * P, e, e | PTE_A);
		else
			pmap_replace(&mm->pmap, ANON + (uintptr_t)i * P, e, e & ~PTE_A);
	}
	struct reclaim r = { .direct = true };
	shrink_inactive(&r, 4);
	CHECK_EQ(r.freed, 2);                   /* the two unused ones */
	CHECK(pte_present(mm_pte_at(mm, ANON)));
	CHECK(pte_is_swap(mm_pte_at(mm, ANON + 3 * P)));
	CHECK_EQ(lru_active_pages, 2);
	CHECK(!(mm_pte_at(mm, ANON) & PTE_A));  /* the hand cleared the bit */
	mm_destroy(mm);
	swap_teardown();
}

TEST(shared_anonymous_memory_goes_to_swap_through_its_object)
{
	swap_setup();
	struct mm *parent = mm_create();
	struct vm_object *obj = vm_object_create_anon(4 * P, 0);
	CHECK_EQ(mm_map_area(parent, ANON, 4 * P, RW, VMA_SHARED | VMA_MAYWRITE, obj, 0,
			     UINT64_MAX), 0);
	vm_object_release(obj);                 /* the area holds it */
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(touch(parent, ANON + (uintptr_t)i * P, FAULT_WRITE), FAULT_MINOR);
		memset(mem(parent, ANON + (uintptr_t)i * P), 'a' + i, P);
	}
	struct mm *child = mm_fork(parent);
	/* Mapped twice: MADV_PAGEOUT leaves it; reclaim proper takes it from both. */
	CHECK_EQ(reclaim_range(parent, ANON, ANON + 4 * P), 0);
	struct reclaim r = { .direct = true, .ignore_young = true };
	shrink_inactive(&r, 64);
	CHECK_EQ(r.freed, 4);
	CHECK(pte_none(mm_pte_at(parent, ANON)));       /* the object keeps the entries */
	CHECK(pte_none(mm_pte_at(child, ANON)));
	CHECK_EQ(obj->swapped.nr_pages, 4);
	CHECK_EQ(obj->pages.nr_pages, 0);
	CHECK_EQ(swap_free_pages(), swap_total_pages() - 4);
	/* The child writes page 1 back in; the parent sees the same page. */
	CHECK_EQ(touch(child, ANON + P, FAULT_WRITE), FAULT_MAJOR);
	memset(mem(child, ANON + P), 'z', P);
	CHECK_EQ(touch(parent, ANON + P, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(*mem(parent, ANON + P), 'z');
	CHECK(!(mm_page_at(parent, ANON + P)->flags & PG_SWAPCACHE));
	CHECK_EQ(swap_free_pages(), swap_total_pages() - 3);
	/* swapoff brings the object's other pages back. */
	CHECK_EQ(swap_off(&sim_disk), 0);
	CHECK_EQ(obj->swapped.nr_pages, 0);
	CHECK(page_intact(parent, 0));
	CHECK(page_intact(child, 3));
	CHECK_EQ(swap_on(&sim_disk, "/dev/vda1", 0), 0);
	/* Out again, then the object dies with its areas: its slots are freed. */
	shrink_inactive(&r, 64);
	CHECK(obj->swapped.nr_pages > 0);
	mm_destroy(child);
	mm_destroy(parent);
	swap_teardown();
}

/* ---- What others do while reclaim or swapoff sleeps on the disk (found in review). ---- */

/* Slots 2, 4, 6 and 8 free among used ones, and the next search from slot 1: the next
 * pages to go out get slots that are not consecutive, so reclaim writes them in several
 * requests and sleeps between them. */
static struct mm *fragmented_swap(void)
{
	struct mm *x = filled_mm(16);
	CHECK_EQ(reclaim_range(x, ANON, ANON + 16 * P), 16);
	for (int i = 1; i < 8; i += 2)
		mm_unmap(x, ANON + (uintptr_t)i * P, P);
	swap_areas[0].next = 1;
	return x;
}

static struct mm *victim;

/* During the first write of the batch: the owner writes a page queued in a later one. */
static void write_queued_page(struct bio *b)
{
	(void)b;
	struct page *pg = mm_page_at(victim, ANON + 2 * P);
	CHECK(pg == NULL);                      /* unmapped, and locked until written */
	struct page *queued = swap_cache_lookup(swp_entry(0, 6));
	CHECK(queued && page_locked(queued));
	if (queued)
		frame_put(queued);
}

TEST(a_page_queued_for_writing_stays_locked_until_written)
{
	swap_setup();
	struct mm *x = fragmented_swap();
	victim = filled_mm(4);
	io_hook = write_queued_page;
	struct reclaim r = { .direct = false };
	shrink_inactive(&r, 4);
	CHECK_EQ(r.freed, 4);
	CHECK_EQ(disk_writes, 1 + 4);           /* x's run, then one per slot 2, 4, 6, 8 */
	for (int i = 0; i < 4; i++)
		CHECK(page_intact(victim, i));
	CHECK_EQ(touch(victim, ANON + 2 * P, FAULT_WRITE), FAULT_MINOR);
	mm_destroy(victim);
	mm_destroy(x);
	swap_teardown();
}

/* During the first write of the batch: swapoff's mapping step runs. */
static void swapoff_steps(struct bio *b)
{
	(void)b;
	swap_areas[0].flags |= SWAP_AREA_CLOSING;
	CHECK_EQ(map_cached(0), 0);             /* leaves the locked pages alone */
	swap_areas[0].flags &= ~SWAP_AREA_CLOSING;
}

TEST(swapoff_leaves_pages_under_write_alone)
{
	swap_setup();
	struct mm *x = fragmented_swap();
	victim = filled_mm(4);
	io_hook = swapoff_steps;
	struct reclaim r = { .direct = false };
	shrink_inactive(&r, 4);
	for (int i = 0; i < 4; i++)
		CHECK(page_intact(victim, i));
	mm_destroy(victim);
	mm_destroy(x);
	swap_teardown();
}

/* During a fault's read: swapoff's mapping step, then the read fails. */
static void swapoff_then_read_error(struct bio *b)
{
	(void)b;
	swap_areas[0].flags |= SWAP_AREA_CLOSING;
	map_cached(0);
	swap_areas[0].flags &= ~SWAP_AREA_CLOSING;
	disk_fail_reads = 1;
}

TEST(swapoff_does_not_map_a_page_whose_read_fails)
{
	swap_setup();
	struct mm *mm = filled_mm(2);
	CHECK_EQ(reclaim_range(mm, ANON, ANON + 2 * P), 2);
	io_hook = swapoff_then_read_error;
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_SIGBUS);
	disk_fail_reads = 0;
	CHECK(pte_is_swap(mm_pte_at(mm, ANON)));
	CHECK(page_intact(mm, 0));
	mm_destroy(mm);
	swap_teardown();
}

static struct mm *dying;

static void owner_exits(struct bio *b)
{
	(void)b;
	mm_destroy(dying);
}

TEST(a_write_error_while_the_owner_exits_leaks_nothing)
{
	swap_setup();
	dying = filled_mm(2);
	disk_fail_writes = 1;
	io_hook = owner_exits;
	struct reclaim r = { .direct = false };
	shrink_inactive(&r, 2);
	disk_fail_writes = 0;
	CHECK_EQ(swap_cache_pages, 0);
	CHECK_EQ(swap_total_pages(), DISK_PAGES - 1 - 2);       /* both slots retired */
	check_no_leaks();
	CHECK_EQ(swap_off(&sim_disk), 0);
}

TEST(a_page_whose_write_failed_may_go_out_again_once_written)
{
	swap_setup();
	struct mm *mm = filled_mm(1);
	disk_fail_writes = 1;
	CHECK_EQ(reclaim_range(mm, ANON, ANON + P), 0);
	disk_fail_writes = 0;
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	CHECK(!(mm_page_at(mm, ANON)->flags & PG_WRITE_ERROR));
	CHECK_EQ(reclaim_range(mm, ANON, ANON + P), 1);
	CHECK(page_intact(mm, 0));
	mm_destroy(mm);
	CHECK_EQ(swap_free_pages(), swap_total_pages());
	CHECK_EQ(swap_cache_pages, 0);
	check_no_leaks();
	CHECK_EQ(swap_off(&sim_disk), 0);
}

static struct block_device second_disk = { .name = "vdb1", .nr_sectors = DISK_PAGES * 8 };
static int second_swapon;

static void another_swapon(struct bio *b)
{
	(void)b;
	second_swapon = swap_on(&second_disk, "/dev/vdb1", 0);
}

TEST(two_swapons_at_once_take_two_areas)
{
	setup();
	if (!disk)
		disk = calloc(DISK_PAGES, PAGE_SIZE);
	swap_header_make(disk, DISK_PAGES, NULL, NULL);
	io_hook = another_swapon;
	CHECK_EQ(swap_on(&sim_disk, "/dev/vda1", 0), 0);
	CHECK_EQ(second_swapon, 0);
	CHECK(swap_areas[0].bdev != swap_areas[1].bdev);
	CHECK_EQ(swap_total_pages(), 2 * (DISK_PAGES - 1));
	CHECK_EQ(swap_off(&second_disk), 0);
	CHECK_EQ(swap_off(&sim_disk), 0);
	CHECK_EQ(swap_total_pages(), 0);
	CHECK_EQ(sim_disk.holders + second_disk.holders, 0);
}

/* ---- Found in the second review: shared anonymous memory in swap, and sleeps. ---- */

/* n pages of shared anonymous memory at ANON, each written with its number, all sent to
 * swap through the object (and freed). */
static struct mm *swapped_shmem(int n, struct vm_object **objp)
{
	struct mm *mm = mm_create();
	struct vm_object *obj = vm_object_create_anon((uint64_t)n * P, 0);
	CHECK_EQ(mm_map_area(mm, ANON, (size_t)n * P, RW, VMA_SHARED | VMA_MAYWRITE, obj, 0,
			     UINT64_MAX), 0);
	vm_object_release(obj);                 /* the area holds it */
	for (int i = 0; i < n; i++) {
		CHECK_EQ(touch(mm, ANON + (uintptr_t)i * P, FAULT_WRITE), FAULT_MINOR);
		memset(mem(mm, ANON + (uintptr_t)i * P), 'a' + i, P);
	}
	struct reclaim r = { .direct = true, .ignore_young = true };
	shrink_inactive(&r, 64);
	CHECK_EQ(r.freed, (uint64_t)n);
	CHECK_EQ(obj->swapped.nr_pages, (uint64_t)n);
	*objp = obj;
	return mm;
}

/* A failed read of a shared anonymous page is the toucher's SIGBUS, as for a private one
 * (and as Linux's shmem_fault): not "out of memory", which sends the OOM killer after
 * other processes, one per retry. */
TEST(shmem_read_error_is_sigbus_not_oom)
{
	swap_setup();
	struct vm_object *obj;
	struct mm *mm = swapped_shmem(2, &obj);
	disk_fail_reads = 1;
	oom_calls = 0;
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_SIGBUS);
	disk_fail_reads = 0;
	CHECK_EQ(obj->swapped.nr_pages, 2);     /* the entry stays: a retry reads again */
	CHECK_EQ(swap_cache_pages, 0);
	CHECK(page_intact(mm, 0));
	CHECK(page_intact(mm, 1));
	mm_destroy(mm);
	swap_teardown();
}

/* A shared anonymous page read back from swap is a major fault (getrusage's ru_majflt),
 * as a private one is. */
TEST(shmem_swap_in_is_a_major_fault)
{
	swap_setup();
	struct vm_object *obj;
	struct mm *mm = swapped_shmem(1, &obj);
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_MAJOR);
	CHECK(page_intact(mm, 0));
	mm_destroy(mm);
	swap_teardown();
}

/* swapoff fails with ENOMEM when the pages do not fit; for shared anonymous memory too it
 * must not ask the OOM killer (which would kill some other process for it). */
TEST(swapoff_of_shmem_does_not_call_the_oom_killer)
{
	swap_setup();
	struct vm_object *obj;
	struct mm *mm = swapped_shmem(4, &obj);
	static struct page *held[SIM_FRAMES];
	int n = 0;
	while ((held[n] = frame_alloc(0)) != NULL)
		n++;
	oom_calls = 0;
	CHECK_EQ(swap_off(&sim_disk), -ENOMEM);
	CHECK_EQ(oom_calls, 0);
	while (n > 0)
		frame_put(held[--n]);
	CHECK(page_intact(mm, 0));
	mm_destroy(mm);
	swap_teardown();
}

/* swapoff tells a read error from a shortage of memory, for shared anonymous memory too. */
TEST(swapoff_of_shmem_with_a_read_error_is_eio)
{
	swap_setup();
	struct vm_object *obj;
	struct mm *mm = swapped_shmem(2, &obj);
	disk_fail_reads = 1;
	CHECK_EQ(swap_off(&sim_disk), -EIO);
	disk_fail_reads = 0;
	CHECK(page_intact(mm, 0));
	mm_destroy(mm);
	swap_teardown();
}

static struct test_file *shrinking;

static void truncate_meanwhile(struct bio *b)
{
	(void)b;
	vm_object_resize(&shrinking->obj, P);
}

/* A fault on a hole of a shared file mapping takes a frame, which may sleep in reclaim;
 * a truncation meanwhile must not leave the new page in the file past its end, mapped. */
TEST(truncate_while_a_fault_reclaims_for_the_page)
{
	swap_setup();
	struct test_file f;
	file_init(&f, 2 * P);
	f.obj.size = 4 * P;                     /* pages 2 and 3: holes */
	struct mm *fm = mm_create();
	CHECK_EQ(mm_map_area(fm, FILEA, 4 * P, RW, VMA_SHARED | VMA_MAYWRITE, &f.obj, 0,
			     UINT64_MAX), 0);
	struct mm *anon = filled_mm(8);         /* what reclaim writes (and sleeps on) */
	watermarks.min = watermarks.low = sim.free + 64;       /* the allocation reclaims */
	shrinking = &f;
	io_hook = truncate_meanwhile;
	enum fault_result r = touch(fm, FILEA + 3 * P, FAULT_WRITE);
	watermarks.min = watermarks.low = 0;
	io_hook = NULL;
	CHECK_EQ(f.obj.size, P);
	CHECK_EQ(r, FAULT_SIGBUS);              /* past the end now, as Linux */
	CHECK(!pte_has_frame(mm_pte_at(fm, FILEA + 3 * P)));
	CHECK(cache_page(&f, 3) == NULL);       /* nothing past the end */
	mm_destroy(fm);
	mm_destroy(anon);
	file_destroy(&f);
	swap_teardown();
}

TEST(willneed_and_mincore_see_shared_memory_in_swap)
{
	swap_setup();
	struct mm *mm = mm_create();
	struct vm_object *obj = vm_object_create_anon(2 * P, 0);
	CHECK_EQ(mm_map_area(mm, ANON, 2 * P, RW, VMA_SHARED | VMA_MAYWRITE, obj, 0,
			     UINT64_MAX), 0);
	vm_object_release(obj);
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	memset(mem(mm, ANON), 'q', P);
	CHECK_EQ(reclaim_range(mm, ANON, ANON + P), 1);
	uint8_t vec[1] = { 9 };
	CHECK_EQ(mm_mincore(mm, ANON, 1, vec), 1);
	CHECK_EQ(vec[0], 0);                    /* in swap, not in memory */
	CHECK_EQ(mm_madvise(mm, ANON, ANON + P, MM_ADVICE_WILLNEED), 0);
	CHECK_EQ(disk_reads, 1);
	CHECK_EQ(swap_cache_pages, 1);          /* read back, not yet mapped */
	CHECK(pte_none(mm_pte_at(mm, ANON)));
	CHECK_EQ(mm_mincore(mm, ANON, 1, vec), 1);
	CHECK_EQ(vec[0], 1);                    /* in memory again, as Linux's mincore says */
	CHECK_EQ(touch(mm, ANON, FAULT_READ), FAULT_MINOR);     /* no second read */
	CHECK_EQ(disk_reads, 1);
	CHECK_EQ(*mem(mm, ANON), 'q');
	mm_destroy(mm);
	swap_teardown();
}
