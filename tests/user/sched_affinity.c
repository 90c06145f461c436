/*
 * sched_getaffinity, compared with Linux: the calling thread may run on CPU 0 (the guest's
 * only CPU; the host has more, so only CPU 0 and the shape of the answer are compared),
 * and Linux's errors for a mask too short or not a multiple of a long, a process that
 * does not exist, and a bad buffer. And getcpu, the system call under sched_getcpu: the CPU
 * it names is in the mask, either pointer may be NULL, and a bad one is EFAULT.
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static long getaffinity(long pid, long len, void *mask)
{
	return syscall(SYS_sched_getaffinity, pid, len, mask);
}

static const char *error_of(long r)
{
	return r >= 0 ? "no error" : errno_name(errno);
}

int main(void)
{
	uint64_t mask[16] = { 0 };
	long r = getaffinity(0, sizeof(mask), mask);
	CHECK("the caller's mask: the bytes written, a multiple of 8",
	      r > 0 && r % 8 == 0 && r <= (long)sizeof(mask));
	CHECK("CPU 0 is in it", mask[0] & 1);
	r = getaffinity(getpid(), 8, mask);
	CHECK("by its pid, with one long", r == 8 && (mask[0] & 1));
	printf("a length of 4: %s\n", error_of(getaffinity(0, 4, mask)));
	printf("a length of 12: %s\n", error_of(getaffinity(0, 12, mask)));
	printf("a length of 0: %s\n", error_of(getaffinity(0, 0, mask)));
	printf("no such process: %s\n", error_of(getaffinity(2147483647, 8, mask)));
	printf("a negative pid: %s\n", error_of(getaffinity(-1, 8, mask)));
	printf("a bad buffer: %s\n", error_of(getaffinity(0, 8, (void *)8)));

	unsigned cpu = ~0u, node = ~0u;
	CHECK("getcpu: 0", syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
	getaffinity(0, sizeof(mask), mask);
	CHECK("getcpu: its CPU is in the mask", cpu < 1024 && (mask[cpu / 64] >> (cpu % 64)) & 1);
	CHECK("getcpu: a node number", node != ~0u);
	printf("getcpu with no pointers: %s\n", error_of(syscall(SYS_getcpu, NULL, NULL, NULL)));
	printf("getcpu, a bad CPU pointer: %s\n",
	       error_of(syscall(SYS_getcpu, (void *)8, &node, NULL)));
	printf("getcpu, a bad node pointer: %s\n",
	       error_of(syscall(SYS_getcpu, &cpu, (void *)8, NULL)));
	CHECK_DONE();
}
