/*
 * mprotect splits an area where the protection changes, and merges areas again where
 * the protection comes back to match a neighbour's, as Linux's mprotect_fixup does
 * through vma_merge: /proc/self/maps then shows as few areas as Linux does. An area made
 * writable keeps its charge (VM_ACCOUNT) when made read-only again, so a private file
 * mapping's pages stay apart from their never-written neighbours.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define P 4096UL

/* The lines of /proc/self/maps for areas overlapping [lo, hi). */
static int areas_in(char *lo, char *hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long s, e;
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s < (unsigned long)hi &&
		    e > (unsigned long)lo)
			n++;
	}
	if (f)
		fclose(f);
	return n;
}

static void show(const char *what, char *lo, char *hi)
{
	printf("%-58s %d\n", what, areas_in(lo, hi));
}

/* A private anonymous read-write area of pages, between two shared guard pages (a
 * private area never merges with a shared one), so that its neighbours are known. */
static char *alone(size_t pages)
{
	char *hole = mmap(NULL, (pages + 2) * P, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return mmap(hole + P, pages * P, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void anonymous(int touch)
{
	char *a = alone(4), *end = a + 4 * P;
	printf("anonymous, %s:\n", touch ? "every page touched" : "never touched");
	if (touch)
		for (int i = 0; i < 4; i++)
			a[i * P] = 1;
	show("  mmap'd", a, end);
	mprotect(a + P, P, PROT_READ);
	show("  page 1 read-only", a, end);
	mprotect(a + P, P, PROT_READ | PROT_WRITE);
	show("  page 1 back to read-write", a, end);
	mprotect(a + P, 2 * P, PROT_NONE);
	show("  pages 1-2 PROT_NONE", a, end);
	mprotect(a + 2 * P, P, PROT_READ | PROT_WRITE);
	show("  page 2 back", a, end);
	mprotect(a + P, P, PROT_READ | PROT_WRITE);
	show("  page 1 back", a, end);
	mprotect(a, 4 * P, PROT_READ);
	show("  all read-only", a, end);
	mprotect(a, P, PROT_READ | PROT_WRITE);
	mprotect(a + 3 * P, P, PROT_READ | PROT_WRITE);
	show("  first and last read-write", a, end);
	mprotect(a, 4 * P, PROT_READ | PROT_WRITE);
	show("  all read-write in one call", a, end);
	CHECK("  the data is still there", !touch || (a[0] == 1 && a[3 * P] == 1));
	munmap(a, 4 * P);
}

/* Two areas of one mapping, split before the first was touched, then made alike: the
 * untouched one has no owner of anonymous memory yet, so they merge. */
static void split_then_touched(void)
{
	char *a = alone(4), *end = a + 4 * P;
	mprotect(a + 2 * P, 2 * P, PROT_READ);
	show("two areas of one mapping, split before any touch", a, end);
	a[0] = 1;
	mprotect(a + 2 * P, 2 * P, PROT_READ | PROT_WRITE);
	show("  made alike after the first was touched", a, end);
	munmap(a, 4 * P);
}

/* Two areas of one mapping made different (the upper one executable too), each written
 * before they are made alike again: the second written takes the first's owner of
 * anonymous memory (Linux's find_mergeable_anon_vma), so they merge, whichever came first.
 * In a fork's child, whose areas share their owner with the parent, the child's first
 * write to the other area gets an owner of its own, so the two stay apart there. */
static void both_written(int upper_first)
{
	char *a = alone(4), *end = a + 4 * P;
	mprotect(a + 2 * P, 2 * P, PROT_READ | PROT_WRITE | PROT_EXEC);
	a[upper_first ? 2 * P : 0] = 1;
	a[upper_first ? 0 : 2 * P] = 1;
	printf("two areas of one mapping, each written, the %s first:\n",
	       upper_first ? "upper" : "lower");
	show("  before", a, end);
	mprotect(a + 2 * P, 2 * P, PROT_READ | PROT_WRITE);
	show("  made alike", a, end);
	munmap(a, 4 * P);
}

static void written_in_child(void)
{
	char *a = alone(4), *end = a + 4 * P;
	mprotect(a + 2 * P, 2 * P, PROT_READ | PROT_WRITE | PROT_EXEC);
	a[0] = 1;
	printf("the lower area written, then fork:\n");
	pid_t pid = fork();
	if (pid == 0) {
		a[2 * P] = 1;
		mprotect(a + 2 * P, 2 * P, PROT_READ | PROT_WRITE);
		show("  the child writes the upper one, makes them alike", a, end);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	a[2 * P] = 1;
	mprotect(a + 2 * P, 2 * P, PROT_READ | PROT_WRITE);
	show("  the parent does the same", a, end);
	munmap(a, 4 * P);
}

static void file_backed(void)
{
	char path[] = "/tmp/mprotect_merge.XXXXXX";
	int fd = mkstemp(path);
	unlink(path);
	static char page[P];
	for (int i = 0; i < 4; i++)
		write(fd, page, P);
	char *hole = alone(4), *end = hole + 4 * P;
	char *f = mmap(hole, 4 * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	close(fd);
	printf("a private file mapping:\n");
	show("  mmap'd", f, end);
	mprotect(f + P, 2 * P, PROT_READ | PROT_WRITE);
	f[P] = 1;
	show("  pages 1-2 read-write, page 1 written", f, end);
	mprotect(f + P, 2 * P, PROT_READ);
	show("  back to read-only", f, end);
	munmap(f, 4 * P);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	anonymous(0);
	anonymous(1);
	split_then_touched();
	both_written(0);
	both_written(1);
	written_in_child();
	file_backed();
	CHECK_DONE();
}
