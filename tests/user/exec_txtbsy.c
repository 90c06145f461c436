/* execve of a file that some open file may write is ETXTBSY, as Linux's deny_write_access
 * (LTP's execve04): open O_WRONLY or O_RDWR, by this process or another, through a dup
 * as long as one descriptor is left; opened O_RDONLY it runs, and once the last writer is
 * closed it runs again. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define COPY "exec_txtbsy.copy"

/* Runs the copy with the argument "child" in a child process: its exit status, or 100 +
 * the errno of a failed execve. */
static int run_copy(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { COPY, "child", NULL };
		execve("./" COPY, argv, (char *[]){ NULL });
		_exit(100 + errno);
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A line saying what running the copy gave, checked against want (an exit status). */
static void expect(const char *what, int want)
{
	char line[120];
	int got = run_copy();
	snprintf(line, sizeof(line), "%s: %s", what, got == 0 ? "runs" :
		 got == 100 + ETXTBSY ? "ETXTBSY" : got >= 100 ? errno_name(got - 100) : "?");
	CHECK(line, got == want);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 0;
	/* A copy of this program, to run and to hold open. */
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(COPY, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, (size_t)n);
	close(in);
	CHECK("a copy of this program is made", out >= 0);
	expect("open O_WRONLY here", 100 + ETXTBSY);
	int again = dup(out);
	close(out);
	expect("closed, but a dup is left", 100 + ETXTBSY);
	close(again);
	expect("all closed", 0);
	int rd = open(COPY, O_RDONLY);
	expect("open O_RDONLY", 0);
	close(rd);
	int rw = open(COPY, O_RDWR);
	expect("open O_RDWR", 100 + ETXTBSY);
	close(rw);

	/* Another process holds it open for writing. */
	int ready[2], done[2];
	pipe(ready);
	pipe(done);
	pid_t holder = fork();
	if (holder == 0) {
		int fd = open(COPY, O_WRONLY);
		write(ready[1], "r", 1);
		read(done[0], buf, 1);          /* until the parent has tried */
		close(fd);
		_exit(0);
	}
	read(ready[0], buf, 1);
	expect("open O_WRONLY by another process", 100 + ETXTBSY);
	write(done[1], "d", 1);
	waitpid(holder, NULL, 0);
	expect("that process has exited", 0);
	unlink(COPY);
	return check_failures != 0;
}
