/*
 * Core dumps, compared with Linux: a child killed by a core signal leaves an ELF core file
 * named by /proc/sys/kernel/core_pattern ("core" here and on the host) when its RLIMIT_CORE
 * allows, and the wait status has WCOREDUMP exactly then. SIGKILL and SIGTERM never dump;
 * a limit below a page dumps nothing; a small limit cuts the core short.
 *
 * With the argument --print-core it instead makes one core (a SIGSEGV in crash_here, whose
 * local variable answer is 42, while a second thread waits in pause) and prints it
 * base64-encoded between markers, for tests/gdb/core.sh to give to gdb on the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CORE "core"

/* The function gdb must name: answer is on the stack when the store faults. */
__attribute__((noinline)) static void crash_here(volatile int *where)
{
	volatile int answer = 42;
	*where = answer;
}

static void set_core_limit(rlim_t limit)
{
	struct rlimit r = { limit, RLIM_INFINITY };
	if (setrlimit(RLIMIT_CORE, &r) != 0) {
		perror("setrlimit");
		_exit(100);
	}
}

/* An address nothing maps (a global, so the compiler cannot see it is bad). */
volatile int *volatile bad_pointer = (volatile int *)16;

/* What SIGCHLD's siginfo said of the last child (CLD_DUMPED exactly with a core). */
static volatile sig_atomic_t chld_code, chld_status;

static void on_sigchld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static const char *cld_name(int code)
{
	return code == CLD_EXITED ? "CLD_EXITED" : code == CLD_KILLED ? "CLD_KILLED" :
	       code == CLD_DUMPED ? "CLD_DUMPED" : "other";
}

/* The second thread of the printed core's process: it waits, and the core holds its
 * registers too (gdb's thread 2). */
static void *waiting_thread(void *arg)
{
	(void)arg;
	while (pause() == -1)           /* always -1: it waits for good */
		;
	return NULL;
}

/* Runs a child with RLIMIT_CORE limit that dies as `how` says; returns its wait status. */
static int run_child(rlim_t limit, const char *how)
{
	unlink(CORE);
	chld_code = chld_status = 0;
	pid_t pid = fork();
	if (pid == 0) {
		set_core_limit(limit);
		if (!strcmp(how, "segv"))
			crash_here(bad_pointer);
		else if (!strcmp(how, "segv-threaded")) {
			pthread_t t;
			pthread_create(&t, NULL, waiting_thread, NULL);
			crash_here(bad_pointer);
		}
		else if (!strcmp(how, "abort"))
			abort();
		else if (!strcmp(how, "quit"))
			raise(SIGQUIT);
		else if (!strcmp(how, "kill"))
			raise(SIGKILL);
		else if (!strcmp(how, "term"))
			raise(SIGTERM);
		_exit(99);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		exit(1);
	}
	return status;
}

/* The core file's size, or -1 when there is none. */
static long core_size(void)
{
	struct stat st;
	return stat(CORE, &st) == 0 ? (long)st.st_size : -1;
}

/* Whether the core starts with an ELF header of an x86-64 ET_CORE file. */
static const char *core_header(void)
{
	unsigned char h[20];
	int fd = open(CORE, O_RDONLY);
	if (fd < 0)
		return "none";
	ssize_t n = read(fd, h, sizeof(h));
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, "\177ELF", 4) != 0)
		return "not ELF";
	if (h[4] != 2 || h[5] != 1)
		return "not ELF64 little-endian";
	if (h[16] != 4 || h[17] != 0)
		return "not ET_CORE";
	if (h[18] != 62 || h[19] != 0)
		return "not x86-64";
	return "ELF64 ET_CORE x86-64";
}

static void report(const char *what, rlim_t limit, const char *how)
{
	int status = run_child(limit, how);
	if (WIFSIGNALED(status))
		printf("%s: killed by %s, WCOREDUMP %d, core file: %s, SIGCHLD %s %d\n", what,
		       strsignal(WTERMSIG(status)), WCOREDUMP(status) ? 1 : 0, core_header(),
		       cld_name(chld_code), (int)chld_status);
	else
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
}

/* Prints the core file base64-encoded between markers. */
static int print_core(void)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int status = run_child(RLIM_INFINITY, "segv-threaded");
	if (!WIFSIGNALED(status) || !WCOREDUMP(status)) {
		printf("no core: status %#x\n", status);
		return 1;
	}
	FILE *f = fopen(CORE, "r");
	if (!f)
		return 1;
	printf("--- core base64 begin ---\n");
	unsigned char in[57];
	size_t n;
	while ((n = fread(in, 1, sizeof(in), f)) > 0) {
		char line[80];
		size_t o = 0;
		for (size_t i = 0; i < n; i += 3) {
			unsigned v = in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0) |
				     (i + 2 < n ? in[i + 2] : 0);
			line[o++] = digits[v >> 18 & 63];
			line[o++] = digits[v >> 12 & 63];
			line[o++] = i + 1 < n ? digits[v >> 6 & 63] : '=';
			line[o++] = i + 2 < n ? digits[v & 63] : '=';
		}
		line[o] = '\0';
		puts(line);
	}
	fclose(f);
	printf("--- core base64 end ---\n");
	unlink(CORE);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--print-core"))
		return print_core();

	struct sigaction sa = { .sa_sigaction = on_sigchld, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigaction(SIGCHLD, &sa, NULL);
	char pattern[64] = "";
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, pattern, sizeof(pattern) - 1);
		pattern[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	printf("core_pattern: %s", pattern);

	struct rlimit r;
	getrlimit(RLIMIT_CORE, &r);
	printf("RLIMIT_CORE at start: soft %s\n", r.rlim_cur == 0 ? "0" : "not 0");

	report("SIGSEGV, limit unlimited", RLIM_INFINITY, "segv");
	long full = core_size();
	report("SIGSEGV, limit 0", 0, "segv");
	report("SIGSEGV, limit 4095 (under a page)", 4095, "segv");
	report("SIGSEGV, limit 8192", 8192, "segv");
	long cut = core_size();
	printf("cut core is smaller than the whole one: %s\n",
	       cut > 0 && cut < full ? "yes" : "no");
	report("abort, limit unlimited", RLIM_INFINITY, "abort");
	report("SIGQUIT, limit unlimited", RLIM_INFINITY, "quit");
	report("SIGKILL, limit unlimited", RLIM_INFINITY, "kill");
	report("SIGTERM, limit unlimited", RLIM_INFINITY, "term");
	report("exit, limit unlimited", RLIM_INFINITY, "exit");
	unlink(CORE);
	return 0;
}
