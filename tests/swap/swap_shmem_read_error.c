/*
 * A read error on a page of shared anonymous memory in swap: QEMU's blkdebug fails every
 * read of slot 1 (tests/swap/swap_shmem_read_error.blkdebug). The one shared page goes out
 * first (MADV_PAGEOUT), to slot 1; a bystander child holds 8 MiB, the largest process; a
 * second child touches the shared page. As for private memory (and Linux's shmem_fault),
 * the toucher alone pays, with SIGBUS: the failed read is not "out of memory", which would
 * send the OOM killer after the bystander (found in review: it did).
 * Guest-only.
 * qrun: --mem 32M --swap 16M --disk-blkdebug tests/swap/swap_shmem_read_error.blkdebug
 * log: I/O error, dev vda, sector 2056 op 0x0:\(READ\)
 */
#include "swapcheck.h"

#include <signal.h>
#include <sys/wait.h>

int main(void)
{
	char *shm = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(shm, 'x', PAGE);
	check("MADV_PAGEOUT of the shared page", madvise(shm, PAGE, MADV_PAGEOUT) == 0);
	check("... sends it to swap", resident(shm, 1) == 0 && swap_used_kb() == 4);
	pid_t bystander = fork();
	if (bystander == 0) {
		fill_pages(2048, 5);
		for (;;)
			pause();
	}
	sleep(1);                               /* the bystander has its 8 MiB */
	pid_t toucher = fork();
	if (toucher == 0) {
		volatile char c = shm[0];
		(void)c;
		_exit(0);                       /* not reached: SIGBUS */
	}
	int st, bst;
	check("the toucher is killed by SIGBUS", waitpid(toucher, &st, 0) == toucher &&
	      WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
	check("the bystander is not killed", waitpid(bystander, &bst, WNOHANG) == 0);
	kill(bystander, SIGKILL);
	waitpid(bystander, &bst, 0);
	return failures ? 1 : 0;
}
