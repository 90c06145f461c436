#include "kernel/drivers/rtc.h"
#include "kernel/arch/x86/cpu.h"

#include <stdbool.h>

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71
#define NMI_DISABLE 0x80

enum { RTC_SEC = 0x00, RTC_MIN = 0x02, RTC_HOUR = 0x04, RTC_DAY = 0x07, RTC_MONTH = 0x08,
       RTC_YEAR = 0x09, RTC_STATUS_A = 0x0A, RTC_STATUS_B = 0x0B, RTC_CENTURY = 0x32 };

#define STATUS_A_UPDATING 0x80
#define STATUS_B_BINARY   0x04
#define STATUS_B_24HOUR   0x02
#define HOUR_PM           0x80

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_ADDR, NMI_DISABLE | reg);
	return inb(CMOS_DATA);
}

static unsigned from_bcd(uint8_t v)
{
	return (v & 0x0F) + (v >> 4) * 10;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Howard Hinnant's algorithm: count from 0000-03-01 so that leap days fall last. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct rtc_time {
	unsigned sec, min, hour, day, month, year, century;
};

static void read_raw(struct rtc_time *t)
{
	while (cmos_read(RTC_STATUS_A) & STATUS_A_UPDATING)
		cpu_relax();
	t->sec = cmos_read(RTC_SEC);
	t->min = cmos_read(RTC_MIN);
	t->hour = cmos_read(RTC_HOUR);
	t->day = cmos_read(RTC_DAY);
	t->month = cmos_read(RTC_MONTH);
	t->year = cmos_read(RTC_YEAR);
	t->century = cmos_read(RTC_CENTURY);
}

static bool same(const struct rtc_time *a, const struct rtc_time *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour && a->day == b->day &&
	       a->month == b->month && a->year == b->year && a->century == b->century;
}

int64_t rtc_read_epoch(void)
{
	struct rtc_time t, again;
	/* Read until two reads agree, so an update in the middle cannot tear the value. */
	read_raw(&t);
	for (;;) {
		read_raw(&again);
		if (same(&t, &again))
			break;
		t = again;
	}
	uint8_t b = cmos_read(RTC_STATUS_B);
	bool pm = t.hour & HOUR_PM;
	t.hour &= (unsigned)~HOUR_PM;
	if (!(b & STATUS_B_BINARY)) {
		t.sec = from_bcd((uint8_t)t.sec);
		t.min = from_bcd((uint8_t)t.min);
		t.hour = from_bcd((uint8_t)t.hour);
		t.day = from_bcd((uint8_t)t.day);
		t.month = from_bcd((uint8_t)t.month);
		t.year = from_bcd((uint8_t)t.year);
		t.century = from_bcd((uint8_t)t.century);
	}
	if (!(b & STATUS_B_24HOUR))
		t.hour = (t.hour % 12) + (pm ? 12 : 0);
	unsigned year = (t.century >= 19 ? t.century : 20) * 100 + t.year;
	return days_from_civil(year, t.month, t.day) * 86400 + t.hour * 3600 + t.min * 60 + t.sec;
}
