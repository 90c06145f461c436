/*
 * The kernel clock: the time-stamp counter, whose rate clock_init measures against the
 * PIT at boot, read in nanoseconds since boot (time_ns); wall-clock time is that plus the
 * RTC's time at boot. Before clock_init it counts the PIT's ticks.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000LL

struct timespec64 {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* Measures the TSC's and the local APIC timer's rates against the PIT (50 ms, polled),
 * reads the RTC, and from then on time_ns() has nanosecond resolution. */
void time_init(void);

/* CLOCK_MONOTONIC (and CLOCK_BOOTTIME: nothing here suspends) in nanoseconds. */
uint64_t time_ns(void);

/* CLOCK_REALTIME minus CLOCK_MONOTONIC, in nanoseconds: the time of boot since 1970. */
int64_t time_boot_epoch_ns(void);

/* CLOCK_REALTIME: now, since 1970. */
struct timespec64 time_now(void);

/* CLOCK_MONOTONIC: since boot. */
struct timespec64 time_since_boot(void);

/* Conversions; ns_to_timespec takes a signed count (negative: tv_sec < 0, tv_nsec >= 0). */
struct timespec64 ns_to_timespec(int64_t ns);
int64_t timespec_to_ns(const struct timespec64 *ts);     /* saturates at INT64_MAX */

/* tv_sec >= 0 and 0 <= tv_nsec < 10^9, as Linux's timespec64_valid (EINVAL otherwise). */
int timespec_valid(const struct timespec64 *ts);

/* now + ns (ns >= 0) as a sleep_on deadline: SLEEP_FOREVER when it lies beyond what the
 * clock will ever reach. time_deadline_in counts from time_ns(). */
uint64_t time_deadline_after(uint64_t now, int64_t ns);
uint64_t time_deadline_in(int64_t ns);

#endif
