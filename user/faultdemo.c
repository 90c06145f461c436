/*
 * faultdemo: demand paging and segmentation faults (CS:APP 9.8.1 and 9.8.4).
 *
 * mmap only describes an area: no memory is used until a page is touched. Each first touch
 * of a page faults, and the kernel gives the page a zeroed frame (a demand-zero page).
 * A touch the area does not allow (here, a write to a read-only mapping) is a segmentation
 * fault: the kernel sends SIGSEGV, and the process dies.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define MIB (1024L * 1024)

static long faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static long free_kib(void)
{
	struct sysinfo si;
	sysinfo(&si);
	return (long)(si.freeram * si.mem_unit / 1024);
}

int main(void)
{
	long f0 = faults(), m0 = free_kib();
	char *area = mmap(NULL, 64 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	printf("mapped 64 MiB at %p: %ld page faults, %ld KiB of memory used\n", (void *)area,
	       faults() - f0, m0 - free_kib());
	long f1 = faults(), m1 = free_kib();
	long touched = 0;
	for (long off = 0; off < 64 * MIB; off += 16 * PAGE, touched++)
		area[off] = 1;
	printf("touched every 16th page (%ld pages): %ld page faults, %ld KiB used\n", touched,
	       faults() - f1, m1 - free_kib());
	printf("the other %ld pages were never touched and cost nothing\n",
	       64 * MIB / PAGE - touched);
	munmap(area, 64 * MIB);

	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("now a child writes to a read-only page at %p...\n", (void *)ro);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		ro[0] = 1;
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		printf("the child was killed by signal %d (%s): the kernel found no right to "
		       "write there\n", WTERMSIG(st), WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "?");
	else
		printf("the child exited normally (unexpected)\n");
	return 0;
}
