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
#include "tests/kernel/trap_expect.h"

#include <stddef.h>

/* Nothing is ever mapped here: above the direct map, below the kernel image. */
#define UNMAPPED_KERNEL_ADDR 0xffffe00000000000ULL

SELFTEST(trap_invalid_opcode)
{
	trap_expect_begin();
	__asm__ volatile("ud2");
	trap_expect_end();
	EXPECT_EQ(trap_seen.count, 1);
	EXPECT_EQ(trap_seen.vector, T_UD);
}

SELFTEST(trap_breakpoint)
{
	trap_expect_begin();
	__asm__ volatile("int3");
	trap_expect_end();
	EXPECT_EQ(trap_seen.count, 1);
	EXPECT_EQ(trap_seen.vector, T_BP);
}

SELFTEST(trap_page_fault_read_unmapped)
{
	uint64_t v = 0;
	trap_expect_begin();
	int r = probe_read_u64((void *)UNMAPPED_KERNEL_ADDR, &v);
	trap_expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(trap_seen.count, 1);
	EXPECT_EQ(trap_seen.vector, T_PF);
	EXPECT_EQ(trap_seen.cr2, UNMAPPED_KERNEL_ADDR);
	/* not present, read, kernel mode, data access */
	EXPECT_EQ(trap_seen.error_code, 0);
	EXPECT_EQ(trap_seen.rip, (uint64_t)probe_read_u64);
}

SELFTEST(trap_page_fault_write_unmapped)
{
	trap_expect_begin();
	int r = probe_write_u64((void *)(UNMAPPED_KERNEL_ADDR + 8), 42);
	trap_expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(trap_seen.vector, T_PF);
	EXPECT_EQ(trap_seen.cr2, UNMAPPED_KERNEL_ADDR + 8);
	EXPECT_EQ(trap_seen.error_code, PF_W);
}

SELFTEST(trap_general_protection_noncanonical)
{
	uint64_t v;
	trap_expect_begin();
	int r = probe_read_u64((void *)0x8000000000000000ULL, &v);
	trap_expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(trap_seen.vector, T_GP);
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
