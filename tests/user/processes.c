/*
 * More about processes: a pipe carrying more than its buffer between two processes, an
 * orphan adopted by init, many small areas (the area tree), and a file that stays mapped
 * after it is unlinked.
 */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096

static int big_pipe(void)
{
	enum { TOTAL = 1 << 20 };               /* 16 times the pipe's capacity */
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		static char chunk[3000];
		long sent = 0;
		for (unsigned char v = 0; sent < TOTAL; v++) {
			size_t n = TOTAL - sent < (long)sizeof(chunk) ? (size_t)(TOTAL - sent) : sizeof(chunk);
			memset(chunk, v, n);
			if (write(fds[1], chunk, n) != (ssize_t)n)
				_exit(1);
			sent += (long)n;
		}
		_exit(0);
	}
	close(fds[1]);
	static char buf[8192];
	long got = 0, bad = 0;
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += (unsigned char)buf[i] != (unsigned char)((got + i) / 3000);
		got += n;
	}
	close(fds[0]);
	int st;
	waitpid(pid, &st, 0);
	return got == TOTAL && !bad && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The middle process exits at once; its child, now an orphan, must get a new parent. */
static int orphan_adopted(void)
{
	int fds[2];
	pipe(fds);
	pid_t middle = fork();
	if (middle == 0) {
		pid_t before = getpid();        /* the grandchild's parent, until it exits */
		if (fork() == 0) {
			close(fds[0]);
			while (getppid() == before)
				usleep(1000);
			char ok = getppid() != before ? 'y' : 'n';
			write(fds[1], &ok, 1);
			_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);
	waitpid(middle, NULL, 0);
	char ok = 0;
	read(fds[0], &ok, 1);
	close(fds[0]);
	return ok == 'y';
}

static int many_areas(void)
{
	enum { N = 2000 };
	static char *a[N];
	for (int i = 0; i < N; i++) {
		a[i] = mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a[i] == MAP_FAILED)
			return 0;
		/* Alternate protections so that neighbours cannot merge into one area. */
		if (i % 2)
			mprotect(a[i], P, PROT_READ);
		else
			a[i][0] = (char)i;
	}
	int right = 1;
	for (int i = 0; i < N; i += 2)
		right &= a[i][0] == (char)i;
	for (int i = 0; i < N; i++)
		munmap(a[i], P);
	return right;
}

static int mapped_after_unlink(void)
{
	int fd = open("processes.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char page[P];
	memset(page, 'u', P);
	write(fd, page, P);
	char *m = mmap(NULL, P, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	unlink("processes.data");
	return m != MAP_FAILED && m[0] == 'u' && m[P - 1] == 'u' && munmap(m, P) == 0;
}

int main(void)
{
	CHECK("1 MiB through a pipe between two processes", big_pipe());
	CHECK("an orphan gets a new parent", orphan_adopted());
	CHECK("2000 separate areas", many_areas());
	CHECK("a mapping outlives the file's name and descriptor", mapped_after_unlink());
	static long gs_word = 0x600d;
	unsigned long gs_read = 0, gs_value = 0;
	CHECK("arch_prctl(ARCH_SET_GS)", syscall(SYS_arch_prctl, 0x1001, &gs_word) == 0);
	__asm__ volatile("movq %%gs:0, %0" : "=r"(gs_value));
	CHECK("  %gs:0 reads through the new base", gs_value == 0x600d);
	fflush(stdout);
	if (fork() == 0) {
		__asm__ volatile("movq %%gs:0, %0" : "=r"(gs_value));
		_exit(gs_value == 0x600d ? 0 : 1);
	}
	int gs_status;
	wait(&gs_status);
	CHECK("  and in a forked child", WIFEXITED(gs_status) && WEXITSTATUS(gs_status) == 0);
	CHECK("arch_prctl(ARCH_GET_GS) reads it back",
	      syscall(SYS_arch_prctl, 0x1004, &gs_read) == 0 && gs_read == (unsigned long)&gs_word);
	CHECK_DONE();
}
