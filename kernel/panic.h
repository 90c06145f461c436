/*
 * When the kernel cannot go on: print what it knows (registers, the faulting address, a
 * symbolized backtrace) and stop. With the option panic=exit it then leaves QEMU with a
 * failure status instead of halting, so that tests and scripts see the crash at once.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/arch/x86/trap.h"

/* Stops the kernel with a message, the caller's registers and a backtrace. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Stops the kernel after an unexpected exception, dumping the trapped state. */
_Noreturn void die(struct trap_frame *tf);

/* Prints registers, control registers and, for a page fault, the decoded error code. */
void dump_trap_frame(const struct trap_frame *tf);

/*
 * Prints the call chain: rip (when not 0), then each return address found by following
 * the saved frame pointers from rbp.
 */
void print_backtrace(uint64_t rip, uint64_t rbp);

/* Prints "func+0x12/0x40" for a code address. */
void print_symbol(uint64_t addr);

/* The assertion that must hold for the kernel to go on. */
#define BUG_ON(cond)                                                              \
	do {                                                                      \
		if (cond)                                                         \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__);  \
	} while (0)

#endif
