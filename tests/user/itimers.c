/* setitimer, getitimer and alarm: ITIMER_REAL delivering SIGALRM once and as an interval
 * (a storm of 50 at 1 ms, counted by the handler), ITIMER_VIRTUAL and ITIMER_PROF counting
 * the process's CPU time, alarm's rounding of the seconds left, the errors; and what fork
 * (nothing inherited) and execve (ITIMER_REAL kept, POSIX timers gone) do to timers. */
#include "check.h"

#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL

static volatile sig_atomic_t alarms, vtalarms, profs;

static void on_signal(int sig)
{
	if (sig == SIGALRM)
		alarms++;
	else if (sig == SIGVTALRM)
		vtalarms++;
	else if (sig == SIGPROF)
		profs++;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

/* Waits, with sig unblocked only inside sigsuspend, until *count reaches n. */
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

static void real_timer(void)
{
	struct itimerval cur = { { 9, 9 }, { 9, 9 } };
	CHECK("getitimer(ITIMER_REAL) at first: disarmed",
	      getitimer(ITIMER_REAL, &cur) == 0 && tv_ns(cur.it_value) == 0 &&
	      tv_ns(cur.it_interval) == 0);

	struct itimerval two = { { 0, 0 }, { 2, 0 } };
	setitimer(ITIMER_REAL, &two, NULL);
	getitimer(ITIMER_REAL, &cur);
	CHECK("armed for 2 s: getitimer shows more than 1 s and at most 2 s left",
	      tv_ns(cur.it_value) > 1000 * MS && tv_ns(cur.it_value) <= 2000 * MS &&
	      tv_ns(cur.it_interval) == 0);
	struct itimerval off = { { 0, 0 }, { 0, 0 } }, old;
	setitimer(ITIMER_REAL, &off, &old);
	CHECK("disarming returns the old setting",
	      tv_ns(old.it_value) > 1000 * MS && tv_ns(old.it_value) <= 2000 * MS);
	struct itimerval only_interval = { { 1, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &only_interval, NULL);
	getitimer(ITIMER_REAL, &cur);
	CHECK("a zero value disarms, and the interval goes with it",
	      tv_ns(cur.it_value) == 0 && tv_ns(cur.it_interval) == 0);

	struct itimerval once = { { 0, 0 }, { 0, 20000 } };
	int64_t t0 = now_ns();
	alarms = 0;
	setitimer(ITIMER_REAL, &once, NULL);
	wait_for(&alarms, 1, SIGALRM);
	CHECK("ITIMER_REAL of 20 ms: SIGALRM after at least 20 ms", now_ns() - t0 >= 20 * MS);
	getitimer(ITIMER_REAL, &cur);
	CHECK("a one-shot ITIMER_REAL is disarmed once it fired", tv_ns(cur.it_value) == 0);

	/* The storm: each delivered SIGALRM needs an expiry of its own, 1 ms apart. */
	struct itimerval storm = { { 0, 1000 }, { 0, 1000 } };
	alarms = 0;
	t0 = now_ns();
	setitimer(ITIMER_REAL, &storm, NULL);
	getitimer(ITIMER_REAL, &cur);
	CHECK("an interval ITIMER_REAL shows its interval", tv_ns(cur.it_interval) == MS);
	wait_for(&alarms, 50, SIGALRM);
	setitimer(ITIMER_REAL, &off, NULL);
	int64_t took = now_ns() - t0;
	CHECK("interval 1 ms: 50 SIGALRMs counted by the handler", alarms >= 50);
	CHECK("... which took at least 50 ms", took >= 50 * MS);
}

static void alarm_rounding(void)
{
	CHECK("alarm(5) with none pending returns 0", alarm(5) == 0);
	CHECK("alarm(3) returns the 5 s left (4.99... rounds up)", alarm(3) == 5);
	CHECK("alarm(0) returns 3 and cancels", alarm(0) == 3);
	struct itimerval cur;
	getitimer(ITIMER_REAL, &cur);
	CHECK("... ITIMER_REAL is disarmed", tv_ns(cur.it_value) == 0);
	struct itimerval short_one = { { 0, 0 }, { 0, 300000 } };
	setitimer(ITIMER_REAL, &short_one, NULL);
	CHECK("alarm(0) with 0.3 s left returns 1 (never 0 for a pending alarm)", alarm(0) == 1);
	struct itimerval longer = { { 0, 0 }, { 2, 600000 } };
	setitimer(ITIMER_REAL, &longer, NULL);
	unsigned left = alarm(0);
	CHECK("alarm(0) with 2.6 s left returns 3 (half a second or more rounds up)",
	      left == 3 || left == 2);  /* 2 only if 0.1 s passed since setitimer */
}

/* Spins until *flag is set or 10 s of real time pass. */
static void spin_until(volatile sig_atomic_t *flag)
{
	int64_t t0 = now_ns();
	while (!*flag && now_ns() - t0 < 10000 * MS)
		;
}

static void cpu_timers(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 30000 } }, cur;
	vtalarms = 0;
	setitimer(ITIMER_VIRTUAL, &v, NULL);
	getitimer(ITIMER_VIRTUAL, &cur);
	CHECK("ITIMER_VIRTUAL of 30 ms: getitimer shows it armed",
	      tv_ns(cur.it_value) > 0 && tv_ns(cur.it_value) <= 50 * MS);
	spin_until(&vtalarms);
	CHECK("... SIGVTALRM after the process ran in user mode", vtalarms == 1);
	getitimer(ITIMER_VIRTUAL, &cur);
	CHECK("... and then it is disarmed", tv_ns(cur.it_value) == 0);

	profs = 0;
	setitimer(ITIMER_PROF, &v, NULL);
	spin_until(&profs);
	CHECK("ITIMER_PROF of 30 ms: SIGPROF after the process ran", profs == 1);
}

static void errors(void)
{
	struct itimerval bad[] = { { { 0, 0 }, { 0, 1000000 } }, { { 0, 0 }, { -1, 0 } },
				   { { 0, -1 }, { 1, 0 } } };
	const char *names[] = { "tv_usec = 10^6", "tv_sec = -1", "interval tv_usec = -1" };
	char what[80];
	for (int i = 0; i < 3; i++) {
		errno = 0;
		snprintf(what, sizeof(what), "setitimer(%s): EINVAL", names[i]);
		CHECK(what, syscall(SYS_setitimer, 0L, &bad[i], NULL) == -1 && errno == EINVAL);
	}
	struct itimerval ok = { { 0, 0 }, { 0, 0 } };
	errno = 0;
	CHECK("setitimer(which = 5): EINVAL",
	      syscall(SYS_setitimer, 5L, &ok, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("setitimer(which = 5, bad pointer): EFAULT (read first)",
	      syscall(SYS_setitimer, 5L, (void *)8, NULL) == -1 && errno == EFAULT);
	errno = 0;
	CHECK("setitimer(bad old pointer): EFAULT",
	      syscall(SYS_setitimer, 0L, &ok, (void *)8) == -1 && errno == EFAULT);
	errno = 0;
	CHECK("getitimer(which = 5): EINVAL",
	      syscall(SYS_getitimer, 5L, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("getitimer(bad pointer): EFAULT",
	      syscall(SYS_getitimer, 0L, (void *)8) == -1 && errno == EFAULT);
}

static void fork_and_exec(void)
{
	struct itimerval five = { { 0, 0 }, { 5, 0 } };
	setitimer(ITIMER_REAL, &five, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct itimerval cur;
		getitimer(ITIMER_REAL, &cur);
		_exit(tv_ns(cur.it_value) == 0 && alarm(0) == 0 ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("fork: the child inherits no ITIMER_REAL",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	alarm(0);

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int id;
		struct sigevent ev = { .sigev_notify = SIGEV_NONE };
		syscall(SYS_timer_create, (long)CLOCK_MONOTONIC, &ev, &id);
		/* SIGALRM blocked (execve keeps the mask) until show_timers has printed, and a
		 * periodic timer (still armed however long execve takes): on a busy machine a
		 * one-shot 100 ms timer could fire before the new program prints. */
		sigset_t alrm;
		sigemptyset(&alrm);
		sigaddset(&alrm, SIGALRM);
		sigprocmask(SIG_BLOCK, &alrm, NULL);
		struct itimerval soon = { { 0, 100000 }, { 0, 100000 } };
		setitimer(ITIMER_REAL, &soon, NULL);
		execl("./show_timers", "show_timers", "wait", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	CHECK("execve keeps ITIMER_REAL: SIGALRM ends the new program",
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGVTALRM, &sa, NULL);
	sigaction(SIGPROF, &sa, NULL);
	real_timer();
	alarm_rounding();
	cpu_timers();
	errors();
	fork_and_exec();
	return check_failures != 0;
}
