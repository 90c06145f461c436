#include "kernel/time.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/lapic.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/drivers/rtc.h"
#include "kernel/printk.h"
#include "kernel/wait.h"

static int64_t boot_epoch;              /* seconds since 1970 at boot, from the RTC */

/* time_ns() = base_ns + (rdtsc() - base_tsc) * mult >> 32, once tsc_hz is known. */
static uint64_t base_tsc, base_ns, mult;
static uint64_t tsc_hz;

/* Says whether the TSC runs at one rate whatever the CPU's power state (CPUID 80000007h
 * EDX bit 8); QEMU's TCG does not claim it, but its TSC is steady all the same. */
static bool tsc_invariant(void)
{
	uint32_t a, b, c, d;
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000007)
		return false;
	cpuid(0x80000007, 0, &a, &b, &c, &d);
	return d & (1u << 8);
}

/* Measures the TSC and the local APIC timer over the PIT's stopwatch. */
static void calibrate(void)
{
	bool apic = lapic_init();
	uint64_t flags = read_rflags();
	irq_disable();
	pit_stopwatch_start();
	uint64_t t0 = rdtsc();
	uint32_t l0 = lapic_timer_count();
	pit_stopwatch_wait();
	uint64_t t1 = rdtsc();
	uint32_t l1 = lapic_timer_count();
	tsc_hz = (t1 - t0) * 1000000 / PIT_STOPWATCH_US;
	mult = ((uint64_t)NSEC_PER_SEC << 32) / tsc_hz;
	base_ns = timer_ticks() * (NSEC_PER_SEC / HZ);
	base_tsc = rdtsc();
	if (apic)
		lapic_timer_set_rate((uint64_t)(l0 - l1) * 1000000 / PIT_STOPWATCH_US);
	if (flags & (1u << 9))
		irq_enable();
	printk("Clock: TSC at %lu kHz%s, local APIC timer at %lu kHz\n", tsc_hz / 1000,
	       tsc_invariant() ? " (invariant)" : "",
	       apic ? (unsigned long)(l0 - l1) * 1000 / PIT_STOPWATCH_US : 0UL);
}

void time_init(void)
{
	calibrate();
	boot_epoch = rtc_read_epoch();
	printk("Clock: %ld seconds since 1970 at boot (from the CMOS RTC)\n", boot_epoch);
}

uint64_t time_ns(void)
{
	if (!tsc_hz)
		return timer_ticks() * (NSEC_PER_SEC / HZ);
	return base_ns + (uint64_t)(((unsigned __int128)(rdtsc() - base_tsc) * mult) >> 32);
}

int64_t time_boot_epoch_ns(void)
{
	return boot_epoch * NSEC_PER_SEC;
}

struct timespec64 ns_to_timespec(int64_t ns)
{
	int64_t sec = ns / NSEC_PER_SEC, rem = ns % NSEC_PER_SEC;
	if (rem < 0) {
		sec--;
		rem += NSEC_PER_SEC;
	}
	return (struct timespec64){ sec, rem };
}

int64_t timespec_to_ns(const struct timespec64 *ts)
{
	if (ts->tv_sec >= INT64_MAX / NSEC_PER_SEC)
		return INT64_MAX;
	if (ts->tv_sec <= INT64_MIN / NSEC_PER_SEC)
		return INT64_MIN;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

int timespec_valid(const struct timespec64 *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

uint64_t time_deadline_after(uint64_t now, int64_t ns)
{
	return ns == INT64_MAX || (uint64_t)ns > SLEEP_FOREVER - 1 - now ? SLEEP_FOREVER
									 : now + (uint64_t)ns;
}

uint64_t time_deadline_in(int64_t ns)
{
	return time_deadline_after(time_ns(), ns);
}

struct timespec64 time_since_boot(void)
{
	return ns_to_timespec((int64_t)time_ns());
}

struct timespec64 time_now(void)
{
	return ns_to_timespec((int64_t)time_ns() + time_boot_epoch_ns());
}
