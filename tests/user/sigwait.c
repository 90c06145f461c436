/* sigwaitinfo, sigtimedwait and sigqueue: a blocked signal taken from the pending set with
 * its siginfo (who sent it, how, with what value), real-time signals queued, timeouts, EINTR
 * for another signal's handler, sigqueue's value delivered to a handler, and Linux's
 * errors. */
#include "check.h"

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handler_value = -1, handler_code, usr2_seen;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	handler_value = si->si_value.sival_int;
	handler_code = si->si_code;
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2_seen++;
}

static sigset_t just(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void pending_ones(void)
{
	sigset_t usr1 = just(SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	siginfo_t si;
	int sig = sigwaitinfo(&usr1, &si);
	CHECK("sigwaitinfo takes a pending SIGUSR1", sig == SIGUSR1 && si.si_signo == SIGUSR1);
	CHECK("raise: si_code SI_TKILL, si_pid ours", si.si_code == SI_TKILL && si.si_pid == getpid());
	sigset_t pending;
	sigpending(&pending);
	CHECK("it is no longer pending", !sigismember(&pending, SIGUSR1));

	union sigval v = { .sival_int = 1234 };
	CHECK("sigqueue to ourselves", sigqueue(getpid(), SIGUSR1, v) == 0);
	sig = sigwaitinfo(&usr1, &si);
	CHECK("sigwaitinfo: SI_QUEUE, our pid, the value 1234",
	      sig == SIGUSR1 && si.si_code == SI_QUEUE && si.si_pid == getpid() &&
	      si.si_value.sival_int == 1234);

	struct timespec zero = { 0, 0 };
	CHECK("nothing pending, a zero timeout: EAGAIN",
	      sigtimedwait(&usr1, &si, &zero) == -1 && errno == EAGAIN);
	struct timespec t0, wait30 = { 0, 30000000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK("30 ms: EAGAIN", sigtimedwait(&usr1, &si, &wait30) == -1 && errno == EAGAIN);
	CHECK("... after at least 30 ms", ms_since(&t0) >= 30);
}

/* Real-time signals queue: each sigqueue'd instance is taken in turn, with its own value;
 * an ordinary signal sent twice while pending is taken once. */
static void queued_ones(void)
{
	int rt = SIGRTMIN + 2;
	sigset_t set = just(rt);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (int v = 1; v <= 3; v++)
		sigqueue(getpid(), rt, (union sigval){ .sival_int = v * 100 });
	raise(SIGUSR2);
	raise(SIGUSR2);
	siginfo_t si;
	int values = 0, usr2 = 0, got;
	struct timespec zero = { 0, 0 };
	while ((got = sigtimedwait(&set, &si, &zero)) > 0) {
		if (got == rt)
			values = values * 10 + si.si_value.sival_int / 100;
		else
			usr2++;
	}
	CHECK("three sigqueue'd real-time signals: taken in order, each value", values == 123);
	CHECK("SIGUSR2 raised twice while blocked: taken once", usr2 == 1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void from_others(void)
{
	sigset_t usr1 = just(SIGUSR1);
	pid_t pid = fork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	siginfo_t si;
	int sig = sigwaitinfo(&usr1, &si);
	CHECK("a child's kill wakes sigwaitinfo: SI_USER from the child",
	      sig == SIGUSR1 && si.si_code == SI_USER && si.si_pid == pid);
	waitpid(pid, NULL, 0);

	sigset_t chld = just(SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid = fork();
	if (pid == 0)
		_exit(5);
	sig = sigwaitinfo(&chld, &si);
	CHECK("SIGCHLD (default: ignored) is waited for while blocked",
	      sig == SIGCHLD && si.si_code == CLD_EXITED && si.si_pid == pid && si.si_status == 5);
	waitpid(pid, NULL, 0);
	sigprocmask(SIG_UNBLOCK, &chld, NULL);

	/* Another signal with a handler ends the wait with EINTR. */
	struct sigaction sa = { .sa_handler = on_usr2 };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	pid = fork();
	if (pid == 0)
		for (;;) {
			kill(getppid(), SIGUSR2);
			sched_yield();
		}
	/* The system call itself: musl's sigwaitinfo calls it again after EINTR. */
	sig = (int)syscall(SYS_rt_sigtimedwait, &usr1, &si, NULL, 8);
	CHECK("another signal's handler: EINTR", sig == -1 && errno == EINTR && usr2_seen > 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void queue_to_a_handler(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1 = just(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	union sigval v = { .sival_int = 77 };
	sigqueue(getpid(), SIGUSR1, v);
	CHECK("sigqueue's value reaches a SA_SIGINFO handler",
	      handler_value == 77 && handler_code == SI_QUEUE);

	siginfo_t fake;
	memset(&fake, 0, sizeof(fake));
	fake.si_code = SI_USER;
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK("rt_sigqueueinfo with SI_USER to another process: EPERM",
	      syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &fake) == -1 && errno == EPERM);
	CHECK("rt_tgsigqueueinfo with SI_USER to another thread: EPERM",
	      syscall(SYS_rt_tgsigqueueinfo, getpid(), pid, SIGUSR1, &fake) == -1 && errno == EPERM);
	fake.si_code = SI_QUEUE;
	CHECK("rt_tgsigqueueinfo with tid not in tgid: ESRCH",
	      syscall(SYS_rt_tgsigqueueinfo, getpid(), pid, SIGUSR1, &fake) == -1 && errno == ESRCH);
	CHECK("rt_tgsigqueueinfo with tid 0: EINVAL",
	      syscall(SYS_rt_tgsigqueueinfo, getpid(), 0, SIGUSR1, &fake) == -1 && errno == EINVAL);
	CHECK("rt_sigqueueinfo with a bad siginfo pointer: EFAULT",
	      syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, (void *)8) == -1 && errno == EFAULT);
	CHECK("rt_sigqueueinfo with signal 65: EINVAL",
	      syscall(SYS_rt_sigqueueinfo, pid, 65, &fake) == -1 && errno == EINVAL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK("rt_sigqueueinfo to a process that is gone: ESRCH",
	      syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &fake) == -1 && errno == ESRCH);
}

static void errors(void)
{
	uint64_t set = 1ULL << (SIGUSR1 - 1);
	struct timespec bad = { 0, -1 };
	CHECK("a sigset size of 4: EINVAL",
	      syscall(SYS_rt_sigtimedwait, &set, NULL, NULL, 4) == -1 && errno == EINVAL);
	CHECK("a bad timeout: EINVAL",
	      syscall(SYS_rt_sigtimedwait, &set, NULL, &bad, 8) == -1 && errno == EINVAL);
	CHECK("a bad set pointer: EFAULT",
	      syscall(SYS_rt_sigtimedwait, (void *)8, NULL, NULL, 8) == -1 && errno == EFAULT);
}

int main(void)
{
	pending_ones();
	queued_ones();
	from_others();
	queue_to_a_handler();
	errors();
	CHECK_DONE();
}
