/* execveat and fexecve as Linux has them: a path from a directory descriptor, an open file
 * itself (AT_EMPTY_PATH), what the new program is called then ("/dev/fd/N/name" and
 * "/dev/fd/N" as its AT_EXECFN, and a script's path argument), AT_SYMLINK_NOFOLLOW, a
 * script whose descriptor closes at exec (ENOENT), and the errors. The program run is this
 * one, which prints what it was given. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

/* As the program run: prints argv, its name and AT_EXECFN. */
static int as_child(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("  argv[%d] = \"%s\"\n", i, argv[i]);
	char comm[17] = "";
	prctl(PR_GET_NAME, comm);
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char cwd[256];
	if (getcwd(cwd, sizeof(cwd)) && strncmp(execfn, cwd, strlen(cwd)) == 0)
		printf("  comm = \"%s\", AT_EXECFN = CWD\"%s\"\n", comm, execfn + strlen(cwd));
	else
		printf("  comm = \"%s\", AT_EXECFN = \"%s\"\n", comm, execfn);
	return 0;
}

/* execveat in a child; prints its error, or what the new program printed. */
static void run(const char *what, int dirfd, const char *path, int flags)
{
	printf("%s:\n", what);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "ea-arg0", "one", NULL };
		char *envp[] = { "EXECVEAT_CHILD=1", NULL };
		syscall(SYS_execveat, dirfd, path, argv, envp, flags);
		printf("  execveat: %s\n", errno_name(errno));
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("  the child ended with status 0x%x\n", status);
}

static void make_script(const char *name, const char *text, mode_t mode)
{
	unlink(name);
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, mode);
	write(fd, text, strlen(text));
	close(fd);
}

int main(int argc, char **argv)
{
	if (getenv("EXECVEAT_CHILD"))
		return as_child(argc, argv);
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	mkdir("ea.dir", 0755);
	unlink("ea.dir/prog");
	CHECK("a link to this program in ea.dir", symlink(self, "ea.dir/prog") == 0);
	make_script("ea.dir/script", "#!./ea.dir/prog sarg\n", 0755);

	int dir = open("ea.dir", O_RDONLY | O_DIRECTORY);
	int prog = open("ea.dir/prog", O_RDONLY);
	int script = open("ea.dir/script", O_RDONLY);
	int script_cloexec = open("ea.dir/script", O_RDONLY | O_CLOEXEC);
	int file = open("ea.dir/script", O_RDONLY);
	/* The descriptors' numbers are in names: make them the same on every system. */
	dup2(dir, 10);
	dup2(prog, 11);
	dup2(script, 12);
	dup2(script_cloexec, 13);
	fcntl(13, F_SETFD, FD_CLOEXEC);
	dup2(file, 14);

	run("AT_FDCWD and a relative path, as execve", AT_FDCWD, "ea.dir/prog", 0);
	run("a path from a directory descriptor", 10, "prog", 0);
	run("the open file itself (AT_EMPTY_PATH)", 11, "", AT_EMPTY_PATH);
	run("a script from a directory descriptor", 10, "script", 0);
	run("an open script (AT_EMPTY_PATH)", 12, "", AT_EMPTY_PATH);
	run("an open script that closes at exec", 13, "", AT_EMPTY_PATH);
	char abs_path[300];
	snprintf(abs_path, sizeof(abs_path), "%s/ea.dir/prog", getcwd(self, sizeof(self)));
	run("an absolute path ignores the descriptor", -1, abs_path, 0);
	run("AT_SYMLINK_NOFOLLOW on a link", 10, "prog", AT_SYMLINK_NOFOLLOW);
	run("an empty path without AT_EMPTY_PATH", 11, "", 0);
	run("an unknown flag", 10, "prog", 0x2);
	run("a relative path from a file descriptor", 14, "prog", 0);
	run("a relative path from a closed descriptor", 99, "prog", 0);
	run("AT_EMPTY_PATH on a directory descriptor", 10, "", AT_EMPTY_PATH);
	run("AT_EMPTY_PATH from the working directory", AT_FDCWD, "", AT_EMPTY_PATH);
	run("a missing name", 10, "none", 0);

	unlink("ea.dir/prog");
	unlink("ea.dir/script");
	rmdir("ea.dir");
	CHECK_DONE();
}
