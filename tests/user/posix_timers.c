/* POSIX timers through the system calls (timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete: the kernel's int ids, not libc's timer_t): the signal
 * with si_code SI_TIMER, si_timerid and si_value; SIGEV_NONE, SIGEV_THREAD_ID and the
 * default sigevent; relative and TIMER_ABSTIME settings with an interval; the overrun
 * counted while the signal was blocked; a storm of 50 expirations at 1 ms; the errors; and
 * fork, which does not copy timers. */
#include "check.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL

/* The kernel's struct sigevent (libc's hides the thread id differently). */
struct ksigevent {
	union sigval value;
	int signo;
	int notify;
	int tid;
	int pad[11];
};

static volatile sig_atomic_t fired, code, timerid, overrun, sival, getoverrun_in_handler;
static volatile sig_atomic_t storm_count;
static int storm_id;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (fired++)
		return;                 /* the first signal since fired was reset is the one told */
	code = si->si_code;
	timerid = si->si_timerid;
	overrun = si->si_overrun;
	sival = si->si_value.sival_int;
	getoverrun_in_handler = (int)syscall(SYS_timer_getoverrun, (long)si->si_timerid);
}

static void on_storm(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (si->si_code == SI_TIMER && si->si_timerid == storm_id)
		storm_count += 1 + si->si_overrun;
}

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

static int64_t ns_of(struct timespec ts)
{
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long create(long clk, struct ksigevent *ev, int *id)
{
	return syscall(SYS_timer_create, clk, ev, id);
}

static long settime(int id, int flags, int64_t value, int64_t interval, struct itimerspec *old)
{
	struct itimerspec it = { ts_of(interval), ts_of(value) };
	return syscall(SYS_timer_settime, (long)id, (long)flags, &it, old);
}

static struct itimerspec gettime(int id)
{
	struct itimerspec it = { { 9, 9 }, { 9, 9 } };
	syscall(SYS_timer_gettime, (long)id, &it);
	return it;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Waits with sig unblocked only inside sigsuspend until *count reaches n. */
static void wait_for(volatile sig_atomic_t *count, int n, int sig)
{
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, sig);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigset_t during = old;
	sigdelset(&during, sig);
	while (*count < n)
		sigsuspend(&during);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void one_shot(void)
{
	struct ksigevent ev = { .value.sival_int = 1234, .signo = SIGUSR1,
				.notify = SIGEV_SIGNAL };
	int id = -1;
	CHECK("timer_create(MONOTONIC, SIGUSR1)", create(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK("timer_gettime of a new timer: disarmed",
	      ns_of(gettime(id).it_value) == 0 && ns_of(gettime(id).it_interval) == 0);
	fired = 0;
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	settime(id, 0, 20 * MS, 0, NULL);
	int64_t left = ns_of(gettime(id).it_value);
	CHECK("armed for 20 ms: timer_gettime shows at most 20 ms left",
	      left > 0 && left <= 20 * MS);
	wait_for(&fired, 1, SIGUSR1);
	CHECK("the signal came after at least 20 ms", now_ns(CLOCK_MONOTONIC) - t0 >= 20 * MS);
	CHECK("si_code is SI_TIMER", code == SI_TIMER);
	CHECK("si_timerid is the timer's id", timerid == id);
	CHECK("si_value is sigev_value (1234)", sival == 1234);
	CHECK("si_overrun is 0", overrun == 0);
	CHECK("a one-shot timer is disarmed once it fired", ns_of(gettime(id).it_value) == 0);

	struct timespec abs = ts_of(now_ns(CLOCK_MONOTONIC) + 20 * MS);
	struct itimerspec it = { { 0, 0 }, abs };
	fired = 0;
	syscall(SYS_timer_settime, (long)id, (long)TIMER_ABSTIME, &it, NULL);
	wait_for(&fired, 1, SIGUSR1);
	CHECK("TIMER_ABSTIME: the signal came at or after the time",
	      now_ns(CLOCK_MONOTONIC) >= ns_of(abs));
	CHECK("timer_delete", syscall(SYS_timer_delete, (long)id) == 0);
	errno = 0;
	CHECK("timer_delete again: EINVAL",
	      syscall(SYS_timer_delete, (long)id) == -1 && errno == EINVAL);
}

static void realtime_past_and_default(void)
{
	int id = -1;
	CHECK("timer_create(REALTIME, NULL): SIGALRM by default",
	      create(CLOCK_REALTIME, NULL, &id) == 0);
	install(SIGALRM, on_timer);
	fired = 0;
	settime(id, TIMER_ABSTIME, now_ns(CLOCK_REALTIME) / 2, 0, NULL);
	wait_for(&fired, 1, SIGALRM);
	CHECK("TIMER_ABSTIME in the past fires at once", fired == 1);
	CHECK("the default sigevent's si_value is the timer's id", sival == id);
	syscall(SYS_timer_delete, (long)id);
}

static void overrun_while_blocked(void)
{
	struct ksigevent ev = { .value.sival_int = 7, .signo = SIGUSR2,
				.notify = SIGEV_THREAD_ID, .tid = (int)syscall(SYS_gettid) };
	int id = -1;
	CHECK("timer_create(SIGEV_THREAD_ID for this thread)",
	      create(CLOCK_MONOTONIC, &ev, &id) == 0);
	install(SIGUSR2, on_timer);
	sigset_t usr2, old;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, &old);
	fired = 0;
	settime(id, 0, MS, MS, NULL);
	CHECK("an interval timer shows its interval", ns_of(gettime(id).it_interval) == MS);
	struct timespec wait = ts_of(30 * MS);
	while (nanosleep(&wait, &wait) != 0)
		;
	sigset_t pending;
	sigpending(&pending);
	CHECK("blocked 30 ms: the signal is pending", sigismember(&pending, SIGUSR2));
	sigprocmask(SIG_SETMASK, &old, NULL);  /* the handler runs now */
	settime(id, 0, 0, 0, NULL);
	CHECK("unblocked: the signal came", fired >= 1);
	CHECK("si_overrun counts the expirations that were merged (at least 10)", overrun >= 10);
	CHECK("timer_getoverrun in the handler says the same", getoverrun_in_handler == overrun);
	CHECK("si_value (7)", sival == 7);
	syscall(SYS_timer_delete, (long)id);
}

/* 50 expirations of a 1 ms timer, counted as signals plus their overruns. */
static void storm(void)
{
	struct ksigevent ev = { .signo = SIGRTMIN, .notify = SIGEV_SIGNAL };
	create(CLOCK_MONOTONIC, &ev, &storm_id);
	install(SIGRTMIN, on_storm);
	storm_count = 0;
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	settime(storm_id, 0, MS, MS, NULL);
	wait_for(&storm_count, 50, SIGRTMIN);
	settime(storm_id, 0, 0, 0, NULL);
	CHECK("a 1 ms interval timer: 50 expirations counted (signals + overruns)",
	      storm_count >= 50);
	CHECK("... which took at least 50 ms", now_ns(CLOCK_MONOTONIC) - t0 >= 50 * MS);
	CHECK("timer_delete", syscall(SYS_timer_delete, (long)storm_id) == 0);
}

/* An interval timer whose pending signal is discarded (SIG_IGN while it was blocked) goes
 * on: once a handler is back, its signals come again (Linux since 6.13 keeps such timers
 * on a list of ignored ones; the kernel here re-arms the timer when its signal goes). */
static void discarded_signal(void)
{
	struct ksigevent ev = { .signo = SIGUSR1, .notify = SIGEV_SIGNAL };
	int id = -1;
	create(CLOCK_MONOTONIC, &ev, &id);
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	settime(id, 0, MS, MS, NULL);
	struct timespec wait = ts_of(10 * MS);
	while (nanosleep(&wait, &wait) != 0)
		;
	signal(SIGUSR1, SIG_IGN);
	sigset_t pending;
	sigpending(&pending);
	CHECK("SIG_IGN discards the timer's pending signal", !sigismember(&pending, SIGUSR1));
	install(SIGUSR1, on_timer);
	fired = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	for (int i = 0; i < 200 && !fired; i++) {
		wait = ts_of(10 * MS);
		nanosleep(&wait, NULL);
	}
	settime(id, 0, 0, 0, NULL);
	CHECK("with a handler again, the interval timer's signals come again", fired >= 1);
	syscall(SYS_timer_delete, (long)id);
}

static void sigev_none(void)
{
	struct ksigevent ev = { .notify = SIGEV_NONE };
	int id = -1;
	CHECK("timer_create(SIGEV_NONE)", create(CLOCK_BOOTTIME, &ev, &id) == 0);
	struct itimerspec old = { { 9, 9 }, { 9, 9 } };
	settime(id, 0, 1000 * MS, 0, &old);
	CHECK("timer_settime's old value of a disarmed timer is zero",
	      ns_of(old.it_value) == 0 && ns_of(old.it_interval) == 0);
	int64_t left = ns_of(gettime(id).it_value);
	CHECK("SIGEV_NONE armed for 1 s: timer_gettime shows 0.5 to 1 s left",
	      left > 500 * MS && left <= 1000 * MS);
	settime(id, 0, 0, 0, &old);
	CHECK("disarming returns the old value", ns_of(old.it_value) > 0);
	CHECK("timer_getoverrun of a timer that never signalled: 0",
	      syscall(SYS_timer_getoverrun, (long)id) == 0);

	pid_t pid = fork();
	if (pid == 0) {
		errno = 0;
		long r = syscall(SYS_timer_gettime, (long)id, &old);
		_exit(r == -1 && errno == EINVAL ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("fork: the child has no POSIX timers",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	syscall(SYS_timer_delete, (long)id);
}

static void errors(void)
{
	int id;
	struct ksigevent ev = { .signo = SIGUSR1, .notify = SIGEV_SIGNAL };
	char what[80];
	static const struct { long clk; const char *name; int err; } clocks[] = {
		{ 100, "100", EINVAL }, { -1, "-1", EINVAL },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", EOPNOTSUPP },
		{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE", EOPNOTSUPP },
	};
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		errno = 0;
		snprintf(what, sizeof(what), "timer_create(%s): %s", clocks[i].name,
			 errno_name(clocks[i].err));
		CHECK(what, create(clocks[i].clk, &ev, &id) == -1 && errno == clocks[i].err);
	}
	static const struct { int notify, signo, tid; const char *name; } events[] = {
		{ 99, SIGUSR1, 0, "sigev_notify 99" }, { SIGEV_SIGNAL, 0, 0, "signal 0" },
		{ SIGEV_SIGNAL, 65, 0, "signal 65" },
		{ SIGEV_THREAD_ID, SIGUSR1, 999999, "SIGEV_THREAD_ID of no thread" },
	};
	for (unsigned i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		struct ksigevent e = { .signo = events[i].signo, .notify = events[i].notify,
				       .tid = events[i].tid };
		errno = 0;
		snprintf(what, sizeof(what), "timer_create(%s): EINVAL", events[i].name);
		CHECK(what, create(CLOCK_MONOTONIC, &e, &id) == -1 && errno == EINVAL);
	}
	errno = 0;
	CHECK("timer_create(bad sigevent pointer): EFAULT",
	      create(CLOCK_MONOTONIC, (void *)8, &id) == -1 && errno == EFAULT);
	errno = 0;
	CHECK("timer_create(bad id pointer): EFAULT",
	      create(CLOCK_MONOTONIC, &ev, (void *)8) == -1 && errno == EFAULT);

	CHECK("timer_create for the errors below", create(CLOCK_MONOTONIC, &ev, &id) == 0);
	struct itimerspec bad = { { 0, 0 }, { 0, 1000000000 } };
	errno = 0;
	CHECK("timer_settime(tv_nsec = 10^9): EINVAL",
	      syscall(SYS_timer_settime, (long)id, 0L, &bad, NULL) == -1 && errno == EINVAL);
	bad = (struct itimerspec){ { -1, 0 }, { 1, 0 } };
	errno = 0;
	CHECK("timer_settime(interval tv_sec = -1): EINVAL",
	      syscall(SYS_timer_settime, (long)id, 0L, &bad, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("timer_settime(NULL): EINVAL",
	      syscall(SYS_timer_settime, (long)id, 0L, NULL, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("timer_settime(bad pointer): EFAULT",
	      syscall(SYS_timer_settime, (long)id, 0L, (void *)8, NULL) == -1 && errno == EFAULT);
	struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	errno = 0;
	CHECK("timer_settime(no such timer): EINVAL",
	      syscall(SYS_timer_settime, 4242L, 0L, &off, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("timer_gettime(no such timer): EINVAL",
	      syscall(SYS_timer_gettime, 4242L, &off) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("timer_gettime(bad pointer): EFAULT",
	      syscall(SYS_timer_gettime, (long)id, (void *)8) == -1 && errno == EFAULT);
	errno = 0;
	CHECK("timer_getoverrun(no such timer): EINVAL",
	      syscall(SYS_timer_getoverrun, 4242L) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("timer_delete(-1): EINVAL", syscall(SYS_timer_delete, -1L) == -1 && errno == EINVAL);
	syscall(SYS_timer_delete, (long)id);
}

int main(void)
{
	install(SIGUSR1, on_timer);
	one_shot();
	realtime_past_and_default();
	overrun_while_blocked();
	storm();
	discarded_signal();
	sigev_none();
	errors();
	return check_failures != 0;
}
