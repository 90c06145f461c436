/* Helper of signals: prints the signal dispositions and mask it was started with, to show
 * what execve keeps (ignored signals, the mask) and what it resets (handlers). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *disposition(int sig)
{
	struct sigaction sa;
	sigaction(sig, NULL, &sa);
	return sa.sa_handler == SIG_DFL ? "default" : sa.sa_handler == SIG_IGN ? "ignored" : "handler";
}

static char second_stack[SIGSTKSZ * 2];

static void install_altstack(int sig)
{
	(void)sig;
	stack_t ss = { .ss_sp = second_stack, .ss_size = sizeof(second_stack) };
	sigaltstack(&ss, NULL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "wait") == 0) {
		/* "wait": started with SIGCHLD at SIG_DFL but SA_NOCLDWAIT set before execve,
		 * which must have cleared the flag: a child is still there to wait for. */
		pid_t pid = fork();
		if (pid == 0)
			_exit(3);
		int st;
		return wait(&st) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3 ? 0 : 1;
	}
	if (argc > 1 && strcmp(argv[1], "altstack") == 0) {
		/* "altstack": a program that never set an alternate stack sets one in a handler;
		 * it must still be there after the handler returns. */
		signal(SIGUSR1, install_altstack);
		raise(SIGUSR1);
		stack_t now;
		sigaltstack(NULL, &now);
		return now.ss_sp == second_stack && now.ss_flags == 0 ? 0 : 1;
	}
	sigset_t blocked;
	sigprocmask(SIG_BLOCK, NULL, &blocked);
	printf("after exec: SIGUSR1 %s, SIGUSR2 %s, SIGINT blocked: %s\n", disposition(SIGUSR1),
	       disposition(SIGUSR2), sigismember(&blocked, SIGINT) ? "yes" : "no");
	return 0;
}
