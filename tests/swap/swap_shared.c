/*
 * Shared anonymous memory larger than RAM: 48 MiB of MAP_SHARED|MAP_ANONYMOUS memory in a
 * 32 MiB guest. A child writes every page, the parent checks them all after the child
 * exits, then rewrites every other page and a second child checks the mix. Pages of shared
 * memory go to swap through their object (no swap PTE: every process faults them back in
 * from the object), and whoever brings one back, all see it. Linux is the oracle.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024UL * 1024)
#define PAGE 4096UL
#define SIZE (48 * MIB)
#define PAGES (SIZE / PAGE)

static uint64_t pattern(size_t page, unsigned round)
{
	return page * 0x9e3779b97f4a7c15ULL + round;
}

static size_t bad_pages(const volatile uint64_t *mem, unsigned even_round, unsigned odd_round)
{
	size_t bad = 0;
	for (size_t i = 0; i < PAGES; i++) {
		unsigned r = (i & 1) ? odd_round : even_round;
		if (mem[i * PAGE / 8] != pattern(i, r) || mem[i * PAGE / 8 + 511] != ~pattern(i, r))
			bad++;
	}
	return bad;
}

static int run_child(volatile uint64_t *mem, int write_round, unsigned even, unsigned odd)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (write_round >= 0) {
			for (size_t i = 0; i < PAGES; i++) {
				mem[i * PAGE / 8] = pattern(i, (unsigned)write_round);
				mem[i * PAGE / 8 + 511] = ~pattern(i, (unsigned)write_round);
			}
			_exit(0);
		}
		_exit(bad_pages(mem, even, odd) != 0);
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

int main(void)
{
	volatile uint64_t *mem = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	printf("child writes 48 MiB: exit %d\n", run_child(mem, 1, 0, 0));
	printf("parent sees %zu bad pages\n", bad_pages(mem, 1, 1));
	for (size_t i = 1; i < PAGES; i += 2) {
		mem[i * PAGE / 8] = pattern(i, 2);
		mem[i * PAGE / 8 + 511] = ~pattern(i, 2);
	}
	printf("second child checks the mix: exit %d\n", run_child(mem, -1, 1, 2));
	munmap((void *)mem, SIZE);
	return 0;
}
