/*
 * The project's own mmps, pmap, vmtop, vmstat and mmfree (user/), checked against a
 * process whose memory is known: a workload child (this program run again as "toolcheck workload") maps 64 pages,
 * writes 24 of them, and waits. Each tool runs as a child with its output in a pipe.
 * Prints PASS/FAIL lines (counted by tests/boot/tools.sh) and "HEADER tool: line" for
 * each tool's column header, which tools.sh compares with procps' on the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096
#define AREA_PAGES 64
#define TOUCHED 24

static int failures;
static char out[1 << 16];

static void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	failures += !ok;
}

/* Runs /bin/TOOL with the given arguments (NULL-terminated) and keeps its output in out;
 * its exit status. */
static int run(const char *tool, ...)
{
	char *argv[8], path[64];
	int argc = 0;
	va_list ap;
	va_start(ap, tool);
	argv[argc++] = (char *)tool;
	while (argc < 7 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	snprintf(path, sizeof(path), "/bin/%s", tool);
	int fds[2];
	pipe(fds);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execv(path, argv);
		_exit(127);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t r;
	while ((r = read(fds[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(fds[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Line i (0-based) of out, copied to a static buffer ("" past the end). */
static const char *line(int i)
{
	static char buf[4096];
	const char *l = out;
	while (i-- > 0 && l && *l)
		l = strchr(l, '\n'), l = l ? l + 1 : NULL;
	buf[0] = '\0';
	if (l)
		snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(l, "\n"), l);
	return buf;
}

/* The line of out that starts with prefix, or NULL. */
static const char *line_starting(const char *prefix)
{
	for (const char *l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, prefix, strlen(prefix)) == 0)
			return l;
	return NULL;
}

static int count_lines(const char *prefix)
{
	int n = 0;
	for (const char *l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		n += strncmp(l, prefix, strlen(prefix)) == 0;
	return n;
}

/* The workload: its area's address goes to fd 3; it waits until fd 4 closes. */
static int workload(void)
{
	char *a = mmap(NULL, AREA_PAGES * P, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < TOUCHED; i++)
		a[i * P] = 1;
	write(3, &a, sizeof(a));
	char c;
	read(4, &c, 1);
	return 0;
}

/* Waits until pid sleeps (its /proc/PID/stat says S): the workload, once it has written
 * its address, is on its way into a read that blocks. */
static void asleep(int pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 100000; i++) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		char *paren = strrchr(buf, ')');
		if (paren && paren[1] && paren[2] == 'S')
			return;
		sched_yield();
	}
}

static void check_ps(int pid)
{
	char want[128];
	check("ps: exit status 0", run("mmps", NULL) == 0);
	printf("HEADER ps: %s\n", line(0));
	check("ps: lists init (pid 1) as qrun-init", line_starting("    1 ?        00:00:00 qrun-init") != NULL);
	snprintf(want, sizeof(want), "%5d ?        00:00:00 toolcheck\n", pid);
	check("ps: lists the workload with its pid and name", strstr(out, want) != NULL);
	check("ps -ef: exit status 0", run("mmps", "-ef", NULL) == 0);
	printf("HEADER ps -f: %s\n", line(0));
	snprintf(want, sizeof(want), "root     %5d %5d  0 ", pid, getpid());
	const char *l = strstr(out, want);
	check("ps -ef: the workload's parent is this program", l != NULL);
	size_t len = l ? strcspn(l, "\n") : 0;
	const char *cmd = "00:00:00 toolcheck workload";
	check("ps -ef: its command line", l && len > strlen(cmd) &&
	      strncmp(l + len - strlen(cmd), cmd, strlen(cmd)) == 0);
	check("ps -ef: a kernel thread in brackets", strstr(out, " [kswapd0]\n") != NULL);
	check("ps aux: exit status 0", run("mmps", "aux", NULL) == 0);
	printf("HEADER ps aux: %s\n", line(0));
	snprintf(want, sizeof(want), "root     %5d ", pid);
	l = strstr(out, want);
	long vsz = 0, rss = 0;
	char stat = 0;
	if (l)
		sscanf(l + strlen(want), "%*f %*f %ld %ld ? %c", &vsz, &rss, &stat);
	check("ps aux: the workload's RSS holds its 24 written pages", rss >= TOUCHED * 4);
	check("ps aux: its VSZ holds its 64-page area", vsz >= AREA_PAGES * 4);
	check("ps aux: it sleeps (S)", stat == 'S');
}

static void check_pmap(int pid, unsigned long area)
{
	char arg[16], want[128];
	snprintf(arg, sizeof(arg), "%d", pid);
	check("pmap -x: exit status 0", run("pmap", "-x", arg, NULL) == 0);
	snprintf(want, sizeof(want), "%d:   toolcheck workload", pid);
	check("pmap -x: the first line is the pid and command line", strcmp(line(0), want) == 0);
	printf("HEADER pmap -x: %s\n", line(1));
	snprintf(want, sizeof(want), "%016lx     256      96      96 rw---   [ anon ]\n", area);
	check("pmap -x: the area: 256 KiB, 96 resident, 96 dirty", strstr(out, want) != NULL);
	unsigned long kb = 0, rss = 0, dirty = 0, a, k, r, d, tk = 1, tr = 1, td = 1;
	int rows = 0;
	for (int i = 2; line(i)[0]; i++) {
		if (sscanf(line(i), "%16lx %lu %lu %lu", &a, &k, &r, &d) == 4) {
			kb += k, rss += r, dirty += d;
			rows++;
		}
		sscanf(line(i), "total kB %lu %lu %lu", &tk, &tr, &td);
	}
	check("pmap -x: the total line is the sum of the rows",
	      rows > 3 && tk == kb && tr == rss && td == dirty);
	check("pmap -x: a separator line", line_starting("---------------- ------- ------- ------- \n") != NULL);
	check("pmap: exit status 0", run("pmap", arg, NULL) == 0);
	snprintf(want, sizeof(want), "%016lx    256K rw---   [ anon ]\n", area);
	check("pmap: the area, 256K", strstr(out, want) != NULL);
	snprintf(want, sizeof(want), " total %16luK", kb);
	check("pmap: the same total size as pmap -x", line_starting(want) != NULL);
	check("pmap: a pid that does not exist fails", run("pmap", "99999", NULL) != 0);
}

static void check_vmtop(int pid)
{
	char want[32];
	check("vmtop -b -n 1: exit status 0", run("vmtop", "-b", "-n", "1", NULL) == 0);
	check("vmtop: its summary line", strncmp(line(0), "vmtop - up ", 11) == 0);
	check("vmtop: its column header", strcmp(line(2), "  PID S  MINFLT/s  MAJFLT/s     RSS"
	      "    SWAP     MINFLT     MAJFLT COMMAND") == 0);
	snprintf(want, sizeof(want), "%5d S ", pid);
	const char *l = line_starting(want);
	double rate = -1;
	long rss = 0, swap = -1, minflt = 0, majflt = -1;
	if (l)
		sscanf(l + strlen(want), "%lf %*f %ld %ld %ld %ld", &rate, &rss, &swap, &minflt,
		       &majflt);
	check("vmtop: the workload's row", l != NULL);
	check("vmtop: its minor faults count its 24 written pages", minflt >= TOUCHED);
	check("vmtop: no major faults, nothing in swap", majflt == 0 && swap == 0);
	check("vmtop: its RSS holds them", rss >= TOUCHED * 4);
	check("vmtop -b -n 2 -d 1: exit status 0", run("vmtop", "-b", "-n", "2", "-d", "1", NULL) == 0);
	check("vmtop -b -n 2: two screens", count_lines("vmtop - up ") == 2);
	const char *second = strstr(strstr(out, "vmtop - up ") + 1, "vmtop - up ");
	l = second ? strstr(second, want) : NULL;
	rate = -1;
	if (l)
		sscanf(l + strlen(want), "%lf", &rate);
	check("vmtop: the waiting workload faults 0.0 times a second", rate == 0.0);
}

static void check_vmstat(void)
{
	check("vmstat: exit status 0", run("vmstat", NULL) == 0);
	printf("HEADER vmstat: %s\n", line(0));
	printf("HEADER vmstat: %s\n", line(1));
	unsigned long v[17];
	int n = sscanf(line(2), "%lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu "
		       "%lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8],
		       &v[9], &v[10], &v[11], &v[12], &v[13], &v[14], &v[15], &v[16]);
	check("vmstat: one line of 17 numbers", n == 17 && !line(3)[0]);
	check("vmstat: the CPU percentages add up to 100", n == 17 &&
	      v[12] + v[13] + v[14] + v[15] + v[16] >= 98 && v[12] + v[13] + v[14] + v[15] + v[16] <= 102);
	check("vmstat: free memory is not 0", n == 17 && v[3] > 0);
	check("vmstat 1 2: exit status 0", run("vmstat", "1", "2", NULL) == 0);
	check("vmstat 1 2: two lines of numbers", line(3)[0] && !line(4)[0]);
	check("vmstat 0: usage error", run("vmstat", "0", NULL) != 0);
}

static void check_free(void)
{
	check("free: exit status 0", run("mmfree", NULL) == 0);
	printf("HEADER free: %s\n", line(0));
	unsigned long total = 0, used = 0, fr = 0, swap = 1;
	sscanf(line(1), "Mem: %lu %lu %lu", &total, &used, &fr);
	check("free: Mem: total = used + free + cache", total > 0 && used + fr <= total);
	check("free: Swap: none", sscanf(line(2), "Swap: %lu", &swap) == 1 && swap == 0);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "workload") == 0)
		return workload();
	int ready[2], hold[2];
	pipe(ready);
	pipe(hold);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(ready[1], 3);
		dup2(hold[0], 4);
		close(hold[1]);
		execl(argv[0], "toolcheck", "workload", (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	close(hold[0]);
	unsigned long area = 0;
	if (read(ready[0], &area, sizeof(area)) != sizeof(area)) {
		printf("FAIL the workload did not start\n");
		return 1;
	}
	asleep(pid);
	check_ps(pid);
	check_pmap(pid, area);
	check_vmtop(pid);
	check_vmstat();
	check_free();
	close(hold[1]);
	int st;
	waitpid(pid, &st, 0);
	check("the workload exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return failures ? 1 : 0;
}
