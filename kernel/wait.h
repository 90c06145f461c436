/*
 * Waiting for an event, as in xv6: a process sleeps on a channel (any address that names
 * what it waits for) until someone calls wakeup on that channel. Kept apart from the
 * scheduler's header so that code which knows nothing of processes (mm/, waiting for a
 * page under I/O) can wait too.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include <stdint.h>

/*
 * Sleeps until wakeup(chan) or the tick wake_at (0: no timeout). Call with interrupts
 * disabled, after checking the condition, so that a wakeup cannot slip in between; returns
 * with interrupts disabled. It may return early (the boot flow, before any process exists,
 * only waits for the next interrupt): callers test their condition in a loop.
 */
void sleep_on(const void *chan, uint64_t wake_at);

/* Makes every process sleeping on chan runnable. */
void wakeup(const void *chan);

#endif
