#include "kernel/time.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/drivers/rtc.h"
#include "kernel/printk.h"

#define NSEC_PER_SEC 1000000000LL

static int64_t boot_epoch;

void time_init(void)
{
	boot_epoch = rtc_read_epoch();
	printk("Clock: %ld seconds since 1970 at boot (from the CMOS RTC)\n", boot_epoch);
}

struct timespec64 time_since_boot(void)
{
	uint64_t t = timer_ticks();
	return (struct timespec64){ (int64_t)(t / HZ), (int64_t)(t % HZ) * (NSEC_PER_SEC / HZ) };
}

struct timespec64 time_now(void)
{
	struct timespec64 t = time_since_boot();
	t.tv_sec += boot_epoch;
	return t;
}
