#include "kernel/arch/x86/trap.h"
#include "kernel/proc/sched.h"
#include "kernel/arch/x86/extable.h"
#include "kernel/arch/x86/pic.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/arch/x86/cpu_features.h"
#include "kernel/syscall/syscall.h"
#include "kernel/proc/user_trap.h"
#include "kernel/errno.h"
#include "mm/kmalloc.h"

#include <stddef.h>

static trap_hook_t test_hook;
static irq_handler_t irq_handlers[T_NUM_IRQS];
static unsigned long spurious_irqs;
uint64_t irq_counts[T_NUM_IRQS];

/* Handlers of shared (PCI) lines, a list per line. */
struct irq_action {
	struct irq_action *next;
	irq_shared_handler_t fn;
	void *data;
};
static struct irq_action *shared_actions[T_NUM_IRQS];
/* Interrupts in a row that no handler claimed, per line. */
static unsigned long unclaimed_in_a_row[T_NUM_IRQS];

static const char *const exception_names[32] = {
	[T_DE] = "divide error", [T_DB] = "debug", [T_NMI] = "non-maskable interrupt",
	[T_BP] = "breakpoint", [T_OF] = "overflow", [T_BR] = "bound range exceeded",
	[T_UD] = "invalid opcode", [T_NM] = "device not available", [T_DF] = "double fault",
	[9] = "coprocessor segment overrun", [T_TS] = "invalid TSS",
	[T_NP] = "segment not present", [T_SS] = "stack-segment fault",
	[T_GP] = "general protection fault", [T_PF] = "page fault",
	[T_MF] = "x87 floating-point error", [T_AC] = "alignment check",
	[T_MC] = "machine check", [T_XM] = "SIMD floating-point exception",
	[T_VE] = "virtualization exception", [T_CP] = "control protection exception",
};

const char *trap_name(uint64_t vector)
{
	if (vector < 32)
		return exception_names[vector] ? exception_names[vector] : "reserved exception";
	if (vector < T_IRQ_BASE + T_NUM_IRQS)
		return "interrupt";
	return "unknown trap";
}

void trap_set_test_hook(trap_hook_t hook)
{
	test_hook = hook;
}

void irq_register(int irq, irq_handler_t fn)
{
	irq_handlers[irq] = fn;
	pic_unmask(irq);
}

int irq_register_shared(int irq, irq_shared_handler_t fn, void *data)
{
	struct irq_action *a = kmalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->fn = fn;
	a->data = data;
	a->next = shared_actions[irq];
	shared_actions[irq] = a;
	pic_set_level_triggered(irq);
	pic_unmask(irq);
	return 0;
}

/* Runs every shared handler of the line; a line nobody claims for too long is masked, since
 * a level-triggered line that stays asserted would interrupt again after every EOI. */
static void run_shared(int irq)
{
	bool claimed = false;
	for (struct irq_action *a = shared_actions[irq]; a; a = a->next)
		claimed |= a->fn(a->data);
	if (claimed) {
		unclaimed_in_a_row[irq] = 0;
	} else if (++unclaimed_in_a_row[irq] == IRQ_UNCLAIMED_LIMIT) {
		pr_err("irq %d: nobody cared: disabling the line\n", irq);
		pic_mask(irq);
	}
}

static void handle_irq(struct trap_frame *tf)
{
	sched_idle_end();
	int irq = (int)(tf->vector - T_IRQ_BASE);
	if (pic_is_spurious(irq)) {
		spurious_irqs++;
		return;
	}
	irq_counts[irq]++;
	if (irq_handlers[irq])
		irq_handlers[irq](tf);
	if (shared_actions[irq])
		run_shared(irq);
	pic_eoi(irq);
}

/*
 * An exception in the kernel: provoked by a self-test (the test hook sees it first, so it
 * can check what the CPU reported), expected (an exception-table fix-up), or a bug that
 * stops the kernel.
 */
static void handle_kernel_exception(struct trap_frame *tf)
{
	if (test_hook && test_hook(tf))
		return;
	uint64_t fixup = extable_fixup(tf->rip);
	/* The kernel touching user memory (uaccess) may fault on a page not yet present:
	 * demand paging applies as for the program itself. Only a real error is -EFAULT. */
	if (fixup && tf->vector == T_PF && user_page_fault_in_kernel(tf))
		return;
	if (fixup) {
		tf->rip = fixup;
		return;
	}
	die(tf);
}

void trap_dispatch(struct trap_frame *tf)
{
	user_access_end();      /* a user program may have set EFLAGS.AC: SMAP stays on */
	bool from_user = tf->cs & 3;
	if (tf->vector >= T_IRQ_BASE && tf->vector < T_IRQ_BASE + T_NUM_IRQS)
		handle_irq(tf);
	else if (from_user)
		handle_user_exception(tf);
	else
		handle_kernel_exception(tf);
	if (from_user)
		return_to_user(tf);
}
