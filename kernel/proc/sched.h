/*
 * The scheduler: round-robin over runnable processes, preempting a process that used up
 * its time slice when it next returns to user mode. Processes wait with sleep_on(channel,
 * deadline) and are woken by wakeup(channel), as in xv6, or by a signal, or at the
 * deadline: nanoseconds since boot on time_ns()'s clock (kernel/time.h), kept by a kernel
 * timer (kernel/ktimer.h) so the sleep ends then, not at the next tick; 0 or SLEEP_FOREVER
 * for none. See kernel/wait.h. A timed wait is typically:
 *
 *	uint64_t deadline = time_ns() + timeout_ns;
 *	irq_disable();
 *	while (!condition && time_ns() < deadline && !signal_pending())
 *		sleep_on(channel, deadline);
 *	irq_enable();
 */
#ifndef KERNEL_PROC_SCHED_H
#define KERNEL_PROC_SCHED_H

#include "kernel/proc/proc.h"
#include "kernel/wait.h"

#define TIME_SLICE_TICKS 5      /* 50 ms at HZ = 100 */

/* The boot flow becomes the idle process; call once, before the first process exists. */
void sched_init(void);

/* Puts p on the run queue. */
void sched_make_runnable(struct proc *p);

/* Runs the next runnable process (or the idle loop), returning when current runs again.
 * A current process that is still runnable goes to the back of the queue. */
void schedule(void);

/* The timer's hook: accounting, timeouts, and the end of time slices. */
void sched_tick(struct trap_frame *tf);

/* True when current should give up the CPU before returning to user mode. */
extern bool need_resched;

/* Time-stamp-counter cycles the CPU spent halted with nothing to run (under -icount, the
 * time QEMU skipped while waiting: benchmarks take it out of their instruction counts). */
extern uint64_t idle_cycles;

/* Clock ticks (HZ a second) the CPU spent in user mode, in the kernel for a process, and
 * with nothing to run; and how many times it switched processes. /proc/stat's cpu and
 * ctxt lines, which vmstat turns into its us, sy, id and cs columns. */
struct cpu_times {
	uint64_t user, system, idle;
	uint64_t switches;
};
extern struct cpu_times cpu_times;

/* Runnable processes now (the running one among them), and the load average as Linux's:
 * that number, sampled every 5 seconds and folded into averages over 1, 5 and 15
 * minutes, in fixed point with LOAD_FSHIFT bits of fraction. /proc/loadavg. */
#define LOAD_FSHIFT 11
int sched_nr_running(void);
extern uint64_t avenrun[3];

/* Called by every interrupt: ends the idle time the CPU was in, if any. */
void sched_idle_end(void);

/* The idle loop: what the boot flow does once processes exist. Never returns. */
_Noreturn void sched_idle(void);

#endif
