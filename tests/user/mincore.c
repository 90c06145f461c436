/* Demand paging seen from the program: mincore says which pages are in memory. Anonymous
 * pages arrive on first touch; MAP_POPULATE brings them all at once; MADV_DONTNEED drops
 * them; a file's pages are in memory while they sit in its page cache. msync's checks. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define P 4096
#define N 16

/* The residency of n pages at p, as a string of 0 and 1. */
static const char *resident(void *p, int n)
{
	static char s[N + 1];
	unsigned char vec[N];
	if (mincore(p, (size_t)n * P, vec) != 0)
		return "mincore failed";
	for (int i = 0; i < n; i++)
		s[i] = (vec[i] & 1) ? '1' : '0';
	s[n] = '\0';
	return s;
}

static long minor_faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static const char *errname(int r)
{
	return r == 0 ? "ok" : errno_name(errno);
}

int main(void)
{
	char *m = mmap(NULL, N * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("fresh anonymous mapping:  %s\n", resident(m, N));
	m[0] = 1;
	m[5 * P] = 1;
	(void)*(volatile char *)(m + 15 * P + 100);
	printf("after touching 0, 5, 15:  %s\n", resident(m, N));
	madvise(m, N * P, MADV_DONTNEED);
	printf("after MADV_DONTNEED:      %s\n", resident(m, N));
	CHECK("a dropped page reads as zero", m[5 * P] == 0);

	char *pop = mmap(NULL, N * P, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	printf("MAP_POPULATE:             %s\n", resident(pop, N));
	long before = minor_faults();
	for (int i = 0; i < N; i++)
		pop[i * P] = 1;
	CHECK("writing populated pages takes no page fault", minor_faults() == before);

	int fd = open("mincore.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[P] = "file data";
	for (int i = 0; i < 4; i++)
		write(fd, page, P);
	char *f = mmap(NULL, 4 * P, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("a file just written:      %s\n", resident(f, 4));
	CHECK("reading the mapped file works", f[2 * P] == 'f');

	CHECK("msync MS_SYNC of a shared file mapping", ({
		char *s = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		s[0] = 'S';
		msync(s, 4 * P, MS_SYNC) == 0;
	}));
	char *holed = mmap(NULL, 3 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(holed + P, P);
	printf("msync MS_ASYNC|MS_SYNC:   %s\n", errname(msync(m, P, MS_ASYNC | MS_SYNC)));
	printf("msync unaligned:          %s\n", errname(msync(m + 1, P, MS_SYNC)));
	printf("msync unknown flag:       %s\n", errname(msync(m, P, 8)));
	printf("msync over a hole, SYNC:  %s\n", errname(msync(holed, 3 * P, MS_SYNC)));
	printf("msync over a hole, ASYNC: %s\n", errname(msync(holed, 3 * P, MS_ASYNC)));
	printf("msync unmapped:           %s\n", errname(msync(holed + P, P, MS_SYNC)));
	printf("msync length 0:           %s\n", errname(msync(holed + P, 0, MS_SYNC)));
	unsigned char vec[4];
	printf("mincore unaligned:        %s\n", errname(mincore(m + 1, P, vec)));
	memset(vec, 7, sizeof(vec));
	(void)*(volatile char *)holed;
	printf("mincore over a hole:      %s\n", errname(mincore(holed, 3 * P, vec)));
	printf("  before the hole: %d, past it untouched: %d\n", vec[0] & 1, vec[2]);
	printf("mincore into a bad vector: %s\n", errname(mincore(m, P, (unsigned char *)8)));
	printf("mincore of the kernel:    %s\n",
	       errname(mincore((void *)0xffffffff80000000UL, P, vec)));
	unlink("mincore.dat");
	CHECK_DONE();
}
