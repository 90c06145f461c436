/*
 * System calls: Linux's x86-64 numbers and conventions. The number is in rax, the
 * arguments in rdi, rsi, rdx, r10, r8, r9, and the result (or -errno) goes back in rax.
 */
#ifndef KERNEL_SYSCALL_SYSCALL_H
#define KERNEL_SYSCALL_SYSCALL_H

#include "kernel/arch/x86/trap.h"

#include <stdint.h>

typedef int64_t (*syscall_fn)(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5);

/* Called by syscall_entry with the saved registers. */
void syscall_dispatch(struct trap_frame *tf);

/* On every way back to user mode: signals, then a reschedule if the time slice ended. */
void return_to_user(struct trap_frame *tf);

/* The registers of the system call being handled (fork and execve need them). */
extern struct trap_frame *syscall_frame;

/* The tables of each group of system calls, filled in by the sys_*.c files. */
struct syscall_entry_def {
	unsigned nr;
	const char *name;
	syscall_fn fn;
};

#define SYSCALL_MAX 462                 /* the highest number Linux 6.x has (x86-64) */

#endif
