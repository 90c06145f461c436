/*
 * A core dump of a process whose pages are out on swap: the dump reads each swapped page
 * back (as the program would read it) and the core holds its data, in the page's place of
 * the area's PT_LOAD; the dying process's swap slots are all freed when it is gone.
 * qrun: --mem 64M --swap 64M
 */
#include "swapcheck.h"

#include <signal.h>

#include <elf.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define N 64

/* The child: fills N pages, pages them out, reports where and whether all went out, then
 * dies of SIGSEGV with RLIMIT_CORE raised. */
static void child(int report)
{
	uint64_t *m = fill_pages(N, 7);
	madvise(m, N * PAGE, MADV_PAGEOUT);
	uint64_t pm[N];
	pagemap_range(m, N, pm);
	int swapped = 1;
	for (size_t i = 0; i < N; i++)
		swapped &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_SWAP;
	struct { uint64_t *m; int swapped; } r = { m, swapped };
	write(report, &r, sizeof(r));
	struct rlimit lim = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_CORE, &lim);
	raise(SIGSEGV);
	_exit(99);
}

/* The PT_LOAD of the area at va in core fd (p_type 0 if none). */
static Elf64_Phdr area_of(int fd, const void *va)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph = { 0 };
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		return ph;
	for (int i = 0; i < eh.e_phnum; i++) {
		pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph)));
		if (ph.p_type == PT_LOAD && ph.p_vaddr == (uintptr_t)va)
			return ph;
	}
	return (Elf64_Phdr){ 0 };
}

int main(void)
{
	long size, used0;
	if (!swaps("/dev/vda1", &size, &used0)) {
		printf("FAIL swap is on /dev/vda1\n");
		return 1;
	}
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		child(p[1]);
	}
	close(p[1]);
	struct { uint64_t *m; int swapped; } r = { 0 };
	read(p[0], &r, sizeof(r));
	int status;
	waitpid(pid, &status, 0);
	check("the child's pages were all on swap when it died", r.swapped);
	check("it dumped core", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV &&
				 WCOREDUMP(status));
	long used;
	swaps("/dev/vda1", &size, &used);
	check("its swap slots are freed", used == used0);

	int fd = open("core", O_RDONLY);
	Elf64_Phdr a = area_of(fd, r.m);
	check("the core has the area, in full", a.p_type && a.p_filesz == N * PAGE);
	static uint64_t data[N * PAGE / 8];
	pread(fd, data, N * PAGE, (off_t)a.p_offset);
	check("every swapped page is in the core with its data", pages_intact(data, N, 7) == N);
	close(fd);
	unlink("core");
	return failures != 0;
}
