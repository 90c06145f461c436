/* /proc as a program sees it: its areas in /proc/self/maps (in Linux's format), its memory
 * and signals in /proc/self/status, the machine's memory in /proc/meminfo, and the
 * page-fault counter in /proc/vmstat, each changing as the program touches memory. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096

static char text[1 << 16];

/* Reads a whole /proc file into text; its length, or -1. */
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

/* The line of /proc/self/maps for the area starting at start, or NULL. */
static char *maps_line(void *start)
{
	static char line[4096];
	if (slurp("/proc/self/maps") < 0)
		return NULL;
	for (char *l = text; *l;) {
		char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);
		if (strtoul(l, NULL, 16) == (uintptr_t)start && len < sizeof(line)) {
			memcpy(line, l, len);
			line[len] = '\0';
			return line;
		}
		l += len + (end ? 1 : 0);
	}
	return NULL;
}

/* The number after "key" in /proc file text (e.g. "VmRSS:", "pgfault "), or -1. */
static long field(const char *key)
{
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, key, strlen(key)) == 0)
			return strtol(l + strlen(key), NULL, 10);
	return -1;
}

/* The hexadecimal number after "key" (a signal set in /proc/self/status), or 0. */
static unsigned long hex_field(const char *key)
{
	char *at = strstr(text, key);
	return at ? strtoul(at + strlen(key), NULL, 16) : 0;
}

static int ends_with(const char *s, const char *tail);

/* Maps n new anonymous pages and writes to each: n demand-zero faults, n more resident. */
static void touch_new_pages(int n)
{
	char *p = mmap(NULL, (size_t)n * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < n; i++)
		p[i * P] = 1;
}

/* Maps a file 300 directories down and looks for its path in /proc/self/maps. */
static int deep_file_named(void)
{
	for (int i = 0; i < 300; i++) {
		mkdir("d", 0755);
		chdir("d");
	}
	int fd = open("deep.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "x", 1);
	char *m = mmap(NULL, P, PROT_READ, MAP_PRIVATE, fd, 0);
	char *l = maps_line(m);
	int ok = l && ends_with(l, "/d/d/d/deep.dat") && strlen(l) > 73 + 600;
	munmap(m, P);
	close(fd);
	unlink("deep.dat");
	for (int i = 0; i < 300; i++) {
		chdir("..");
		rmdir("d");
	}
	return ok;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && strcmp(s + a - b, tail) == 0;
}

int main(void)
{
	char *anon = mmap((void *)0x200000000, 4 * P, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	char *l = maps_line(anon);
	CHECK("maps: an anonymous mapping's line", l != NULL);
	CHECK("  its range and permissions", l && strncmp(l, "200000000-200004000 rw-p 00000000 00:00 0", 41) == 0);
	mprotect(anon + P, P, PROT_READ);
	l = maps_line(anon + P);
	CHECK("maps: mprotect splits it", l && strncmp(l, "200001000-200002000 r--p", 24) == 0);

	int fd = open("procfs.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[2 * P] = "data";
	write(fd, page, sizeof(page));
	char *fm = mmap(NULL, P, PROT_READ, MAP_SHARED, fd, P);
	l = maps_line(fm);
	struct stat st;
	fstat(fd, &st);
	char ino[32];
	snprintf(ino, sizeof(ino), " %lu ", (unsigned long)st.st_ino);
	CHECK("maps: a file mapping is shared, at its offset", l && strstr(l, " r--s 00001000 "));
	CHECK("  with the file's inode number", l && strstr(l, ino));
	CHECK("  and its path, at column 74", l && ends_with(l, "/procfs.dat") && strlen(l) > 73 && l[72] == ' ' && l[73] == '/');
	slurp("/proc/self/maps");
	CHECK("maps: the stack is named [stack]", strstr(text, " [stack]\n") != NULL);
	CHECK("maps: a file 300 directories deep is named by its whole path", deep_file_named());

	CHECK("status: readable", slurp("/proc/self/status") > 0);
	CHECK("  Pid is ours", field("Pid:") == getpid());
	CHECK("  PPid is our parent", field("PPid:") == getppid());
	long rss = field("VmRSS:");
	touch_new_pages(256);
	slurp("/proc/self/status");
	CHECK("  VmRSS grows by 1 MiB when 256 pages are touched", field("VmRSS:") - rss >= 1024);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	slurp("/proc/self/status");
	CHECK("  SigBlk shows SIGUSR1 blocked (bit 9)", (hex_field("SigBlk:") >> 9) & 1);
	CHECK("  SigIgn shows SIGUSR2 ignored (bit 11)", (hex_field("SigIgn:") >> 11) & 1);

	/* Another process: a stopped child, seen through /proc/PID. */
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	int wst;
	waitpid(child, &wst, WUNTRACED);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)child);
	CHECK("/proc/PID/status of a stopped child", slurp(path) > 0 && field("Pid:") == child);
	CHECK("  its State is T (stopped)", strstr(text, "State:\tT (stopped)\n") != NULL);
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)child);
	CHECK("/proc/PID/maps lists its stack", slurp(path) > 0 && strstr(text, " [stack]\n"));
	kill(child, SIGKILL);
	waitpid(child, &wst, 0);
	snprintf(path, sizeof(path), "/proc/%d", (int)child);
	struct stat gone;
	CHECK("/proc/PID is gone once the child is reaped", stat(path, &gone) == -1 && errno == ENOENT);

	CHECK("meminfo: readable", slurp("/proc/meminfo") > 0);
	long total = field("MemTotal:"), free_kb = field("MemFree:");
	CHECK("  MemTotal and MemFree in kB, free below total", total > 0 && free_kb > 0 && free_kb < total);
	CHECK("  lines in Linux's layout", strncmp(text, "MemTotal:       ", 16) == 0 && strstr(text, " kB\n"));

	CHECK("vmstat: readable", slurp("/proc/vmstat") > 0);
	long faults = field("pgfault ");
	touch_new_pages(64);
	slurp("/proc/vmstat");
	CHECK("  pgfault counts 64 more faults after touching 64 new pages", field("pgfault ") - faults >= 64);

	int rfd = open("/proc/self/status", O_RDONLY);
	errno = 0;
	CHECK("lseek to the end of a /proc file is EINVAL", lseek(rfd, 0, SEEK_END) == -1 && errno == EINVAL);
	close(rfd);
	int dfd = open("gone.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(dfd, "x", 1);
	char *dm = mmap(NULL, P, PROT_READ, MAP_SHARED, dfd, 0);
	unlink("gone.dat");
	l = maps_line(dm);
	CHECK("maps: a mapped file since unlinked is \"path (deleted)\"", l && ends_with(l, "/gone.dat (deleted)"));
	munmap(dm, P);
	close(dfd);
	int wfd = open("/proc/meminfo", O_WRONLY);
	errno = 0;
	CHECK("/proc/meminfo takes no writes (EIO)", write(wfd, "x", 1) == -1 && errno == EIO);
	int pfd = open("/proc/meminfo", O_RDONLY);
	CHECK("/proc files cannot be mapped (EIO)", mmap(NULL, P, PROT_READ, MAP_PRIVATE, pfd, 0) == MAP_FAILED && errno == EIO);
	unlink("procfs.dat");
	CHECK_DONE();
}
