/* Ending processes and collecting their status: exit and wait4. */
#ifndef KERNEL_PROC_EXIT_H
#define KERNEL_PROC_EXIT_H

#include "kernel/proc/proc.h"

/* exit_group(2): ends current's process, every thread of it, with exit code code. */
_Noreturn void proc_exit(int code);

/* exit(2): ends the calling thread; its process ends with it when it is the last. */
_Noreturn void proc_exit_thread(int code);

/* Ends current's process as killed by sig (after its core dump, if sig makes one). Never
 * returns. */
_Noreturn void proc_exit_signal(int sig);

/* p's whole process's CPU time and page faults: every thread's, the exited ones' too. */
void proc_usage(const struct proc *p, struct proc_usage *u);

struct linux_rusage;

/* wait4(2): collects a zombie child matching pid (-1: any; 0 or -pgid: one in that process
 * group), or with WUNTRACED/WCONTINUED reports one that stopped or continued. Returns its
 * pid, 0 with WNOHANG when none is ready, -ECHILD when there is no such child, or
 * -ERESTARTSYS when a signal will act (or stopped and continued the caller) meanwhile. */
int proc_wait(int pid, int *status, int options, struct linux_rusage *ru);

#define WNOHANG    1
#define WUNTRACED  2                    /* also report children that stopped */
#define WCONTINUED 8                    /* also report children that SIGCONT resumed */
#define WAIT_THREAD_FLAGS 0xe0000000u   /* __WNOTHREAD, __WALL, __WCLONE */

/* Fills ru with the times and fault counts of p itself, or of its waited-for children. */
void proc_rusage(struct proc *p, bool children, struct linux_rusage *ru);

#endif
