/* A process's /proc files that ps, pmap and top read: /proc/self/smaps (each area's
 * resident, shared, dirty and swapped sizes, as the page tables say), /proc/PID/stat (the
 * state, parent and page-fault counts, in proc(5)'s field order) and /proc/PID/cmdline
 * (argv's strings with their NULs), checked where Linux gives the same numbers. */
#include "check.h"

#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096

static char text[1 << 17];

/* Reads a whole /proc file into text (plain read calls: no allocation, so no page faults
 * of their own); its length, or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long n = 0, r;
	while ((r = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return n;
}

/* The value of "Key:" in the smaps block of the area that starts at start, in kB, or -1. */
static long smaps_kb(const void *start, const char *key)
{
	if (slurp("/proc/self/smaps") < 0)
		return -1;
	int in = 0;
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strchr(l, '-') && strchr(l, '-') < strchr(l, ' ') && l[0] != ' ')
			in = strtoul(l, NULL, 16) == (uintptr_t)start;
		else if (in && strncmp(l, key, strlen(key)) == 0 && l[strlen(key)] == ':')
			return strtol(l + strlen(key) + 1, NULL, 10);
	}
	return -1;
}

/* Field n (1-based, as proc(5) numbers them) of the stat line in text, as a number; the
 * fields after comm are counted from its closing parenthesis. */
static long stat_field(int n)
{
	char *s = strrchr(text, ')');
	if (!s || n < 3)
		return -1;
	s += 2;                                 /* the state */
	for (int i = 3; i < n && s; i++)
		s = strchr(s, ' '), s = s ? s + 1 : NULL;
	return s ? strtol(s, NULL, 10) : -1;
}

static char stat_state(void)
{
	char *s = strrchr(text, ')');
	return s ? s[2] : '?';
}

static long stat_fields(void)
{
	long n = 1;
	for (char *s = text; *s && *s != '\n'; s++)
		n += *s == ' ';
	return n;
}

static long self_minflt(void)
{
	slurp("/proc/self/stat");
	return stat_field(10);
}

/* Prints the bytes of cmdline text of length n, NULs as \0. */
static void print_cmdline(const char *who, long n)
{
	printf("%s cmdline (%ld bytes): ", who, n);
	for (long i = 0; i < n; i++)
		text[i] ? putchar(text[i]) : fputs("\\0", stdout);
	putchar('\n');
}

static void smaps_checks(void)
{
	char *a = mmap(NULL, 10 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 3; i++)
		a[i * 3 * P] = 1;
	printf("private area, 10 pages, 3 written: Size %ld Rss %ld Pss %ld Anonymous %ld "
	       "Private_Dirty %ld Shared_Dirty %ld Swap %ld\n", smaps_kb(a, "Size"),
	       smaps_kb(a, "Rss"), smaps_kb(a, "Pss"), smaps_kb(a, "Anonymous"),
	       smaps_kb(a, "Private_Dirty"), smaps_kb(a, "Shared_Dirty"), smaps_kb(a, "Swap"));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("after fork, in the child: Rss %ld Pss %ld Shared_Dirty %ld "
		       "Private_Dirty %ld\n", smaps_kb(a, "Rss"), smaps_kb(a, "Pss"),
		       smaps_kb(a, "Shared_Dirty"), smaps_kb(a, "Private_Dirty"));
		a[0] = 2;                       /* a copy of its own */
		printf("after writing one page: Rss %ld Pss %ld Shared_Dirty %ld "
		       "Private_Dirty %ld\n", smaps_kb(a, "Rss"), smaps_kb(a, "Pss"),
		       smaps_kb(a, "Shared_Dirty"), smaps_kb(a, "Private_Dirty"));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	munmap(a, 10 * P);

	char *s = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = s[P] = 1;
	printf("shared anonymous area, 4 pages, 2 written: Rss %ld Anonymous %ld "
	       "Private_Dirty %ld\n", smaps_kb(s, "Rss"), smaps_kb(s, "Anonymous"),
	       smaps_kb(s, "Private_Dirty"));
	munmap(s, 4 * P);

	char *l = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	l[0] = 1;
	printf("mlock of a 4-page area, 1 page written: Rss %ld Locked %ld", smaps_kb(l, "Rss"),
	       smaps_kb(l, "Locked"));
	mlock(l, 4 * P);                        /* faults the other 3 in */
	printf(", then Rss %ld Locked %ld\n", smaps_kb(l, "Rss"), smaps_kb(l, "Locked"));
	munmap(l, 4 * P);
}

static void stat_checks(void)
{
	CHECK("/proc/self/stat has 52 fields", slurp("/proc/self/stat") > 0 && stat_fields() == 52);
	CHECK("comm is (proc_pid)", strncmp(strchr(text, ' ') + 1, "(proc_pid) ", 11) == 0);
	printf("state %c\n", stat_state());
	CHECK("pid and ppid", atol(text) == getpid() && stat_field(4) == getppid());
	/* rss (field 24) is left out: Linux batches its per-thread counts, and a small
	 * program's may still read 0. */
	CHECK("vsize is not 0", stat_field(23) > 0);
	setpriority(PRIO_PROCESS, 0, 5);
	slurp("/proc/self/stat");
	printf("after setpriority(5): priority %ld nice %ld\n", stat_field(18), stat_field(19));
	setpriority(PRIO_PROCESS, 0, 0);        /* root may lower it again */

	char *a = mmap(NULL, 16 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before = self_minflt(), majflt = stat_field(12);
	for (int i = 0; i < 16; i++)
		a[i * P] = 1;
	long after = self_minflt();
	/* Linux sometimes counts one more (reading /proc/self/stat may fault a page of its
	 * own): exactly 16 is checked here only. */
	CHECK("minflt grew by 16 after writing 16 fresh pages (Linux: 16 or more)",
	      on_mmk() ? after - before == 16 : after - before >= 16);
	printf("majflt grew by %ld\n", stat_field(12) - majflt);
	munmap(a, 16 * P);

	slurp("/proc/self/stat");
	long cmin = stat_field(11);
	pid_t pid = fork();
	if (pid == 0) {
		char *c = mmap(NULL, 32 * P, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		for (int i = 0; i < 32; i++)
			c[i * P] = 1;
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	slurp("/proc/self/stat");
	CHECK("cminflt counts a waited-for child's 32 faults", stat_field(11) - cmin >= 32);

	/* A zombie's stat and status (it let go of its signal handlers: reading them
	 * once crashed mmk). */
	pid = fork();
	if (pid == 0)
		_exit(0);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	while (slurp(path) > 0 && stat_state() != 'Z')
		sched_yield();
	printf("a child that exited: state %c, %ld fields\n", stat_state(), stat_fields());
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	CHECK("  its status reads, State: Z (zombie)",
	      slurp(path) > 0 && strstr(text, "State:\tZ (zombie)\n") != NULL);
	waitpid(pid, NULL, 0);
}

/* Runs this program again with a known argv; it reports its own cmdline, then waits on a
 * pipe while the parent reads its /proc/PID/stat and /proc/PID/cmdline. */
static void cmdline_checks(const char *self)
{
	int ready[2], hold[2];
	pipe(ready);
	pipe(hold);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(ready[1], 3);
		dup2(hold[0], 4);
		close(hold[1]);
		execl(self, "args", "one", "", "two words", (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	close(hold[0]);
	char c;
	CHECK("the child started", read(ready[0], &c, 1) == 1);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	print_cmdline("the parent reads the child's", slurp(path));
	/* It wrote, and is on its way into read: wait until it sleeps there (a marker, not
	 * a guess at how long that takes). */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 100000 && slurp(path) > 0 && stat_state() != 'S'; i++)
		sched_yield();
	printf("the child, blocked in read: state %c, its parent is me: %s\n", stat_state(),
	       stat_field(4) == getpid() ? "yes" : "no");
	close(hold[1]);
	int st;
	waitpid(pid, &st, 0);
	CHECK("the child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[0], "args") == 0) {
		print_cmdline("my own", slurp("/proc/self/cmdline"));
		fflush(stdout);
		char c;
		write(3, "r", 1);
		read(4, &c, 1);                 /* until the parent closes it */
		return 0;
	}
	smaps_checks();
	stat_checks();
	cmdline_checks(argv[0]);
	CHECK_DONE();
}
