/* Helper of itimers: prints which timers survived the execve that started it (Linux keeps
 * ITIMER_REAL, so alarm; POSIX timers are deleted), then waits for SIGALRM if asked (which
 * its parent blocked for it: unblocked here). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct itimerval it;
	getitimer(ITIMER_REAL, &it);
	printf("after exec: ITIMER_REAL %s\n",
	       it.it_value.tv_sec || it.it_value.tv_usec ? "still armed" : "disarmed");
	struct timespec ts[2];
	errno = 0;
	long r = syscall(SYS_timer_gettime, 0L, ts);
	printf("after exec: the POSIX timer %s\n",
	       r == -1 && errno == EINVAL ? "is gone (EINVAL)" : "still exists");
	fflush(stdout);
	if (argc > 1 && strcmp(argv[1], "wait") == 0) {
		/* itimers blocked SIGALRM before execve, so that we print first. */
		sigset_t alrm;
		sigemptyset(&alrm);
		sigaddset(&alrm, SIGALRM);
		sigprocmask(SIG_UNBLOCK, &alrm, NULL);
		for (;;)
			pause();        /* SIGALRM's default action ends us */
	}
	return 0;
}
