/*
 * mmps: the processes, from /proc/PID/stat and /proc/PID/cmdline, in procps' layouts.
 * Usage: ps [-e | -A] [-f] | ps aux
 *
 *   ps        PID TTY TIME CMD (nothing here has a terminal, so every process is listed,
 *             as -e does)
 *   ps -f     UID PID PPID C STIME TTY TIME CMD, CMD being the whole command line
 *   ps aux    USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND: sizes in KiB,
 *             %CPU the share of its lifetime it ran, %MEM its RSS's share of RAM
 *
 * A process's memory: VSZ is its address space (every area, touched or not), RSS what of it
 * is in frames now. A kernel thread (kswapd) has no memory of its own and no command line:
 * its name is shown in brackets.
 */
#include "procstat.h"

#include <sys/sysinfo.h>
#include <time.h>

#define MAX_PROCS 1024

static long hz, page_kib;

/* CPU time as HH:MM:SS (ps, ps -f) or M:SS (ps aux). */
static void cpu_time(char *buf, size_t size, unsigned long ticks, int bsd)
{
	unsigned long s = ticks / (unsigned long)hz;
	if (bsd)
		snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
	else
		snprintf(buf, size, "%02lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
}

/* The start time as HH:MM of the wall clock (STIME, START). */
static void start_time(char *buf, size_t size, unsigned long starttime)
{
	struct sysinfo si;
	sysinfo(&si);
	time_t t = time(NULL) - si.uptime + (time_t)(starttime / (unsigned long)hz);
	strftime(buf, size, "%H:%M", localtime(&t));
}

/* One process's line in the chosen layout (full: ps -f; bsd: ps aux); mem_kib is RAM's
 * size, for %MEM. */
static void show(int pid, int full, int bsd, unsigned long mem_kib)
{
	struct proc_stat s;
	if (read_proc_stat(pid, &s) != 0)
		return;                 /* exited meanwhile */
	char cmd[4096], tm[32], st[16];
	read_cmdline(pid, cmd, sizeof(cmd));
	if (!full && !bsd)
		snprintf(cmd, sizeof(cmd), "%s", s.comm);      /* just the name */
	else if (!cmd[0])
		snprintf(cmd, sizeof(cmd), "[%s]", s.comm);    /* no command line */
	cpu_time(tm, sizeof(tm), s.utime + s.stime, bsd);
	start_time(st, sizeof(st), s.starttime);
	if (bsd) {
		long rss = s.rss * page_kib;
		struct sysinfo si;
		sysinfo(&si);
		double alive = (double)si.uptime - (double)s.starttime / (double)hz;
		double cpu = alive > 0 ? 100.0 * (double)(s.utime + s.stime) / (double)hz / alive : 0;
		printf("%-8s %5d %4.1f %4.1f %6lu %5ld %-8s %-4c %-5s %6s %s\n", "root", s.pid,
		       cpu, mem_kib ? 100.0 * (double)rss / (double)mem_kib : 0.0,
		       s.vsize / 1024, rss, "?", s.state, st, tm, cmd);
	} else if (full) {
		printf("%-8s %5d %5d  0 %5s %-8s %8s %s\n", "root", s.pid, s.ppid, st, "?", tm,
		       cmd);
	} else {
		printf("%5d %-8s %8s %s\n", s.pid, "?", tm, cmd);
	}
}

int main(int argc, char **argv)
{
	int full = 0, bsd = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "aux") == 0 || strcmp(argv[i], "-aux") == 0)
			bsd = 1;
		else if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "-ef") == 0 ||
			 strcmp(argv[i], "-fe") == 0)
			full = 1;
		else if (strcmp(argv[i], "-e") != 0 && strcmp(argv[i], "-A") != 0) {
			fprintf(stderr, "usage: ps [-e | -A] [-f] | ps aux\n");
			return 1;
		}
	}
	hz = sysconf(_SC_CLK_TCK);
	page_kib = sysconf(_SC_PAGESIZE) / 1024;
	struct sysinfo si;
	sysinfo(&si);
	unsigned long mem_kib = si.totalram / 1024 * si.mem_unit;
	if (bsd)
		printf("USER       PID %%CPU %%MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n");
	else if (full)
		printf("UID        PID  PPID  C STIME TTY          TIME CMD\n");
	else
		printf("  PID TTY          TIME CMD\n");
	static int pids[MAX_PROCS];
	int n = list_pids(pids, MAX_PROCS);
	for (int i = 0; i < n; i++)
		show(pids[i], full, bsd, mem_kib);
	return 0;
}
