/*
 * Fault traces of a growing stack and of SIGSEGV, run under tools/qrun --trace
 * (tests/boot/vmtrace.sh checks the lines): a write far below the stack area grows it
 * (a stack-grow line, then the new page's demand-zero line); a child writes to an address
 * no area holds (SIGSEGV maperr), another to a read-only page (SIGSEGV accerr). It prints
 * the addresses and pids the lines must show.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define BAD_ADDRESS 0x1234

/* Runs fn in a child and says whether SIGSEGV killed it. */
static int dies_of_segv(void (*fn)(void *), void *arg, const char *what)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("%s %d %p\n", what, pid, arg);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV;
}

static void write_at(void *p)
{
	*(volatile char *)p = 1;
}

/* Writes 300 KiB below this frame, below the stack area (128 KiB at exec): it grows. */
static __attribute__((noinline)) void *grow(void)
{
	char *p = (char *)__builtin_frame_address(0) - 300 * 1024;
	*(volatile char *)p = 1;
	return p;
}

int main(void)
{
	printf("pid %d\n", getpid());
	printf("stack %p\n", grow());
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ok = ro != MAP_FAILED;
	ok &= dies_of_segv(write_at, (void *)BAD_ADDRESS, "maperr");
	ok &= dies_of_segv(write_at, ro, "accerr");
	printf("%s\n", ok ? "PASS" : "FAIL");
	return !ok;
}
