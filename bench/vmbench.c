/*
 * vmbench: what the basic events of virtual memory cost, in guest instructions.
 *
 * Run it under `tools/qrun --icount` (make bench does): QEMU then advances the time-stamp
 * counter by one per instruction executed, so rdtsc differences are instruction counts and
 * every run gives the same figures. On real hardware the same program reports cycles.
 *
 *   getpid          one system call that does nothing
 *   demand-zero     the first write to a page of fresh anonymous memory
 *   cow             the first write, after fork, to a page the child still shares
 *   exec            fork + execve of this small static program + exit + wait, less the
 *                   same without the execve
 *   dynamic exec    the same for each program named on the command line: make bench names
 *                   a dynamically linked one with musl and one with glibc (bench/dynamic),
 *                   which execve, their dynamic loader and its C library run
 *   fork+exit+wait  for a process with 1 MiB and with 64 MiB resident; the difference,
 *                   divided by the extra pages, is the cost per resident page
 *   mmap+munmap     of one page, placed by the kernel (top down), in a process with 100
 *                   and with 10 000 areas in the way (alternate protections on one big
 *                   mapping): finding a free range is O(log n) in the areas, so both
 *                   should cost about the same
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define GETPID_ROUNDS 20000
#define FAULT_PAGES 4096
#define FORK_ROUNDS 5

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static double per_getpid(void)
{
	uint64_t t0 = rdtsc();
	for (int i = 0; i < GETPID_ROUNDS; i++)
		syscall(SYS_getpid);
	uint64_t t1 = rdtsc();
	return (double)(t1 - t0) / GETPID_ROUNDS;
}

static char *map_pages(size_t n)
{
	char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

/* Writes one byte to each of n pages; returns the cost per page. */
static double touch(char *p, size_t n)
{
	uint64_t t0 = rdtsc();
	for (size_t i = 0; i < n; i++)
		p[i * PAGE] = 1;
	return (double)(rdtsc() - t0) / (double)n;
}

static double per_demand_zero(void)
{
	char *p = map_pages(FAULT_PAGES);
	double cost = touch(p, FAULT_PAGES);
	munmap(p, FAULT_PAGES * PAGE);
	return cost;
}

static double per_cow(void)
{
	char *p = map_pages(FAULT_PAGES);
	touch(p, FAULT_PAGES);
	int go[2];
	if (pipe(go) != 0)
		exit(1);
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(go[0], &c, 1);     /* keep sharing the pages until the parent is done */
		_exit(0);
	}
	double cost = touch(p, FAULT_PAGES);
	write(go[1], "x", 1);
	waitpid(child, NULL, 0);
	munmap(p, FAULT_PAGES * PAGE);
	return cost;
}

/* fork, then in the child exec this program (or just exit), then wait. */
static uint64_t fork_once(const char *self, int exec)
{
	uint64_t t0 = rdtsc();
	pid_t child = fork();
	if (child == 0) {
		if (exec) {
			char *argv[] = { (char *)self, "--exit", NULL };
			execv(self, argv);
		}
		_exit(0);
	}
	waitpid(child, NULL, 0);
	return rdtsc() - t0;
}

static double average_fork(const char *self, int exec)
{
	uint64_t total = 0;
	for (int i = 0; i < FORK_ROUNDS; i++)
		total += fork_once(self, exec);
	return (double)total / FORK_ROUNDS;
}

/* fork+exit+wait with `pages` resident in the parent. */
static double fork_with_resident(const char *self, size_t pages)
{
	char *p = map_pages(pages);
	touch(p, pages);
	double cost = average_fork(self, 0);
	munmap(p, pages * PAGE);
	return cost;
}

#define MMAP_ROUNDS 200

/* mmap+munmap of one page with `areas` one-page areas below the mmap base, between it and
 * the free space: the search for a free range has to get past them. */
static double mmap_with_areas(size_t areas)
{
	char *big = mmap(NULL, areas * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (big == MAP_FAILED)
		exit(1);
	for (size_t i = 1; i < areas; i += 2)
		mprotect(big + i * PAGE, PAGE, PROT_READ);
	uint64_t t0 = rdtsc();
	for (int i = 0; i < MMAP_ROUNDS; i++) {
		char *p = map_pages(1);
		munmap(p, PAGE);
	}
	double cost = (double)(rdtsc() - t0) / MMAP_ROUNDS;
	munmap(big, areas * PAGE);
	return cost;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0;
	const char *self = argv[0];
	double getpid_cost = per_getpid();
	double dz = per_demand_zero();
	double cow = per_cow();
	double fork_plain = average_fork(self, 0);
	double exec = average_fork(self, 1) - fork_plain;
	double f1 = fork_with_resident(self, 256);
	double f64 = fork_with_resident(self, 16384);
	double m100 = mmap_with_areas(100), m10k = mmap_with_areas(10000);
	printf("%-34s %12s\n", "event", "instructions");
	printf("%-34s %12.0f\n", "getpid system call", getpid_cost);
	printf("%-34s %12.0f\n", "demand-zero page fault", dz);
	printf("%-34s %12.0f\n", "copy-on-write page fault", cow);
	printf("%-34s %12.0f\n", "exec of a small static program", exec);
	for (int i = 1; i < argc; i++) {
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		char row[64];
		snprintf(row, sizeof(row), "exec of %s (dynamic)", name);
		printf("%-34s %12.0f\n", row, average_fork(argv[i], 1) - fork_plain);
	}
	printf("%-34s %12.0f\n", "fork+exit+wait, 1 MiB resident", f1);
	printf("%-34s %12.0f\n", "fork+exit+wait, 64 MiB resident", f64);
	printf("%-34s %12.1f\n", "  per resident page", (f64 - f1) / (16384 - 256));
	printf("%-34s %12.0f\n", "mmap+munmap, 100 areas", m100);
	printf("%-34s %12.0f\n", "mmap+munmap, 10 000 areas", m10k);
	return 0;
}
