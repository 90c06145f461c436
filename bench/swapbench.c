/*
 * swapbench: swap throughput, as the swap issue asks: with 128 MiB of RAM and a 256 MiB
 * anonymous working set on a virtio-blk swap partition,
 *
 *   sequential page-out  writing the whole set once, in order: most of it goes to swap
 *   sequential page-in   reading it back in order (readahead brings 8 pages per fault)
 *   random page-in       reading 8192 pages in a scattered order (with the set pushed out
 *                        first by MADV_PAGEOUT, so that most reads are major faults)
 *   major fault          the cost of one, in the random case
 *
 * `swapbench throughput` reports MB/s in real time, as Linux's reference figures were
 * measured (the same QEMU, TCG, no -icount). `swapbench instructions`, under
 * tools/qrun --icount, reports guest instructions per page: the time-stamp counter then
 * counts instructions, and the time QEMU skips while the CPU waits for the disk (the
 * kernel's idle_cycles in /proc/vmstat) is taken out. make bench runs both.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#define PAGE 4096UL
#define SET_MIB 256UL
#define RANDOM_PAGES 8192UL
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static long majflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_majflt;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double start_time;
static int count_instructions;          /* else throughput */
static uint64_t idle0;

/* The kernel's idle_cycles (see above). */
static uint64_t idle_cycles(void)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char line[128];
	unsigned long long v = 0;
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "idle_cycles %llu", &v);
	if (f)
		fclose(f);
	return v;
}

static void report(const char *what, uint64_t cycles, size_t pages, long faults)
{
	if (count_instructions) {
		uint64_t busy = cycles - (idle_cycles() - idle0);
		printf("%-22s %10.0f instructions/page %6ld major faults\n", what,
		       (double)busy / pages, faults);
	} else {
		double seconds = now() - start_time;
		printf("%-22s %9.1f MB/s %6ld major faults\n", what,
		       pages * PAGE / 1e6 / seconds, faults);
	}
}

int main(int argc, char **argv)
{
	count_instructions = argc > 1 && !strcmp(argv[1], "instructions");
	size_t pages = SET_MIB * 1024 * 1024 / PAGE;
	volatile uint64_t *set = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (set == MAP_FAILED)
		return 1;
	idle0 = idle_cycles();
	uint64_t t0 = rdtsc();
	start_time = now();
	long f0 = majflt();
	for (size_t i = 0; i < pages; i++)
		set[i * PAGE / 8] = i;
	report("sequential page-out", rdtsc() - t0, pages, majflt() - f0);

	idle0 = idle_cycles();
	t0 = rdtsc();
	start_time = now();
	f0 = majflt();
	size_t bad = 0;
	for (size_t i = 0; i < pages; i++)
		bad += set[i * PAGE / 8] != i;
	report("sequential page-in", rdtsc() - t0, pages, majflt() - f0);

	madvise((void *)set, pages * PAGE, MADV_PAGEOUT);
	uint64_t x = 12345;
	idle0 = idle_cycles();
	t0 = rdtsc();
	start_time = now();
	f0 = majflt();
	for (size_t k = 0; k < RANDOM_PAGES; k++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t i = (x >> 17) % pages;
		bad += set[i * PAGE / 8] != i;
	}
	uint64_t t = rdtsc() - t0;
	long f = majflt() - f0;
	report("random page-in", t, RANDOM_PAGES, f);
	if (count_instructions)
		printf("%-22s %10.0f instructions\n", "major fault",
		       f ? (double)(t - (idle_cycles() - idle0)) / f : 0.0);
	printf("data errors: %zu\n", bad);
	return bad != 0;
}
