/*
 * Others run while a process waits for swap-in: a CPU-bound child counts in shared memory
 * while the parent faults in swapped-out pages one at a time, one page per readahead
 * window (slots are read in aligned windows of 8, and the pages went out in order to
 * consecutive slots), in a scattered order. Each of those faults is major (ru_majflt rises
 * by one), and the counter moves during every one of them. Guest-only.
 *
 * Why this cannot depend on timing (however fast or slow the disk answers): a major fault
 * reads through bio_submit_wait, which keeps interrupts off from the submission until the
 * faulting process sleeps, so the completion always finds it asleep. The child is always
 * runnable (CPU-bound, mlocked, never making a system call; nothing else needs memory, so
 * nothing sleeps in reclaim), so the scheduler switches to it, and the completion's wakeup
 * puts the parent behind it in the run queue without preempting it (kernel/proc/sched.c:
 * only an expired slice does). A switch gives the child a whole time slice
 * (TIME_SLICE_TICKS, 5 timer ticks): the parent runs again only once the child has run
 * its loop for that long, and counted. A kernel that polled the disk, or slept only when
 * the device was slow, fails this on some fault (a polling bio_submit_wait failed it).
 * qrun: --mem 32M --swap 16M
 */
#include "swapcheck.h"

#include <sched.h>
#include <sys/wait.h>

#define WINDOW 8                        /* 1 << page_cluster: slots read per fault at most */
#define TOUCHES 32
#define PAGES (TOUCHES * WINDOW)
#define SEED 31

int main(void)
{
	volatile uint64_t *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || mlock((void *)shared, PAGE) != 0)
		return 2;
	/* The child first, so that it maps none of the pages (mlockall would read them in). */
	pid_t child = fork();
	if (child == 0) {
		if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
			_exit(2);
		while (!shared[1])
			shared[0]++;
		_exit(0);
	}
	uint64_t *m = fill_pages(PAGES, SEED);
	check("MADV_PAGEOUT of the pages", madvise(m, PAGES * PAGE, MADV_PAGEOUT) == 0);
	static uint64_t pm[PAGES];
	pagemap_range(m, PAGES, pm);
	int in_order = 1;
	for (size_t i = 0; i < PAGES; i++)
		in_order &= (pm[i] & PM_SWAP) && PM_SWAP_OFFSET(pm[i]) == PM_SWAP_OFFSET(pm[0]) + i;
	check("they are all in swap, at consecutive slots", in_order);
	while (shared[0] == 0)
		sched_yield();

	/* Page k * WINDOW for k in a scattered order: page i is at slot s0 + i, so each touch
	 * is in a window of slots of its own, which no earlier fault read ahead. */
	int majors = 0, moved = 0;
	size_t good = 0;
	for (size_t n = 0, k = 0; n < TOUCHES; n++, k = (k + 13) % TOUCHES) {
		size_t i = k * WINDOW;
		uint64_t before = shared[0];
		long maj0 = majflt();
		good += page_intact(m, i, SEED);
		long maj = majflt() - maj0;
		uint64_t after = shared[0];
		if (maj == 1) {
			majors++;
			moved += after != before;
		}
	}
	shared[1] = 1;
	int status;
	check("the counting child ran and exits normally", waitpid(child, &status, 0) == child &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	printf("%d of %d touches were major faults\n", majors, TOUCHES);
	check("each touch was a major fault (ru_majflt)", majors == TOUCHES);
	check("the child counted during every major fault", majors > 0 && moved == majors);
	check("the pages touched were intact", good == TOUCHES);
	check("every page is intact", pages_intact(m, PAGES, SEED) == PAGES);
	munmap(m, PAGES * PAGE);
	return failures != 0;
}
