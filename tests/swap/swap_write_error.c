/*
 * A write error on page-out: QEMU's blkdebug fails every write of slot 2 of the swap area
 * (tests/swap/swap_write_error.blkdebug). Pages paged out one at a time take slots 1, 2,
 * 3... in order, so the second page's write fails. That page stays in memory (in the swap
 * cache) with its data: touching it is not a major fault, and MADV_PAGEOUT leaves it where
 * it is (its slot failed). The process carries on unaffected: the pages around it go out
 * and come back intact. Once the page leaves the swap cache (its first write), the failed
 * slot is retired: /proc/swaps' Size loses one page for good. The kernel logs the I/O
 * error, as Linux does, and the retired slot. (At the end qrun-init turns swap off and on:
 * a retired slot must not stop it.) Guest-only.
 * qrun: --mem 32M --swap 16M --disk-blkdebug tests/swap/swap_write_error.blkdebug
 * log: I/O error, dev vda, sector 2064 op 0x1:\(WRITE\)
 * log: swap: retiring slot 2 of /dev/vda1 after a write error
 */
#include "swapcheck.h"

#define PAGES 4
#define SEED 11

static uint64_t *m;

static void *page(size_t i)
{
	return (char *)m + i * PAGE;
}

/* Pages out page i alone; returns its pagemap entry after. */
static uint64_t page_out(size_t i)
{
	madvise(page(i), PAGE, MADV_PAGEOUT);
	return pagemap(page(i));
}

int main(void)
{
	long size0, used0;
	if (!swaps("/dev/vda1", &size0, &used0) || used0 != 0) {
		printf("FAIL swap is on /dev/vda1, unused\n");
		return 1;
	}
	m = fill_pages(PAGES, SEED);
	long out0 = vmstat("pswpout");
	uint64_t e0 = page_out(0);
	check("page 0 goes out to slot 1", (e0 & PM_SWAP) && PM_SWAP_OFFSET(e0) == 1 &&
	      resident(page(0), 1) == 0);
	uint64_t e1 = page_out(1);
	check("page 1 is given slot 2 (whose write fails)", (e1 & PM_SWAP) && PM_SWAP_OFFSET(e1) == 2);
	check("... but stays in memory (mincore: resident)", resident(page(1), 1) == 1);
	check("... and pswpout counts only page 0", vmstat("pswpout") - out0 == 1);
	uint64_t e2 = page_out(2);
	check("page 2 goes out to slot 3", (e2 & PM_SWAP) && PM_SWAP_OFFSET(e2) == 3 &&
	      resident(page(2), 1) == 0);
	long size, used;
	swaps("/dev/vda1", &size, &used);
	check("/proc/swaps: three slots used", used == 12 && size == size0);

	long maj0 = majflt();
	check("page 1 reads back intact", page_intact(m, 1, SEED));
	check("... without a major fault (it never left memory)", majflt() == maj0);
	check("... present in pagemap", (pagemap(page(1)) & PM_PRESENT) != 0);
	out0 = vmstat("pswpout");
	check("MADV_PAGEOUT of page 1 again succeeds", madvise(page(1), PAGE, MADV_PAGEOUT) == 0);
	check("... and leaves it present, unwritten (its slot failed)",
	      (pagemap(page(1)) & PM_PRESENT) && vmstat("pswpout") == out0);
	check("pages 0 and 2 read back intact", page_intact(m, 0, SEED) && page_intact(m, 2, SEED));
	check("... with major faults", majflt() - maj0 == 2);

	/* Written, page 1 leaves the swap cache, and its slot is gone for good. */
	m[1 * (PAGE / 8) + 1] = 42;
	swaps("/dev/vda1", &size, &used);
	check("written, page 1 frees its slot: two slots used", used == 8);
	check("... and the failed slot is retired: Size is one page less", size == size0 - 4);
	check("page 1 keeps its data and the write", page_intact(m, 1, SEED) &&
	      m[1 * (PAGE / 8) + 1] == 42);

	uint64_t e3 = page_out(3);
	check("page 3 goes out to a good slot", (e3 & PM_SWAP) && PM_SWAP_OFFSET(e3) == 4 &&
	      resident(page(3), 1) == 0);
	check("... and comes back intact", page_intact(m, 3, SEED));
	munmap(m, PAGES * PAGE);
	swaps("/dev/vda1", &size, &used);
	check("munmap frees every slot", used == 0);
	return failures != 0;
}
