/*
 * A process-directed signal reaches a live thread after the first thread (the leader) has
 * left with pthread_exit: an interval timer (ITIMER_REAL, SIGALRM) keeps running, and the
 * thread left takes its signals, as on Linux. The leader's exit must not leave the timer
 * signalling a thread that has no handlers any more.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void *survivor(void *arg)
{
	(void)arg;
	while (alarms < 5)
		pause();
	printf("the thread left took 5 SIGALRMs after the leader exited: ok\n");
	fflush(stdout);
	exit(0);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	pthread_t t;
	pthread_create(&t, NULL, survivor, NULL);
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &block, NULL);       /* the survivor takes them */
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	printf("the leader exits with ITIMER_REAL running\n");
	fflush(stdout);
	pthread_exit(NULL);
}
