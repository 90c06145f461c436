/* vfork and posix_spawn: the child runs in its parent's memory (a write it makes before
 * exec or _exit is the parent's), and the parent waits until the child execs or exits;
 * posix_spawn and system() start programs that way in musl and glibc. */
#include "check.h"

#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static volatile int shared_word;

int main(void)
{
	shared_word = 1;
	pid_t pid = vfork();
	if (pid == 0) {
		shared_word = 2;                /* the parent's memory: it sees this */
		_exit(3);
	}
	CHECK("vfork: the parent runs after the child's _exit, and sees its write",
	      shared_word == 2);
	int status;
	CHECK("vfork: the child's status", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 3);

	pid = vfork();
	if (pid == 0) {
		char *argv[] = { "true", NULL };
		execve("/bin/true", argv, environ);
		_exit(127);
	}
	CHECK("vfork then execve: the parent goes on", waitpid(pid, &status, 0) == pid &&
						       WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* SIGKILL ends a vfork parent's wait: here its own child sends it, and goes on only
	 * once the parent has died (it is then init's child), so that a wait SIGKILL could not
	 * end would never end. */
	pid_t middle = fork();
	if (middle == 0) {
		pid_t me = getpid();
		pid_t c = vfork();
		if (c == 0) {
			kill(me, SIGKILL);
			while (getppid() == me)
				sched_yield();
			_exit(0);
		}
		_exit(1);                       /* never: SIGKILL came first */
	}
	CHECK("SIGKILL ends a vfork parent's wait: killed", waitpid(middle, &status, 0) == middle &&
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	char *argv[] = { "sh", "-c", "exit 7", NULL };
	CHECK("posix_spawn of /bin/sh -c 'exit 7'", posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ) == 0);
	CHECK("... exits 7", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 7);
	char *none[] = { "nothing", NULL };
	int err = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, none, environ);
	CHECK("posix_spawn of a missing program: ENOENT", err == ENOENT);
	status = system("exit 5");
	CHECK("system(\"exit 5\"): 5", WIFEXITED(status) && WEXITSTATUS(status) == 5);
	CHECK_DONE();
}
