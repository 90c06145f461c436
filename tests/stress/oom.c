/*
 * The OOM killer, in the guest only (it exhausts memory: never run it on the host). Run
 * with little RAM (tools/qrun --mem 32M). An innocent process holds memory it filled with
 * a pattern; hogs take the rest:
 *   1. a hog fills memory almost to the end and sleeps; the innocent then needs more,
 *      faults with no frame left, the OOM killer kills the hog (the biggest), and the
 *      innocent's fault succeeds once the hog's frames are back;
 *   2. a hog allocates without bound: it faults with no frame left and is itself the
 *      biggest, so it dies;
 *   3. a small process with oom_score_adj 1000 dies before the hog that is bigger;
 * and the innocent's data is intact at every step. tests/boot/oom.sh checks this output
 * and the kernel's "Out of memory: Killed process" lines.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096UL
#define INNOCENT_PAGES 512                      /* 2 MiB held from the start */
#define MORE_PAGES 512                          /* and 2 MiB more once memory is full */

static long meminfo_kb(const char *label)
{
	static char buf[4096];
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	char *l = strstr(buf, label);
	return l ? strtol(l + strlen(label), NULL, 10) : -1;
}

static void set_oom_score_adj(const char *value)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd < 0 || write(fd, value, strlen(value)) != (ssize_t)strlen(value))
		printf("cannot set oom_score_adj to %s\n", value);
	if (fd >= 0)
		close(fd);
}

/* Anonymous memory, not yet touched (mode 0 allows any mapping smaller than RAM). */
static char *region(size_t pages)
{
	char *m = mmap(NULL, pages * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		printf("mmap of %zu pages failed\n", pages);
		exit(3);
	}
	return m;
}

static void fill(char *m, size_t pages, unsigned seed)
{
	for (size_t i = 0; i < pages; i++)
		memset(m + i * P, (int)((i * 7 + seed) & 0xff), P);
}

static int intact(const char *m, size_t pages, unsigned seed)
{
	for (size_t i = 0; i < pages; i++)
		for (size_t j = 0; j < P; j += 512)
			if (m[i * P + j] != (char)((i * 7 + seed) & 0xff))
				return 0;
	return 1;
}

/* Touches pages of a region as big as RAM; with stop_kb, stops once free memory is below
 * it and tells `ready`, then sleeps until killed. Without, it only ends by being killed. */
static _Noreturn void hog(long stop_kb, int ready)
{
	set_oom_score_adj("0");
	size_t pages = (size_t)meminfo_kb("MemTotal:") / 4 - 16;
	char *m = region(pages);
	for (size_t i = 0; i < pages; i++) {
		m[i * P] = 1;
		if (stop_kb && i % 16 == 0 && meminfo_kb("MemFree:") < stop_kb) {
			if (write(ready, "x", 1) != 1)
				_exit(4);
			for (;;)
				pause();
		}
	}
	_exit(5);                               /* RAM was never exhausted */
}

static const char *how(int status)
{
	static char buf[64];
	if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by %s", WTERMSIG(status) == SIGKILL ?
			 "SIGKILL" : "another signal");
	else
		snprintf(buf, sizeof(buf), "exited with status %d", WEXITSTATUS(status));
	return buf;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	set_oom_score_adj("-1000");             /* the test itself is never the victim */
	int to_innocent[2], from_innocent[2], hog_ready[2];
	if (pipe(to_innocent) || pipe(from_innocent) || pipe(hog_ready))
		return 2;
	pid_t innocent = fork();
	if (innocent == 0) {
		set_oom_score_adj("0");
		char *mine = region(INNOCENT_PAGES);
		fill(mine, INNOCENT_PAGES, 1);
		char c;
		if (write(from_innocent[1], "r", 1) != 1 || read(to_innocent[0], &c, 1) != 1)
			_exit(6);
		/* Step 1: memory is full now; these faults need the OOM killer. */
		char *more = region(MORE_PAGES);
		fill(more, MORE_PAGES, 2);
		c = intact(mine, INNOCENT_PAGES, 1) && intact(more, MORE_PAGES, 2) ? 'y' : 'n';
		if (write(from_innocent[1], &c, 1) != 1 || read(to_innocent[0], &c, 1) != 1)
			_exit(6);
		/* Steps 2 and 3 happened meanwhile. */
		_exit(intact(mine, INNOCENT_PAGES, 1) && intact(more, MORE_PAGES, 2) ? 0 : 7);
	}
	close(from_innocent[1]);                /* its death is then an end of file here */
	close(to_innocent[0]);
	char c;
	if (read(from_innocent[0], &c, 1) != 1)
		return 2;
	printf("the innocent process holds 2 MiB\n");

	/* 1. A hog that stops when memory is almost full; the innocent then needs more. */
	pid_t h1 = fork();
	if (h1 == 0)
		hog(512, hog_ready[1]);
	if (read(hog_ready[0], &c, 1) != 1)
		return 2;
	printf("hog 1 filled memory and sleeps\n");
	if (write(to_innocent[1], "g", 1) != 1 || read(from_innocent[0], &c, 1) != 1) {
		printf("the innocent died\n");
		return 2;
	}
	int status;
	waitpid(h1, &status, 0);
	printf("hog 1 was %s\n", how(status));
	printf("the innocent got 2 MiB more, and its data is %s\n", c == 'y' ? "intact" : "DAMAGED");

	/* 2. A hog that allocates without bound dies of it. */
	pid_t h2 = fork();
	if (h2 == 0)
		hog(0, -1);
	waitpid(h2, &status, 0);
	printf("hog 2 was %s\n", how(status));

	/* 3. oom_score_adj 1000 is chosen before a bigger process. */
	pid_t small = fork();
	if (small == 0) {
		set_oom_score_adj("1000");
		char *m = region(256);
		fill(m, 256, 3);
		if (write(hog_ready[1], "s", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	if (read(hog_ready[0], &c, 1) != 1)
		return 2;
	pid_t h3 = fork();
	if (h3 == 0)
		hog(0, -1);
	int small_status;
	pid_t first = wait(&small_status);
	printf("first to die: %s, %s\n", first == small ? "the small one with oom_score_adj 1000" :
	       first == h3 ? "hog 3" : "another", how(small_status));
	waitpid(first == small ? h3 : small, &status, 0);
	printf("then: %s\n", how(status));

	if (write(to_innocent[1], "v", 1) != 1)
		return 2;
	waitpid(innocent, &status, 0);
	printf("the innocent %s, its data intact\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ?
	       "exited normally" : how(status));
	return 0;
}
