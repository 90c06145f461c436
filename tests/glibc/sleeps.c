/* glibc's sleep, usleep, nanosleep and clock_nanosleep all go through the clock_nanosleep
 * system call: each must take at least the time asked (a kernel without it made them
 * return at once), and sleep() interrupted by a handler returns the seconds left. Built
 * with glibc (`gcc -static`). */
#include "../user/check.h"

#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(void)
{
	int64_t t0 = now_ns();
	unsigned left = sleep(1);
	CHECK("sleep(1) returned 0 after at least 1 s", left == 0 && now_ns() - t0 >= 1000 * MS);

	t0 = now_ns();
	int r = usleep(20000);
	CHECK("usleep(20000) took at least 20 ms", r == 0 && now_ns() - t0 >= 20 * MS);

	struct timespec req = { 0, 20 * MS };
	t0 = now_ns();
	r = nanosleep(&req, NULL);
	CHECK("nanosleep(20 ms) took at least 20 ms", r == 0 && now_ns() - t0 >= 20 * MS);

	t0 = now_ns();
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	CHECK("clock_nanosleep(MONOTONIC, 20 ms) took at least 20 ms",
	      r == 0 && now_ns() - t0 >= 20 * MS);

	struct timespec abs;
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 20 * MS;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	CHECK("clock_nanosleep(REALTIME, TIMER_ABSTIME) woke at or after the time",
	      r == 0 && (now.tv_sec > abs.tv_sec ||
			 (now.tv_sec == abs.tv_sec && now.tv_nsec >= abs.tv_nsec)));

	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 200000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	t0 = now_ns();
	left = sleep(5);
	CHECK("sleep(5) cut short by SIGALRM after 200 ms returns the seconds left (1..5)",
	      left >= 1 && left <= 5 && now_ns() - t0 >= 200 * MS);

	CHECK("alarm(10) then alarm(0) returns 10", alarm(10) == 0 && alarm(0) == 10);
	return check_failures != 0;
}
