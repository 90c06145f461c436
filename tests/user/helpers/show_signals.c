/* Helper of signals: prints the signal dispositions and mask it was started with, to show
 * what execve keeps (ignored signals, the mask) and what it resets (handlers). */
#include <signal.h>
#include <stdio.h>

static const char *disposition(int sig)
{
	struct sigaction sa;
	sigaction(sig, NULL, &sa);
	return sa.sa_handler == SIG_DFL ? "default" : sa.sa_handler == SIG_IGN ? "ignored" : "handler";
}

int main(void)
{
	sigset_t blocked;
	sigprocmask(SIG_BLOCK, NULL, &blocked);
	printf("after exec: SIGUSR1 %s, SIGUSR2 %s, SIGINT blocked: %s\n", disposition(SIGUSR1),
	       disposition(SIGUSR2), sigismember(&blocked, SIGINT) ? "yes" : "no");
	return 0;
}
