/*
 * memhold: holds a known amount of memory while another program looks at it.
 *
 *   memhold [-e EVERY] [-f] [-o [-w]] PAGES [PROGRAM ARGS...]
 *
 * Maps PAGES pages of private anonymous memory at 0x10000000 and writes to every EVERY-th
 * one (default: each), so exactly those become resident (demand-zero pages, one frame
 * each); the others stay untouched. With -f it then forks a child that only waits, so that
 * every frame is shared by the two (copy-on-write, until one of them writes). With -o it
 * asks for the second half of the area to be paged out (MADV_PAGEOUT: to swap, if there is
 * swap), so that those pages are swapped rather than resident; -w then reads them back
 * into the swap cache (MADV_WILLNEED), where they wait, unmapped, for a touch. Then it
 * runs PROGRAM with ARGS, each "%p" in them replaced by memhold's own pid, waits for it
 * and exits with its status; with no PROGRAM it waits until a signal ends it. E.g.
 * `memhold 300 memview -n 1` shows 300 frames more for memhold, `memhold -f 300 memview -n 1`
 * 300 shared frames, and `memhold -e 2 16 memview -p %p -n 1` every other page of its area
 * resident.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define WHERE ((void *)0x10000000)

static int usage(void)
{
	fprintf(stderr, "usage: memhold [-e EVERY] [-f] [-o [-w]] PAGES [PROGRAM ARGS...]\n");
	return 2;
}

/* Runs argv with each "%p" replaced by our pid; returns its exit status (128+N: signal N). */
static int run(char **argv)
{
	char pid[16];
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	for (char **a = argv; *a; a++)
		if (strcmp(*a, "%p") == 0)
			*a = pid;
	pid_t child = fork();
	if (child < 0) {
		perror("memhold: fork");
		return 1;
	}
	if (child == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "memhold: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	long every = 1;
	int i = 1, share = 0, pageout = 0, willneed = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
			every = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-f") == 0)
			share = 1;
		else if (strcmp(argv[i], "-o") == 0)
			pageout = 1;
		else if (strcmp(argv[i], "-w") == 0)
			willneed = 1;
		else
			return usage();
	}
	if (i >= argc || every < 1)
		return usage();
	char *end;
	long pages = strtol(argv[i], &end, 10);
	if (*end || pages < 1)
		return usage();
	char *m = mmap(WHERE, (size_t)pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (m == MAP_FAILED) {
		perror("memhold: mmap");
		return 1;
	}
	for (long p = 0; p < pages; p += every)
		m[p * PAGE] = 1;
	char *half = m + pages / 2 * PAGE;
	size_t half_len = (size_t)(pages - pages / 2) * PAGE;
	if (pageout && madvise(half, half_len, MADV_PAGEOUT) != 0)
		perror("memhold: madvise(MADV_PAGEOUT)");
	if (pageout && willneed && madvise(half, half_len, MADV_WILLNEED) != 0)
		perror("memhold: madvise(MADV_WILLNEED)");
	pid_t sharer = share ? fork() : -1;
	if (share && sharer < 0)
		perror("memhold: fork");
	if (sharer == 0 || i + 1 >= argc)
		for (;;)
			pause();        /* holds its pages until a signal ends it */
	int status = run(argv + i + 1);
	if (sharer > 0) {
		kill(sharer, SIGTERM);
		waitpid(sharer, NULL, 0);
	}
	return status;
}
