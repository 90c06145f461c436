/*
 * Self-tests of the trap path: each provokes an exception in kernel mode and checks, through
 * the test hook, that the handler ran with what the CPU reported, and that the kernel went on.
 */
#include "boot/layout.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/extable.h"
#include "kernel/arch/x86/gdt.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/selftest.h"

#include <stddef.h>

/* Nothing is ever mapped here: above the direct map, below the kernel image. */
#define UNMAPPED_KERNEL_ADDR 0xffffe00000000000ULL

static struct {
	int count;
	uint64_t vector, error_code, cr2, rip;
} seen;

/* Records the exception and resumes after it. */
static bool record_trap(struct trap_frame *tf)
{
	seen.count++;
	seen.vector = tf->vector;
	seen.error_code = tf->error_code;
	seen.cr2 = read_cr2();
	seen.rip = tf->rip;
	switch (tf->vector) {
	case T_UD:
		tf->rip += 2;           /* ud2 is two bytes long */
		return true;
	case T_BP:
		return true;            /* a trap: rip is already past the int3 */
	default: {
		uint64_t fixup = extable_fixup(tf->rip);
		if (!fixup)
			return false;
		tf->rip = fixup;
		return true;
	}
	}
}

static void expect_begin(void)
{
	seen.count = 0;
	trap_set_test_hook(record_trap);
}

static void expect_end(void)
{
	trap_set_test_hook(NULL);
}

SELFTEST(trap_invalid_opcode)
{
	expect_begin();
	__asm__ volatile("ud2");
	expect_end();
	EXPECT_EQ(seen.count, 1);
	EXPECT_EQ(seen.vector, T_UD);
}

SELFTEST(trap_breakpoint)
{
	expect_begin();
	__asm__ volatile("int3");
	expect_end();
	EXPECT_EQ(seen.count, 1);
	EXPECT_EQ(seen.vector, T_BP);
}

SELFTEST(trap_page_fault_read_unmapped)
{
	uint64_t v = 0;
	expect_begin();
	int r = probe_read_u64((void *)UNMAPPED_KERNEL_ADDR, &v);
	expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(seen.count, 1);
	EXPECT_EQ(seen.vector, T_PF);
	EXPECT_EQ(seen.cr2, UNMAPPED_KERNEL_ADDR);
	/* not present, read, kernel mode, data access */
	EXPECT_EQ(seen.error_code, 0);
	EXPECT_EQ(seen.rip, (uint64_t)probe_read_u64);
}

SELFTEST(trap_page_fault_write_unmapped)
{
	expect_begin();
	int r = probe_write_u64((void *)(UNMAPPED_KERNEL_ADDR + 8), 42);
	expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(seen.vector, T_PF);
	EXPECT_EQ(seen.cr2, UNMAPPED_KERNEL_ADDR + 8);
	EXPECT_EQ(seen.error_code, PF_W);
}

SELFTEST(trap_general_protection_noncanonical)
{
	uint64_t v;
	expect_begin();
	int r = probe_read_u64((void *)0x8000000000000000ULL, &v);
	expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(seen.vector, T_GP);
}

SELFTEST(trap_extable_without_hook)
{
	/* The exception table alone absorbs the fault and reports it as -1. */
	uint64_t v = 7;
	EXPECT_EQ(probe_read_u64((void *)UNMAPPED_KERNEL_ADDR, &v), -1);
	EXPECT_EQ(v, 7);
	uint64_t here = 0x1122334455667788ULL;
	EXPECT_EQ(probe_read_u64(&here, &v), 0);
	EXPECT_EQ(v, 0x1122334455667788ULL);
}

SELFTEST(trap_timer_ticks)
{
	uint64_t start = timer_ticks();
	for (int i = 0; i < 100 * HZ && timer_ticks() < start + 3; i++)
		cpu_wait_for_interrupt();
	EXPECT(timer_ticks() >= start + 3);
}

SELFTEST(trap_tss_loaded)
{
	uint16_t tr;
	__asm__ volatile("str %0" : "=r"(tr));
	EXPECT_EQ(tr, SEG_TSS);
	uint64_t size;
	EXPECT(tss_ist_stack(IST_DOUBLE_FAULT, &size) != tss_ist_stack(IST_NMI, &size));
}
