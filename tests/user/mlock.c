/* Locking memory: mlock faults a range in and keeps it there (mincore shows it resident,
 * /proc/self/status counts it in VmLck), munlock and munlockall undo it, mlock2's
 * MLOCK_ONFAULT and mlockall's MCL_ONFAULT lock pages only as they are touched,
 * MCL_FUTURE and MAP_LOCKED lock later mappings (and the heap) from the start, a child of
 * fork inherits no lock, MADV_DONTNEED, MADV_PAGEOUT and MADV_COLD refuse locked pages; Linux's errors; root locks
 * beyond RLIMIT_MEMLOCK. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096
#define N 4

static char text[1 << 16];

/* The number after key in /proc/self/status (kB), or -1. */
static long status_field(const char *key)
{
	int fd = open("/proc/self/status", O_RDONLY);
	long n = 0, r;
	while (fd >= 0 && (r = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	for (char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, key, strlen(key)) == 0)
			return strtol(l + strlen(key), NULL, 10);
	return -1;
}

static long locked_kb(void)
{
	return status_field("VmLck:");
}

/* The lines of /proc/self/maps: how many areas the process has. */
static int areas(void)
{
	int fd = open("/proc/self/maps", O_RDONLY), lines = 0;
	long r;
	char buf[4096];
	while (fd >= 0 && (r = read(fd, buf, sizeof(buf))) > 0)
		for (long i = 0; i < r; i++)
			lines += buf[i] == '\n';
	close(fd);
	return lines;
}

/* The residency of n pages at p, as a string of 0 and 1. */
static const char *resident(void *p, int n)
{
	static char s[64];
	unsigned char vec[64];
	if (mincore(p, (size_t)n * P, vec) != 0)
		return "mincore failed";
	for (int i = 0; i < n; i++)
		s[i] = (vec[i] & 1) ? '1' : '0';
	s[n] = '\0';
	return s;
}

static const char *errname(long r)
{
	return r == 0 ? "ok" : errno_name(errno);
}

/* Prints what a call returned, then (after it, in that order) the state it left. */
#define AFTER(label, call, ...)                                                   \
	do {                                                                      \
		const char *r_ = errname(call);                                   \
		printf("%-33s%s", label, r_);                                      \
		printf(__VA_ARGS__);                                              \
	} while (0)

static char *anon(int pages, int prot, int flags)
{
	return mmap(NULL, (size_t)pages * P, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

int main(void)
{
	printf("VmLck at start:                  %ld kB\n", locked_kb());

	/* mlock faults the range in; munlock leaves the pages where they are. */
	char *m = anon(N, PROT_READ | PROT_WRITE, 0);
	int base = areas();
	printf("untouched:                       %s\n", resident(m, N));
	printf("mlock:                           %s\n", errname(mlock(m, N * P)));
	printf("  resident:                      %s, VmLck %ld kB\n", resident(m, N), locked_kb());
	CHECK("  pages of a private writable area are faulted in for writing", ({
		struct rusage a, b;
		getrusage(RUSAGE_SELF, &a);
		for (int i = 0; i < N; i++)
			m[i * P] = 1;
		getrusage(RUSAGE_SELF, &b);
		a.ru_minflt == b.ru_minflt;
	}));
	printf("MADV_DONTNEED of a locked page:  %s\n", errname(madvise(m + P, P, MADV_DONTNEED)));
	CHECK("  its data stays", m[P] == 1);
	printf("MADV_PAGEOUT of a locked page:   %s\n", errname(madvise(m + P, P, MADV_PAGEOUT)));
	printf("MADV_COLD of a locked page:      %s\n", errname(madvise(m + P, P, MADV_COLD)));
	printf("munlock of the second page:      %s\n", errname(munlock(m + P, P)));
	printf("  VmLck %ld kB, areas %+d\n", locked_kb(), areas() - base);
	printf("munlock of all:                  %s\n", errname(munlock(m, N * P)));
	printf("  VmLck %ld kB, areas %+d, resident %s\n", locked_kb(), areas() - base, resident(m, N));
	printf("mlock of 10 bytes across a page boundary: %s\n", errname(mlock(m + P - 5, 10)));
	printf("  VmLck %ld kB, areas %+d\n", locked_kb(), areas() - base);
	AFTER("mlock of it again:", mlock(m, 2 * P), ", VmLck %ld kB\n", locked_kb());
	munlock(m, N * P);

	/* Locking on fault: counted at once, brought in as touched. */
	char *f = anon(N, PROT_READ | PROT_WRITE, 0);
	printf("mlock2 MLOCK_ONFAULT:            %s\n", errname(mlock2(f, N * P, MLOCK_ONFAULT)));
	printf("  resident:                      %s, VmLck %ld kB\n", resident(f, N), locked_kb());
	f[2 * P] = 1;
	printf("  after touching page 2:         %s\n", resident(f, N));
	AFTER("mlock of it (not on fault):", mlock(f, N * P), ", resident %s\n", resident(f, N));
	munmap(f, N * P);
	printf("after munmap:                    VmLck %ld kB\n", locked_kb());

	/* Errors. */
	char *holed = anon(3, PROT_READ | PROT_WRITE, 0);
	munmap(holed + P, P);
	printf("mlock of a hole:                 %s\n", errname(mlock(holed + P, P)));
	printf("mlock across a hole:             %s\n", errname(mlock(holed, 3 * P)));
	printf("  VmLck after it (the part before the hole stays locked): %ld kB\n", locked_kb());
	AFTER("munlock across a hole:", munlock(holed, 3 * P), ", VmLck %ld kB\n", locked_kb());
	printf("mlock of length 0:               %s\n", errname(mlock(m, 0)));
	printf("mlock wrapping around:           %s\n", errname(mlock(m, (size_t)-P)));
	printf("mlock of the kernel:             %s\n", errname(mlock((void *)0xffffffff80000000UL, P)));
	printf("mlock2 with an unknown flag:     %s\n", errname(mlock2(m, P, 2)));
	printf("mlockall(0):                     %s\n", errname(mlockall(0)));
	printf("mlockall(MCL_ONFAULT):           %s\n", errname(mlockall(MCL_ONFAULT)));
	printf("mlockall(8):                     %s\n", errname(mlockall(8)));
	char *none = anon(2, PROT_NONE, 0);
	printf("mlock of PROT_NONE:              %s\n", errname(mlock(none, 2 * P)));
	printf("  but the area is locked:        VmLck %ld kB\n", locked_kb());
	munlock(none, 2 * P);
	munmap(none, 2 * P);
	munmap(holed, 3 * P);

	/* MAP_LOCKED: populated and locked from the start. */
	char *ml = anon(N, PROT_READ | PROT_WRITE, MAP_LOCKED);
	printf("MAP_LOCKED:                      %s, VmLck %ld kB\n", resident(ml, N), locked_kb());
	munmap(ml, N * P);

	/* A child inherits no lock. */
	mlock(m, N * P);
	pid_t child = fork();
	if (child == 0)
		_exit(locked_kb() == 0 ? 0 : 1);
	int status;
	waitpid(child, &status, 0);
	CHECK("a child of fork has no locked memory", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	printf("the parent's:                    VmLck %ld kB\n", locked_kb());
	munlock(m, N * P);

	/* mremap grows a locked area with resident pages. */
	char *g = anon(N, PROT_READ | PROT_WRITE, 0);
	munmap(g + 2 * P, 2 * P);
	mlock(g, 2 * P);
	CHECK("mremap grows a locked area in place", mremap(g, 2 * P, N * P, 0) == g);
	printf("  resident:                      %s, VmLck %ld kB\n", resident(g, N), locked_kb());
	munmap(g, N * P);

	/* mlockall. MCL_FUTURE alone locks nothing now, but every later mapping and the heap. */
	AFTER("mlockall(MCL_FUTURE):", mlockall(MCL_FUTURE), ", VmLck %ld kB\n", locked_kb());
	char *later = anon(N, PROT_READ | PROT_WRITE, 0);
	printf("  a new mapping:                 %s, VmLck %ld kB\n", resident(later, N), locked_kb());
	char *brk0 = (char *)syscall(SYS_brk, 0);
	char *top = (char *)((uintptr_t)(brk0 + 3 * P) & ~(uintptr_t)(P - 1));
	syscall(SYS_brk, top);
	printf("  the heap grown:                %s\n", resident(top - 2 * P, 2));
	child = fork();
	if (child == 0) {
		char *c = anon(N, PROT_READ | PROT_WRITE, 0);
		_exit(strcmp(resident(c, N), "0000") == 0 && locked_kb() == 0 ? 0 : 1);
	}
	waitpid(child, &status, 0);
	CHECK("  not in a child of fork", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	munmap(later, N * P);
	printf("mlockall(MCL_FUTURE|MCL_ONFAULT): %s\n", errname(mlockall(MCL_FUTURE | MCL_ONFAULT)));
	later = anon(N, PROT_READ | PROT_WRITE, 0);
	printf("  a new mapping:                 %s, counted: %s\n", resident(later, N),
	       locked_kb() >= N * P / 1024 ? "yes" : "no");
	munmap(later, N * P);
	AFTER("munlockall:", munlockall(), ", VmLck %ld kB\n", locked_kb());
	later = anon(N, PROT_READ | PROT_WRITE, 0);
	printf("  a new mapping:                 %s\n", resident(later, N));
	munmap(later, N * P);

	/* MCL_CURRENT: every area now (with the program's own pages, all of them). */
	char *cur = anon(N, PROT_READ | PROT_WRITE, 0);
	long size = status_field("VmSize:");
	AFTER("mlockall(MCL_CURRENT):", mlockall(MCL_CURRENT), ", resident %s\n", resident(cur, N));
	/* Not all of VmSize on Linux: it does not lock its vDSO's special areas. */
	CHECK("  VmLck is most of the address space", locked_kb() >= size - 32 && locked_kb() <= size);
	later = anon(N, PROT_READ | PROT_WRITE, 0);
	printf("  a new mapping:                 %s\n", resident(later, N));
	AFTER("munlockall:", munlockall(), ", VmLck %ld kB\n", locked_kb());

	/* RLIMIT_MEMLOCK: root (CAP_IPC_LOCK) may lock beyond it. */
	struct rlimit rl = { P, P };
	CHECK("RLIMIT_MEMLOCK can be lowered", setrlimit(RLIMIT_MEMLOCK, &rl) == 0);
	CHECK("  and reads back", getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur == P && rl.rlim_max == P);
	printf("mlock of %d pages beyond it:      %s\n", N, errname(mlock(cur, N * P)));
	printf("mlockall(MCL_CURRENT) beyond it: %s\n", errname(mlockall(MCL_CURRENT)));
	munlockall();
	CHECK_DONE();
}
