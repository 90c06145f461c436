/*
 * vmstat: memory, swap and CPU activity, in procps' layout.
 * Usage: vmstat [DELAY [COUNT]]
 *
 * The first line is the average since boot; with DELAY, each next line covers the last
 * DELAY seconds (COUNT lines in all, or until interrupted). Columns:
 *   procs   r: runnable processes, b: blocked in I/O (not told apart here: 0)
 *   memory  swpd: swap in use, free: free RAM, buff: 0, cache: the page cache (KiB)
 *   swap    si, so: KiB a second read from and written to swap (pswpin, pswpout)
 *   io      bi, bo: blocks a second (pgpgin, pgpgout; 0 where /proc/vmstat has none)
 *   system  in: interrupts a second, cs: context switches a second
 *   cpu     us, sy, id, wa, st: percentages of time in user mode, the kernel, idle...
 * From /proc/meminfo, /proc/vmstat and /proc/stat, as procps reads them on Linux.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct sample {
	unsigned long cpu[8];           /* user nice system idle iowait irq softirq steal */
	unsigned long intr, ctxt, running, blocked;
	unsigned long pswpin, pswpout, pgpgin, pgpgout;
};

static char buf[16384];

/* Reads the file at path into buf; 0, or -1 when it cannot be opened. */
static int slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}

/* The number after "key" at the start of a line of buf (0 when there is none). */
static unsigned long value(const char *key)
{
	size_t len = strlen(key);
	for (char *l = buf; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, key, len) == 0)
			return strtoul(l + len, NULL, 10);
	return 0;
}

/* The counters now, from /proc/stat and /proc/vmstat (0 for a line either lacks). */
static void take(struct sample *s)
{
	memset(s, 0, sizeof(*s));
	if (slurp("/proc/stat") == 0) {
		sscanf(buf, "cpu %lu %lu %lu %lu %lu %lu %lu %lu", &s->cpu[0], &s->cpu[1],
		       &s->cpu[2], &s->cpu[3], &s->cpu[4], &s->cpu[5], &s->cpu[6], &s->cpu[7]);
		s->intr = value("intr ");
		s->ctxt = value("ctxt ");
		s->running = value("procs_running ");
		s->blocked = value("procs_blocked ");
	}
	if (slurp("/proc/vmstat") == 0) {
		s->pswpin = value("pswpin ");
		s->pswpout = value("pswpout ");
		s->pgpgin = value("pgpgin ");
		s->pgpgout = value("pgpgout ");
	}
}

/* One line: rates over the ticks between a and b (a all zero: since boot). */
static void line(const struct sample *a, const struct sample *b, long hz, long page_kib)
{
	unsigned long d[8], ticks = 0;
	for (int i = 0; i < 8; i++)
		ticks += d[i] = b->cpu[i] - a->cpu[i];
	if (!ticks)
		ticks = 1;
	unsigned long half = ticks / 2;
#define RATE(x) ((unsigned)(((b->x - a->x) * (unsigned long)hz + half) / ticks))
#define PCT(v) ((unsigned)((100 * (v) + half) / ticks))
	slurp("/proc/meminfo");
	unsigned long swpd = value("SwapTotal:") - value("SwapFree:");
	printf("%2lu %2lu %6lu %6lu %6lu %6lu %4u %4u %5u %5u %4u %4u %2u %2u %2u %2u %2u\n",
	       b->running, b->blocked, swpd, value("MemFree:"), value("Buffers:"),
	       value("Cached:") + value("SReclaimable:"),
	       RATE(pswpin) * (unsigned)page_kib, RATE(pswpout) * (unsigned)page_kib,
	       RATE(pgpgin), RATE(pgpgout), RATE(intr), RATE(ctxt), PCT(d[0] + d[1]),
	       PCT(d[2] + d[5] + d[6]), PCT(d[3]), PCT(d[4]), PCT(d[7]));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long delay = argc > 1 ? atol(argv[1]) : 0;
	long count = argc > 2 ? atol(argv[2]) : delay ? -1 : 1;
	if ((argc > 1 && delay <= 0) || argc > 3) {
		fprintf(stderr, "usage: vmstat [DELAY [COUNT]]\n");
		return 1;
	}
	long hz = sysconf(_SC_CLK_TCK), page_kib = sysconf(_SC_PAGESIZE) / 1024;
	printf("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n");
	printf(" r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n");
	struct sample zero = {0}, prev, now;
	take(&prev);
	line(&zero, &prev, hz, page_kib);
	for (long i = 1; count < 0 || i < count; i++) {
		struct timespec ts = { delay, 0 };
		nanosleep(&ts, NULL);
		take(&now);
		line(&prev, &now, hz, page_kib);
		prev = now;
	}
	return 0;
}
