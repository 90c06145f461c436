/*
 * MADV_PAGEOUT, MADV_COLD and MADV_WILLNEED, seen through pagemap, kpageflags, mincore,
 * /proc/swaps, /proc/vmstat, VmSwap and getrusage. Guest-only: the host has no swap, so
 * there MADV_PAGEOUT leaves anonymous pages where they are.
 *   - Pages paged out show in pagemap as swapped (bit 62, not 63), in area 0 at distinct
 *     nonzero slots; VmSwap, Used and pswpout grow; mincore says not resident.
 *   - Read back, their data is intact, pagemap shows them present, the faults were major
 *     (pgmajfault, ru_majflt) and pswpin grew. A page read back and not written stays in
 *     the swap cache (KPF_SWAPCACHE) and keeps its slot; the first write takes it out of
 *     the cache and frees the slot.
 *   - A page that a forked child maps too is not paged out (as Linux, which skips pages
 *     mapped more than once); once the child is gone it is.
 *   - MADV_COLD moves pages to the inactive list and leaves them resident.
 *   - MADV_WILLNEED reads swapped pages into the swap cache without a fault: mincore then
 *     says resident while pagemap still says swapped, and touching them is a minor fault.
 * qrun: --mem 64M --swap 64M
 */
#include "swapcheck.h"

#include <sys/wait.h>

#define N 64

/* Pages out and reads back N pages, checking each step. */
static void pageout_and_back(void)
{
	uint64_t *m = fill_pages(N, 1);
	static uint64_t pm[N];
	long swap0 = vm_swap_kb(), used0 = swap_used_kb(), out0 = vmstat("pswpout");
	pagemap_range(m, N, pm);
	int all_present = 1;
	for (size_t i = 0; i < N; i++)
		all_present &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_PRESENT;
	check("filled pages are present in pagemap", all_present);
	check("MADV_PAGEOUT succeeds", madvise(m, N * PAGE, MADV_PAGEOUT) == 0);

	pagemap_range(m, N, pm);
	int swapped = 1, type0 = 1, distinct = 1;
	for (size_t i = 0; i < N; i++) {
		swapped &= (pm[i] & (PM_PRESENT | PM_SWAP | PM_FILE)) == PM_SWAP;
		type0 &= PM_SWAP_TYPE(pm[i]) == 0 && PM_SWAP_OFFSET(pm[i]) != 0;
		for (size_t j = 0; j < i; j++)
			distinct &= PM_SWAP_OFFSET(pm[i]) != PM_SWAP_OFFSET(pm[j]);
	}
	check("pagemap: every page swapped (bit 62), none present (bit 63)", swapped);
	check("pagemap: swap type 0, nonzero offsets", type0);
	check("pagemap: the offsets are distinct", distinct);
	check("VmSwap grew by the pages", vm_swap_kb() - swap0 == N * 4);
	check("/proc/swaps Used grew by the pages", swap_used_kb() - used0 == N * 4);
	check("pswpout grew by the pages", vmstat("pswpout") - out0 >= N);
	check("mincore: none resident", resident(m, N) == 0);

	long maj0 = majflt(), pgmaj0 = vmstat("pgmajfault"), in0 = vmstat("pswpin");
	check("read back: every page intact", pages_intact(m, N, 1) == N);
	long maj = majflt() - maj0;
	check("ru_majflt rose (reads from swap are major faults)", maj >= 1 && maj <= N);
	check("pgmajfault rose as much", vmstat("pgmajfault") - pgmaj0 >= maj);
	check("pswpin grew by the pages", vmstat("pswpin") - in0 >= N);
	pagemap_range(m, N, pm);
	all_present = 1;
	for (size_t i = 0; i < N; i++)
		all_present &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_PRESENT;
	check("pagemap: every page present again", all_present);
	check("VmSwap is back where it was", vm_swap_kb() == swap0);

	/* Read, not written: each page is still in the swap cache, clean, its slot kept. */
	int cached = 1;
	for (size_t i = 0; i < N; i++) {
		uint64_t f = kpageflags(PM_PFN(pm[i]));
		cached &= (f >> KPF_SWAPCACHE & 1) && !(f >> KPF_DIRTY & 1);
	}
	check("kpageflags: a page read back is in the swap cache, clean", cached);
	check("... and keeps its slot (Used unchanged)", swap_used_kb() - used0 == N * 4);
	for (size_t i = 0; i < N; i++)
		m[i * (PAGE / 8) + 1] = i;      /* the first write to each */
	pagemap_range(m, N, pm);
	int uncached = 1;
	for (size_t i = 0; i < N; i++)
		uncached &= (pm[i] & PM_PRESENT) && !((kpageflags(PM_PFN(pm[i])) >> KPF_SWAPCACHE) & 1);
	check("kpageflags: written, it leaves the swap cache", uncached);
	check("... and its slot is freed (Used back where it was)", swap_used_kb() == used0);
	check("the data is still intact", pages_intact(m, N, 1) == N);
	munmap(m, N * PAGE);
}

/* A page mapped twice (a forked child shares it) stays; mapped once again, it goes. */
static void shared_with_child(void)
{
	uint64_t *m = fill_pages(16, 2);
	int go[2];
	if (pipe(go))
		exit(2);
	pid_t child = fork();
	if (child == 0) {
		char c;
		_exit(read(go[0], &c, 1) == 1 && pages_intact(m, 16, 2) == 16 ? 0 : 1);
	}
	static uint64_t pm[16];
	long out0 = vmstat("pswpout");
	pagemap_range(m, 16, pm);
	int twice = 1;
	for (size_t i = 0; i < 16; i++)
		twice &= (pm[i] & PM_PRESENT) && kpagecount(PM_PFN(pm[i])) == 2;
	check("after fork, kpagecount says each page is mapped twice", twice);
	check("MADV_PAGEOUT of pages mapped twice succeeds", madvise(m, 16 * PAGE, MADV_PAGEOUT) == 0);
	pagemap_range(m, 16, pm);
	int present = 1;
	for (size_t i = 0; i < 16; i++)
		present &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_PRESENT;
	check("... but they stay present (Linux skips shared pages)", present);
	check("... and nothing was written to swap", vmstat("pswpout") == out0);
	int status;
	check("the child sees its data", write(go[1], "x", 1) == 1 &&
	      waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	madvise(m, 16 * PAGE, MADV_PAGEOUT);
	pagemap_range(m, 16, pm);
	int swapped = 1;
	for (size_t i = 0; i < 16; i++)
		swapped &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_SWAP;
	check("once the child is gone, MADV_PAGEOUT swaps them", swapped);
	check("... intact when read back", pages_intact(m, 16, 2) == 16);
	munmap(m, 16 * PAGE);
	close(go[0]);
	close(go[1]);
}

/* MADV_COLD: to the inactive list, still resident. */
static void cold(void)
{
	uint64_t *m = fill_pages(N, 3);
	static uint64_t pm[N];
	long deact0 = vmstat("pgdeactivate"), out0 = vmstat("pswpout");
	check("MADV_COLD succeeds", madvise(m, N * PAGE, MADV_COLD) == 0);
	check("pgdeactivate grew by the pages", vmstat("pgdeactivate") - deact0 == N);
	check("nothing was written to swap", vmstat("pswpout") == out0);
	check("mincore: all still resident", resident(m, N) == N);
	pagemap_range(m, N, pm);
	int inactive = 1;
	for (size_t i = 0; i < N; i++) {
		uint64_t f = kpageflags(PM_PFN(pm[i]));
		inactive &= (pm[i] & PM_PRESENT) && (f >> KPF_LRU & 1) && !(f >> KPF_ACTIVE & 1);
	}
	check("kpageflags: present, on the LRU, not active", inactive);
	long maj0 = majflt();
	check("the data is intact, without a major fault",
	      pages_intact(m, N, 3) == N && majflt() == maj0);
	munmap(m, N * PAGE);
}

/* MADV_WILLNEED: swapped pages come into the swap cache, their PTEs still swap entries. */
static void willneed(void)
{
	uint64_t *m = fill_pages(N, 4);
	static uint64_t pm[N];
	madvise(m, N * PAGE, MADV_PAGEOUT);
	check("paged out: none resident", resident(m, N) == 0);
	long maj0 = majflt(), pgmaj0 = vmstat("pgmajfault"), in0 = vmstat("pswpin");
	struct rusage ru0, ru1;
	getrusage(RUSAGE_SELF, &ru0);
	int r = madvise(m, N * PAGE, MADV_WILLNEED);
	getrusage(RUSAGE_SELF, &ru1);
	check("MADV_WILLNEED succeeds", r == 0);
	check("... without a fault", ru1.ru_minflt == ru0.ru_minflt && ru1.ru_majflt == ru0.ru_majflt);
	check("... and read them from swap (pswpin)", vmstat("pswpin") - in0 >= N);
	check("mincore: all resident now", resident(m, N) == N);
	pagemap_range(m, N, pm);
	int swapped = 1;
	for (size_t i = 0; i < N; i++)
		swapped &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_SWAP;
	check("pagemap: still swap entries", swapped);
	in0 = vmstat("pswpin");
	check("touched, the data is intact", pages_intact(m, N, 4) == N);
	check("... with no major fault and no read", majflt() == maj0 &&
	      vmstat("pgmajfault") == pgmaj0 && vmstat("pswpin") == in0);
	munmap(m, N * PAGE);
}

int main(void)
{
	long size, used;
	if (!swaps("/dev/vda1", &size, &used)) {
		printf("FAIL swap is on /dev/vda1\n");
		return 1;
	}
	pageout_and_back();
	shared_with_child();
	cold();
	willneed();
	return failures != 0;
}
