/*
 * fork of a process whose memory is mostly in swap: the parent fills 64 MiB (twice the
 * RAM) so that most of it is swapped out, then forks. The child checks every page, writes
 * a new pattern over every other page and checks again; the parent, after the child
 * exits, checks that its own pages still hold its pattern. Then two such pairs run at
 * once. Swap entries are shared by fork, copied on write: neither process may see the
 * other's writes. Linux is the oracle.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024UL * 1024)
#define PAGE 4096UL
#define WORDS (PAGE / 8)

static uint64_t pattern(size_t page, unsigned who)
{
	return (page * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)who << 56);
}

static void fill(uint64_t *mem, size_t pages, size_t step, unsigned who)
{
	for (size_t i = 0; i < pages; i += step) {
		mem[i * WORDS] = pattern(i, who);
		mem[i * WORDS + WORDS - 1] = ~pattern(i, who);
	}
}

/* Pages whose words are not who's pattern (or, for odd pages when `mixed`, other's). */
static size_t bad_pages(const uint64_t *mem, size_t pages, unsigned who, unsigned odd_who)
{
	size_t bad = 0;
	for (size_t i = 0; i < pages; i++) {
		unsigned w = (i & 1) ? odd_who : who;
		if (mem[i * WORDS] != pattern(i, w) || mem[i * WORDS + WORDS - 1] != ~pattern(i, w))
			bad++;
	}
	return bad;
}

/* A parent with `mib` MiB, a child that rewrites every other page; returns 0 if both saw
 * exactly what they should. */
static int pair(size_t mib, unsigned id, bool verbose)
{
	size_t pages = mib * MIB / PAGE;
	uint64_t *mem = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	fill(mem, pages, 1, id);
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		size_t before = bad_pages(mem, pages, id, id);
		for (size_t i = 1; i < pages; i += 2) {
			mem[i * WORDS] = pattern(i, id + 100);
			mem[i * WORDS + WORDS - 1] = ~pattern(i, id + 100);
		}
		size_t after = bad_pages(mem, pages, id, id + 100);
		if (verbose)
			printf("pair %u child: %zu bad pages before writing, %zu after\n", id,
			       before, after);
		_exit(before || after);
	}
	int status;
	waitpid(pid, &status, 0);
	size_t bad = bad_pages(mem, pages, id, id);
	if (verbose)
		printf("pair %u parent: %zu bad pages after the child\n", id, bad);
	munmap(mem, mib * MIB);
	return bad || !WIFEXITED(status) || WEXITSTATUS(status);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int fails = pair(64, 1, true);
	/* Two pairs at once, each with 24 MiB: together again more than RAM. They report
	 * after both are done, so that the output does not depend on the scheduler. */
	pid_t other = fork();
	if (other == 0)
		_exit(pair(24, 2, false));
	int mine = pair(24, 3, false);
	int status;
	waitpid(other, &status, 0);
	int theirs = !WIFEXITED(status) || WEXITSTATUS(status);
	printf("two pairs at once: %s, %s\n", theirs ? "pair 2 FAILED" : "pair 2 ok",
	       mine ? "pair 3 FAILED" : "pair 3 ok");
	fails |= mine | theirs;
	printf("%s\n", fails ? "FAILED" : "all pages as expected");
	return fails;
}
