/*
 * Fault traces with swap, run under tools/qrun --trace with a swap disk
 * (tests/boot/vmtrace.sh checks the lines): a page written (demand-zero), pushed out with
 * MADV_PAGEOUT (reclaim's swap-out line names its frame and slot), then read back (a
 * major swap-in line from the same slot). A second page pushed out comes back through
 * swapoff (a swapoff line for its address and slot); swap is then turned on again. It
 * prints the pages' addresses.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <unistd.h>

#define PAGE 4096
#define SWAP_DEV "/dev/vda1"

int main(void)
{
	volatile char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	volatile char *q = p + PAGE;
	p[0x10] = 42;
	int ok = madvise((void *)p, PAGE, MADV_PAGEOUT) == 0;
	ok &= p[0x20] == 0 && p[0x10] == 42;    /* read back: only 0x10 was written */
	q[0x10] = 43;
	ok &= madvise((void *)q, PAGE, MADV_PAGEOUT) == 0;
	ok &= swapoff(SWAP_DEV) == 0;
	ok &= q[0x10] == 43;
	ok &= swapon(SWAP_DEV, 0) == 0;
	printf("page %p\n", (void *)p);
	printf("page2 %p\n", (void *)q);
	printf("%s\n", ok ? "PASS" : "FAIL");
	return !ok;
}
