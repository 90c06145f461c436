/* Commit accounting and the overcommit policy, as Linux: in mode 0 (the heuristic, the
 * default) one brk, mmap, mremap or mprotect asking for more private writable memory than
 * RAM plus swap fails with ENOMEM (brk keeps the old break), so a wild pointer stays wild;
 * MAP_NORESERVE, read-only and shared file mappings are not charged; /proc/meminfo shows
 * CommitLimit and Committed_AS; /proc/sys/vm and /proc/PID/oom_score_adj refuse bad
 * values as Linux does. Only invalid values are written to /proc/sys here: this also runs
 * on the host, whose settings must not change (tests/stress/overcommit.c sets them in the
 * guest). How much Committed_AS moves is checked in the guest only: on the host other
 * processes move it too. */
#include "check.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096UL
#define TiB (1UL << 40)

/* The whole of a small /proc file, read without stdio (whose buffers would be mapped
 * memory and move Committed_AS). */
static const char *read_file(const char *path)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static long read_long(const char *path)
{
	const char *s = read_file(path);
	return *s ? strtol(s, NULL, 10) : -999999;
}

/* A /proc/meminfo figure in kB, -1 when the line is missing; *line is its line number. */
static long meminfo(const char *label, int *line)
{
	const char *s = read_file("/proc/meminfo");
	size_t n = strlen(label);
	int at = 0;
	for (const char *l = s; *l; at++) {
		if (strncmp(l, label, n) == 0) {
			if (line)
				*line = at;
			return strtol(l + n, NULL, 10);
		}
		const char *nl = strchr(l, '\n');
		if (!nl)
			break;
		l = nl + 1;
	}
	return -1;
}

static long committed(void)
{
	return meminfo("Committed_AS:", NULL);
}

/* Writes text to path; prints which error it gave. */
static void write_setting(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = fd < 0 ? -1 : write(fd, text, strlen(text));
	int e = errno;
	if (fd >= 0)
		close(fd);
	char what[128];
	snprintf(what, sizeof(what), "write \"%.*s\" to %s", (int)strcspn(text, "\n"), text,
		 strrchr(path, '/') + 1);
	printf("%-58s -> %s\n", what, n < 0 ? errno_name(e) : "ok");
}

static void show(const char *what, int failed)
{
	printf("%-58s -> %s\n", what, failed ? errno_name(errno) : "ok");
}

static void *map(size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, -1, 0);
}

/* The policy's settings, and the two meminfo lines in Linux's places. */
static void settings(void)
{
	CHECK("overcommit_memory is 0, the heuristic",
	      read_long("/proc/sys/vm/overcommit_memory") == 0);
	CHECK("overcommit_ratio is 50", read_long("/proc/sys/vm/overcommit_ratio") == 50);
	CHECK("overcommit_kbytes is 0", read_long("/proc/sys/vm/overcommit_kbytes") == 0);
	int swap_line = -1, limit_line = -1, as_line = -1;
	long total = meminfo("MemTotal:", NULL), swap = meminfo("SwapFree:", &swap_line);
	long limit = meminfo("CommitLimit:", &limit_line);
	meminfo("Committed_AS:", &as_line);
	CHECK("CommitLimit and Committed_AS follow the swap lines",
	      swap_line >= 0 && limit_line > swap_line && as_line == limit_line + 1);
	long swap_total = meminfo("SwapTotal:", NULL);
	(void)swap;
	CHECK("CommitLimit is half of RAM (in pages) plus swap",
	      limit == (total / 4 * 50 / 100) * 4 + swap_total);
}

/* Mode 0: what could never fit fails at once. */
static void heuristic(void)
{
	int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	char *old = sbrk(0);
	char *got = (char *)syscall(SYS_brk, old + 98 * TiB);
	CHECK("brk 98 TiB up fails: the break stays where it was", got == old);
	int fds[2];
	show("pipe() into the heap that never was",
	     syscall(SYS_pipe, (int *)(old + TiB)) != 0);
	show("mmap 32 TiB private writable", map(32 * TiB, PROT_READ | PROT_WRITE, anon) == MAP_FAILED);
	show("mmap 32 TiB shared anonymous",
	     map(32 * TiB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS) == MAP_FAILED);
	char *m = map(32 * TiB, PROT_READ | PROT_WRITE, anon | MAP_NORESERVE);
	show("mmap 32 TiB private writable MAP_NORESERVE", m == MAP_FAILED);
	if (m != MAP_FAILED) {
		m[0] = 1;
		m[32 * TiB - 1] = 2;
		CHECK("  its first and last bytes can be written", m[0] == 1 && m[32 * TiB - 1] == 2);
		char *big = mremap(m, 32 * TiB, 33 * TiB, MREMAP_MAYMOVE);
		show("  mremap it to 33 TiB (not charged either)", big == MAP_FAILED);
		munmap(big == MAP_FAILED ? m : big, big == MAP_FAILED ? 32 * TiB : 33 * TiB);
	}
	m = map(32 * TiB, PROT_READ, anon);
	show("mmap 32 TiB private read-only", m == MAP_FAILED);
	if (m != MAP_FAILED) {
		show("  mprotect it writable", mprotect(m, 32 * TiB, PROT_READ | PROT_WRITE));
		show("  mprotect its first 16 MiB writable",
		     mprotect(m, 16UL << 20, PROT_READ | PROT_WRITE));
		munmap(m, 32 * TiB);
	}
	m = map(P, PROT_READ | PROT_WRITE, anon);
	show("mremap one private page to 32 TiB",
	     mremap(m, P, 32 * TiB, MREMAP_MAYMOVE) == MAP_FAILED);
	munmap(m, P);
	int fd = open("overcommit.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	show("mmap a file 32 TiB private writable",
	     mmap(NULL, 32 * TiB, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0) == MAP_FAILED);
	m = mmap(NULL, 32 * TiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show("mmap a file 32 TiB shared", m == MAP_FAILED);
	if (m != MAP_FAILED)
		munmap(m, 32 * TiB);
	close(fd);
	unlink("overcommit.tmp");
	(void)fds;
}

/* How Committed_AS moves, in kB: 4 per charged page (guest only). */
static void ledger(void)
{
	int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	int mmk = on_mmk();
	long before = committed();
	char *m = map(1000 * P, PROT_READ | PROT_WRITE, anon);
	long after = committed();
	CHECK("a private writable mmap of 1000 pages charges 4000 kB",
	      !mmk || after - before == 4000);
	munmap(m + 500 * P, 500 * P);
	CHECK("munmap of half of it gives back 2000 kB", !mmk || committed() - before == 2000);
	munmap(m, 500 * P);
	CHECK("munmap of the rest gives back all of it", !mmk || committed() == before);
	m = map(1000 * P, PROT_READ | PROT_WRITE, anon | MAP_NORESERVE);
	CHECK("MAP_NORESERVE charges nothing", !mmk || committed() == before);
	munmap(m, 1000 * P);
	m = map(1000 * P, PROT_READ, anon);
	CHECK("a read-only private mapping charges nothing", !mmk || committed() == before);
	mprotect(m, 100 * P, PROT_READ | PROT_WRITE);
	CHECK("mprotect of 100 of its pages writable charges 400 kB",
	      !mmk || committed() - before == 400);
	munmap(m, 1000 * P);
	m = map(1000 * P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
	CHECK("shared anonymous memory is charged while it lives",
	      !mmk || committed() - before == 4000);
	munmap(m, 1000 * P);
	CHECK("  and given back with it", !mmk || committed() == before);
	char *brk0 = (char *)syscall(SYS_brk, 0);       /* musl's sbrk only reads it */
	syscall(SYS_brk, brk0 + 100 * P);
	CHECK("brk 100 pages up charges 400 kB", !mmk || committed() - before == 400);
	syscall(SYS_brk, brk0);
	CHECK("  and down again gives it back", !mmk || (committed() == before && (char *)syscall(SYS_brk, 0) == brk0));
	m = map(100 * P, PROT_READ | PROT_WRITE, anon);
	char *g = mremap(m, 100 * P, 300 * P, MREMAP_MAYMOVE);
	CHECK("mremap from 100 to 300 pages charges 800 kB more",
	      !mmk || committed() - before == 1200);
	munmap(g, 300 * P);
	int pipefd[2];
	if (pipe(pipefd) != 0)
		return;
	long parent = committed();
	pid_t pid = fork();
	if (pid == 0) {
		long child = committed();
		ssize_t w = write(pipefd[1], &child, sizeof(child));
		_exit(w == sizeof(child) ? 0 : 1);
	}
	long child = 0;
	ssize_t r = read(pipefd[0], &child, sizeof(child));
	waitpid(pid, NULL, 0);
	CHECK("fork charges the child's copy of the charged areas",
	      r == sizeof(child) && (!mmk || child > parent));
	CHECK("  and the child's exit gives it back", !mmk || committed() == parent);
	close(pipefd[0]);
	close(pipefd[1]);
}

/* Bad values: EINVAL (ERANGE for a number too long for oom_score_adj), nothing changed. */
static void bad_values(void)
{
	const char *mode = "/proc/sys/vm/overcommit_memory";
	const char *bad[] = { "3\n", "-1\n", "abc\n", "\n", "1x\n", "+1\n", "0x3\n",
			      "99999999999999999999999\n", "2147483648\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		write_setting(mode, bad[i]);
	write_setting("/proc/sys/vm/overcommit_ratio", "abc\n");
	write_setting("/proc/sys/vm/overcommit_ratio", "2147483648\n");
	write_setting("/proc/sys/vm/overcommit_kbytes", "-1\n");
	write_setting("/proc/sys/vm/overcommit_kbytes", "12k\n");
	CHECK("overcommit_memory is still 0", read_long(mode) == 0);
	CHECK("overcommit_ratio is still 50", read_long("/proc/sys/vm/overcommit_ratio") == 50);
	const char *adj = "/proc/self/oom_score_adj";
	CHECK("oom_score_adj starts at 0", read_long(adj) == 0);
	const char *bad_adj[] = { "1001\n", "-1001\n", "abc\n", "99999999999\n", "12 3\n" };
	for (size_t i = 0; i < sizeof(bad_adj) / sizeof(bad_adj[0]); i++)
		write_setting(adj, bad_adj[i]);
	write_setting(adj, "  500\n");
	CHECK("oom_score_adj reads 500 now", read_long(adj) == 500);
	long score500 = read_long("/proc/self/oom_score");
	pid_t pid = fork();
	if (pid == 0)
		_exit(read_long("/proc/self/oom_score_adj") == 500 ? 0 : 1);
	int status;
	waitpid(pid, &status, 0);
	CHECK("a child inherits it", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	write_setting(adj, "0x0");
	long score0 = read_long("/proc/self/oom_score");
	CHECK("oom_score at 0 is about 666, at 500 about 1000",
	      score0 >= 666 && score0 < 700 && score500 >= 990 && score500 < 1040);
}

int main(void)
{
	settings();
	heuristic();
	ledger();
	bad_values();
	CHECK_DONE();
}
