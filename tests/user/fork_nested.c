/* Three generations of fork: each sees the values from before its fork, changes its own
 * copy, and passes an exit status up. */
#include "check.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int value = 10;

static int wait_status(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int main(void)
{
	int *heap = malloc(sizeof(int));
	*heap = 100;
	pid_t child = fork();
	if (child == 0) {
		value += 1;
		*heap += 1;
		pid_t grandchild = fork();
		if (grandchild == 0) {
			value += 1;
			*heap += 1;
			_exit(value == 12 && *heap == 102 ? 3 : 99);
		}
		int g = wait_status(grandchild);
		_exit(value == 11 && *heap == 101 && g == 3 ? g + 1 : 98);
	}
	int c = wait_status(child);
	printf("child exit status: %d\n", c);
	CHECK("grandchild saw 12/102, child 11/101, statuses passed up", c == 4);
	CHECK("parent's copy untouched", value == 10 && *heap == 100);
	CHECK_DONE();
}
