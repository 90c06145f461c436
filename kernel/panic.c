#include "kernel/panic.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/ksyms.h"
#include "kernel/options.h"
#include "kernel/printk.h"
#include "kernel/qemu.h"
#include "mm/kernel_map.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "boot/layout.h"

#include <stdarg.h>
#include <stdbool.h>

#define BACKTRACE_MAX_DEPTH 32
#define PANIC_MESSAGE_MAX 256

static bool panic_exits_qemu;
static int panic_depth;

static const char *set_panic(const char *value)
{
	if (value && strcmp(value, "exit") == 0)
		panic_exits_qemu = true;
	else if (value && strcmp(value, "halt") == 0)
		panic_exits_qemu = false;
	else
		return "expected panic=halt or panic=exit";
	return NULL;
}
KERNEL_OPTION("panic", set_panic);

void print_symbol(uint64_t addr)
{
	uint64_t offset, size;
	const char *name = ksym_lookup(addr, &offset, &size);
	if (name)
		kprintf("%s+0x%lx/0x%lx", name, offset, size);
	else
		kprintf("?");
}

/* A saved frame pointer worth following: kernel half, aligned, and readable. */
static bool plausible_frame(uint64_t rbp)
{
	return rbp >= KERNEL_HALF_START && (rbp & 7) == 0;
}

/* Prints one backtrace line, or counts it when it repeats the previous one (recursion). */
static void backtrace_line(uint64_t ret, uint64_t *last, int *repeats)
{
	if (ret == *last) {
		(*repeats)++;
		return;
	}
	if (*repeats)
		kprintf("  ... the line above repeats %d more times\n", *repeats);
	*repeats = 0;
	*last = ret;
	kprintf("  [<%016lx>] ", ret);
	/* ret is the instruction after the call; ret - 1 is inside the calling function. */
	print_symbol(ret - 1);
	kprintf("\n");
}

void print_backtrace(uint64_t rip, uint64_t rbp)
{
	kprintf("Call trace:\n");
	if (rip) {
		kprintf("  [<%016lx>] ", rip);
		print_symbol(rip);
		kprintf("\n");
	}
	uint64_t last = 0;
	int repeats = 0;
	for (int depth = 0; depth < BACKTRACE_MAX_DEPTH && plausible_frame(rbp); depth++) {
		uint64_t next = ((uint64_t *)rbp)[0];
		uint64_t ret = ((uint64_t *)rbp)[1];
		if (!ret)
			break;
		backtrace_line(ret, &last, &repeats);
		if (next <= rbp)        /* frames move up the stack; anything else is garbage */
			break;
		rbp = next;
	}
	if (repeats)
		kprintf("  ... the line above repeats %d more times\n", repeats);
}

static void print_pf_error(uint64_t err)
{
	kprintf("Page fault error code 0x%lx: %s, %s, %s mode%s%s\n", err,
		(err & PF_P) ? "protection violation (P=1)" : "page not present (P=0)",
		(err & PF_W) ? "write (W=1)" : "read (W=0)",
		(err & PF_U) ? "user (U=1)" : "kernel (U=0)",
		(err & PF_RSVD) ? ", reserved bit set (RSVD=1)" : "",
		(err & PF_I) ? ", instruction fetch (I/D=1)" : "");
}

void dump_trap_frame(const struct trap_frame *tf)
{
	kprintf("RIP: %04lx:%016lx ", tf->cs, tf->rip);
	print_symbol(tf->rip);
	kprintf("\nRSP: %04lx:%016lx EFLAGS: %08lx", tf->ss, tf->rsp, tf->rflags);
	if (tf->vector < 256)
		kprintf(" vector %lu error %lx", tf->vector, tf->error_code);
	kprintf("\n");
	kprintf("RAX: %016lx RBX: %016lx RCX: %016lx\n", tf->rax, tf->rbx, tf->rcx);
	kprintf("RDX: %016lx RSI: %016lx RDI: %016lx\n", tf->rdx, tf->rsi, tf->rdi);
	kprintf("RBP: %016lx R08: %016lx R09: %016lx\n", tf->rbp, tf->r8, tf->r9);
	kprintf("R10: %016lx R11: %016lx R12: %016lx\n", tf->r10, tf->r11, tf->r12);
	kprintf("R13: %016lx R14: %016lx R15: %016lx\n", tf->r13, tf->r14, tf->r15);
	kprintf("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
		read_cr0(), read_cr2(), read_cr3(), read_cr4());
	if (tf->vector == T_PF)
		print_pf_error(tf->error_code);
}

/* The end of every crash: leave QEMU if asked to, otherwise halt for a debugger. */
static _Noreturn void stop(void)
{
	kprintf("---[ end Kernel panic ]---\n");
	if (panic_exits_qemu)
		qemu_exit(QEMU_EXIT_PANIC);
	for (;;) {
		irq_disable();
		cpu_halt();
	}
}

/* A fault while printing a crash would loop forever; the second time, just stop. */
static void enter_panic(void)
{
	irq_disable();
	if (panic_depth++ > 0) {
		kprintf("\nnested fault while reporting a crash\n");
		stop();
	}
}

_Noreturn void die(struct trap_frame *tf)
{
	enter_panic();
	const char *stack = kernel_stack_guard_hit(read_cr2());
	if ((tf->vector == T_DF || tf->vector == T_PF) && stack)
		kprintf("\nKernel panic: kernel stack overflow: the %s ran into its guard page "
			"(%s)\n", stack, trap_name(tf->vector));
	else
		kprintf("\nKernel panic: unexpected %s (vector %lu) in kernel mode\n",
			trap_name(tf->vector), tf->vector);
	dump_trap_frame(tf);
	print_backtrace(tf->rip, tf->rbp);
	stop();
}

_Noreturn void panic(const char *fmt, ...)
{
	/* The caller's state: callee-saved registers still hold its values. */
	struct trap_frame tf = {0};
	uint64_t *frame = __builtin_frame_address(0);
	__asm__ volatile("movq %%rbx, %0; movq %%r12, %1; movq %%r13, %2; movq %%r14, %3;"
			 "movq %%r15, %4; movq %%cs, %5; movq %%ss, %6; pushfq; popq %7"
			 : "=m"(tf.rbx), "=m"(tf.r12), "=m"(tf.r13), "=m"(tf.r14), "=m"(tf.r15),
			   "=r"(tf.cs), "=r"(tf.ss), "=r"(tf.rflags));
	tf.rbp = frame[0];
	tf.rip = frame[1];
	tf.rsp = (uint64_t)(frame + 2);
	tf.vector = ~0ULL;

	enter_panic();
	char msg[PANIC_MESSAGE_MAX];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("\nKernel panic: %s\n", msg);
	dump_trap_frame(&tf);
	print_backtrace(0, (uint64_t)frame);
	stop();
}
