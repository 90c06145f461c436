/*
 * A shared (PCI) interrupt line that keeps firing with no handler claiming it, as a device
 * nobody drives would hold it asserted, is masked after IRQ_UNCLAIMED_LIMIT interrupts
 * instead of hanging the machine. The interrupts are raised in software (int $vector),
 * which reaches the same dispatch as the PIC's; the self-test boot ends after the tests,
 * so the line stays masked for no one else.
 */
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/selftest.h"

#define TEST_IRQ 5              /* free on QEMU's pc machine (SeaBIOS routes PCI to 10, 11) */
#define PIC1_DATA 0x21          /* the master's interrupt mask register */

static unsigned long calls;

static bool never_mine(void *data)
{
	(void)data;
	calls++;
	return false;
}

static bool line_masked(void)
{
	return inb(PIC1_DATA) & (1u << TEST_IRQ);
}

SELFTEST(irq_shared_nobody_cared_masks_the_line)
{
	EXPECT_EQ(irq_register_shared(TEST_IRQ, never_mine, NULL), 0);
	EXPECT(!line_masked());
	for (unsigned long i = 0; i + 1 < IRQ_UNCLAIMED_LIMIT; i++)
		__asm__ volatile("int %0" : : "i"(T_IRQ_BASE + TEST_IRQ) : "memory");
	EXPECT_EQ(calls, IRQ_UNCLAIMED_LIMIT - 1);
	EXPECT(!line_masked());                 /* not yet */
	__asm__ volatile("int %0" : : "i"(T_IRQ_BASE + TEST_IRQ) : "memory");
	EXPECT_EQ(calls, IRQ_UNCLAIMED_LIMIT);
	EXPECT(line_masked());
}
