/*
 * Shared by the guest-only swap tests (the tests/swap programs that check themselves): one
 * "PASS name" or "FAIL name" line per check, and readers of what Linux shows of swap:
 * /proc/self/pagemap, /proc/kpageflags, /proc/kpagecount, /proc/vmstat, /proc/swaps,
 * /proc/PID/status, mincore and getrusage.
 */
#ifndef TESTS_SWAP_SWAPCHECK_H
#define TESTS_SWAP_SWAPCHECK_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define PAGE 4096UL
#define MIB (1024UL * 1024)
#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

/* pagemap entries (Linux's Documentation/admin-guide/mm/pagemap.rst) */
#define PM_PRESENT (1ULL << 63)
#define PM_SWAP (1ULL << 62)
#define PM_FILE (1ULL << 61)
#define PM_PFN(e) ((e) & ((1ULL << 55) - 1))
#define PM_SWAP_TYPE(e) ((e) & 31)
#define PM_SWAP_OFFSET(e) (PM_PFN(e) >> 5)

/* kpageflags bits */
#define KPF_DIRTY 4
#define KPF_LRU 5
#define KPF_ACTIVE 6
#define KPF_UNEVICTABLE 18
#define KPF_SWAPCACHE 13
#define KPF_MLOCKED 33

static int failures;

static inline void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	fflush(stdout);
	failures += !ok;
}

/* Entry i of an 8-byte table file (pagemap, kpageflags, kpagecount); ~0 if unreadable. */
static inline uint64_t table_entry(const char *path, uint64_t i)
{
	uint64_t e = ~0ULL;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return e;
	if (pread(fd, &e, 8, (off_t)(i * 8)) != 8)
		e = ~0ULL;
	close(fd);
	return e;
}

static inline uint64_t pagemap(const void *addr)
{
	return table_entry("/proc/self/pagemap", (uintptr_t)addr / PAGE);
}

/* Fills out[0..n) with the pagemap entries of the n pages at addr, in one read. */
static inline int pagemap_range(const void *addr, size_t n, uint64_t *out)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	ssize_t want = (ssize_t)(n * 8);
	int ok = fd >= 0 && pread(fd, out, (size_t)want, (off_t)((uintptr_t)addr / PAGE * 8)) == want;
	if (fd >= 0)
		close(fd);
	return ok;
}

static inline uint64_t kpageflags(uint64_t pfn)
{
	return table_entry("/proc/kpageflags", pfn);
}

static inline uint64_t kpagecount(uint64_t pfn)
{
	return table_entry("/proc/kpagecount", pfn);
}

/* "name value" lines (/proc/vmstat) or "Name: value kB" lines (/proc/meminfo,
 * /proc/PID/status): the value after `label`, -1 if absent. */
static inline long field(const char *path, const char *label)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	size_t len = strlen(label);
	for (char *l = buf; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, label, len) == 0 && (l[len] == ' ' || l[len] == '\t'))
			return strtol(l + len, NULL, 10);
	return -1;
}

static inline long vmstat(const char *name)
{
	return field("/proc/vmstat", name);
}

static inline long vm_swap_kb(void)
{
	return field("/proc/self/status", "VmSwap:");
}

/* The Size and Used columns of /proc/swaps for dev (KiB); 0 if it is not listed. */
static inline int swaps(const char *dev, long *size, long *used)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[256], name[128], type[32];
	long s, u;
	int p, found = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s %31s %ld %ld %d", name, type, &s, &u, &p) != 5 ||
		    strcmp(name, dev))
			continue;
		*size = s;
		*used = u;
		found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

static inline long swap_used_kb(void)
{
	long size = -1, used = -1;
	swaps("/dev/vda1", &size, &used);
	return used;
}

static inline long majflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_majflt;
}

/* How many of the n pages at addr mincore says are resident. */
static inline size_t resident(void *addr, size_t n)
{
	static unsigned char vec[65536];
	if (n > sizeof(vec) || mincore(addr, n * PAGE, vec) != 0)
		return (size_t)-1;
	size_t r = 0;
	for (size_t i = 0; i < n; i++)
		r += vec[i] & 1;
	return r;
}

/* Private anonymous memory, each page's first and last word naming it. */
static inline uint64_t *fill_pages(size_t n, uint64_t seed)
{
	uint64_t *m = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	for (size_t i = 0; i < n; i++) {
		m[i * (PAGE / 8)] = i * 0x9e3779b97f4a7c15ULL + seed;
		m[i * (PAGE / 8) + PAGE / 8 - 1] = ~(i + seed);
	}
	return m;
}

static inline int page_intact(const uint64_t *m, size_t i, uint64_t seed)
{
	return m[i * (PAGE / 8)] == i * 0x9e3779b97f4a7c15ULL + seed &&
	       m[i * (PAGE / 8) + PAGE / 8 - 1] == ~(i + seed);
}

/* How many of the n pages hold their pattern (reading faults them in). */
static inline size_t pages_intact(const uint64_t *m, size_t n, uint64_t seed)
{
	size_t good = 0;
	for (size_t i = 0; i < n; i++)
		good += page_intact(m, i, seed);
	return good;
}

#endif
