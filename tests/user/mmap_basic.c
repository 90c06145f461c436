/* mmap, munmap, mprotect and brk: what a program can see of its areas. */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096

/* Runs fn in a child; returns the signal that killed it (0 if none). */
static int dies_by(void (*fn)(void *), void *arg)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static void write_at(void *p)
{
	*(volatile char *)p = 1;
}

static void read_at(void *p)
{
	volatile char c = *(volatile char *)p;
	(void)c;
}

int main(void)
{
	char *a = mmap(NULL, 8 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1;
	for (int i = 0; i < 8 * P; i++)
		zero &= a[i] == 0;
	CHECK("anonymous private memory starts zeroed", zero);
	memset(a, 'a', 8 * P);
	char *fixed = mmap(a + 2 * P, P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("MAP_FIXED lands where asked and replaces the page", fixed == a + 2 * P && a[2 * P] == 0 && a[P] == 'a');
	CHECK("munmap of the middle", munmap(a + 4 * P, 2 * P) == 0);
	CHECK("  leaves both ends usable", a[3 * P] == 'a' && a[6 * P] == 'a');
	CHECK("  and the middle unmapped", dies_by(read_at, a + 4 * P) == SIGSEGV);
	CHECK("mprotect to read-only", mprotect(a, P, PROT_READ) == 0);
	CHECK("  reads still work", a[0] == 'a');
	CHECK("  writes kill with SIGSEGV", dies_by(write_at, a) == SIGSEGV);
	CHECK("mprotect back to read-write", mprotect(a, P, PROT_READ | PROT_WRITE) == 0 && (a[0] = 'b') == 'b');
	CHECK("munmap of an unaligned address fails", munmap(a + 1, P) == -1);
	CHECK("mprotect of an unmapped range fails", mprotect(a + 4 * P, P, PROT_READ) == -1);

	char *shared = mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	shared[0] = 'p';
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		shared[0] = 'c';
		shared[100] = 'x';                      /* a page the parent never touched */
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	CHECK("MAP_SHARED anonymous memory is shared with a child", shared[0] == 'c' && shared[100] == 'x');

	int fd = open("mmap_basic.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char page[P];
	memset(page, 'f', P);
	write(fd, page, P);
	char *priv = mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("a private file mapping shows the file", priv[0] == 'f' && priv[P - 1] == 'f');
	priv[0] = 'X';
	char c = 0;
	pread(fd, &c, 1, 0);
	CHECK("  and its writes stay private", c == 'f' && priv[0] == 'X');
	char *sh = mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	sh[1] = 'S';
	pread(fd, &c, 1, 1);
	CHECK("a shared file mapping writes through to the file", c == 'S');
	pwrite(fd, "W", 1, 2);
	CHECK("  and sees writes made with write(2)", sh[2] == 'W');
	munmap(priv, P);
	munmap(sh, P);
	close(fd);
	unlink("mmap_basic.data");

	/* musl's sbrk only reports the break, so use the system call itself. */
	char *brk0 = (char *)syscall(SYS_brk, 0);
	CHECK("brk grows", (char *)syscall(SYS_brk, brk0 + 5 * P) == brk0 + 5 * P);
	brk0[5 * P - 1] = 1;
	CHECK("  and the new memory is usable", brk0[5 * P - 1] == 1);
	CHECK("brk shrinks", (char *)syscall(SYS_brk, brk0) == brk0);
	CHECK("  and the memory is gone", dies_by(read_at, brk0 + 4 * P) == SIGSEGV);
	munmap(a, 8 * P);
	munmap(shared, P);
	CHECK_DONE();
}
