/* Ending processes and collecting their status: exit and wait4. */
#ifndef KERNEL_PROC_EXIT_H
#define KERNEL_PROC_EXIT_H

#include "kernel/proc/proc.h"

/* exit_group(2): ends current's process, every thread of it, with exit code code. */
_Noreturn void proc_exit(int code);

/* exit(2): ends the calling thread; its process ends with it when it is the last. */
_Noreturn void proc_exit_thread(int code);

/* Ends current's process as killed by sig (after its core dump, if sig makes one, which
 * tells info). Never returns. */
_Noreturn void proc_exit_signal(int sig, const struct sig_info *info);

/* p's whole process's CPU time and page faults: every thread's, the exited ones' too. */
void proc_usage(const struct proc *p, struct proc_usage *u);

struct linux_rusage;

/* wait4(2): collects a zombie child matching pid (-1: any; 0 or -pgid: one in that process
 * group), or with WUNTRACED/WCONTINUED reports one that stopped or continued. Returns its
 * pid, 0 with WNOHANG when none is ready, -ECHILD when there is no such child, or
 * -ERESTARTSYS when a signal will act (or stopped and continued the caller) meanwhile. */
int proc_wait(int pid, int *status, int options, struct linux_rusage *ru);

/* Is process group pgrp orphaned: no live member has a parent in another group of the
 * same session (init does not count), so that no shell is left to continue it? As Linux's
 * will_become_orphaned_pgrp: its stop signals from the terminal or the keyboard are
 * dropped, and a read of the terminal from the background gets EIO, not SIGTTIN. */
bool proc_pgrp_orphaned(int pgrp);

#define WNOHANG    1
#define WUNTRACED  2                    /* also report children that stopped */
#define WCONTINUED 8                    /* also report children that SIGCONT resumed */
#define WAIT_THREAD_FLAGS 0xe0000000u   /* __WNOTHREAD, __WALL, __WCLONE */

/* Fills ru with the times and fault counts of p's process (all its threads), or of its
 * waited-for children. */
void proc_rusage(struct proc *p, bool children, struct linux_rusage *ru);

/* The same for thread p alone (RUSAGE_THREAD). */
void proc_rusage_thread(struct proc *p, struct linux_rusage *ru);

#endif
