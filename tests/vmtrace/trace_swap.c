/*
 * Fault traces with swap, run under tools/qrun --trace with a swap disk
 * (tests/boot/vmtrace.sh checks the lines): a page written (demand-zero), pushed out with
 * MADV_PAGEOUT (reclaim's swap-out line names its frame and slot), then read back (a
 * major swap-in line from the same slot). It prints the page's address.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

int main(void)
{
	volatile char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	p[0x10] = 42;
	int out = madvise((void *)p, PAGE, MADV_PAGEOUT);
	int back = p[0x20];             /* zero: only 0x10 was written */
	printf("page %p\n", (void *)p);
	printf("%s\n", out == 0 && back == 0 && p[0x10] == 42 ? "PASS" : "FAIL");
	return 0;
}
