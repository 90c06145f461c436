/* futex(2) between processes: waits and wakes on a word in MAP_SHARED memory across fork,
 * private futexes that other address spaces cannot reach, bitsets, requeue, wake-op,
 * timeouts, Linux's errors, a futex-based lock under contention, and a robust lock whose
 * owner dies. */
#include "check.h"

#include <limits.h>
#include <sched.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, const void *timeout, uint32_t *uaddr2,
		  uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

/* The parent waits on shared[0] for its child, which wakes it once the parent sleeps. */
static void across_fork(uint32_t *shared)
{
	shared[0] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		/* Wake until someone was there: the parent may not be asleep yet. */
		while (futex(&shared[0], FUTEX_WAKE, 1, NULL, NULL, 0) == 0)
			sched_yield();
		_exit(0);
	}
	long r = futex(&shared[0], FUTEX_WAIT, 0, NULL, NULL, 0);
	CHECK("FUTEX_WAIT in shared memory: a child's FUTEX_WAKE ends it", r == 0);
	waitpid(pid, NULL, 0);
}

/* FUTEX_WAKE asking for 0 waiters still wakes one, as Linux does. */
static void wake_zero(uint32_t *shared)
{
	shared[6] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		while (futex(&shared[6], FUTEX_WAKE, 0, NULL, NULL, 0) == 0)
			sched_yield();
		_exit(0);
	}
	CHECK("FUTEX_WAKE of 0 waiters wakes one", futex(&shared[6], FUTEX_WAIT, 0, NULL, NULL, 0) == 0);
	waitpid(pid, NULL, 0);
}

/* A private futex names (address space, address): the child's wake cannot reach it. */
static void private_stays_private(uint32_t *shared)
{
	shared[1] = 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(futex(&shared[1], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0 ? 0 : 1);
	struct timespec t = { 0, 50000000 };
	long r = futex(&shared[1], FUTEX_WAIT_PRIVATE, 0, &t, NULL, 0);
	CHECK("a private wait is not woken from another process: ETIMEDOUT", r == -1 && errno == ETIMEDOUT);
	int status;
	waitpid(pid, &status, 0);
	CHECK("... whose private wake found nobody", WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void single_process(void)
{
	static uint32_t word = 5, other = 0;
	CHECK("FUTEX_WAIT when the word differs: EAGAIN",
	      futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0) == -1 && errno == EAGAIN);
	struct timespec t = { 0, 20000000 };
	CHECK("FUTEX_WAIT with a timeout: ETIMEDOUT",
	      futex(&word, FUTEX_WAIT_PRIVATE, 5, &t, NULL, 0) == -1 && errno == ETIMEDOUT);
	struct timespec past = { 0, 0 };
	CHECK("FUTEX_WAIT_BITSET with an absolute time in the past: ETIMEDOUT",
	      futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, &past, NULL, FUTEX_BITSET_MATCH_ANY) == -1 &&
	      errno == ETIMEDOUT);
	CHECK("FUTEX_WAKE with nobody waiting: 0", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0);
	CHECK("FUTEX_WAKE of 0 with nobody waiting: 0", futex(&word, FUTEX_WAKE_PRIVATE, 0, NULL, NULL, 0) == 0);
	CHECK("a misaligned word: EINVAL",
	      futex((uint32_t *)((char *)&word + 1), FUTEX_WAKE, 1, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK("an unmapped word: EFAULT",
	      futex((uint32_t *)16, FUTEX_WAIT, 0, NULL, NULL, 0) == -1 && errno == EFAULT);
	CHECK("WAIT_BITSET with bitset 0: EINVAL",
	      futex(&word, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0) == -1 && errno == EINVAL);
	CHECK("WAKE_BITSET with bitset 0: EINVAL",
	      futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0) == -1 && errno == EINVAL);
	struct timespec bad = { 0, 1000000000 };
	CHECK("a bad timeout: EINVAL",
	      futex(&word, FUTEX_WAIT, 5, &bad, NULL, 0) == -1 && errno == EINVAL);
	CHECK("CLOCK_REALTIME with plain FUTEX_WAIT: ENOSYS",
	      futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 5, &t, NULL, 0) == -1 && errno == ENOSYS);
	CHECK("an unknown operation: ENOSYS", futex(&word, 99, 0, NULL, NULL, 0) == -1 && errno == ENOSYS);
	CHECK("CMP_REQUEUE when the word differs: EAGAIN",
	      futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &other, 4) == -1 && errno == EAGAIN);
	CHECK("CMP_REQUEUE when it matches: 0 woken or moved",
	      futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &other, 5) == 0);
	/* WAKE_OP: other = other + 3 if ... ; compare the old value with 0. */
	other = 0;
	long r = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &other,
		       FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 0));
	CHECK("WAKE_OP adds to the second word (nobody to wake)", r == 0 && other == 3);
	futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &other,
	      FUTEX_OP((FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT), 4, FUTEX_OP_CMP_GT, 1));
	CHECK("WAKE_OP with OPARG_SHIFT: or 1 << 4", other == 19);
}

/* A lock as C libraries make it: 0 free, 1 taken, 2 taken with waiters. */
static void lock(uint32_t *l)
{
	uint32_t c = __sync_val_compare_and_swap(l, 0, 1);
	if (c == 0)
		return;
	if (c != 2)
		c = __sync_lock_test_and_set(l, 2);
	while (c != 0) {
		futex(l, FUTEX_WAIT, 2, NULL, NULL, 0);
		c = __sync_lock_test_and_set(l, 2);
	}
}

static void unlock(uint32_t *l)
{
	if (__sync_fetch_and_sub(l, 1) != 1) {
		*l = 0;
		futex(l, FUTEX_WAKE, 1, NULL, NULL, 0);
	}
}

static void contention(uint32_t *shared)
{
	uint32_t *l = &shared[2];
	volatile uint64_t *counter = (volatile uint64_t *)&shared[4];
	*l = 0;
	*counter = 0;
	enum { WORKERS = 4, ROUNDS = 2000 };
	pid_t pids[WORKERS];
	for (int i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			for (int k = 0; k < ROUNDS; k++) {
				lock(l);
				uint64_t v = *counter;
				if (k % 64 == 0)
					sched_yield();  /* give others a chance at a taken lock */
				*counter = v + 1;
				unlock(l);
			}
			_exit(0);
		}
	}
	for (int i = 0; i < WORKERS; i++)
		waitpid(pids[i], NULL, 0);
	CHECK("4 processes x 2000 increments under a futex lock: 8000", *counter == WORKERS * ROUNDS);
}

/* A robust lock held by a child that dies: its word gets FUTEX_OWNER_DIED. */
static void robust(uint32_t *shared)
{
	struct robust_list_head *head = (void *)&shared[8];
	struct robust_list *entry = (void *)&shared[16];
	uint32_t *word = &shared[20];
	pid_t pid = fork();
	if (pid == 0) {
		*word = (uint32_t)getpid();     /* taken by us */
		head->list.next = entry;
		entry->next = &head->list;
		head->futex_offset = (char *)word - (char *)entry;
		head->list_op_pending = NULL;
		syscall(SYS_set_robust_list, head, sizeof(*head));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("a dead owner's robust lock is marked FUTEX_OWNER_DIED", *word == FUTEX_OWNER_DIED);
	CHECK("set_robust_list with a wrong size: EINVAL",
	      syscall(SYS_set_robust_list, head, 8) == -1 && errno == EINVAL);
}

int main(void)
{
	uint32_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	across_fork(shared);
	wake_zero(shared);
	private_stays_private(shared);
	single_process();
	contention(shared);
	robust(shared);
	CHECK_DONE();
}
