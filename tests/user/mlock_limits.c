/*
 * RLIMIT_MEMLOCK, for a user other than root, as Linux's mm/mlock.c: mlock within the limit
 * works, past it gives ENOMEM (pages of the range locked already are not counted twice);
 * with a limit of 0, mlock and mlockall give EPERM; mlockall(MCL_CURRENT) gives ENOMEM when
 * more is mapped than the limit; munlock always works. Root (CAP_IPC_LOCK) is not bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define P 4096UL
#define LIMITED_UID 4242

static const char *result(int r)
{
	return r == 0 ? "ok" : errno_name(errno);
}

static void set_limit(unsigned long bytes)
{
	struct rlimit r = { bytes, bytes };
	setrlimit(RLIMIT_MEMLOCK, &r);
}

/* What a user other than root meets: printed by a child that took uid 4242. */
static void as_user(void)
{
	char *a = mmap(NULL, 8 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	set_limit(2 * P);
	printf("limit 2 pages:\n");
	printf("  mlock 2 pages:                       %s\n", result(mlock(a, 2 * P)));
	printf("  mlock 1 more:                        %s\n", result(mlock(a + 2 * P, P)));
	printf("  mlock the same 2 again:              %s\n", result(mlock(a, 2 * P)));
	printf("  mlock 3 pages, 2 of them locked:     %s\n", result(mlock(a + P, 2 * P)));
	printf("  mlock 1 page elsewhere:              %s\n", result(mlock(a + 4 * P, P)));
	printf("  munlock them all:                    %s\n", result(munlock(a, 8 * P)));
	printf("  mlock 3 pages:                       %s\n", result(mlock(a, 3 * P)));
	printf("  mlockall(MCL_CURRENT):               %s\n", result(mlockall(MCL_CURRENT)));
	printf("  mlockall(MCL_FUTURE):                %s\n", result(mlockall(MCL_FUTURE)));
	printf("  munlockall:                          %s\n", result(munlockall()));
	set_limit(P - 1);
	printf("limit 4095 bytes, less than a page:\n");
	printf("  mlock 1 page:                        %s\n", result(mlock(a, P)));
	set_limit(0);
	printf("limit 0:\n");
	printf("  mlock 1 page:                        %s\n", result(mlock(a, P)));
	printf("  mlockall(MCL_FUTURE):                %s\n", result(mlockall(MCL_FUTURE)));
	printf("  munlock:                             %s\n", result(munlock(a, P)));
	fflush(stdout);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(LIMITED_UID) != 0)
			_exit(2);
		as_user();
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("the child ran as uid 4242", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	char *a = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	set_limit(P);
	CHECK("root locks past its limit (CAP_IPC_LOCK)", mlock(a, 4 * P) == 0);
	CHECK("and munlocks", munlock(a, 4 * P) == 0);
	CHECK_DONE();
}
