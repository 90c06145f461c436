/*
 * /proc/PID/smaps with swap: an area's Swap and SwapPss are its swap entries, Rss its pages
 * in memory, as Linux counts them. Guest-only: the host has no swap.
 *   - Paged out (MADV_PAGEOUT), the area's 16 pages leave Rss for Swap; SwapPss is all of
 *     Swap while this process alone names the slots.
 *   - A forked child names the same slots: in its smaps SwapPss is half of Swap.
 *   - Four pages read back are in Rss again, the other twelve still in Swap.
 *   - VmSwap (/proc/self/status) is the sum of every area's Swap entries.
 *   - Shared anonymous memory paged out leaves no swap entry but counts in its area's
 *     Swap (Linux's shmem_swap_usage), and not in VmSwap, as on Linux.
 * qrun: --mem 64M --swap 64M
 */
#include "swapcheck.h"

#include <sys/wait.h>

#define N 16

static char text[1 << 17];

/* The value of "Key:" in the smaps block of the area at start (kB), or -1. */
static long smaps_kb(const void *start, const char *key)
{
	int fd = open("/proc/self/smaps", O_RDONLY);
	long n = 0, r;
	while (fd >= 0 && (r = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	int in = 0;
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		size_t word = strcspn(l, " ");
		if (memchr(l, '-', word) && !memchr(l, ':', word))
			in = strtoul(l, NULL, 16) == (uintptr_t)start;
		else if (in && strncmp(l, key, strlen(key)) == 0 && l[strlen(key)] == ':')
			return strtol(l + strlen(key) + 1, NULL, 10);
	}
	return -1;
}

/* The sum of Swap over every area of this process (kB). */
static long all_swap_kb(void)
{
	smaps_kb(NULL, "Swap");                 /* reads the file into text */
	long sum = 0;
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, "Swap:", 5) == 0)
			sum += strtol(l + 5, NULL, 10);
	return sum;
}

int main(void)
{
	uint64_t *m = fill_pages(N, 7);
	check("written: Rss is the 16 pages, Swap 0",
	      smaps_kb(m, "Rss") == N * 4 && smaps_kb(m, "Swap") == 0);
	check("MADV_PAGEOUT succeeds", madvise(m, N * PAGE, MADV_PAGEOUT) == 0);
	check("paged out: Rss 0, Swap 64 kB", smaps_kb(m, "Rss") == 0 &&
	      smaps_kb(m, "Swap") == N * 4);
	check("paged out: SwapPss is all of Swap", smaps_kb(m, "SwapPss") == N * 4);
	check("VmSwap is the sum of the areas' Swap", vm_swap_kb() == all_swap_kb());

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		check("in a child: Swap 64 kB, SwapPss half of it (two entries name each slot)",
		      smaps_kb(m, "Swap") == N * 4 && smaps_kb(m, "SwapPss") == N * 2);
		exit(failures ? 1 : 0);
	}
	int st;
	waitpid(pid, &st, 0);
	check("the child's checks passed", WIFEXITED(st) && WEXITSTATUS(st) == 0);

	int intact = 1;
	for (size_t i = 0; i < 4; i++)
		intact &= page_intact(m, i, 7);
	check("four pages read back intact", intact);
	check("then Rss 16 kB, Swap 48 kB", smaps_kb(m, "Rss") == 16 && smaps_kb(m, "Swap") == 48);
	check("VmSwap is still the sum of the areas' Swap", vm_swap_kb() == all_swap_kb());
	munmap(m, N * PAGE);

	char *shm = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			 -1, 0);
	memset(shm, 's', 8 * PAGE);
	long vmswap = vm_swap_kb();
	check("shared anonymous memory written: Rss 32 kB, Swap 0",
	      smaps_kb(shm, "Rss") == 32 && smaps_kb(shm, "Swap") == 0);
	check("MADV_PAGEOUT of it succeeds", madvise(shm, 8 * PAGE, MADV_PAGEOUT) == 0);
	check("paged out: Rss 0, Swap 32 kB", smaps_kb(shm, "Rss") == 0 &&
	      smaps_kb(shm, "Swap") == 32);
	check("VmSwap does not count it (no swap entry in this process)",
	      vm_swap_kb() == vmswap);
	check("two pages touched: Rss 8 kB, Swap 24 kB", shm[0] == 's' && shm[PAGE] == 's' &&
	      smaps_kb(shm, "Rss") == 8 && smaps_kb(shm, "Swap") == 24);
	munmap(shm, 8 * PAGE);
	return failures ? 1 : 0;
}
