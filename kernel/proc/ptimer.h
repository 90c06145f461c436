/*
 * A process's timers, which end in a signal: ITIMER_REAL and alarm (SIGALRM, on the
 * clock), ITIMER_VIRTUAL and ITIMER_PROF (SIGVTALRM, SIGPROF: counted on the ticks the
 * process spends in user mode, or in either mode), and POSIX timers (timer_create), as
 * Linux keeps them: not inherited by fork, POSIX timers deleted by execve (the itimers
 * stay), all deleted at exit.
 *
 * A timer on the clock is a kernel timer (kernel/ktimer.h). As on Linux, once its signal
 * is queued the timer waits: it is re-armed when the signal is taken (ptimer_signal_taken),
 * and the periods that passed meanwhile are its overrun (si_overrun, timer_getoverrun).
 * So a timer with a tiny interval whose signal is blocked costs nothing.
 */
#ifndef KERNEL_PROC_PTIMER_H
#define KERNEL_PROC_PTIMER_H

#include "kernel/proc/proc.h"

enum { ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2 };
enum { SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4 };
#define PTIMER_MAX 32                   /* POSIX timers per process (EAGAIN beyond) */

/* A setting in nanoseconds: value until the first expiry (0: disarmed), then interval. */
struct ptimer_spec {
	int64_t value, interval;
};

/* How a POSIX timer tells its expiry (struct sigevent, decoded). */
struct ptimer_event {
	int notify;                     /* SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID */
	int signo;
	uint64_t value;                 /* sigev_value */
	int tid;                        /* SIGEV_THREAD_ID: the thread (of the process) */
};

/* setitimer/getitimer on p's timer which (ITIMER_*); old may be NULL. 0 or -ENOMEM. */
int ptimer_itimer_set(struct proc *p, int which, const struct ptimer_spec *new,
		      struct ptimer_spec *old);
void ptimer_itimer_get(struct proc *p, int which, struct ptimer_spec *cur);

/* timer_create: a new disarmed POSIX timer whose absolute times are on a clock offset
 * ns from time_ns() (CLOCK_REALTIME: the boot epoch; else 0), telling its expiries as ev
 * says (NULL: SIGALRM with the timer's id as si_value); its id, or -EAGAIN. */
int ptimer_create(struct proc *p, int64_t offset, const struct ptimer_event *ev);

/* timer_settime, timer_gettime, timer_getoverrun, timer_delete: -EINVAL for an id p has
 * no timer under. abs: new->value is a time on the timer's clock. */
int ptimer_settime(struct proc *p, int id, bool abs, const struct ptimer_spec *new,
		   struct ptimer_spec *old);
int ptimer_gettime(struct proc *p, int id, struct ptimer_spec *cur);
int ptimer_getoverrun(struct proc *p, int id);
int ptimer_delete(struct proc *p, int id);

/* execve: POSIX timers go, itimers stay. Exit: all go. */
void ptimer_exec(struct proc *p);
void ptimer_exit(struct proc *p);

/* Thread p exits (or, a leader, hands over to the thread that execs): timers that
 * signalled it signal its process's leader now (SIGEV_THREAD_ID ones, the process). */
void ptimer_thread_exit(struct proc *p);

/* The scheduler's tick, charged to p in user mode or not: ITIMER_VIRTUAL and ITIMER_PROF. */
void ptimer_cpu_tick(struct proc *p, bool user);

/* Signal sig (with info) is being taken off p's pending set to act: a timer waiting for
 * its signal to go is re-armed, and a POSIX timer's overrun goes into info. Whoever
 * dequeues a signal (delivery, sigtimedwait) calls it. */
void ptimer_signal_taken(struct proc *p, int sig, struct sig_info *info);

#endif
