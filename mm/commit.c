/* The commit ledger and the overcommit policy (mm/commit.h), as Linux's mm/util.c. */
#include "mm/commit.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/swap.h"

int sysctl_overcommit_memory = OVERCOMMIT_GUESS;
int sysctl_overcommit_ratio = 50;
uint64_t sysctl_overcommit_kbytes;
uint64_t sysctl_user_reserve_kbytes = 1ULL << 17;       /* 128 MiB until commit_init */
uint64_t sysctl_admin_reserve_kbytes = 1ULL << 13;      /* 8 MiB */
uint64_t vm_committed_as;

#define PAGE_KB (PAGE_SIZE / 1024)

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* RAM the allocator manages, in pages (Linux's totalram_pages). */
static uint64_t totalram_pages(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	return s.total;
}

void commit_init(void)
{
	/* A thirty-second of free memory, at most 128 MiB and 8 MiB, as Linux. */
	struct frame_stats s;
	frame_get_stats(&s);
	uint64_t free_kb = s.free * PAGE_KB;
	sysctl_user_reserve_kbytes = min_u64(free_kb / 32, 1ULL << 17);
	sysctl_admin_reserve_kbytes = min_u64(free_kb / 32, 1ULL << 13);
}

uint64_t vm_commit_limit(void)
{
	uint64_t allowed;
	if (sysctl_overcommit_kbytes)
		allowed = sysctl_overcommit_kbytes / PAGE_KB;
	else    /* the ratio is an int that may be set negative: Linux then limits to 0 RAM */
		allowed = sysctl_overcommit_ratio > 0 ?
			  totalram_pages() * (uint64_t)sysctl_overcommit_ratio / 100 : 0;
	return allowed + swap_total_pages();
}

void vm_acct_memory(uint64_t pages)
{
	vm_committed_as += pages;
}

void vm_unacct_memory(uint64_t pages)
{
	BUG_ON(pages > vm_committed_as);
	vm_committed_as -= pages;
}

int vm_enough_memory(struct mm *mm, uint64_t pages)
{
	vm_acct_memory(pages);
	if (sysctl_overcommit_memory == OVERCOMMIT_ALWAYS)
		return 0;
	if (sysctl_overcommit_memory == OVERCOMMIT_GUESS) {
		/* Only what could never fit, however much is freed or swapped out. */
		if (pages <= totalram_pages() + swap_total_pages())
			return 0;
	} else {
		/* Every process here runs as root, so the admin reserve is not taken off.
		 * The user reserve keeps one process from taking the last of the limit, so
		 * that a user can still run the commands that recover the machine. */
		int64_t allowed = (int64_t)vm_commit_limit();
		if (mm)
			allowed -= (int64_t)min_u64((mm_total_size(mm) >> PAGE_SHIFT) / 32,
						    sysctl_user_reserve_kbytes / PAGE_KB);
		if ((int64_t)vm_committed_as < allowed)
			return 0;
	}
	pr_warn("__vm_enough_memory: bytes: %lu not enough memory for the allocation\n",
		pages << PAGE_SHIFT);
	vm_unacct_memory(pages);
	return -ENOMEM;
}
