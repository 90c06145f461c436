/*
 * threadbench: what threads cost, in guest instructions (run under `tools/qrun --icount`,
 * as make bench does; see vmbench.c for why rdtsc then counts instructions).
 *
 *   futex wake, no waiter      FUTEX_WAKE on a word nobody waits on: the system call alone
 *   futex wake-up              one thread wakes another that waits on a futex and then
 *                              waits itself: a round trip is two wake-ups, each with its
 *                              FUTEX_WAIT, FUTEX_WAKE and switch between threads
 *   thread create+join         pthread_create of a thread that returns at once, and
 *                              pthread_join (its stack's mmap and munmap included)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

/* futex(2)'s operations (Linux's include/uapi/linux/futex.h), for a private word. */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

#define WAKE_ROUNDS 20000
#define PINGPONG_ROUNDS 5000
#define CREATE_ROUNDS 500

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static long futex(int *word, int op, int val)
{
	return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

static double per_wake_no_waiter(void)
{
	int word = 0;
	uint64_t t0 = rdtsc();
	for (int i = 0; i < WAKE_ROUNDS; i++)
		futex(&word, FUTEX_WAKE_PRIVATE, 1);
	return (double)(rdtsc() - t0) / WAKE_ROUNDS;
}

/* The turn word: 0 the first thread's turn, 1 the second's. */
static int turn;

/* Waits until the turn is mine, then gives it to the other thread and wakes it. */
static void take_turn(int me)
{
	while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != me)
		futex(&turn, FUTEX_WAIT_PRIVATE, !me);
	__atomic_store_n(&turn, !me, __ATOMIC_RELEASE);
	futex(&turn, FUTEX_WAKE_PRIVATE, 1);
}

static void *partner(void *arg)
{
	(void)arg;
	for (int i = 0; i < PINGPONG_ROUNDS; i++)
		take_turn(1);
	return NULL;
}

static double per_wakeup(void)
{
	pthread_t t;
	pthread_create(&t, NULL, partner, NULL);
	uint64_t t0 = rdtsc();
	for (int i = 0; i < PINGPONG_ROUNDS; i++)
		take_turn(0);
	uint64_t t1 = rdtsc();
	pthread_join(t, NULL);
	return (double)(t1 - t0) / (2.0 * PINGPONG_ROUNDS);
}

static void *nothing(void *arg)
{
	return arg;
}

static double per_create_join(void)
{
	uint64_t t0 = rdtsc();
	for (int i = 0; i < CREATE_ROUNDS; i++) {
		pthread_t t;
		pthread_create(&t, NULL, nothing, NULL);
		pthread_join(t, NULL);
	}
	return (double)(rdtsc() - t0) / CREATE_ROUNDS;
}

int main(void)
{
	double wake = per_wake_no_waiter();
	double wakeup = per_wakeup();
	double create = per_create_join();
	printf("%-34s %12s\n", "event", "instructions");
	printf("%-34s %12.0f\n", "futex wake, no waiter", wake);
	printf("%-34s %12.0f\n", "futex wake-up (per wake)", wakeup);
	printf("%-34s %12.0f\n", "thread create+join", create);
	return 0;
}
