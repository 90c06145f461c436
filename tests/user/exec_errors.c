/* execve's errors: each failure returns -1 with Linux's errno, and the caller goes on. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case ENOEXEC: return "ENOEXEC";
	case EFAULT: return "EFAULT";
	case ENOTDIR: return "ENOTDIR";
	case E2BIG: return "E2BIG";
	default: return "other";
	}
}

static void try(const char *what, const char *path, char *const *argv)
{
	char *envp[] = { NULL };
	long r = syscall(SYS_execve, path, argv, envp);
	printf("%-40s -> %ld %s\n", what, r, r < 0 ? errname(errno) : "");
}

/* Runs path with argv in a child whose output goes to /dev/null; its exit status, or -1. */
static int run_quietly(const char *path, char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		char *envp[] = { NULL };
		execve(path, argv, envp);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void make_file(const char *name, const void *data, size_t n, mode_t mode)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, mode);
	write(fd, data, n);
	close(fd);
	chmod(name, mode);
}

int main(void)
{
	char *argv[] = { "x", NULL };
	mkdir("exec_errors.d", 0755);
	try("no such file", "exec_errors.d/missing", argv);
	try("a path through a file", "./show_args/x", argv);
	make_file("exec_errors.d/noexec", "\x7f" "ELF", 4, 0644);
	try("no execute permission", "exec_errors.d/noexec", argv);
	try("a directory", "exec_errors.d", argv);
	make_file("exec_errors.d/text", "hello, I am not a program\n", 26, 0755);
	try("not an executable format", "exec_errors.d/text", argv);
	char head[40];
	int fd = open("./show_args", O_RDONLY);
	read(fd, head, sizeof(head));
	close(fd);
	make_file("exec_errors.d/truncated", head, sizeof(head), 0755);
	try("a truncated ELF", "exec_errors.d/truncated", argv);
	try("a bad path pointer", (const char *)1, argv);
	try("a bad argv pointer", "./show_args", (char *const *)1);
	char *bad_string[] = { "x", (char *)1, NULL };
	try("a bad argument string", "./show_args", bad_string);
	static char huge[200 * 1024];           /* longer than one argument may be (128 KiB) */
	memset(huge, 'h', sizeof(huge) - 1);
	char *too_long[] = { "x", huge, NULL };
	try("an argument longer than 128 KiB", "./show_args", too_long);
	static char chunk[100 * 1024];          /* 30 of them: more than the 2 MiB total */
	memset(chunk, 'c', sizeof(chunk) - 1);
	char *many[32];
	for (int i = 0; i < 30; i++)
		many[i] = chunk;
	many[30] = NULL;
	try("arguments over a quarter of the stack limit", "./show_args", many);
	printf("%-40s -> exit status %d\n", "1.5 MiB of arguments (under the limit)",
	       run_quietly("./show_args", many + 15));
	struct rlimit old, unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	getrlimit(RLIMIT_STACK, &old);
	setrlimit(RLIMIT_STACK, &unlimited);
	static char *seventy[72];               /* 7 MiB: over Linux's 6 MiB cap */
	for (int i = 0; i < 71; i++)
		seventy[i] = chunk;
	try("7 MiB of arguments, unlimited stack", "./show_args", seventy);
	setrlimit(RLIMIT_STACK, &old);
	unlink("exec_errors.d/noexec");
	unlink("exec_errors.d/text");
	unlink("exec_errors.d/truncated");
	rmdir("exec_errors.d");
	CHECK("still running after every failure", 1);
	CHECK_DONE();
}
