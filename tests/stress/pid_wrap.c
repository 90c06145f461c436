/*
 * Process IDs wrap at /proc/sys/kernel/pid_max, in the guest only (the setting is global):
 * with pid_max 400, children get IDs below 400, then start over at 300 (Linux's
 * RESERVED_PIDS), skipping an ID still in use by a process, a process group or a session.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

#define CHECK(what, cond)                                                         \
	do {                                                                      \
		int ok_ = (cond);                                                 \
		printf("%-66s %s\n", what, ok_ ? "ok" : "FAILED");                \
		fflush(stdout);                                                   \
		failures += !ok_;                                                 \
	} while (0)

static int set_pid_max(const char *text)
{
	int fd = open("/proc/sys/kernel/pid_max", O_WRONLY);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	if (fd >= 0)
		close(fd);
	return ok;
}

/* Forks a child that exits at once, reaps it, and returns its ID. */
static pid_t short_child(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

/* Forks children until the IDs wrap: the first ID after the wrap, and whether every ID
 * before it was below 400. */
static pid_t until_wrap(int *below)
{
	pid_t last = 0, pid;
	*below = 1;
	for (int i = 0; i < 1000; i++) {
		pid = short_child();
		if (pid <= last)
			return pid;
		*below &= pid < 400;
		last = pid;
	}
	return -1;
}

int main(void)
{
	CHECK("pid_max 400", set_pid_max("400"));
	int below;
	pid_t first = until_wrap(&below);
	CHECK("children's IDs stay below pid_max", below);
	CHECK("after pid_max - 1 they start over at 300", first == 300);
	int hold[2];
	pipe(hold);
	pid_t keeper = fork();
	if (keeper == 0) {                      /* lives until the pipe closes */
		char c;
		close(hold[1]);
		read(hold[0], &c, 1);
		_exit(0);
	}
	close(hold[0]);
	CHECK("the next child gets 301 and stays", keeper == 301);
	pid_t again = until_wrap(&below);
	CHECK("on the next wrap, 300 again", again == 300 && below);
	pid_t next = short_child();
	CHECK("then 302: 301 is in use", next == 302);
	close(hold[1]);
	waitpid(keeper, NULL, 0);
	CHECK("pid_max back to 32768", set_pid_max("32768"));
	printf("pid_wrap: %d failed\n", failures);
	return failures != 0;
}
