/* clone as C libraries call it to fork: glibc's fork() is clone(CLONE_CHILD_SETTID |
 * CLONE_CHILD_CLEARTID | SIGCHLD) with the child's tid word; the child writes its pid there
 * in its own memory only. Also CLONE_PARENT_SETTID, CLONE_SETTLS, and the flag
 * combinations Linux refuses. */
#include "check.h"

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sched.h>
#include <unistd.h>

#define ARCH_GET_FS 0x1003              /* <asm/prctl.h>, which musl does not carry */
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

static volatile int child_tid_word = -1;
static volatile int parent_tid_word = -1;

/* clone as a fork: returns twice, like fork. */
static long raw_clone(unsigned long flags, void *parent_tid, void *child_tid, void *tls)
{
	return syscall(SYS_clone, flags, NULL, parent_tid, child_tid, tls);
}

/* The child's exit status (or -1). */
static int reap(long pid)
{
	int status;
	if (waitpid((pid_t)pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void child_settid(void)
{
	long pid = raw_clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, NULL,
			     (void *)&child_tid_word, NULL);
	if (pid == 0)
		_exit(child_tid_word == (int)syscall(SYS_getpid) ? 7 : 1);
	CHECK("CHILD_SETTID: the child finds its pid in its tid word", reap(pid) == 7);
	CHECK("CHILD_SETTID: the parent's word is unchanged", child_tid_word == -1);
}

static void parent_settid(void)
{
	long pid = raw_clone(CLONE_PARENT_SETTID | SIGCHLD, (void *)&parent_tid_word, NULL, NULL);
	if (pid == 0)
		_exit(parent_tid_word == -1 ? 7 : 1);
	CHECK("PARENT_SETTID: the parent's word holds the child's pid", parent_tid_word == pid);
	CHECK("PARENT_SETTID: the child's copy was made before", reap(pid) == 7);
}

/* System calls without the C library: a CLONE_SETTLS child has lost the thread pointer
 * through which the C library finds errno and its stack-protector canary (Debian's musl
 * reads it in syscall() itself). */
static inline long bare_syscall2(long n, long a, long b)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return r;
}

static inline long bare_clone_tls(unsigned long flags, void *tls)
{
	long r;
	register long r10 __asm__("r10") = 0;   /* child_tid */
	register long r8 __asm__("r8") = (long)tls;
	__asm__ volatile("syscall" : "=a"(r)
			 : "a"((long)SYS_clone), "D"(flags), "S"(0L), "d"(0L), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return r;
}

__attribute__((no_stack_protector))
static void settls(void)
{
	static uint64_t tls_block[8];
	long pid = bare_clone_tls(CLONE_SETTLS | SIGCHLD, tls_block);
	if (pid == 0) {
		uint64_t fs = 0;
		bare_syscall2(SYS_arch_prctl, ARCH_GET_FS, (long)&fs);
		bare_syscall2(SYS_exit, fs == (uint64_t)tls_block ? 7 : 1, 0);
	}
	CHECK("SETTLS: the child runs with the given FS base", reap(pid) == 7);
	long r = raw_clone(CLONE_SETTLS | SIGCHLD, NULL, NULL, (void *)0xffff800000000000ULL);
	CHECK("SETTLS with a kernel address: EPERM", r == -1 && errno == EPERM);
}

static void refused(const char *what, unsigned long flags, int err)
{
	long r = raw_clone(flags, NULL, NULL, NULL);
	if (r == 0)
		_exit(0);
	if (r > 0)
		reap(r);
	printf("%-50s -> %s\n", what, r == -1 ? errno_name(errno) : "started");
	if (r != -1 || errno != err)
		check_failures++;
}

/* clone3 with struct clone_args of size bytes (a larger buffer, zero beyond). */
static long raw_clone3(const struct clone_args *a, size_t size)
{
	static unsigned char buf[256];
	memset(buf, 0, sizeof(buf));
	memcpy(buf, a, sizeof(*a) < size ? sizeof(*a) : size);
	return syscall(SYS_clone3, buf, size);
}

static void clone3_calls(void)
{
	struct clone_args a = { .exit_signal = SIGCHLD };
	long pid = raw_clone3(&a, sizeof(a));
	if (pid == 0)
		_exit(5);
	CHECK("clone3 as fork: the child's status", pid > 0 && reap(pid) == 5);
	a.flags = CLONE_PARENT_SETTID;
	a.parent_tid = (uint64_t)&parent_tid_word;
	pid = raw_clone3(&a, 64);
	if (pid == 0)
		_exit(0);
	CHECK("clone3 with PARENT_SETTID, version 0 (64 bytes)", pid > 0 && parent_tid_word == pid);
	reap(pid);
	struct clone_args plain = { .exit_signal = SIGCHLD };
	long r = raw_clone3(&plain, 32);
	CHECK("clone3, 32 bytes: EINVAL", r == -1 && errno == EINVAL);
	r = raw_clone3(&plain, 8192);
	CHECK("clone3, 8192 bytes: E2BIG", r == -1 && errno == E2BIG);
	static unsigned char longer[128];
	memcpy(longer, &plain, sizeof(plain));
	longer[100] = 1;
	r = syscall(SYS_clone3, longer, sizeof(longer));
	CHECK("clone3, unknown fields not zero: E2BIG", r == -1 && errno == E2BIG);
	struct clone_args bad = { .exit_signal = 65 };
	CHECK("clone3, exit signal 65: EINVAL", raw_clone3(&bad, sizeof(bad)) == -1 && errno == EINVAL);
	bad = (struct clone_args){ .flags = SIGCHLD };
	CHECK("clone3, a signal in flags: EINVAL", raw_clone3(&bad, sizeof(bad)) == -1 && errno == EINVAL);
	bad = (struct clone_args){ .exit_signal = SIGCHLD, .stack = (uint64_t)longer };
	CHECK("clone3, a stack without a size: EINVAL", raw_clone3(&bad, sizeof(bad)) == -1 && errno == EINVAL);
	bad = (struct clone_args){ .flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, .exit_signal = SIGCHLD };
	CHECK("clone3, a thread with an exit signal: EINVAL", raw_clone3(&bad, sizeof(bad)) == -1 && errno == EINVAL);
}

int main(void)
{
	child_settid();
	parent_settid();
	settls();
	refused("CLONE_SIGHAND without CLONE_VM", CLONE_SIGHAND | SIGCHLD, EINVAL);
	refused("CLONE_THREAD without CLONE_SIGHAND", CLONE_THREAD | CLONE_VM, EINVAL);
	refused("CLONE_NEWNS with CLONE_FS", CLONE_NEWNS | CLONE_FS | SIGCHLD, EINVAL);
	refused("CLONE_PIDFD with CLONE_PARENT_SETTID", CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD,
		EINVAL);
	clone3_calls();
	CHECK_DONE();
}
