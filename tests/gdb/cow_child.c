/*
 * cow_child: one copy-on-write fault at a known address, for the gdb test (tests/gdb/vm.sh).
 *
 * The parent maps one private anonymous page at COW_PAGE and writes it (a demand-zero
 * fault), and pushes a second page, at SWAP_PAGE, out to swap when there is swap
 * (MADV_PAGEOUT; its PTE becomes a swap entry), and leaves a third one untouched. Then it
 * forks. The child writes COW_PAGE:
 * a write to a present read-only entry, which the kernel resolves by copying the page
 * (do_wp_page). The parent touches neither page until the child has exited, so that fault
 * is the only one at COW_PAGE after the fork, and it happens in the child. Then the parent
 * reads both pages: SWAP_PAGE comes back from swap, read-only, and stays in the swap cache.
 *
 * For the views' other cases it also makes a page of shared anonymous memory (SHARED_PAGE),
 * a PROT_NONE page that holds a frame (NONE_PAGE), and a page of heap (brk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define COW_PAGE  ((char *)0x40000000)
#define SWAP_PAGE (COW_PAGE + 4096)
#define NONE_PAGE   ((char *)0x40010000)
#define SHARED_PAGE ((char *)0x40020000)

int main(void)
{
	char *p = mmap(COW_PAGE, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p != COW_PAGE) {
		perror("mmap");
		return 1;
	}
	char *none = mmap(NONE_PAGE, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	char *shared = mmap(SHARED_PAGE, 4096, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	char *heap = (char *)syscall(SYS_brk, 0);     /* musl's sbrk only tells, never grows */
	if ((char *)syscall(SYS_brk, heap + 4096) != heap + 4096)
		heap = (void *)-1;
	if (none != NONE_PAGE || shared != SHARED_PAGE || heap == (void *)-1) {
		perror("mmap or brk");
		return 1;
	}
	none[0] = shared[0] = heap[0] = 1;
	mprotect(none, 4096, PROT_NONE);
	p[0] = 'P';
	SWAP_PAGE[0] = 'S';
	int out = madvise(SWAP_PAGE, 4096, MADV_PAGEOUT);
	printf("cow page at %p, swap page at %p (pageout %s)\n", (void *)p, (void *)SWAP_PAGE,
	       out == 0 ? "asked" : "refused");
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		p[0] = 'C';                     /* the copy-on-write fault */
		printf("child: wrote %c\n", p[0]);
		return 0;
	}
	int status;
	waitpid(pid, &status, 0);
	printf("parent: still %c, child exit %d, swap page %c\n", p[0], WEXITSTATUS(status),
	       SWAP_PAGE[0]);
	return 0;
}
