/*
 * userfaultfd's memory side (mm/userfault.c) on simulated RAM (tests/unit/mm_sim.h):
 * registering splits areas at the range's edges and closing merges them back; another
 * userfaultfd's areas are EBUSY, a file's EINVAL; a fault on a missing page waits, with
 * its message queued, until the handler fills the page (or the userfaultfd is closed) and
 * is then taken again; fills refuse present pages and unregistered areas; fork's copy is
 * not registered, and an address space that is gone leaves its userfaultfd ESRCH. Every
 * test ends with no frame and no heap object leaked.
 */
#include "tests/unit/mm_sim.h"

static struct uffd_ctx *handler_ctx;   /* what the sleep hook, the "handler", acts on */
static int notified;
static struct uffd_fault seen;          /* the fault the handler read (a copy: the
					 * original lives on the faulting stack) */
static uint8_t src_page[P];

static void count_notify(struct uffd_ctx *ctx)
{
	(void)ctx;
	notified++;
}

/* The handler: reads the queued fault, fills its page with src_page, wakes it. */
static void fill_and_wake(const void *chan)
{
	struct uffd_fault *w = uffd_next_unread(handler_ctx);
	CHECK(w == chan);
	seen = *w;
	uintptr_t page = seen.address & PAGE_MASK;
	CHECK_EQ(uffd_fill(handler_ctx, page, (uintptr_t)src_page, P, false), (int64_t)P);
	uffd_wake(handler_ctx, page, P);
	CHECK(!uffd_has_unread(handler_ctx));
}

/* The handler closes the userfaultfd instead. */
static void close_it(const void *chan)
{
	(void)chan;
	uffd_release(handler_ctx);
}

static struct vma *area(struct mm *mm, uintptr_t va)
{
	return vma_find(&mm->vmas, va);
}

TEST(uffd_register_fault_fill_close)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 4 * P, RW, VMA_MAYWRITE | VMA_ACCOUNT, NULL, 0, 0), 0);
	struct uffd_ctx ctx, other;
	uffd_ctx_init(&ctx, mm, false);
	uffd_ctx_init(&other, mm, false);
	ctx.notify = other.notify = count_notify;
	CHECK_EQ(uffd_register(&ctx, ANON + P, ANON + 3 * P), 0);
	CHECK_EQ(mm->vmas.count, 3);            /* split at both edges */
	CHECK(area(mm, ANON)->uffd == NULL);
	CHECK(area(mm, ANON + P)->uffd == &ctx);
	CHECK_EQ(area(mm, ANON + P)->end, ANON + 3 * P);
	CHECK_EQ(uffd_register(&other, ANON + 2 * P, ANON + 4 * P), -EBUSY);
	CHECK_EQ(uffd_register(&other, ANON + 8 * P, ANON + 9 * P), -ENOMEM);  /* none above */
	CHECK_EQ(uffd_register(&other, ANON - 4 * P, ANON - P), -EINVAL);      /* none there */
	CHECK_EQ(mm->vmas.count, 3);            /* the refusals changed nothing */

	/* Outside the range: demand-zero as ever. Inside: the handler fills the page. */
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_MINOR);
	memset(src_page, 0x42, P);
	handler_ctx = &ctx;
	sleep_hook = fill_and_wake;
	CHECK_EQ(touch(mm, ANON + P + 0x10, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(sleeps, 1);
	CHECK_EQ(notified, 1);
	CHECK_EQ(seen.address, ANON + P);      /* page-aligned: no EXACT_ADDRESS */
	CHECK_EQ(seen.flags, UFFD_PAGEFAULT_FLAG_WRITE);
	CHECK(all_bytes(mem(mm, ANON + P), 0x42, P));
	CHECK(pte_writable(mm_pte_at(mm, ANON + P)));

	/* Fills: not onto a present page, not outside a registered area. */
	CHECK_EQ(uffd_fill(&ctx, ANON + P, (uintptr_t)src_page, P, false), -EEXIST);
	CHECK_EQ(uffd_fill(&ctx, ANON, (uintptr_t)src_page, P, false), -ENOENT);
	CHECK_EQ(uffd_fill(&ctx, ANON + 2 * P, 0, 2 * P, true), -ENOENT);   /* past its end */
	CHECK_EQ(uffd_fill(&ctx, ANON + 2 * P, 0, P, true), (int64_t)P);
	CHECK(all_bytes(mem(mm, ANON + 2 * P), 0, P));

	/* Unregistering the second page leaves three areas (it merges with the fourth);
	 * closing merges them all: the filled pages took the first area's anon_vma, as
	 * Linux's find_mergeable_anon_vma gives them. */
	CHECK(area(mm, ANON + P)->anon == area(mm, ANON)->anon);
	CHECK_EQ(uffd_unregister(&ctx, ANON + 2 * P, ANON + 3 * P), 0);
	CHECK_EQ(mm->vmas.count, 3);
	uffd_release(&ctx);
	CHECK_EQ(mm->vmas.count, 1);
	CHECK(area(mm, ANON)->uffd == NULL);
	CHECK_EQ(area(mm, ANON)->end, ANON + 4 * P);
	CHECK(ctx.mm == NULL);

	/* A fault waiting when the userfaultfd closes goes on as demand-zero. */
	CHECK_EQ(uffd_register(&other, ANON + 3 * P, ANON + 4 * P), 0);
	handler_ctx = &other;
	sleep_hook = close_it;
	CHECK_EQ(touch(mm, ANON + 3 * P, FAULT_READ), FAULT_MINOR);
	CHECK(all_bytes(mem(mm, ANON + 3 * P), 0, P));
	CHECK_EQ(mm->vmas.count, 1);            /* merged back when it closed */
	mm_destroy(mm);
	check_no_leaks();
}

/* Fork's copy of a registered area is not registered (no UFFD_FEATURE_EVENT_FORK); once
 * the address space is gone, its userfaultfd's calls fail as Linux's. */
TEST(uffd_fork_and_address_space_gone)
{
	setup();
	struct mm *mm = mm_create();
	CHECK_EQ(mm_map_area(mm, ANON, 2 * P, RW, VMA_MAYWRITE | VMA_ACCOUNT, NULL, 0, 0), 0);
	struct uffd_ctx ctx;
	uffd_ctx_init(&ctx, mm, false);
	ctx.notify = count_notify;
	CHECK_EQ(uffd_register(&ctx, ANON + P, ANON + 2 * P), 0);
	CHECK_EQ(uffd_unregister(&ctx, ANON + P, ANON + 2 * P), 0);
	CHECK_EQ(mm->vmas.count, 1);            /* no page yet: one area again */
	CHECK_EQ(uffd_register(&ctx, ANON, ANON + 2 * P), 0);
	struct mm *child = mm_fork(mm);
	CHECK(child != NULL);
	CHECK(area(child, ANON)->uffd == NULL);
	CHECK_EQ(touch(child, ANON, FAULT_WRITE), FAULT_MINOR);        /* no wait */
	mm_destroy(child);
	mm_destroy(mm);
	CHECK(ctx.mm == NULL);
	CHECK_EQ(uffd_fill(&ctx, ANON, 0, P, true), -ESRCH);
	CHECK_EQ(uffd_register(&ctx, ANON, ANON + P), -ENOMEM);
	uffd_release(&ctx);
	check_no_leaks();
}

/* The range checks every ioctl makes first (Linux's validate_range). */
TEST(uffd_validate_range)
{
	CHECK_EQ(uffd_validate_range(ANON, P), 0);
	CHECK_EQ(uffd_validate_range(ANON + 1, P), -EINVAL);
	CHECK_EQ(uffd_validate_range(ANON, P + 1), -EINVAL);
	CHECK_EQ(uffd_validate_range(ANON, 0), -EINVAL);
	CHECK_EQ(uffd_validate_range(0, P), -EINVAL);            /* below mmap_min_addr */
	CHECK_EQ(uffd_validate_range(USER_TOP, P), -EINVAL);
	CHECK_EQ(uffd_validate_range(USER_TOP - P, 2 * P), -EINVAL);
}
