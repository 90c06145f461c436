/* mremap: growing in place, moving (the data comes along without a copy: no page faults),
 * shrinking, MREMAP_FIXED, MREMAP_DONTUNMAP, file mappings, and Linux's errors. Also
 * realloc of a large block, which musl does with mremap. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define P 4096

static const char *errname(void *r)
{
	return r != MAP_FAILED ? "ok" : errno_name(errno);
}

static long minor_faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void fill(char *p, int pages, char base)
{
	for (int i = 0; i < pages; i++)
		p[i * P] = (char)(base + i);
}

static int holds(const char *p, int pages, char base)
{
	for (int i = 0; i < pages; i++)
		if (p[i * P] != (char)(base + i))
			return 0;
	return 1;
}

int main(void)
{
	int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	/* Room to grow: reserve 8 pages, keep 4. */
	char *a = mmap(NULL, 8 * P, PROT_READ | PROT_WRITE, anon, -1, 0);
	munmap(a + 4 * P, 4 * P);
	fill(a, 4, 'a');
	char *g = mremap(a, 4 * P, 8 * P, 0);
	CHECK("grows in place when the pages after it are free", g == a);
	CHECK("  the data is still there", holds(g, 4, 'a'));
	CHECK("  the new pages read as zero", g[6 * P] == 0);

	/* Blocked above: without MREMAP_MAYMOVE it fails, with it the mapping moves. */
	char *b = mmap(NULL, 3 * P, PROT_READ | PROT_WRITE, anon, -1, 0);
	mprotect(b + 2 * P, P, PROT_READ);      /* a different area right after b's 2 pages */
	fill(b, 2, 'b');
	printf("growing a blocked mapping without MAYMOVE: %s\n", errname(mremap(b, 2 * P, 4 * P, 0)));
	long before = minor_faults();
	char *m = mremap(b, 2 * P, 16 * P, MREMAP_MAYMOVE);
	CHECK("with MREMAP_MAYMOVE it moves", m != MAP_FAILED && m != b);
	CHECK("  the data came along", holds(m, 2, 'b'));
	CHECK("  without a page fault: the pages themselves moved", minor_faults() == before);
	CHECK("  the old place is gone", msync(b, P, MS_ASYNC) == -1 && errno == ENOMEM);

	char *s = mremap(m, 16 * P, 1 * P, 0);
	CHECK("shrinking keeps the start", s == m && holds(s, 1, 'b'));
	CHECK("  and unmaps the rest", msync(m + P, P, MS_ASYNC) == -1 && errno == ENOMEM);

	/* MREMAP_FIXED: to an address of our choosing, replacing what was there. */
	char *target = mmap(NULL, 4 * P, PROT_READ, anon, -1, 0);
	char *c = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, anon, -1, 0);
	fill(c, 2, 'c');
	char *f = mremap(c, 2 * P, 4 * P, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	CHECK("MREMAP_FIXED moves it where asked", f == target && holds(f, 2, 'c'));
	CHECK("  writable, as the area it came from", (f[3 * P] = 1) == 1);

	/* MREMAP_DONTUNMAP: the pages move, the old range stays mapped and reads as zero. */
	char *d = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, anon, -1, 0);
	fill(d, 2, 'd');
	char *dn = mremap(d, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	CHECK("MREMAP_DONTUNMAP moves the pages", dn != MAP_FAILED && holds(dn, 2, 'd'));
	CHECK("  and leaves the old range mapped, empty", d[0] == 0 && d[P] == 0);

	/* A file mapping keeps its place in the file. */
	int fd = open("mremap.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int i = 0; i < 8; i++) {
		char page[P];
		memset(page, 'A' + i, P);
		write(fd, page, P);
	}
	char *fm = mmap(NULL, 8 * P, PROT_READ, MAP_SHARED, fd, 0);
	char *mid = mremap(fm + 2 * P, 2 * P, 4 * P, MREMAP_MAYMOVE);
	CHECK("moving the middle of a file mapping keeps the file offsets",
	      mid != MAP_FAILED && mid[0] == 'C' && mid[3 * P] == 'F');
	CHECK("  the parts around it stay", fm[P] == 'B' && fm[4 * P] == 'E');

	/* Errors. */
	printf("unaligned address:        %s\n", errname(mremap(f + 1, P, 2 * P, MREMAP_MAYMOVE)));
	printf("new length 0:             %s\n", errname(mremap(f, P, 0, MREMAP_MAYMOVE)));
	printf("unknown flag:             %s\n", errname(mremap(f, P, 2 * P, 8)));
	printf("FIXED without MAYMOVE:    %s\n", errname(mremap(f, P, P, MREMAP_FIXED, target)));
	printf("DONTUNMAP with resizing:  %s\n",
	       errname(mremap(f, P, 2 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP)));
	char *gone = mmap(NULL, P, PROT_READ, anon, -1, 0);
	munmap(gone, P);
	printf("nothing mapped there:     %s\n", errname(mremap(gone, P, 2 * P, MREMAP_MAYMOVE)));
	printf("across two areas:         %s\n",
	       errname(mremap(fm, 12 * P, 16 * P, MREMAP_MAYMOVE)));
	printf("FIXED onto itself:        %s\n",
	       errname(mremap(f, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, f + P)));
	printf("FIXED into the kernel:    %s\n",
	       errname(mremap(f, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)0xffffffff80000000UL)));
	printf("duplicating private:      %s\n", errname(mremap(f, 0, P, MREMAP_MAYMOVE)));
	printf("shrinking nothing:        %s\n", errname(mremap(gone, 2 * P, P, 0)));
	long vm_kb = 0;
	char line[128];
	FILE *st = fopen("/proc/self/status", "r");
	while (st && fgets(line, sizeof(line), st))
		if (strncmp(line, "VmSize:", 7) == 0)
			vm_kb = atol(line + 7);
	if (st)
		fclose(st);
	char *keep = mmap(NULL, 32 * P, PROT_READ | PROT_WRITE, anon, -1, 0);
	struct rlimit lim = { (rlim_t)(vm_kb + 32 * 4 + 64) * 1024, RLIM_INFINITY }, unlimited;
	getrlimit(RLIMIT_AS, &unlimited);
	setrlimit(RLIMIT_AS, &lim);
	printf("DONTUNMAP past RLIMIT_AS: %s\n",
	       errname(mremap(keep, 32 * P, 32 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP)));
	setrlimit(RLIMIT_AS, &unlimited);
	char *dup = mremap(fm, 0, P, MREMAP_MAYMOVE);
	CHECK("old length 0 duplicates a shared mapping", dup != MAP_FAILED && dup[0] == 'A' && fm[0] == 'A');

	/* realloc of a large block: musl moves it with mremap. */
	char *big = malloc(1 << 20);
	memset(big, 'r', 1 << 20);
	big = realloc(big, 8 << 20);
	CHECK("realloc of 1 MiB to 8 MiB keeps the data", big && big[0] == 'r' && big[(1 << 20) - 1] == 'r');
	free(big);
	unlink("mremap.dat");
	CHECK_DONE();
}
