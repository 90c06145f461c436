/* rt_sigsuspend: wait with a temporary mask; the handler runs with the handler's mask, and
 * the mask from before comes back afterwards. A shell's `wait` for a background job relies
 * on it. */
#include "check.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdint.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static volatile sig_atomic_t usr2_blocked_in_handler;

static int blocked(int sig)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, sig);
}

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
	usr2_blocked_in_handler = blocked(SIGUSR2);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, empty;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	pid_t child = fork();
	if (child == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	int r = sigsuspend(&empty);
	CHECK("sigsuspend returns -1 EINTR after the handler", r == -1 && errno == EINTR);
	CHECK("the handler ran once", handled == 1);
	CHECK("the handler ran with its own mask (SIGUSR2 blocked)", usr2_blocked_in_handler);
	CHECK("afterwards SIGUSR1 is blocked again", blocked(SIGUSR1));
	CHECK("and SIGUSR2 is not", !blocked(SIGUSR2));
	waitpid(child, NULL, 0);

	raise(SIGUSR1);                         /* pending and blocked */
	r = sigsuspend(&empty);
	CHECK("a signal already pending ends it at once", r == -1 && errno == EINTR && handled == 2);

	uint64_t mask = 0;
	CHECK("a wrong sigset size: EINVAL",
	      syscall(SYS_rt_sigsuspend, &mask, 4) == -1 && errno == EINVAL);
	CHECK("a bad mask pointer: EFAULT",
	      syscall(SYS_rt_sigsuspend, (void *)8, 8) == -1 && errno == EFAULT);
	CHECK("the mask is unchanged by the failed calls", blocked(SIGUSR1) && !blocked(SIGUSR2));

	/* A signal whose default action ends the process ends it inside sigsuspend. */
	child = fork();
	if (child == 0) {
		sigset_t all_but_term;
		sigfillset(&all_but_term);
		sigdelset(&all_but_term, SIGTERM);
		sigsuspend(&all_but_term);
		_exit(1);
	}
	kill(child, SIGTERM);
	int status;
	waitpid(child, &status, 0);
	CHECK("SIGTERM's default action ends a process in sigsuspend",
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	CHECK_DONE();
}
