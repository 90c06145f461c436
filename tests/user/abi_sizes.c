/* How many bytes each system call writes into the structure it is given: a kernel whose
 * structure is larger than Linux's overwrites what the caller keeps after it (glibc's
 * 112-byte struct sysinfo on the stack, say). Each call writes into a buffer filled once
 * with 0xaa and once with 0x55; the last byte that changed in either run gives the count. */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BUF 1024

static unsigned char buf[BUF];

typedef long (*call_fn)(void *out);

/* The bytes call writes: the highest offset that differs from the fill, plus one. */
static size_t bytes_written(call_fn call)
{
	size_t most = 0;
	const unsigned char fills[2] = { 0xaa, 0x55 };
	for (int i = 0; i < 2; i++) {
		memset(buf, fills[i], sizeof(buf));
		if (call(buf) < 0)
			return 0;
		for (size_t at = sizeof(buf); at > most; at--)
			if (buf[at - 1] != fills[i]) {
				most = at;
				break;
			}
	}
	return most;
}

static long do_sysinfo(void *o) { return syscall(SYS_sysinfo, o); }
static long do_uname(void *o) { return syscall(SYS_uname, o); }
static long do_getrusage(void *o) { return syscall(SYS_getrusage, 0, o); }
static long do_times(void *o) { return syscall(SYS_times, o) == -1 ? -1 : 0; }
static long do_gettimeofday(void *o) { return syscall(SYS_gettimeofday, o, NULL); }
static long do_timezone(void *o) { return syscall(SYS_gettimeofday, NULL, o); }
static long do_clock_gettime(void *o) { return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, o); }
static long do_clock_getres(void *o) { return syscall(SYS_clock_getres, CLOCK_MONOTONIC, o); }
static long do_statfs(void *o) { return syscall(SYS_statfs, "/", o); }
static long do_fstat(void *o) { return syscall(SYS_fstat, 0, o); }
static long do_getrlimit(void *o) { return syscall(SYS_getrlimit, RLIMIT_STACK, o); }
static long do_prlimit(void *o) { return syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, o); }
static long do_sigaction(void *o) { return syscall(SYS_rt_sigaction, SIGUSR1, NULL, o, 8); }
static long do_sigprocmask(void *o) { return syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, o, 8); }
static long do_sigpending(void *o) { return syscall(SYS_rt_sigpending, o, 8); }
static long do_sigaltstack(void *o) { return syscall(SYS_sigaltstack, NULL, o); }
static long do_pipe(void *o) { return syscall(SYS_pipe, o); }

int main(void)
{
	static const struct { const char *name; call_fn call; } calls[] = {
		{ "sysinfo", do_sysinfo }, { "uname", do_uname }, { "getrusage", do_getrusage },
		{ "times", do_times }, { "gettimeofday (timeval)", do_gettimeofday },
		{ "gettimeofday (timezone)", do_timezone },
		{ "clock_gettime", do_clock_gettime }, { "clock_getres", do_clock_getres },
		{ "statfs", do_statfs }, { "fstat", do_fstat }, { "getrlimit", do_getrlimit },
		{ "prlimit64", do_prlimit }, { "rt_sigaction (old)", do_sigaction },
		{ "rt_sigprocmask (old)", do_sigprocmask }, { "rt_sigpending", do_sigpending },
		{ "sigaltstack (old)", do_sigaltstack }, { "pipe", do_pipe },
	};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		size_t n = bytes_written(calls[i].call);
		printf("%-28s writes %zu bytes\n", calls[i].name, n);
		if (n == 0)
			check_failures++;
	}
	CHECK_DONE();
}
