/*
 * A read error on swap-in: QEMU's blkdebug fails every read of slot 8 of the swap area
 * (tests/swap/swap_read_error.blkdebug). Slots are handed out 1, 2, 3... in order, and a
 * fault reads its slot with the neighbours in use in its aligned window of 8 (readahead):
 *   - a "good" child pages out 7 pages, which take slots 1-7 (the window 0-7: its reads
 *     never include slot 8);
 *   - a "victim" child pages out 1 page, which takes slot 8, alone in the window 8-15; it
 *     forks, so that the slot is named twice.
 * The victim's child asks for the page with MADV_WILLNEED (the read fails: the page is not
 * kept, mincore says not resident) and then touches it: it is killed by SIGBUS. The
 * victim, which shares the slot, is not; when it touches the page, the read is tried again
 * (nothing of the failed read was kept) and fails again: SIGBUS. Meanwhile the good child's
 * pages read back intact, and once the victims are gone their slot is free (/proc/swaps).
 * Guest-only.
 * qrun: --mem 32M --swap 16M --disk-blkdebug tests/swap/swap_read_error.blkdebug
 * log: I/O error, dev vda, sector 2112 op 0x0:\(READ\)
 */
#include "swapcheck.h"

#include <signal.h>
#include <sys/wait.h>

#define GOOD_PAGES 7
#define GOOD_SEED 21
#define BAD_SEED 22

static int killed_by_sigbus(pid_t pid)
{
	int status;
	return waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
}

/* The victim: its one page goes to slot 8; its child and then itself touch it. */
static _Noreturn void victim(void)
{
	uint64_t *m = fill_pages(1, BAD_SEED);
	madvise(m, PAGE, MADV_PAGEOUT);
	uint64_t e = pagemap(m);
	check("the victim's page goes to slot 8", (e & PM_SWAP) && PM_SWAP_OFFSET(e) == 8);
	pid_t child = fork();
	if (child == 0) {
		check("MADV_WILLNEED of the page whose read fails succeeds",
		      madvise(m, PAGE, MADV_WILLNEED) == 0);
		check("... and keeps nothing (mincore: not resident)", resident(m, 1) == 0);
		_exit(page_intact(m, 0, BAD_SEED) ? 0 : 3);     /* not reached: SIGBUS */
	}
	check("the victim's child, touching it, is killed by SIGBUS", killed_by_sigbus(child));
	check("the victim is not: its page is still a swap entry",
	      (pagemap(m) & (PM_SWAP | PM_PRESENT)) == PM_SWAP);
	_exit(page_intact(m, 0, BAD_SEED) ? 0 : 3);             /* not reached: SIGBUS */
}

int main(void)
{
	long size, used0;
	if (!swaps("/dev/vda1", &size, &used0) || used0 != 0) {
		printf("FAIL swap is on /dev/vda1, unused\n");
		return 1;
	}
	int ready[2], go[2];
	if (pipe(ready) || pipe(go))
		return 2;
	pid_t good = fork();
	if (good == 0) {
		uint64_t *m = fill_pages(GOOD_PAGES, GOOD_SEED);
		static uint64_t pm[GOOD_PAGES];
		madvise(m, GOOD_PAGES * PAGE, MADV_PAGEOUT);
		pagemap_range(m, GOOD_PAGES, pm);
		int slots = 1;
		for (size_t i = 0; i < GOOD_PAGES; i++)
			slots &= (pm[i] & PM_SWAP) && PM_SWAP_OFFSET(pm[i]) == i + 1;
		check("the good child's pages go to slots 1-7", slots);
		char c;
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		long maj0 = majflt();
		check("the good child's pages read back intact",
		      pages_intact(m, GOOD_PAGES, GOOD_SEED) == GOOD_PAGES);
		check("... from swap (a major fault)", majflt() > maj0);
		_exit(failures != 0);
	}
	char c;
	if (read(ready[0], &c, 1) != 1)
		return 2;
	pid_t bad = fork();
	if (bad == 0)
		victim();
	check("the victim, touching its page, is killed by SIGBUS", killed_by_sigbus(bad));
	long used;
	swaps("/dev/vda1", &size, &used);
	check("its slot is free again: /proc/swaps shows the good child's 7", used == 7 * 4);
	int status;
	check("the good child reads its pages and exits normally",
	      write(go[1], "g", 1) == 1 && waitpid(good, &status, 0) == good &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	swaps("/dev/vda1", &size, &used);
	check("every slot is free at the end", used == 0);
	return failures != 0;
}
