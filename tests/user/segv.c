/* Bad memory accesses kill the process with SIGSEGV, whichever way they go wrong. */
#include "check.h"

#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static void write_read_only(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
}

static void read_null(void)
{
	volatile char c = *(volatile char *)0;
	(void)c;
}

static void read_kernel(void)
{
	volatile char c = *(volatile char *)0xffff800000000000ULL;
	(void)c;
}

static void read_unmapped(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, PAGE);
	volatile char c = *p;
	(void)c;
}

static void execute_data(void)
{
	unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 0xc3;                            /* ret */
	((void (*)(void))(uintptr_t)p)();
}

static void write_prot_none(void)
{
	char *p = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
}

static void write_text(void)
{
	*(volatile char *)(uintptr_t)write_text = 0;
}

static volatile int depth_limit = 1 << 30;

static int overflow_stack_at(int depth)
{
	volatile char big[1 << 16];
	big[0] = (char)depth;
	if (depth == depth_limit)
		return 0;
	return overflow_stack_at(depth + 1) + big[0];
}

static void overflow_stack(void)
{
	overflow_stack_at(0);
}

static void expect_segv(const char *what, void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("%-32s signaled=%s sig=%d\n", what, WIFSIGNALED(st) ? "yes" : "no",
	       WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
		check_failures++;
}

int main(void)
{
	expect_segv("write to a read-only page", write_read_only);
	expect_segv("read address 0", read_null);
	expect_segv("read a kernel address", read_kernel);
	expect_segv("read an unmapped page", read_unmapped);
	expect_segv("execute a data page", execute_data);
	expect_segv("write a PROT_NONE page", write_prot_none);
	expect_segv("write the program's own code", write_text);
	expect_segv("overflow the stack", overflow_stack);
	CHECK_DONE();
}
