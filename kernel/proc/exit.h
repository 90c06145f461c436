/* Ending processes and collecting their status: exit and wait4. */
#ifndef KERNEL_PROC_EXIT_H
#define KERNEL_PROC_EXIT_H

#include "kernel/proc/proc.h"

/* Ends current with exit code code (as exit_group). Never returns. */
_Noreturn void proc_exit(int code);

/* Ends current as killed by sig. Never returns. */
_Noreturn void proc_exit_signal(int sig);

struct linux_rusage;

/* wait4(2): collects a zombie child matching pid (-1: any; 0 or -pgid: one in that process
 * group), or with WUNTRACED/WCONTINUED reports one that stopped or continued. Returns its
 * pid, 0 with WNOHANG when none is ready, -ECHILD when there is no such child, or
 * -ERESTARTSYS when a signal will act (or stopped and continued the caller) meanwhile. */
int proc_wait(int pid, int *status, int options, struct linux_rusage *ru);

#define WNOHANG    1
#define WUNTRACED  2                    /* also report children that stopped */
#define WCONTINUED 8                    /* also report children that SIGCONT resumed */
#define WAIT_THREAD_FLAGS 0xe0000000u   /* __WNOTHREAD, __WALL, __WCLONE: no threads here */

/* Fills ru with the times and fault counts of p itself, or of its waited-for children. */
void proc_rusage(struct proc *p, bool children, struct linux_rusage *ru);

#endif
