/* futex_waitv(2): one sleep on several futex words, ended by a FUTEX_WAKE on any of them
 * (its index is the result), by a word that no longer holds its value (EAGAIN), or by the
 * absolute timeout on CLOCK_MONOTONIC or CLOCK_REALTIME (ETIMEDOUT); and Linux's EINVAL and
 * EFAULT for bad arguments (LTP's futex_waitv01 and futex_waitv02). */
#include "check.h"

#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_futex_waitv 449
#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_PRIVATE 128
#define FUTEX_WAKE 1

struct waitv {                  /* Linux's struct futex_waitv */
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

static long futex_waitv(struct waitv *w, unsigned n, unsigned flags, struct timespec *to, int clock)
{
	return syscall(NR_futex_waitv, w, n, flags, to, clock);
}

/* An absolute timeout ms milliseconds from now on clock. */
static struct timespec in_ms(int clock, long ms)
{
	struct timespec t;
	clock_gettime(clock, &t);
	t.tv_nsec += ms * 1000000;
	t.tv_sec += t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return t;
}

/* Checks that call r failed with want, in a line naming the case. */
static void fails(const char *what, long r, int want)
{
	char line[120];
	const char *err = errno == ETIMEDOUT ? "ETIMEDOUT" : errno_name(errno);  /* check.h lacks it */
	snprintf(line, sizeof(line), "%s: %s", what, r == -1 ? err : "succeeded");
	CHECK(line, r == -1 && errno == want);
}

int main(void)
{
	static uint32_t words[4];
	struct waitv w[4];
	for (int i = 0; i < 4; i++)
		w[i] = (struct waitv){ 0, (uintptr_t)&words[i], FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0 };
	struct timespec to = in_ms(CLOCK_MONOTONIC, 1000);

	fails("flags 1", futex_waitv(w, 1, 1, &to, CLOCK_MONOTONIC), EINVAL);
	fails("no waiters", futex_waitv(w, 0, 0, &to, CLOCK_MONOTONIC), EINVAL);
	fails("129 waiters", futex_waitv(w, 129, 0, &to, CLOCK_MONOTONIC), EINVAL);
	fails("waiters NULL", futex_waitv(NULL, 1, 0, &to, CLOCK_MONOTONIC), EINVAL);
	fails("clock CLOCK_TAI", futex_waitv(w, 1, 0, &to, CLOCK_TAI), EINVAL);
	fails("waiters unmapped", futex_waitv((struct waitv *)8, 1, 0, &to, CLOCK_MONOTONIC), EFAULT);
	w[1].flags = FUTEX2_PRIVATE;
	fails("a waiter without FUTEX2_SIZE_U32", futex_waitv(w, 2, 0, &to, CLOCK_MONOTONIC), EINVAL);
	w[1].flags = FUTEX2_SIZE_U32 | 0x100;
	fails("a waiter with an unknown flag", futex_waitv(w, 2, 0, &to, CLOCK_MONOTONIC), EINVAL);
	w[1].flags = FUTEX2_SIZE_U32;
	w[1].reserved = 1;
	fails("a waiter with reserved set", futex_waitv(w, 2, 0, &to, CLOCK_MONOTONIC), EINVAL);
	w[1].reserved = 0;
	w[1].uaddr = (uintptr_t)&words[1] + 1;
	fails("an unaligned word", futex_waitv(w, 2, 0, &to, CLOCK_MONOTONIC), EINVAL);
	w[1].uaddr = 0;
	fails("a NULL word", futex_waitv(w, 2, 0, &to, CLOCK_MONOTONIC), EFAULT);
	w[1].uaddr = (uintptr_t)&words[1];
	w[2].val = 7;
	fails("the third word is not 7", futex_waitv(w, 3, 0, &to, CLOCK_MONOTONIC), EAGAIN);
	w[2].val = 0;
	to = in_ms(CLOCK_MONOTONIC, 20);
	fails("20 ms on CLOCK_MONOTONIC", futex_waitv(w, 4, 0, &to, CLOCK_MONOTONIC), ETIMEDOUT);
	to = in_ms(CLOCK_REALTIME, 20);
	fails("20 ms on CLOCK_REALTIME", futex_waitv(w, 4, 0, &to, CLOCK_REALTIME), ETIMEDOUT);

	/* A child wakes the third of four shared words: that index comes back. */
	uint32_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 4; i++)
		w[i] = (struct waitv){ 0, (uintptr_t)&shared[i], FUTEX2_SIZE_U32, 0 };
	pid_t pid = fork();
	if (pid == 0) {
		/* Wake until someone was there: the parent may not be asleep yet. */
		while (syscall(SYS_futex, &shared[2], FUTEX_WAKE, 1, NULL, NULL, 0) == 0)
			usleep(1000);
		_exit(0);
	}
	to = in_ms(CLOCK_MONOTONIC, 10000);
	long r = futex_waitv(w, 4, 0, &to, CLOCK_MONOTONIC);
	char line[120];
	snprintf(line, sizeof(line), "a child wakes the third of four shared words: %ld", r);
	CHECK(line, r == 2);
	int status;
	waitpid(pid, &status, 0);
	CHECK("the child's wake found the waiter", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return check_failures != 0;
}
