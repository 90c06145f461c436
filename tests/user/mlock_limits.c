/*
 * RLIMIT_MEMLOCK, for a user other than root, as Linux's mm/mlock.c: mlock within the limit
 * works, past it gives ENOMEM (pages of the range locked already are not counted twice);
 * with a limit of 0, mlock and mlockall give EPERM; mlockall(MCL_CURRENT) gives ENOMEM when
 * more is mapped than the limit; munlock always works. The locks the kernel makes itself
 * keep to it too, as Linux's mlock_future_check: a MAP_LOCKED mapping, an mmap or a brk
 * after mlockall(MCL_FUTURE), and the growth of a locked area by mremap give EAGAIN past it
 * (brk: no growth), and MAP_LOCKED with a limit of 0 EPERM. Root (CAP_IPC_LOCK) is not
 * bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define P 4096UL
#define LIMITED_UID 4242

static const char *result(int r)
{
	return r == 0 ? "ok" : errno_name(errno);
}

/* mmap of anonymous memory with these extra flags: "ok" or the error. The system call
 * itself: musl's mmap turns EPERM into ENOMEM. */
static const char *map(unsigned long len, int flags, char **at)
{
	char *p = (char *)syscall(SYS_mmap, NULL, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	if (at)
		*at = p;
	return p == MAP_FAILED ? errno_name(errno) : "ok";
}

static const char *remap(char *p, unsigned long old_len, unsigned long new_len)
{
	return mremap(p, old_len, new_len, MREMAP_MAYMOVE) == MAP_FAILED ? errno_name(errno) : "ok";
}

/* Whether brk moves the heap's end up by a page (it answers with the old end if not). */
static const char *brk_grows(void)
{
	long end = syscall(SYS_brk, 0);
	return syscall(SYS_brk, end + P) == end + (long)P ? "grows" : "stays";
}

/* The locks the kernel makes, with a limit of 2 pages and nothing locked yet. */
static void kernel_made_locks(void)
{
	char *l, *f;
	printf("  mmap 2 pages MAP_LOCKED:             %s\n", map(2 * P, MAP_LOCKED, &l));
	printf("  mmap 1 more MAP_LOCKED:              %s\n", map(P, MAP_LOCKED, NULL));
	printf("  mmap 1 more, not locked:             %s\n", map(P, 0, NULL));
	printf("  mremap the locked 2 pages to 3:      %s\n", remap(l, 2 * P, 3 * P));
	printf("  mremap them to 1:                    %s\n", remap(l, 2 * P, P));
	munmap(l, 2 * P);
	printf("  mlockall(MCL_FUTURE):                %s\n", result(mlockall(MCL_FUTURE)));
	printf("  mmap 2 pages:                        %s\n", map(2 * P, 0, &f));
	printf("  mmap 1 more:                         %s\n", map(P, 0, NULL));
	printf("  brk by a page:                       %s\n", brk_grows());
	munmap(f, 2 * P);
	printf("  after munmap, brk by a page:         %s\n", brk_grows());
	printf("  munlockall:                          %s\n", result(munlockall()));
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
	kernel_made_locks();
	set_limit(P - 1);
	printf("limit 4095 bytes, less than a page:\n");
	printf("  mlock 1 page:                        %s\n", result(mlock(a, P)));
	set_limit(0);
	printf("limit 0:\n");
	printf("  mlock 1 page:                        %s\n", result(mlock(a, P)));
	printf("  mlockall(MCL_FUTURE):                %s\n", result(mlockall(MCL_FUTURE)));
	printf("  mmap 1 page MAP_LOCKED:              %s\n", map(P, MAP_LOCKED, NULL));
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
	char *l;
	CHECK("root maps 2 pages MAP_LOCKED past it", !strcmp(map(2 * P, MAP_LOCKED, &l), "ok"));
	CHECK("and grows them by mremap", !strcmp(remap(l, 2 * P, 4 * P), "ok"));
	CHECK_DONE();
}
