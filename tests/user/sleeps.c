/* Clocks and sleeps: nanosecond clocks with Linux's resolutions, nanosleep and
 * clock_nanosleep (relative and TIMER_ABSTIME, the clock ids Linux allows) ending after
 * the time asked and not a whole tick later, an absolute time in the past returning at
 * once, EINTR with the time left, a stop and continue that the sleep does not notice, and
 * the errors. Only facts that hold on a loaded machine are printed: "at least the time
 * asked", and "the shortest of 20 sleeps of 1 ms took less than a 10 ms tick". */
#include "check.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct timespec ts_of(int64_t ns)
{
	return (struct timespec){ ns / 1000000000LL, ns % 1000000000LL };
}

/* clock_nanosleep as the system call (errno on failure), not libc's wrapper. */
static long sys_clock_nanosleep(long clk, long flags, const struct timespec *req,
				struct timespec *rem)
{
	return syscall(SYS_clock_nanosleep, clk, flags, req, rem);
}

static void resolutions(void)
{
	static const struct { clockid_t clk; const char *name; } hres[] = {
		{ CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_BOOTTIME, "BOOTTIME" },
		{ CLOCK_TAI, "TAI" }, { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID" },
		{ CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID" },
	};
	char what[80];
	for (unsigned i = 0; i < sizeof(hres) / sizeof(hres[0]); i++) {
		struct timespec r = { 9, 9 };
		snprintf(what, sizeof(what), "clock_getres(%s) is 1 ns", hres[i].name);
		CHECK(what, clock_getres(hres[i].clk, &r) == 0 && r.tv_sec == 0 && r.tv_nsec == 1);
	}
	clockid_t coarse[] = { CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE };
	for (int i = 0; i < 2; i++) {
		struct timespec r = { 9, 9 };
		CHECK("clock_getres(a _COARSE clock) is a tick (1 to 10 ms)",
		      clock_getres(coarse[i], &r) == 0 && r.tv_sec == 0 && r.tv_nsec >= MS &&
		      r.tv_nsec <= 10 * MS);
	}
	errno = 0;
	CHECK("clock_getres(100): EINVAL", clock_getres(100, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("clock_gettime(-1): EINVAL", syscall(SYS_clock_gettime, -1L, NULL) == -1 &&
					   errno == EINVAL);
	errno = 0;
	CHECK("clock_gettime(MONOTONIC, bad pointer): EFAULT",
	      syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, (void *)8) == -1 &&
	      errno == EFAULT);
}

/* The smallest step CLOCK_MONOTONIC takes, over 100 tries: well under a tick. */
static void fine_clock(void)
{
	int64_t best = INT64_MAX;
	for (int i = 0; i < 100; i++) {
		int64_t a = now_ns(CLOCK_MONOTONIC), b;
		while ((b = now_ns(CLOCK_MONOTONIC)) == a)
			;
		if (b - a < best)
			best = b - a;
	}
	CHECK("CLOCK_MONOTONIC advances in steps under 100 us", best < 100000);
	int64_t c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	volatile unsigned spin = 0;
	for (int i = 0; i < 100000; i++)
		spin++;
	int64_t c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK("CLOCK_PROCESS_CPUTIME_ID moves while the process runs", c1 > c0);
	CHECK("CLOCK_REALTIME is after 2020", now_ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);
}

/* 20 sleeps of 1 ms: each at least 1 ms, the shortest less than a tick. */
static void short_sleeps(void)
{
	int64_t shortest = INT64_MAX;
	int all_long_enough = 1;
	for (int i = 0; i < 20; i++) {
		struct timespec req = ts_of(MS);
		int64_t t0 = now_ns(CLOCK_MONOTONIC);
		int r = nanosleep(&req, NULL);
		int64_t took = now_ns(CLOCK_MONOTONIC) - t0;
		all_long_enough &= r == 0 && took >= MS;
		if (took < shortest)
			shortest = took;
	}
	CHECK("nanosleep(1 ms) x20: each took at least 1 ms", all_long_enough);
	CHECK("nanosleep(1 ms) x20: the shortest took less than 9 ms", shortest < 9 * MS);

	static const struct { clockid_t clk; const char *name; } clocks[] = {
		{ CLOCK_MONOTONIC, "MONOTONIC" }, { CLOCK_REALTIME, "REALTIME" },
		{ CLOCK_BOOTTIME, "BOOTTIME" }, { CLOCK_TAI, "TAI" },
	};
	char what[80];
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		struct timespec req = ts_of(3 * MS);
		int64_t t0 = now_ns(CLOCK_MONOTONIC);
		long r = sys_clock_nanosleep(clocks[i].clk, 0, &req, NULL);
		int64_t took = now_ns(CLOCK_MONOTONIC) - t0;
		snprintf(what, sizeof(what), "clock_nanosleep(%s, 3 ms) took at least 3 ms",
			 clocks[i].name);
		CHECK(what, r == 0 && took >= 3 * MS);
	}
}

static void absolute_sleeps(void)
{
	char what[80];
	clockid_t clks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME };
	const char *names[] = { "MONOTONIC", "REALTIME", "BOOTTIME" };
	for (int i = 0; i < 3; i++) {
		int64_t target = now_ns(clks[i]) + 20 * MS;
		struct timespec req = ts_of(target);
		long r = sys_clock_nanosleep(clks[i], TIMER_ABSTIME, &req, NULL);
		snprintf(what, sizeof(what), "TIMER_ABSTIME on %s: woke at or after the time",
			 names[i]);
		CHECK(what, r == 0 && now_ns(clks[i]) >= target);

		req = ts_of(now_ns(clks[i]) / 2);      /* the machine may have booted just now */
		int64_t t0 = now_ns(CLOCK_MONOTONIC);
		r = sys_clock_nanosleep(clks[i], TIMER_ABSTIME, &req, NULL);
		snprintf(what, sizeof(what), "TIMER_ABSTIME on %s in the past: returns at once",
			 names[i]);
		CHECK(what, r == 0 && now_ns(CLOCK_MONOTONIC) - t0 < 500 * MS);
	}
	struct timespec zero = { 0, 0 };
	CHECK("TIMER_ABSTIME 0 on PROCESS_CPUTIME_ID: returns at once",
	      sys_clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &zero, NULL) == 0);
	CHECK("nanosleep(0): returns 0", nanosleep(&zero, NULL) == 0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A handler interrupts: EINTR, and the time left (relative sleeps only). */
static void interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);

	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct timespec req = ts_of(5000 * MS), rem = { -1, -1 };
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	errno = 0;
	int r = nanosleep(&req, &rem);
	int64_t took = now_ns(CLOCK_MONOTONIC) - t0;
	CHECK("nanosleep(5 s) with SIGALRM after 50 ms: EINTR, even with SA_RESTART",
	      r == -1 && errno == EINTR);
	CHECK("... after at least 50 ms", took >= 50 * MS);
	CHECK("... the time left is in rem (more than 1 s, less than 5 s)",
	      rem.tv_sec >= 1 && rem.tv_sec < 5 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);

	setitimer(ITIMER_REAL, &it, NULL);
	rem = (struct timespec){ -1, -1 };
	long e = sys_clock_nanosleep(CLOCK_REALTIME, 0, &req, &rem);
	CHECK("clock_nanosleep(REALTIME, 5 s) interrupted: EINTR and the time left",
	      e == -1 && errno == EINTR && rem.tv_sec >= 1 && rem.tv_sec < 5);

	setitimer(ITIMER_REAL, &it, NULL);
	rem = (struct timespec){ -1, -1 };
	struct timespec abs = ts_of(now_ns(CLOCK_MONOTONIC) + 5000 * MS);
	e = sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, &rem);
	CHECK("clock_nanosleep(TIMER_ABSTIME) interrupted: EINTR, rem untouched",
	      e == -1 && errno == EINTR && rem.tv_sec == -1 && rem.tv_nsec == -1);

	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	e = syscall(SYS_nanosleep, &req, (void *)8);
	CHECK("nanosleep interrupted with a bad rem pointer: EFAULT", e == -1 && errno == EFAULT);
	signal(SIGALRM, SIG_DFL);
}

/* A stop and continue in the middle of a sleep: the sleep goes on to its end and returns
 * 0 (Linux restarts it through restart_syscall). */
static void stopped_and_continued(void)
{
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		int64_t t0 = now_ns(CLOCK_MONOTONIC);
		write(fds[1], "x", 1);
		struct timespec req = ts_of(300 * MS);
		int r = nanosleep(&req, NULL);
		int64_t took = now_ns(CLOCK_MONOTONIC) - t0;
		_exit(r == 0 && took >= 300 * MS ? 0 : 1);
	}
	close(fds[1]);
	char c;
	read(fds[0], &c, 1);
	kill(pid, SIGSTOP);
	int status;
	waitpid(pid, &status, WUNTRACED);
	CHECK("a sleeping child stops", WIFSTOPPED(status));
	kill(pid, SIGCONT);
	waitpid(pid, &status, 0);
	CHECK("continued, its nanosleep(300 ms) returned 0 after 300 ms",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fds[0]);
}

/* times: CPU time in clock ticks (USER_HZ = 100), and ticks since some point for the
 * return value. */
static void times_ticks(void)
{
	struct tms t0, t1;
	clock_t r0 = times(&t0);
	int64_t c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	while (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0 < 200 * MS)
		;
	struct timespec req = ts_of(50 * MS);
	nanosleep(&req, NULL);
	clock_t r1 = times(&t1);
	/* Only "some": utime and stime are sampled at the ticks, and a busy host delays the
	 * emulated PIT's interrupts. */
	CHECK("times: 200 ms of CPU time shows in utime + stime",
	      (t1.tms_utime + t1.tms_stime) - (t0.tms_utime + t0.tms_stime) >= 1);
	CHECK("times: its return value moved by at least 24 ticks in 250 ms", r1 - r0 >= 24);
	errno = 0;
	CHECK("times(bad pointer): EFAULT",
	      syscall(SYS_times, (void *)8) == -1 && errno == EFAULT);
}

static void errors(void)
{
	struct timespec bad[] = { { 0, 1000000000 }, { 0, -1 }, { -1, 0 } };
	const char *names[] = { "tv_nsec = 10^9", "tv_nsec = -1", "tv_sec = -1" };
	char what[80];
	for (int i = 0; i < 3; i++) {
		errno = 0;
		snprintf(what, sizeof(what), "nanosleep(%s): EINVAL", names[i]);
		CHECK(what, syscall(SYS_nanosleep, &bad[i], NULL) == -1 && errno == EINVAL);
		errno = 0;
		snprintf(what, sizeof(what), "clock_nanosleep(%s): EINVAL", names[i]);
		CHECK(what, sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &bad[i], NULL) == -1 &&
			    errno == EINVAL);
	}
	errno = 0;
	CHECK("nanosleep(bad pointer): EFAULT",
	      syscall(SYS_nanosleep, (void *)8, NULL) == -1 && errno == EFAULT);
	errno = 0;
	CHECK("clock_nanosleep(bad pointer): EFAULT",
	      sys_clock_nanosleep(CLOCK_MONOTONIC, 0, (void *)8, NULL) == -1 && errno == EFAULT);
	struct timespec ms = ts_of(MS);
	static const struct { long clk; const char *name; int err; } clocks[] = {
		{ 100, "100", EINVAL }, { -1, "-1", EINVAL },
		{ CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID", EOPNOTSUPP },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", EOPNOTSUPP },
		{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", EOPNOTSUPP },
		{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE", EOPNOTSUPP },
		{ -2, "this thread's CPU clock (-2)", EINVAL },
	};
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		errno = 0;
		long r = sys_clock_nanosleep(clocks[i].clk, 0, &ms, NULL);
		snprintf(what, sizeof(what), "clock_nanosleep(%s): %s", clocks[i].name,
			 errno_name(clocks[i].err));
		CHECK(what, r == -1 && errno == clocks[i].err);
	}
	errno = 0;
	CHECK("clock_nanosleep(THREAD_CPUTIME_ID, bad pointer): EOPNOTSUPP first",
	      sys_clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, (void *)8, NULL) == -1 &&
	      errno == EOPNOTSUPP);
}

int main(void)
{
	resolutions();
	fine_clock();
	short_sleeps();
	absolute_sleeps();
	interrupted();
	stopped_and_continued();
	times_ticks();
	errors();
	return check_failures != 0;
}
