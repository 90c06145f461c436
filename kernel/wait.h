/*
 * Waiting for an event, as in xv6: a process sleeps on a channel (any address that names
 * what it waits for) until someone calls wakeup on that channel. Kept apart from the
 * scheduler's header so that code which knows nothing of processes (mm/, waiting for a
 * page under I/O) can wait too.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include <stdbool.h>
#include <stdint.h>

#define SLEEP_FOREVER UINT64_MAX

/*
 * Sleeps until wakeup(chan), a signal (signal_send_info wakes a sleeper), or time_ns()
 * reaching deadline (kernel/time.h: nanoseconds since boot, on CLOCK_MONOTONIC; 0 or
 * SLEEP_FOREVER: no timeout). A deadline already past returns at once. Call with
 * interrupts disabled, after checking the condition, so that a wakeup cannot slip in
 * between; returns with interrupts disabled. It may return early (the boot flow, before
 * any process exists, only waits for the next interrupt): callers test their condition,
 * the clock and signal_pending() in a loop.
 */
void sleep_on(const void *chan, uint64_t deadline);

/* Makes every process sleeping on chan runnable. */
void wakeup(const void *chan);

/* Whether the running process should stop waiting: a signal it acts on is pending
 * (signal_pending), or with fatal_only, one that kills it (Linux's interruptible and
 * killable sleeps). For sleepers that know nothing of processes (mm/userfault.c). */
bool wait_interrupted(bool fatal_only);

#endif
