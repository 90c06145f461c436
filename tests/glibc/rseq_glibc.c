/*
 * glibc's own use of rseq(2), compared with Linux: glibc (2.35 and later) registers an
 * area for the main thread at start and for each thread pthread_create starts, and says
 * so in __rseq_size (0 when the kernel refused) and __rseq_offset (<sys/rseq.h>). Each thread's area names the CPU it
 * runs on (compared with sched_getcpu, never printed: the host has several CPUs); a second
 * registration of it is EBUSY; a forked child's copy is kept up to date. Until mmk had
 * rseq, glibc found ENOSYS here and __rseq_size was 0.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../user/check.h"

/* This thread's area, where glibc registered it. */
static struct rseq *my_area(void)
{
	return (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
}

/* cpu_id_start and cpu_id both name the CPU sched_getcpu says (a thousand tries: the
 * thread may move between the reads on a host with several CPUs). */
static int cpu_ids_valid(volatile struct rseq *r)
{
	for (int i = 0; i < 1000; i++) {
		uint32_t start = r->cpu_id_start, id = r->cpu_id;
		int cpu = sched_getcpu();
		if (cpu >= 0 && start == (uint32_t)cpu && id == (uint32_t)cpu && r->cpu_id == id)
			return 1;
	}
	return 0;
}

/* glibc 2.36 registers 32 bytes (its __rseq_size, 20, counts the fields it uses). */
static const char *again(void)
{
	long r = syscall(SYS_rseq, my_area(), 32, 0, RSEQ_SIG);
	return r == 0 ? "0" : errno_name(errno);
}

static struct rseq *thread_area;
static int thread_valid;
static const char *thread_again;

static void *thread_main(void *arg)
{
	(void)arg;
	thread_area = my_area();
	thread_valid = cpu_ids_valid(thread_area);
	thread_again = again();
	return NULL;
}

int main(void)
{
	printf("__rseq_size: %u\n", __rseq_size);
	CHECK("the main thread's area names this CPU", cpu_ids_valid(my_area()));
	printf("registering it again: %s\n", again());

	pthread_t t;
	pthread_create(&t, NULL, thread_main, NULL);
	pthread_join(t, NULL);
	CHECK("a thread has an area of its own", thread_area != my_area());
	CHECK("which names its CPU", thread_valid);
	printf("the thread registering its area again: %s\n", thread_again);

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		CHECK("a forked child's copy names its CPU", cpu_ids_valid(my_area()));
		printf("the child registering it again: %s\n", again());
		fflush(stdout);
		_exit(check_failures);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK("the child passed", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_DONE();
}
