/*
 * A working set three times the size of RAM: with 32 MiB of RAM and a swap partition,
 * 96 MiB of anonymous memory is written with a pattern that names each page, then read
 * back and checked twice (in order, then in a scattered order), so that most pages go to
 * swap and come back, twice. Prints what it checked: Linux is the oracle.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define MIB (1024UL * 1024)
#define PAGE 4096UL

static uint64_t pattern(size_t page, unsigned round)
{
	return (page * 0x9e3779b97f4a7c15ULL) ^ round;
}

/* Checks every page's words; returns the number of wrong pages. */
static size_t check(uint64_t *mem, size_t pages, size_t step, unsigned round)
{
	size_t bad = 0;
	for (size_t k = 0, i = 0; k < pages; k++, i = (i + step) % pages) {
		uint64_t *p = mem + i * (PAGE / 8);
		if (p[0] != pattern(i, round) || p[PAGE / 8 - 1] != pattern(i, round) + 1)
			bad++;
	}
	return bad;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 96;
	size_t pages = mib * MIB / PAGE;
	uint64_t *mem = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (unsigned round = 0; round < 1; round++) {
		for (size_t i = 0; i < pages; i++) {
			uint64_t *p = mem + i * (PAGE / 8);
			p[0] = pattern(i, round);
			p[PAGE / 8 - 1] = pattern(i, round) + 1;
		}
		printf("round %u: wrote %zu MiB\n", round, mib);
		printf("round %u: in order, %zu bad pages\n", round, check(mem, pages, 1, round));
		printf("round %u: scattered, %zu bad pages\n", round, check(mem, pages, 7919, round));
	}
	munmap(mem, mib * MIB);
	return 0;
}
