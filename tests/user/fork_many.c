/* 50 children at once: each waits for a go signal on a pipe, then exits with its index;
 * the parent collects every status exactly once. */
#include "check.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 50

int main(void)
{
	int go[2];
	pipe(go);
	pid_t pids[N];
	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(go[1]);
			char c;
			read(go[0], &c, 1);     /* returns 0 when the parent closes its end */
			_exit(i);
		}
	}
	close(go[0]);
	int st;
	CHECK("WNOHANG while all children still run returns 0", waitpid(-1, &st, WNOHANG) == 0);
	close(go[1]);
	int seen[N] = { 0 }, reaped = 0, wrong = 0;
	pid_t pid;
	while ((pid = wait(&st)) > 0) {
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (code < 0 || code >= N || pids[code] != pid || seen[code]++)
			wrong++;
		reaped++;
	}
	printf("children reaped: %d\n", reaped);
	CHECK("every child's status came back once, with its own pid", reaped == N && !wrong);
	CHECK("no children left: ECHILD", pid == -1 && errno == ECHILD);
	CHECK_DONE();
}
