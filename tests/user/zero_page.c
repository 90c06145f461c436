/*
 * The zero page (Linux's ZERO_PAGE): reading private anonymous memory that nobody wrote
 * maps one shared frame of zeros, read-only, that no one owns; the first write gives the
 * page a frame of its own. Seen from the program, as on Linux:
 * - after reads, the pages are resident (mincore) and present in pagemap, all on one
 *   frame, not exclusively mapped; smaps counts no Rss for them; kpageflags calls that
 *   frame ZERO_PAGE and RESERVED, kpagecount 0;
 * - a write: a frame of its own (Rss, exclusive), zeros but for what was written;
 * - fork: the child reads the zero page too, and its write leaves the parent's alone;
 * - mprotect away and back does not make the zero page writable;
 * - MADV_DONTNEED: the page reads as the zero page again;
 * - MAP_POPULATE of read-only memory maps the zero page.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "smaps.h"

#define PAGE 4096
#define N 16
#define PM_PRESENT (1ULL << 63)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN(e) ((e) & ((1ULL << 55) - 1))
#define KPF_ZERO_PAGE 24
#define KPF_RESERVED 32

static uint64_t pagemap(const volatile void *p)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t e = 0;
	if (fd < 0 || pread(fd, &e, 8, (off_t)((uintptr_t)p / PAGE * 8)) != 8)
		e = 0;
	close(fd);
	return e;
}

static uint64_t kpage(const char *file, uint64_t pfn)
{
	int fd = open(file, O_RDONLY);
	uint64_t v = ~0ULL;
	if (fd < 0 || pread(fd, &v, 8, (off_t)(pfn * 8)) != 8)
		v = ~0ULL;
	close(fd);
	return v;
}

static void sizes(const char *when, const volatile char *p)
{
	printf("%-34s Rss %ld kB, Anonymous %ld kB\n", when, smaps_kb(p, "Rss:"),
	       smaps_kb(p, "Anonymous:"));
}

/* A guard page each side, so that the area is one of its own in smaps. */
static volatile char *map(int prot, int flags)
{
	char *g = mmap(NULL, (N + 2) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = mmap(g + PAGE, N * PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | flags,
		       -1, 0);
	if (g == MAP_FAILED || p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

/* Whether page i of p is mapped to the zero page: present, on the frame `zero`, shared. */
static const char *on_zero(const volatile char *p, int i, uint64_t zero)
{
	uint64_t e = pagemap(p + i * PAGE);
	if (!(e & PM_PRESENT))
		return "not present";
	if (PM_PFN(e) == zero && !(e & PM_EXCLUSIVE))
		return "the zero page";
	return (e & PM_EXCLUSIVE) ? "a frame of its own" : "another shared frame";
}

static void reads(volatile char *p, uint64_t *zero)
{
	int sum = 0;
	for (int i = 0; i < N; i++)
		sum += p[i * PAGE + 100];
	printf("read %d pages: they hold %d\n", N, sum);
	unsigned char vec[N];
	int resident = mincore((void *)p, N * PAGE, vec) == 0;
	for (int i = 0; i < N; i++)
		resident &= vec[i] & 1;
	printf("mincore: all resident: %s\n", resident ? "yes" : "no");
	*zero = PM_PFN(pagemap(p));
	int one = *zero != 0;
	for (int i = 0; i < N; i++)
		one &= !strcmp(on_zero(p, i, *zero), "the zero page");
	printf("pagemap: all on one shared frame: %s\n", one ? "yes" : "no");
	uint64_t flags = kpage("/proc/kpageflags", *zero);
	printf("kpageflags: ZERO_PAGE %d, RESERVED %d; kpagecount %llu\n",
	       (int)(flags >> KPF_ZERO_PAGE & 1), (int)(flags >> KPF_RESERVED & 1),
	       (unsigned long long)kpage("/proc/kpagecount", *zero));
	sizes("after the reads:", p);
}

static void writes(volatile char *p, uint64_t zero)
{
	p[5 * PAGE + 7] = 42;
	printf("page 5 after a write: %s, byte 7 is %d, byte 8 is %d\n", on_zero(p, 5, zero),
	       p[5 * PAGE + 7], p[5 * PAGE + 8]);
	printf("page 6 still: %s\n", on_zero(p, 6, zero));
	sizes("after one write:", p);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("child: page 7 is %s, reads %d\n", on_zero(p, 7, zero), p[7 * PAGE]);
		p[7 * PAGE] = 1;
		printf("child: after its write, page 7 is %s\n", on_zero(p, 7, zero));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("parent: page 7 is %s, reads %d\n", on_zero(p, 7, zero), p[7 * PAGE]);
	mprotect((void *)p, N * PAGE, PROT_READ);
	mprotect((void *)p, N * PAGE, PROT_READ | PROT_WRITE);
	printf("after mprotect away and back, page 9: %s\n", on_zero(p, 9, zero));
	p[9 * PAGE] = 9;
	printf("written: page 9 is %s, reads %d\n", on_zero(p, 9, zero), p[9 * PAGE]);
	sizes("after two writes:", p);
	madvise((void *)p, N * PAGE, MADV_DONTNEED);
	printf("after MADV_DONTNEED, page 5: %s\n", on_zero(p, 5, zero));
	int byte = p[5 * PAGE + 7];
	printf("read again: %d, %s\n", byte, on_zero(p, 5, zero));
	sizes("then:", p);
}

int main(void)
{
	uint64_t zero;
	volatile char *p = map(PROT_READ | PROT_WRITE, 0);
	reads(p, &zero);
	writes(p, zero);
	volatile char *r = map(PROT_READ, MAP_POPULATE);
	printf("MAP_POPULATE, read-only: page 3 is %s\n", on_zero(r, 3, zero));
	sizes("its size:", r);
	return 0;
}
