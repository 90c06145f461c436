/*
 * Kernel timers: a function to run at a deadline on the fine clock (time_ns(), nanoseconds
 * since boot). They wait in one list sorted by deadline; the local APIC's one-shot timer is
 * kept armed for the first of them, so each runs at its deadline (a few microseconds
 * late), not at the next 10 ms tick. Sleeps with a timeout (sleep_on), itimers, alarm and
 * POSIX timers are built on them.
 */
#ifndef KERNEL_KTIMER_H
#define KERNEL_KTIMER_H

#include "kernel/lib/list.h"

#include <stdbool.h>
#include <stdint.h>

struct ktimer;
typedef void (*ktimer_fn)(struct ktimer *t);

struct ktimer {
	struct list_head node;          /* in the sorted list while pending */
	uint64_t deadline;              /* time_ns() at which fn runs */
	ktimer_fn fn;                   /* runs from the timer interrupt, interrupts off */
	bool pending;
};

/* Runs fn(t) once time_ns() reaches deadline (at once, from the next timer interrupt,
 * when it already has). t must not be pending; it is not any more when fn runs, so fn may
 * add it again (an interval). */
void ktimer_add(struct ktimer *t, uint64_t deadline, ktimer_fn fn);

/* Takes t out of the list if it is there; true if it was (it had not run). */
bool ktimer_del(struct ktimer *t);

/* Runs the timers whose deadline has passed and re-arms the one-shot timer for the next:
 * the local APIC timer's interrupt. */
void ktimer_run_expired(void);

/* The PIT's tick, a safety net (and the only way without a local APIC): runs the expired
 * timers, if any. */
void ktimer_tick(void);

#endif
