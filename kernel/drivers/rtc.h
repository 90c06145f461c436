/* The CMOS real-time clock: the wall-clock time at boot. */
#ifndef KERNEL_DRIVERS_RTC_H
#define KERNEL_DRIVERS_RTC_H

#include <stdint.h>

/* Reads the RTC and returns seconds since 1970-01-01 00:00:00 UTC (the RTC keeps UTC). */
int64_t rtc_read_epoch(void);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12); for tests too. */
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

#endif
