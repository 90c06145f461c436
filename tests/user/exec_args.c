/* execve passes argv and envp exactly, and builds the auxiliary vector (see show_args). */
#include "check.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char *const argv[], char *const envp[])
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execve("./show_args", argv, envp);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
	char *argv[] = { "show_args", "one", "two words", "", "last", NULL };
	char *envp[] = { "HOME=/nowhere", "EMPTY=", "LANG=C", NULL };
	CHECK("helper ran", run(argv, envp) == 0);
	char *argv2[] = { "only", NULL };
	char *envp2[] = { NULL };
	CHECK("helper ran with an empty environment", run(argv2, envp2) == 0);
	char *argv3[] = { NULL };               /* Linux (5.18 on) gives it argv = { "" } */
	char *envp3[] = { "ONLY=env", NULL };
	CHECK("helper ran with an empty argv", run(argv3, envp3) == 0);
	static char page_sized[3 * 4096];       /* strings that straddle page boundaries */
	memset(page_sized, 'p', sizeof(page_sized) - 1);
	char *argv4[] = { "straddle", page_sized + 4000, page_sized, "", page_sized + 8190, NULL };
	char *envp4[] = { page_sized + 12000, "", "E=1", NULL };
	CHECK("helper ran with strings across pages", run(argv4, envp4) == 0);
	CHECK_DONE();
}
