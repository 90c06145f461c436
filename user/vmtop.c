/*
 * vmtop: which processes are faulting pages in now, like top sorted by page faults.
 * Usage: vmtop [-b] [-n COUNT] [-d SECONDS]
 *
 * Every SECONDS (default 2) it shows each process's page faults per second: minor ones
 * (resolved from memory: a demand-zero page, a copy-on-write copy, a page already in the
 * page cache) and major ones (the page had to be read from swap), with its resident size
 * (RSS) and how much of it is in swap. The first screen counts since each process
 * started. -b (batch) prints screens one after another, as top -b, for logs and tests;
 * otherwise each screen replaces the last (ANSI). -n stops after COUNT screens.
 * From /proc/PID/stat, /proc/PID/status (VmSwap), /proc/meminfo and /proc/uptime.
 */
#include "procstat.h"

#include <time.h>

#define MAX_PROCS 1024

struct row {
	struct proc_stat s;
	double min_rate, maj_rate;
	long swap_kib;
};

static struct proc_stat last[MAX_PROCS];        /* the previous screen's counts */
static int nlast;

static long hz, page_kib;

/* The previous screen's counts for pid, or NULL (a new process). */
static const struct proc_stat *before(int pid)
{
	for (int i = 0; i < nlast; i++)
		if (last[i].pid == pid)
			return &last[i];
	return NULL;
}

/* A "Key:   N kB" value of a /proc file, or 0. */
static long kib_of(const char *path, const char *key)
{
	static char buf[8192];
	if (read_file(path, buf, sizeof(buf)) < 0)
		return 0;
	char *at = strstr(buf, key);
	return at ? atol(at + strlen(key)) : 0;
}

/* qsort order: most faults a second first, then by pid. */
static int by_faults(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	double dx = x->min_rate + x->maj_rate, dy = y->min_rate + y->maj_rate;
	return dx < dy ? 1 : dx > dy ? -1 : x->s.pid - y->s.pid;
}

/* One screen: rates over the last `secs` seconds, or since each process started. */
static void screen(double secs, double uptime)
{
	static int pids[MAX_PROCS];
	static struct row rows[MAX_PROCS];
	int n = 0, npids = list_pids(pids, MAX_PROCS);
	for (int i = 0; i < npids; i++) {
		struct row *r = &rows[n];
		if (read_proc_stat(pids[i], &r->s) != 0)
			continue;
		const struct proc_stat *b = before(r->s.pid);
		double span = b ? secs : uptime - (double)r->s.starttime / (double)hz;
		if (span <= 0)
			span = 1.0 / (double)hz;
		r->min_rate = (double)(r->s.minflt - (b ? b->minflt : 0)) / span;
		r->maj_rate = (double)(r->s.majflt - (b ? b->majflt : 0)) / span;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/status", r->s.pid);
		r->swap_kib = kib_of(path, "VmSwap:");
		n++;
	}
	qsort(rows, (size_t)n, sizeof(rows[0]), by_faults);
	long up = (long)uptime;
	printf("vmtop - up %ld:%02ld:%02ld, %d processes, MiB Mem: %.1f total, %.1f free, "
	       "MiB Swap: %.1f total, %.1f free\n\n", up / 3600, up / 60 % 60, up % 60, n,
	       kib_of("/proc/meminfo", "MemTotal:") / 1024.0,
	       kib_of("/proc/meminfo", "MemFree:") / 1024.0,
	       kib_of("/proc/meminfo", "SwapTotal:") / 1024.0,
	       kib_of("/proc/meminfo", "SwapFree:") / 1024.0);
	printf("  PID S  MINFLT/s  MAJFLT/s     RSS    SWAP     MINFLT     MAJFLT COMMAND\n");
	for (int i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		printf("%5d %c %9.1f %9.1f %7ld %7ld %10lu %10lu %s\n", r->s.pid, r->s.state,
		       r->min_rate, r->maj_rate, r->s.rss * page_kib, r->swap_kib, r->s.minflt,
		       r->s.majflt, r->s.comm);
	}
	nlast = n;
	for (int i = 0; i < n; i++)
		last[i] = rows[i].s;
}

/* Seconds since boot, to the hundredth (/proc/uptime). */
static double seconds_up(void)
{
	char buf[64];
	return read_file("/proc/uptime", buf, sizeof(buf)) > 0 ? atof(buf) : 0;
}

int main(int argc, char **argv)
{
	int batch = 0, opt;
	long count = -1;
	double delay = 2;
	while ((opt = getopt(argc, argv, "bn:d:")) != -1) {
		if (opt == 'b')
			batch = 1;
		else if (opt == 'n')
			count = atol(optarg);
		else if (opt == 'd')
			delay = atof(optarg);
		else {
			fprintf(stderr, "usage: vmtop [-b] [-n COUNT] [-d SECONDS]\n");
			return 1;
		}
	}
	hz = sysconf(_SC_CLK_TCK);
	page_kib = sysconf(_SC_PAGESIZE) / 1024;
	double then = seconds_up();
	for (long i = 0; count < 0 || i < count; i++) {
		if (i) {
			struct timespec ts = { (time_t)delay,
					       (long)((delay - (double)(time_t)delay) * 1e9) };
			nanosleep(&ts, NULL);
		}
		double now = seconds_up();
		if (!batch)
			printf("\033[H\033[2J");        /* home, clear the screen */
		else if (i)
			printf("\n");
		screen(now - then, now);
		fflush(stdout);
		then = now;
	}
	return 0;
}
