/*
 * cowdemo: copy-on-write, watched from both sides of a fork (CS:APP 9.8.2 and 9.8.3).
 * Usage: cowdemo [PAGES]
 *
 * The parent fills PAGES pages and forks. Right after fork the child shares every one of
 * them: fork copied the page tables, not the data, and marked the pages read-only. When
 * the child writes half of them, each first write faults and the kernel copies that one
 * page. We count the child's page faults (getrusage) and the free memory (sysinfo).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

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

int main(int argc, char **argv)
{
	long pages = argc > 1 ? atol(argv[1]) : 256;
	char *data = malloc((size_t)pages * PAGE);
	memset(data, 'P', (size_t)pages * PAGE);
	printf("parent: filled %ld pages (%ld KiB); free memory %ld KiB\n", pages, pages * 4,
	       free_kib());
	fflush(stdout);
	long before_fork = free_kib();
	pid_t pid = fork();
	if (pid == 0) {
		printf("child:  after fork, free memory %ld KiB: fork used %ld KiB (page tables "
		       "and kernel state), not %ld KiB of copies\n", free_kib(),
		       before_fork - free_kib(), pages * 4);
		long f0 = faults(), m0 = free_kib();
		for (long i = 0; i < pages / 2; i++)
			data[i * PAGE] = 'C';
		printf("child:  wrote to %ld pages: %ld page faults, %ld KiB more memory in use\n",
		       pages / 2, faults() - f0, m0 - free_kib());
		printf("child:  each first write to a shared page faulted, and the kernel gave "
		       "this process its own copy of just that page\n");
		long f1 = faults();
		for (long i = 0; i < pages / 2; i++)
			data[i * PAGE] = 'D';
		printf("child:  wrote them again: %ld page faults (the copies are its own now)\n",
		       faults() - f1);
		exit(0);
	}
	waitpid(pid, NULL, 0);
	int intact = 1;
	for (long i = 0; i < pages; i++)
		intact &= data[i * PAGE] == 'P';
	printf("parent: my pages are %s: the child's writes went to its copies\n",
	       intact ? "unchanged" : "CHANGED (bug!)");
	long f2 = faults();
	for (long i = 0; i < pages; i++)
		data[i * PAGE] = 'Q';
	printf("parent: wrote all %ld pages after the child exited: %ld faults, but no copies: "
	       "with no one else mapping them, the kernel just made them writable again\n",
	       pages, faults() - f2);
	return 0;
}
