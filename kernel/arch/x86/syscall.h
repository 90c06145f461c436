/* The system-call entry: MSRs that route `syscall` to syscall_entry. */
#ifndef KERNEL_ARCH_X86_SYSCALL_H
#define KERNEL_ARCH_X86_SYSCALL_H

#include <stdint.h>

/* Where syscall_entry finds the current process's kernel stack (set at each switch). */
extern uint64_t syscall_kernel_rsp;

/* Enables `syscall`/`sysret` (EFER.SCE) and points LSTAR at syscall_entry. */
void syscall_init(void);

#endif
