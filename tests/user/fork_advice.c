/*
 * What a fork's child gets of an area the parent advised about (madvise):
 * - MADV_DONTFORK: nothing. The child has a hole there (mincore says ENOMEM; a touch is
 *   SIGSEGV), the parent keeps its pages; MADV_DOFORK undoes it. Advising half an area
 *   splits it, and smaps shows "dc" on the advised half only.
 * - MADV_WIPEONFORK: the area, empty. The child reads zeros where the parent wrote, its
 *   writes stay its own, and its own children get it empty again; the flag stays ("wf").
 *   MADV_KEEPONFORK undoes it. Only private anonymous memory may be wiped: a private file
 *   mapping and shared memory give EINVAL.
 * - Unknown advice and a range with a hole, as Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19
#endif

#define PAGE 4096

static void *map_anon(size_t pages)
{
	void *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

/* "0", or the name of the error a call that returned r set. */
static const char *err_name(int r)
{
	return r == 0 ? "0" : errno_name(errno);
}

static void advise(const char *what, void *p, size_t len, int advice)
{
	printf("madvise(%s): %s\n", what, err_name(madvise(p, len, advice)));
}

/* The flags among "dc" and "wf" that smaps' VmFlags shows for the area holding va
 * (others differ between kernels: soft-dirty, for one). */
static void smaps_flags(const char *what, const void *va)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int in = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char *dash;
		uintptr_t start = strtoul(line, &dash, 16);
		if (line[0] != 'V' && *dash == '-' && start <= (uintptr_t)va &&
		    (uintptr_t)va < strtoul(dash + 1, NULL, 16))
			in = 1;
		else if (in && !strncmp(line, "VmFlags:", 8)) {
			printf("%s: VmFlags has%s%s%s\n", what, strstr(line, " dc") ? " dc" : "",
			       strstr(line, " wf") ? " wf" : "",
			       strstr(line, " dc") || strstr(line, " wf") ? "" : " neither");
			fclose(f);
			return;
		}
	}
	printf("%s: no area\n", what);
	if (f)
		fclose(f);
}

/* Whether a and b lie in one area of /proc/self/maps: advice on part of an area splits it,
 * and undoing the advice merges the parts again. */
static void same_area(const char *what, const void *a, const void *b)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	const char *answer = "no area";
	while (f && fgets(line, sizeof(line), f)) {
		char *dash;
		uintptr_t start = strtoul(line, &dash, 16), end = strtoul(dash + 1, NULL, 16);
		if (start <= (uintptr_t)a && (uintptr_t)a < end) {
			answer = (uintptr_t)b >= start && (uintptr_t)b < end ? "one area" : "two areas";
			break;
		}
	}
	printf("%s: %s\n", what, answer);
	if (f)
		fclose(f);
}

/* How a child that runs fn ends: its exit status, or the signal that killed it. */
static void in_child(const char *what, void (*fn)(void *), void *arg)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("%s: child killed by %s\n", what, strsignal(WTERMSIG(status)));
	else
		printf("%s: child exit %d\n", what, WEXITSTATUS(status));
}

static void child_mincore(void *p)
{
	unsigned char vec[4];
	int r = mincore(p, 4 * PAGE, vec);
	printf("  child: mincore of the area: %s\n", err_name(r));
}

static void child_touch(void *p)
{
	printf("  child: reads %d\n", *(volatile char *)p);
}

static void dontfork(void)
{
	char *p = map_anon(4);
	memset(p, 'a', 4 * PAGE);
	advise("DONTFORK, the upper half", p + 2 * PAGE, 2 * PAGE, MADV_DONTFORK);
	smaps_flags("lower half", p);
	smaps_flags("upper half", p + 2 * PAGE);
	same_area("the halves", p, p + 2 * PAGE);
	in_child("mincore", child_mincore, p + 2 * PAGE);
	in_child("touch the lower half", child_touch, p);
	in_child("touch the upper half", child_touch, p + 2 * PAGE);
	printf("parent still reads %c\n", p[3 * PAGE]);
	advise("DOFORK", p + 2 * PAGE, 2 * PAGE, MADV_DOFORK);
	smaps_flags("after DOFORK, the whole area", p);
	same_area("after DOFORK, the halves", p, p + 2 * PAGE);
	in_child("touch after DOFORK", child_touch, p + 3 * PAGE);
	munmap(p, 4 * PAGE);
}

static void child_wiped(void *arg)
{
	char *p = arg;
	printf("  child: reads %d and %d\n", p[0], p[PAGE]);
	p[0] = 'c';
	smaps_flags("  child's area", p);
	in_child("  grandchild", child_touch, p);
	printf("  child: reads %c after its write\n", p[0]);
}

static void wipeonfork(void)
{
	char *p = map_anon(2);
	memset(p, 'w', 2 * PAGE);
	advise("WIPEONFORK", p, 2 * PAGE, MADV_WIPEONFORK);
	smaps_flags("wiped area", p);
	in_child("wiped", child_wiped, p);
	printf("parent still reads %c\n", p[0]);
	advise("KEEPONFORK", p, 2 * PAGE, MADV_KEEPONFORK);
	smaps_flags("after KEEPONFORK", p);
	in_child("kept", child_touch, p);
	munmap(p, 2 * PAGE);
}

static void wipe_refused(void)
{
	char path[] = "fork_advice.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, PAGE) != 0) {
		perror("file");
		exit(1);
	}
	unlink(path);
	void *f = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	void *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (f == MAP_FAILED || s == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	advise("WIPEONFORK, a private file mapping", f, PAGE, MADV_WIPEONFORK);
	advise("WIPEONFORK, shared memory", s, PAGE, MADV_WIPEONFORK);
	advise("DONTFORK, shared memory", s, PAGE, MADV_DONTFORK);
	advise("KEEPONFORK, a private file mapping", f, PAGE, MADV_KEEPONFORK);
	munmap(f, PAGE);
	munmap(s, PAGE);
	close(fd);
}

static void bad_input(void)
{
	char *p = map_anon(3);
	munmap(p + PAGE, PAGE);
	advise("DONTFORK over a hole", p, 3 * PAGE, MADV_DONTFORK);
	smaps_flags("before the hole", p);
	smaps_flags("after the hole", p + 2 * PAGE);
	advise("advice 99", p, PAGE, 99);
	advise("DONTFORK, unaligned", p + 1, PAGE, MADV_DONTFORK);
	munmap(p, 3 * PAGE);
}

int main(void)
{
	dontfork();
	wipeonfork();
	wipe_refused();
	bad_input();
	return 0;
}
