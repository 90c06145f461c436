/*
 * sleepbench: how late a sleep wakes up. 200 nanosleeps of 1 ms, each measured on
 * CLOCK_MONOTONIC; prints how much longer than the 1 ms asked they took (min, mean, max).
 *
 * Under `tools/qrun --icount` (make bench) the guest's clock advances one nanosecond per
 * instruction and skips the time the CPU is halted, so the lateness is the guest
 * instructions from the deadline to the program running again: identical from run to
 * run. Run plainly, it is real time, which moves with the host's load. A kernel that ends
 * sleeps at its 10 ms ticks shows about 9 ms here; one with a one-shot timer, microseconds.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define ROUNDS 200
#define ASKED_NS 1000000LL

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	int64_t min = INT64_MAX, max = INT64_MIN, sum = 0;
	struct timespec req = { 0, ASKED_NS };
	for (int i = 0; i < ROUNDS; i++) {
		int64_t t0 = now_ns();
		nanosleep(&req, NULL);
		int64_t late = now_ns() - t0 - ASKED_NS;
		sum += late;
		if (late < min)
			min = late;
		if (late > max)
			max = late;
	}
	printf("nanosleep(1 ms) x%d, time beyond the 1 ms asked: min %lld ns, mean %lld ns, "
	       "max %lld ns\n", ROUNDS, (long long)min, (long long)(sum / ROUNDS), (long long)max);
	return 0;
}
