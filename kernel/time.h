/*
 * The kernel clock: wall-clock time from the RTC at boot plus the timer ticks since then,
 * and a monotonic clock from the ticks alone.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

struct timespec64 {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* Reads the RTC once; until then the wall clock starts at the epoch. */
void time_init(void);

/* CLOCK_REALTIME: now, since 1970. */
struct timespec64 time_now(void);

/* CLOCK_MONOTONIC: since boot. */
struct timespec64 time_since_boot(void);

#endif
