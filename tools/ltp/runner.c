/*
 * ltp-runner: runs LTP tests one after another, each under a time limit, on Linux and in
 * the guest alike (tools/ltp/run.sh builds it statically with musl and runs it both ways).
 *
 *   ltp-runner LTPROOT TMPDIR TIMEOUT_SECONDS LIST [KCONFIG]
 *
 * LIST holds runtest lines ("NAME COMMAND [ARGS...]", as LTP's runtest/syscalls; lines
 * starting with # and empty lines are skipped). Each COMMAND runs with LTPROOT/testcases/bin
 * first on PATH (and /usr/bin last), LTPROOT and TMPDIR set, KCONFIG_PATH=KCONFIG if given
 * (the kernel's configuration, for tests that need an option), its standard output and error on the runner's
 * standard output, in a process group of its own. For each test the runner prints
 *   @@LTP-BEGIN NAME
 *   ... the test's output ...
 *   @@LTP-END NAME STATUS
 * where STATUS is the exit status (0 pass, 32 TCONF, others fail), "signal N" when signal
 * N killed it, or "timeout" when it ran past TIMEOUT_SECONDS (then its whole process group
 * is killed, so one hang cannot stop the run). Whatever a test leaves running in its group
 * is killed before the next one starts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 32

/* Sleeps for ms milliseconds (restarted after a signal). */
static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The monotonic clock in milliseconds. */
static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Splits line into at most MAX_ARGS - 1 words in argv (NULL-terminated); the word count. */
static int split(char *line, char **argv)
{
	int n = 0;
	for (char *w = strtok(line, " \t\n"); w && n < MAX_ARGS - 1; w = strtok(NULL, " \t\n"))
		argv[n++] = w;
	argv[n] = NULL;
	return n;
}

/* Runs argv in its own process group with a time limit; prints how it ended. */
static void run_one(const char *name, char **argv, long timeout_s)
{
	printf("@@LTP-BEGIN %s\n", name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		printf("@@LTP-END %s fork-failed-%d\n", name, errno);
		fflush(stdout);
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(1, 2);
		execvp(argv[0], argv);
		printf("ltp-runner: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);     /* as the child does: whichever runs first */
	long long deadline = now_ms() + timeout_s * 1000;
	int status = 0;
	pid_t got;
	while ((got = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < deadline)
		sleep_ms(20);
	if (got == 0) {
		kill(-pid, SIGKILL);
		waitpid(pid, &status, 0);
		printf("\n@@LTP-END %s timeout\n", name);
	} else if (got < 0) {
		printf("\n@@LTP-END %s waitpid-failed-%d\n", name, errno);
	} else if (WIFSIGNALED(status)) {
		printf("\n@@LTP-END %s signal %d\n", name, WTERMSIG(status));
	} else {
		printf("\n@@LTP-END %s %d\n", name, WEXITSTATUS(status));
	}
	kill(-pid, SIGKILL);   /* whatever the test left behind in its group */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: ltp-runner LTPROOT TMPDIR TIMEOUT_SECONDS LIST [KCONFIG]\n");
		return 2;
	}
	const char *root = argv[1];
	long timeout_s = atol(argv[3]);
	FILE *list = fopen(argv[4], "r");
	if (!list) {
		perror(argv[4]);
		return 2;
	}
	char path[4096];
	const char *old_path = getenv("PATH");
	snprintf(path, sizeof(path), "%s/testcases/bin:%s:/usr/bin", root, old_path ? old_path : "/bin");
	setenv("PATH", path, 1);
	setenv("LTPROOT", root, 1);
	setenv("TMPDIR", argv[2], 1);
	setenv("LTP_COLORIZE_OUTPUT", "0", 1);
	if (argc == 6)
		setenv("KCONFIG_PATH", argv[5], 1);
	/* A test that waits on its children must not get the runner's own. */
	signal(SIGCHLD, SIG_DFL);
	char line[1024];
	while (fgets(line, sizeof(line), list)) {
		char *words[MAX_ARGS];
		if (line[0] == '#' || split(line, words) < 2)
			continue;
		run_one(words[0], words + 1, timeout_s);
	}
	printf("@@LTP-DONE\n");
	fflush(stdout);
	return 0;
}
