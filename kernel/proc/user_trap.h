/* Exceptions caused by user programs: page faults resolved, or turned into signals. */
#ifndef KERNEL_PROC_USER_TRAP_H
#define KERNEL_PROC_USER_TRAP_H

#include "kernel/arch/x86/trap.h"

#include <stdbool.h>

/* An exception from user mode: a page fault goes to the fault handler; the rest, and
 * faults the handler refuses, become signals (SIGSEGV, SIGILL, SIGFPE ...). */
void handle_user_exception(struct trap_frame *tf);

/* A page fault in the kernel at a user address, from a uaccess copy: returns true when
 * the fault handler made the page present, so the copy can be retried. */
bool user_page_fault_in_kernel(struct trap_frame *tf);

#endif
