/*
 * Clocks, sleeps and timers: clock_gettime, clock_getres, gettimeofday, time, times,
 * nanosleep, clock_nanosleep, setitimer, getitimer, alarm, and the POSIX timers
 * (timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete), with
 * Linux's clock ids, errors and rounding. The clock is kernel/time.h's; the sleeps end on
 * a kernel timer (sleep_on's deadline); the timers are kernel/proc/ptimer.c's.
 */
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/linux_abi.h"
#include "kernel/printk.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

enum { CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2,
       CLOCK_THREAD_CPUTIME_ID = 3, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
       CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7, CLOCK_REALTIME_ALARM = 8,
       CLOCK_BOOTTIME_ALARM = 9, CLOCK_TAI = 11 };
#define TIMER_ABSTIME 1

#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)

/* The kinds of clock, as Linux's k_clock tables group them. */
enum clock_kind { CK_INVALID, CK_WALL, CK_MONO, CK_COARSE_WALL, CK_COARSE_MONO, CK_CPU };

/* A CPU-time clock: CLOCK_PROCESS/THREAD_CPUTIME_ID, or Linux's encoding of another
 * process's (clock_getcpuclockid: ~pid << 3 | which, bit 2 for a thread). */
struct cpu_clock {
	struct proc *p;
	int which;                      /* 0: user + system ticks, 1: user ticks, 2: exact */
	bool thread;
};

static enum clock_kind clock_kind(int clk, struct cpu_clock *cc)
{
	switch (clk) {
	case CLOCK_REALTIME: case CLOCK_REALTIME_ALARM: case CLOCK_TAI:
		return CK_WALL;
	case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		return CK_MONO;
	case CLOCK_REALTIME_COARSE:
		return CK_COARSE_WALL;
	case CLOCK_MONOTONIC_COARSE:
		return CK_COARSE_MONO;
	case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
		*cc = (struct cpu_clock){ current, 2, clk == CLOCK_THREAD_CPUTIME_ID };
		return CK_CPU;
	}
	if (clk >= 0 || (clk & 3) == 3)
		return CK_INVALID;      /* an fd's clock (CLOCKFD: none exist here), or no such kind */
	int pid = ~(clk >> 3);
	struct proc *p = pid == 0 ? current : proc_find(pid);
	if (!p || p->kthread || !p->group || p->group->live == 0 ||
	    (p->state == PROC_ZOMBIE && (clk & 4)))
		return CK_INVALID;
	*cc = (struct cpu_clock){ p, clk & 3, (clk & 4) != 0 };
	return CK_CPU;
}

/* Nanoseconds of CPU time on cc. */
static uint64_t cpu_clock_ns(const struct cpu_clock *cc)
{
	struct proc_usage u = { cc->p->utime_ticks, cc->p->stime_ticks, 0, 0, cc->p->cpu_ns };
	if (cc->thread && cc->p == current)
		u.cpu_ns += time_ns() - current->run_since_ns;
	if (!cc->thread)
		proc_usage(cc->p, &u);          /* the process's: all its threads' */
	if (cc->which == 1)
		return u.utime_ticks * NSEC_PER_TICK;
	if (cc->which == 0)
		return (u.utime_ticks + u.stime_ticks) * NSEC_PER_TICK;
	return u.cpu_ns;
}

/* time_ns() at the last tick boundary. (Not the PIT's count of ticks, which falls behind
 * when QEMU, busy, delivers its interrupts late.) */
static uint64_t coarse_ns(void)
{
	uint64_t now = time_ns();
	return now - now % NSEC_PER_TICK;
}

/* A clock's reading in nanoseconds (CLOCK_REALTIME: since 1970), or -EINVAL. */
static int read_clock_ns(int clk, int64_t *ns)
{
	struct cpu_clock cc;
	switch (clock_kind(clk, &cc)) {
	case CK_WALL:
		*ns = (int64_t)time_ns() + time_boot_epoch_ns();
		return 0;
	case CK_MONO:
		*ns = (int64_t)time_ns();
		return 0;
	case CK_COARSE_WALL:    /* the coarse clocks move by whole ticks */
		*ns = (int64_t)coarse_ns() + time_boot_epoch_ns();
		return 0;
	case CK_COARSE_MONO:
		*ns = (int64_t)coarse_ns();
		return 0;
	case CK_CPU:
		*ns = (int64_t)cpu_clock_ns(&cc);
		return 0;
	default:
		return -EINVAL;
	}
}

static int64_t sys_clock_gettime(int clk, struct timespec64 *uts)
{
	int64_t ns;
	int err = read_clock_ns(clk, &ns);
	if (err)
		return err;
	struct timespec64 ts = ns_to_timespec(ns);
	return copy_to_user(uts, &ts, sizeof(ts));
}
SYSCALL_DEFINE(228, sys_clock_gettime);

/* Linux's resolutions: 1 ns for the high-resolution clocks and the exact CPU clocks, a
 * tick for the coarse ones and the tick-counted CPU clocks. */
static int64_t sys_clock_getres(int clk, struct timespec64 *uts)
{
	struct cpu_clock cc;
	struct timespec64 ts = { 0, 1 };
	switch (clock_kind(clk, &cc)) {
	case CK_INVALID:
		return -EINVAL;
	case CK_COARSE_WALL: case CK_COARSE_MONO:
		ts.tv_nsec = NSEC_PER_TICK;
		break;
	case CK_CPU:
		if (cc.which != 2)
			ts.tv_nsec = NSEC_PER_TICK;
		break;
	default:
		break;
	}
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
	struct proc_usage u;
	proc_usage(current, &u);
	const struct proc *me = current->group->leader;
	struct linux_tms t = { (int64_t)u.utime_ticks, (int64_t)u.stime_ticks,
			       (int64_t)me->child_utime_ticks, (int64_t)me->child_stime_ticks };
	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)))
		return -EFAULT;
	return (int64_t)(time_ns() / NSEC_PER_TICK);    /* clock ticks since boot (USER_HZ = HZ) */
}
SYSCALL_DEFINE(100, sys_times);

/* Sleeps until time_ns() reaches deadline or a signal will act; a stop and continue only
 * pauses the wait, which goes on to the same deadline, as Linux's restart_syscall does.
 * 0, or -EINTR. */
static int sleep_until(uint64_t deadline)
{
	irq_disable();
	while (time_ns() < deadline && !(signal_pending() && signal_acts()))
		sleep_on(&current->wake_tick, deadline);
	irq_enable();
	return time_ns() < deadline ? -EINTR : 0;
}

/* The same on a CPU-time clock, which moves only while cc's process runs: checked at
 * each tick. */
static int sleep_until_cpu(const struct cpu_clock *cc, uint64_t target)
{
	irq_disable();
	while (cpu_clock_ns(cc) < target && !(signal_pending() && signal_acts()))
		sleep_on(&current->wake_tick, time_ns() + NSEC_PER_TICK);
	irq_enable();
	return cpu_clock_ns(cc) < target ? -EINTR : 0;
}

/* The remaining time after -EINTR, to urem if given: then -EINTR, or -EFAULT. */
static int64_t interrupted(int64_t left, struct timespec64 *urem)
{
	struct timespec64 rem = ns_to_timespec(left > 0 ? left : 0);
	if (urem && copy_to_user(urem, &rem, sizeof(rem)))
		return -EFAULT;
	return -EINTR;
}

static int64_t sys_nanosleep(const struct timespec64 *ureq, struct timespec64 *urem)
{
	struct timespec64 req;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	uint64_t deadline = time_deadline_in(timespec_to_ns(&req));
	if (sleep_until(deadline) == 0)
		return 0;
	return interrupted((int64_t)(deadline - time_ns()), urem);
}
SYSCALL_DEFINE(35, sys_nanosleep);

static int64_t cpu_nanosleep(struct cpu_clock *cc, int flags, int64_t req,
			     struct timespec64 *urem)
{
	if (cc->thread && cc->p == current)
		return -EINVAL;         /* a thread's own clock cannot move while it sleeps */
	uint64_t now = cpu_clock_ns(cc);
	uint64_t target = flags & TIMER_ABSTIME ? (uint64_t)req : time_deadline_after(now, req);
	if (target <= now || sleep_until_cpu(cc, target) == 0)
		return 0;
	if (flags & TIMER_ABSTIME)
		return -EINTR;
	return interrupted((int64_t)(target - cpu_clock_ns(cc)), urem);
}

static int64_t sys_clock_nanosleep(int clk, int flags, const struct timespec64 *ureq,
				   struct timespec64 *urem)
{
	struct cpu_clock cc;
	enum clock_kind kind = clock_kind(clk, &cc);
	if (kind == CK_INVALID)
		return -EINVAL;
	if (kind == CK_COARSE_WALL || kind == CK_COARSE_MONO || clk == CLOCK_MONOTONIC_RAW ||
	    clk == CLOCK_THREAD_CPUTIME_ID)
		return -EOPNOTSUPP;     /* Linux's k_clocks without nsleep (since 6.x, the
					 * thread clock too: 6.1 said EINVAL) */
	struct timespec64 req;
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	int64_t ns = timespec_to_ns(&req);
	if (kind == CK_CPU)
		return cpu_nanosleep(&cc, flags, ns, urem);
	uint64_t now = time_ns();
	uint64_t deadline;
	if (flags & TIMER_ABSTIME) {
		int64_t mono = kind == CK_WALL ? ns - time_boot_epoch_ns() : ns;
		if (mono <= (int64_t)now)
			return 0;
		deadline = (uint64_t)mono;
	} else {
		deadline = time_deadline_after(now, ns);
	}
	if (sleep_until(deadline) == 0)
		return 0;
	if (flags & TIMER_ABSTIME)
		return -EINTR;          /* no remaining time for an absolute sleep */
	return interrupted((int64_t)(deadline - time_ns()), urem);
}
SYSCALL_DEFINE(230, sys_clock_nanosleep);

/* itimerval <-> nanoseconds, as Linux's get_itimerval and put_itimerval. */
static int timeval_valid(const struct linux_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

static int64_t timeval_to_ns(const struct linux_timeval *tv)
{
	struct timespec64 ts = { tv->tv_sec, tv->tv_usec * 1000 };
	return timespec_to_ns(&ts);
}

static struct linux_timeval ns_to_timeval(int64_t ns)
{
	struct timespec64 ts = ns_to_timespec(ns);
	return (struct linux_timeval){ ts.tv_sec, ts.tv_nsec / 1000 };
}

static int put_itimerval(struct linux_itimerval *u, const struct ptimer_spec *s)
{
	struct linux_itimerval v = { ns_to_timeval(s->interval), ns_to_timeval(s->value) };
	return copy_to_user(u, &v, sizeof(v));
}

static int64_t sys_getitimer(int which, struct linux_itimerval *ucur)
{
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	struct ptimer_spec cur;
	ptimer_itimer_get(current, which, &cur);
	return put_itimerval(ucur, &cur);
}
SYSCALL_DEFINE(36, sys_getitimer);

static int64_t sys_setitimer(int which, const struct linux_itimerval *unew,
			     struct linux_itimerval *uold)
{
	struct ptimer_spec new = { 0, 0 }, old;
	if (unew) {
		struct linux_itimerval v;
		if (copy_from_user(&v, unew, sizeof(v)))
			return -EFAULT;
		if (!timeval_valid(&v.it_value) || !timeval_valid(&v.it_interval))
			return -EINVAL;
		new = (struct ptimer_spec){ timeval_to_ns(&v.it_value),
					    timeval_to_ns(&v.it_interval) };
	}
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	int err = ptimer_itimer_set(current, which, &new, &old);
	if (err || !uold)
		return err;
	return put_itimerval(uold, &old) ? -EFAULT : 0;
}
SYSCALL_DEFINE(38, sys_setitimer);

/* alarm: ITIMER_REAL for whole seconds; the seconds that were left, rounded as Linux
 * (half a second or more up, and never 0 for a pending alarm). */
static int64_t sys_alarm(unsigned seconds)
{
	struct ptimer_spec new = { (int64_t)seconds * NSEC_PER_SEC, 0 }, old;
	if (ptimer_itimer_set(current, ITIMER_REAL, &new, &old))
		return 0;
	struct timespec64 left = ns_to_timespec(old.value);
	if ((!left.tv_sec && left.tv_nsec) || left.tv_nsec >= NSEC_PER_SEC / 2)
		left.tv_sec++;
	return left.tv_sec;
}
SYSCALL_DEFINE(37, sys_alarm);

/* The offset of a POSIX timer's clock from time_ns(), or -EINVAL / -EOPNOTSUPP /
 * -ENOSYS, as Linux's timer_create sees clock ids. */
static int timer_clock(int clk, int64_t *offset)
{
	struct cpu_clock cc;
	switch (clock_kind(clk, &cc)) {
	case CK_WALL:
		*offset = time_boot_epoch_ns();
		return 0;
	case CK_MONO:
		*offset = 0;
		return clk == CLOCK_MONOTONIC_RAW ? -EOPNOTSUPP : 0;
	case CK_COARSE_WALL: case CK_COARSE_MONO:
		return -EOPNOTSUPP;
	case CK_CPU:
		pr_warn("timer_create: %s[%d]: timers on CPU-time clocks are not implemented: "
			"-ENOSYS\n", current->name, current->pid);
		return -ENOSYS;
	default:
		return -EINVAL;
	}
}

/* A sigevent as Linux's good_sigevent accepts it. */
static int decode_sigevent(const struct linux_sigevent *se, struct ptimer_event *ev)
{
	switch (se->sigev_notify) {
	case SIGEV_THREAD_ID: {
		struct proc *t = proc_find(se->sigev_un.tid);
		if (!t || t->group != current->group || t->state == PROC_ZOMBIE)
			return -EINVAL;     /* not a live thread of this process */
	}
		/* fall through */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (se->sigev_signo <= 0 || se->sigev_signo >= NSIG)
			return -EINVAL;
		/* fall through */
	case SIGEV_NONE:
		*ev = (struct ptimer_event){ se->sigev_notify == SIGEV_NONE	 ? SIGEV_NONE
					     : se->sigev_notify == SIGEV_THREAD_ID ? SIGEV_THREAD_ID
										   : SIGEV_SIGNAL,
					     se->sigev_signo, se->sigev_value, se->sigev_un.tid };
		return 0;
	default:
		return -EINVAL;
	}
}

static int64_t sys_timer_create(int clk, const struct linux_sigevent *uev, int32_t *uid)
{
	struct linux_sigevent se;
	if (uev && copy_from_user(&se, uev, sizeof(se)))
		return -EFAULT;
	int64_t offset;
	int err = timer_clock(clk, &offset);
	if (err)
		return err;
	struct ptimer_event ev;
	if (uev && (err = decode_sigevent(&se, &ev)))
		return err;
	int id = ptimer_create(current, offset, uev ? &ev : NULL);
	if (id < 0)
		return id;
	int32_t id32 = id;
	if (copy_to_user(uid, &id32, sizeof(id32))) {
		ptimer_delete(current, id);
		return -EFAULT;
	}
	return 0;
}
SYSCALL_DEFINE(222, sys_timer_create);

static int get_itimerspec(const struct linux_itimerspec *u, struct ptimer_spec *s)
{
	struct linux_itimerspec v;
	if (copy_from_user(&v, u, sizeof(v)))
		return -EFAULT;
	struct timespec64 value = { v.it_value.tv_sec, v.it_value.tv_nsec };
	struct timespec64 interval = { v.it_interval.tv_sec, v.it_interval.tv_nsec };
	if (!timespec_valid(&value) || !timespec_valid(&interval))
		return -EINVAL;
	*s = (struct ptimer_spec){ timespec_to_ns(&value), timespec_to_ns(&interval) };
	return 0;
}

static int put_itimerspec(struct linux_itimerspec *u, const struct ptimer_spec *s)
{
	struct timespec64 value = ns_to_timespec(s->value);
	struct timespec64 interval = ns_to_timespec(s->interval);
	struct linux_itimerspec v = { { interval.tv_sec, interval.tv_nsec },
				      { value.tv_sec, value.tv_nsec } };
	return copy_to_user(u, &v, sizeof(v));
}

static int64_t sys_timer_settime(int id, int flags, const struct linux_itimerspec *unew,
				 struct linux_itimerspec *uold)
{
	if (!unew)
		return -EINVAL;
	struct ptimer_spec new, old;
	int err = get_itimerspec(unew, &new);
	if (err)
		return err;
	err = ptimer_settime(current, id, flags & TIMER_ABSTIME, &new, &old);
	if (err || !uold)
		return err;
	return put_itimerspec(uold, &old) ? -EFAULT : 0;
}
SYSCALL_DEFINE(223, sys_timer_settime);

static int64_t sys_timer_gettime(int id, struct linux_itimerspec *ucur)
{
	struct ptimer_spec cur;
	int err = ptimer_gettime(current, id, &cur);
	if (err)
		return err;
	return put_itimerspec(ucur, &cur) ? -EFAULT : 0;
}
SYSCALL_DEFINE(224, sys_timer_gettime);

static int64_t sys_timer_getoverrun(int id)
{
	return ptimer_getoverrun(current, id);
}
SYSCALL_DEFINE(225, sys_timer_getoverrun);

static int64_t sys_timer_delete(int id)
{
	return ptimer_delete(current, id);
}
SYSCALL_DEFINE(226, sys_timer_delete);
