/*
 * Crash tests: each stops the kernel on purpose, so that tests/run.sh can check what a crash
 * report shows (registers, CR2, the decoded page-fault error code, a symbolized backtrace).
 * Run one with selftest=crash_NAME panic=exit; "selftest=all" never runs them.
 */
#include "boot/layout.h"
#include "kernel/panic.h"
#include "kernel/selftest.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/phys.h"
#include "mm/ptes.h"

#include <stdint.h>

/* Separate, non-inlined functions, so the backtrace has several named frames to show. */
static __attribute__((noinline)) void crash_deeper(int how)
{
	if (how == 0)
		panic("deliberate panic from selftest crash_panic (how=%d)", how);
	/* An unexpected write to an unmapped kernel address: a page fault nobody expects. */
	*(volatile uint64_t *)(0xffffe00000000000ULL + 0x40) = 0xdead;
}

static __attribute__((noinline)) void crash_outer(int how)
{
	crash_deeper(how);
	__asm__ volatile("" ::: "memory");      /* keep this frame: no tail call */
}

SELFTEST(crash_panic)
{
	crash_outer(0);
}

SELFTEST(crash_page_fault)
{
	crash_outer(1);
}

/* Recursion that never reaches its end: the boot stack runs into its guard page. */
static volatile uint64_t recursion_end = ~0ULL;

static __attribute__((noinline)) uint64_t recurse(uint64_t depth)
{
	volatile uint64_t pad[32];
	pad[0] = depth;
	if (depth == recursion_end)
		return 0;
	return recurse(depth + 1) + pad[0];
}

SELFTEST(crash_stack_overflow)
{
	recurse(0);
}

SELFTEST(crash_frame_double_free)
{
	struct page *p = frame_alloc(0);
	frame_put(p);
	frame_put(p);
}

SELFTEST(crash_kmalloc_write_after_free)
{
	uint8_t *keep = kmalloc(128);  /* keeps the slab alive after p is freed */
	uint8_t *p = kmalloc(128);
	kfree(p);
	p[100] = 1;
	void *q = kmalloc(128);        /* the same object comes back: its poison is checked */
	kfree(q);
	kfree(keep);
}

/* A page table still maps the frame when its last reference is dropped. */
SELFTEST(crash_frame_free_mapped)
{
	struct mm *mm = mm_create();
	struct page *p = frame_alloc(0);
	mm_map_area(mm, 0x400000, PAGE_SIZE, VMA_READ, 0, NULL, 0, 0);
	mm_install(mm, vma_find(&mm->vmas, 0x400000), 0x400000, p, false);
	frame_put(p);           /* the mapping's reference */
	frame_put(p);           /* ours: the frame is still mapped */
}

/* The kernel's own text was never handed out by the allocator. */
SELFTEST(crash_frame_free_foreign)
{
	frame_free_phys(virt_to_phys((const void *)crash_outer));
}
