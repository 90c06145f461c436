/*
 * Crash tests: each stops the kernel on purpose, so that tests/run.sh can check what a crash
 * report shows (registers, CR2, the decoded page-fault error code, a symbolized backtrace).
 * Run one with selftest=crash_NAME panic=exit; "selftest=all" never runs them.
 */
#include "boot/layout.h"
#include "kernel/panic.h"
#include "kernel/selftest.h"

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
