/* glibc's posix_spawn and system(): clone3 first (ENOSYS here, logged), then
 * clone(CLONE_VM | CLONE_VFORK) with a stack of its own; the parent waits for the child's
 * exec. Built with glibc (`gcc -static`). */
#include "../user/check.h"

#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
	pid_t pid;
	int status;
	char *argv[] = { "sh", "-c", "exit 9", NULL };
	CHECK("posix_spawn /bin/sh -c 'exit 9'", posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) == 0);
	CHECK("... exits 9", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 9);
	char *none[] = { "nothing", NULL };
	CHECK("posix_spawn of a missing program: ENOENT",
	      posix_spawn(&pid, "/nonexistent/program", NULL, NULL, none, environ) == ENOENT);
	status = system("exit 4");
	CHECK("system(\"exit 4\"): 4", WIFEXITED(status) && WEXITSTATUS(status) == 4);
	pid = vfork();
	if (pid == 0)
		_exit(6);
	CHECK("vfork: the child's status", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 6);
	CHECK_DONE();
}
