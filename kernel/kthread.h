/*
 * Kernel threads: processes that run a kernel function and never go to user mode, such as
 * kswapd. Kept apart from the process headers so that code which knows nothing of
 * processes (mm/) can start one.
 */
#ifndef KERNEL_KTHREAD_H
#define KERNEL_KTHREAD_H

/* Starts fn(arg) in a new kernel thread named `name` (what /proc and ps show); fn never
 * returns. 0 or -ENOMEM. */
int kthread_run(const char *name, void (*fn)(void *arg), void *arg);

#endif
