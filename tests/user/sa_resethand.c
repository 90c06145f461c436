/* SA_RESETHAND: once the handler runs, the action's handler is SIG_DFL again, but its flags
 * (SA_SIGINFO, SA_RESETHAND itself...) and mask stay what sigaction set, as Linux keeps them
 * (LTP's sigaction01 checks this). */
#include "check.h"

#include <signal.h>

static struct sigaction seen;   /* the action as the handler sees it */
static int got_info;

static void handler(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_info = info && info->si_signo == sig;
	sigaction(sig, NULL, &seen);
}

int main(void)
{
	struct sigaction sa = { 0 };
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK("sigaction(SIGUSR1, SA_SIGINFO | SA_RESETHAND)", sigaction(SIGUSR1, &sa, NULL) == 0);
	raise(SIGUSR1);
	CHECK("the handler ran with a siginfo", got_info);
	CHECK("in the handler, the handler is SIG_DFL again", seen.sa_handler == SIG_DFL);
	CHECK("in the handler, SA_SIGINFO is still set", seen.sa_flags & SA_SIGINFO);
	CHECK("in the handler, SA_RESETHAND is still set", seen.sa_flags & SA_RESETHAND);
	CHECK("in the handler, the mask still holds SIGUSR2", sigismember(&seen.sa_mask, SIGUSR2) == 1);
	struct sigaction after;
	sigaction(SIGUSR1, NULL, &after);
	CHECK("after it, the handler is SIG_DFL", after.sa_handler == SIG_DFL);
	CHECK("after it, the flags are kept", (after.sa_flags & (SA_SIGINFO | SA_RESETHAND)) ==
	      (SA_SIGINFO | SA_RESETHAND));

	/* With SA_NODEFER too: kept as well. */
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	CHECK("SA_NODEFER | SA_RESETHAND: the flags are kept",
	      (seen.sa_flags & (SA_NODEFER | SA_RESETHAND)) == (SA_NODEFER | SA_RESETHAND));
	return check_failures != 0;
}
