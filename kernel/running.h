/*
 * Who is running now, by pid and name, for code that knows nothing of processes: the
 * fault tracer (mm/vmtrace.c) names the process on each of its lines. Kept apart from
 * kernel/proc/proc.h, as kernel/wait.h is from the scheduler. The process layer
 * (kernel/proc/sched.c) implements it.
 */
#ifndef KERNEL_RUNNING_H
#define KERNEL_RUNNING_H

/* The running process's pid (0 before the first process, in the idle loop). */
int running_pid(void);

/* Its name, as /proc/PID/comm shows it ("idle" before the first process). */
const char *running_name(void);

#endif
