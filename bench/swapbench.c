/*
 * swapbench: swap throughput, as the swap issue asks: with 128 MiB of RAM and a 256 MiB
 * anonymous working set on a virtio-blk swap partition,
 *
 *   sequential page-out  writing the whole set once, in order: most of it goes to swap
 *   sequential page-in   reading it back in order (readahead brings 8 pages per fault)
 *   random page-in       reading 8192 pages in a scattered order (with pages pushed out
 *                        first by MADV_PAGEOUT, so that each read is a major fault)
 *   major fault          the cost of one, in the random case
 *
 * It runs without -icount, as Linux's reference figures were measured (the same QEMU, TCG):
 * under -icount a CPU waiting for the disk halts, and QEMU then moves the guest's clock on
 * to the next timer tick, so every wait would count 10 ms. MB/s is in real time; the
 * cycles are the host's time-stamp counter, so they vary from run to run.
 * qrun: --mem 128M --swap 512M
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

static void report(const char *what, uint64_t instructions, size_t pages, long faults)
{
	double seconds = now() - start_time;
	printf("%-22s %9.1f MB/s %10.0f cycles/page %6ld major faults\n", what,
	       pages * PAGE / 1e6 / seconds, (double)instructions / pages, faults);
}

int main(void)
{
	size_t pages = SET_MIB * 1024 * 1024 / PAGE;
	volatile uint64_t *set = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (set == MAP_FAILED)
		return 1;
	uint64_t t0 = rdtsc();
	start_time = now();
	long f0 = majflt();
	for (size_t i = 0; i < pages; i++)
		set[i * PAGE / 8] = i;
	report("sequential page-out", rdtsc() - t0, pages, majflt() - f0);

	t0 = rdtsc();
	start_time = now();
	f0 = majflt();
	size_t bad = 0;
	for (size_t i = 0; i < pages; i++)
		bad += set[i * PAGE / 8] != i;
	report("sequential page-in", rdtsc() - t0, pages, majflt() - f0);

	madvise((void *)set, pages * PAGE, MADV_PAGEOUT);
	uint64_t x = 12345;
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
	printf("%-22s %9.0f cycles\n", "major fault", f ? (double)t / f : 0.0);
	printf("data errors: %zu\n", bad);
	return bad != 0;
}
