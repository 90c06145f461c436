/*
 * fork and copy-on-write: after fork, parent and child share every page until one of them
 * writes; the writer then gets its own copy (one page fault per page written), and neither
 * sees the other's writes.
 */
#include "check.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGES 64
#define PAGE 4096

static char data[PAGES * PAGE];

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static long free_pages(void)
{
	struct sysinfo si;
	sysinfo(&si);
	return (long)(si.freeram * si.mem_unit / PAGE);
}

static int child(int report)
{
	long before = minflt(), free_before = free_pages();
	for (int i = 0; i < PAGES; i++)
		data[i * PAGE] = 'c';
	long faults = minflt() - before, used = free_before - free_pages();
	int seen_own = 1;
	for (int i = 0; i < PAGES; i++)
		seen_own &= data[i * PAGE] == 'c';
	char line[2] = { (char)(faults >= PAGES), (char)(!on_mmk() || used >= PAGES) };
	write(report, line, 2);
	return seen_own ? 0 : 1;
}

int main(void)
{
	for (int i = 0; i < PAGES; i++)
		data[i * PAGE] = 'p';
	int fds[2];
	pipe(fds);
	long free_before_fork = free_pages();
	pid_t pid = fork();
	if (pid == 0)
		_exit(child(fds[1]));
	char line[2] = { 0, 0 };
	read(fds[0], line, 2);
	int status;
	waitpid(pid, &status, 0);
	CHECK("child exited normally and saw its own writes",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK("child took at least one fault per page it wrote", line[0]);
	CHECK("child's writes used fresh frames (mmk: sysinfo)", line[1]);
	int parent_intact = 1;
	for (int i = 0; i < PAGES; i++)
		parent_intact &= data[i * PAGE] == 'p';
	CHECK("parent still sees its own data", parent_intact);
	long before = minflt();
	volatile char sum = 0;
	for (int i = 0; i < PAGES; i++)
		sum += data[i * PAGE];
	CHECK("parent reads its pages without faults", minflt() == before);
	/* With the child gone, the parent's pages are its alone again: writing them reuses the
	 * frames instead of copying (mmk: no frame is used). */
	long free_before = free_pages();
	for (int i = 0; i < PAGES; i++)
		data[i * PAGE] = 'q';
	CHECK("copy-on-write with no other user reuses the page (mmk)",
	      !on_mmk() || free_pages() >= free_before);
	CHECK("memory is back after the child exited (mmk)",
	      !on_mmk() || free_pages() >= free_before_fork - 2);
	CHECK_DONE();
}
