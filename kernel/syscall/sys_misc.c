/* Time, system information and memory-size system calls. */
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "mm/frame.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

enum { CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2,
       CLOCK_THREAD_CPUTIME_ID = 3, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
       CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7 };

#define NSEC_PER_TICK (1000000000LL / HZ)

static int read_clock(int clk, struct timespec64 *ts)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ts = time_now();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ts = time_since_boot();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID: {
		uint64_t t = current->utime_ticks + current->stime_ticks;
		*ts = (struct timespec64){ (int64_t)(t / HZ), (int64_t)(t % HZ) * NSEC_PER_TICK };
		return 0;
	}
	default:
		return -EINVAL;
	}
}

static int64_t sys_clock_gettime(int clk, struct timespec64 *uts)
{
	struct timespec64 ts;
	int err = read_clock(clk, &ts);
	return err ? err : copy_to_user(uts, &ts, sizeof(ts));
}
SYSCALL_DEFINE(228, sys_clock_gettime);

static int64_t sys_clock_getres(int clk, struct timespec64 *uts)
{
	struct timespec64 ts;
	int err = read_clock(clk, &ts);
	if (err)
		return err;
	ts = (struct timespec64){ 0, NSEC_PER_TICK };   /* the clocks advance by ticks */
	return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}
SYSCALL_DEFINE(229, sys_clock_getres);

static int64_t sys_gettimeofday(struct linux_timeval *utv, struct linux_timezone *utz)
{
	if (utz) {
		struct linux_timezone tz = { 0, 0 };    /* UTC, as the RTC keeps it */
		if (copy_to_user(utz, &tz, sizeof(tz)))
			return -EFAULT;
	}
	if (!utv)
		return 0;
	struct timespec64 now = time_now();
	struct linux_timeval tv = { now.tv_sec, now.tv_nsec / 1000 };
	return copy_to_user(utv, &tv, sizeof(tv));
}
SYSCALL_DEFINE(96, sys_gettimeofday);

static int64_t sys_time(int64_t *ut)
{
	int64_t now = time_now().tv_sec;
	if (ut && copy_to_user(ut, &now, sizeof(now)))
		return -EFAULT;
	return now;
}
SYSCALL_DEFINE(201, sys_time);

static int64_t sys_times(struct linux_tms *ubuf)
{
	struct linux_tms t = { (int64_t)current->utime_ticks, (int64_t)current->stime_ticks,
			       (int64_t)current->child_utime_ticks,
			       (int64_t)current->child_stime_ticks };
	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)))
		return -EFAULT;
	return (int64_t)timer_ticks();          /* clock ticks since boot (USER_HZ = HZ) */
}
SYSCALL_DEFINE(100, sys_times);

static int64_t sys_nanosleep(const struct timespec64 *ureq, struct timespec64 *urem)
{
	struct timespec64 req;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000LL)
		return -EINVAL;
	uint64_t ticks = (uint64_t)req.tv_sec * HZ + (uint64_t)(req.tv_nsec + NSEC_PER_TICK - 1) /
			 NSEC_PER_TICK;
	uint64_t wake = timer_ticks() + ticks;
	if ((uint64_t)req.tv_sec > UINT64_MAX / HZ / 2)
		wake = UINT64_MAX;              /* longer than the machine will run: forever */
	irq_disable();
	while (timer_ticks() < wake && !(signal_pending() && signal_acts()))
		sleep_on(&current->wake_tick, wake);    /* a stop only pauses the clock's watch */
	irq_enable();
	if (timer_ticks() < wake) {
		if (urem) {
			uint64_t left = wake - timer_ticks();
			struct timespec64 rem = { (int64_t)(left / HZ),
						  (int64_t)(left % HZ) * NSEC_PER_TICK };
			copy_to_user(urem, &rem, sizeof(rem));
		}
		return -EINTR;
	}
	return 0;
}
SYSCALL_DEFINE(35, sys_nanosleep);

/* Sleeps until a signal arrives that runs a handler or ends the process. */
static int64_t sys_pause(void)
{
	irq_disable();
	while (!signal_pending())
		sleep_on(&current->wake_tick, UINT64_MAX);
	irq_enable();
	return -ERESTARTNOHAND;                 /* EINTR once a handler has run */
}
SYSCALL_DEFINE(34, sys_pause);

static int64_t sys_uname(struct linux_utsname *ubuf)
{
	struct linux_utsname u;
	memset(&u, 0, sizeof(u));
	memcpy(u.sysname, "Linux", 6);  /* what programs built for Linux expect to see */
	memcpy(u.nodename, "mmk", 4);
	memcpy(u.release, "6.1.0-mmk", 10);
	memcpy(u.version, "#1 mmk, a teaching kernel", 26);
	memcpy(u.machine, "x86_64", 7);
	memcpy(u.domainname, "(none)", 7);
	return copy_to_user(ubuf, &u, sizeof(u));
}
SYSCALL_DEFINE(63, sys_uname);

static int64_t sys_sysinfo(struct linux_sysinfo *ubuf)
{
	struct frame_stats fs;
	frame_get_stats(&fs);
	struct linux_sysinfo si;
	memset(&si, 0, sizeof(si));
	si.uptime = time_since_boot().tv_sec;
	si.totalram = fs.total * PAGE_SIZE;
	si.freeram = fs.free * PAGE_SIZE;
	si.totalswap = swap_total_pages() * PAGE_SIZE;
	si.freeswap = swap_free_pages() * PAGE_SIZE;
	si.mem_unit = 1;
	struct list_head *it;
	list_for_each(it, &all_procs)
		si.procs++;
	return copy_to_user(ubuf, &si, sizeof(si));
}
SYSCALL_DEFINE(99, sys_sysinfo);
