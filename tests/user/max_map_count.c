/* vm.max_map_count: an address space holds at most that many areas (65530 by default, in
 * /proc/sys/vm/max_map_count), as Linux counts them: mmap fails with ENOMEM once the count
 * is above it, a split (mprotect, munmap of a middle part) once the count has reached it,
 * while munmap may still split an area at one end (it frees one). The areas are made by
 * giving the tail of one big area another protection, page by page, one split each. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define P 4096UL
#define N 70000UL                       /* pages in the big area: more than the limit */

/* The areas of this process: /proc/self/maps's lines, without Linux's [vsyscall] (a page
 * of the kernel's, not an area of the process). Read with read(), not stdio, whose buffer
 * malloc might map (an area more, or none at the limit). */
static long count_areas(void)
{
	static char buf[1 << 16];
	static const char gate[] = "[vsyscall]";
	int fd = open("/proc/self/maps", O_RDONLY);
	long lines = 0;
	size_t matched = 0;             /* how much of gate the line has ended with so far */
	ssize_t n;
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				lines += matched != sizeof(gate) - 1;
				matched = 0;
			} else if (matched < sizeof(gate) - 1 && buf[i] == gate[matched]) {
				matched++;
			} else {
				matched = buf[i] == gate[0];
			}
		}
	}
	close(fd);
	return lines;
}

static long read_max(void)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	long v = -1;
	if (f && fscanf(f, "%ld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

static const char *result(int r)
{
	return r == 0 ? "ok" : errno_name(errno);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	long max = read_max();
	printf("/proc/sys/vm/max_map_count: %ld\n", max);
	if (max != 65530)
		return 1;
	int fd = open("/proc/sys/vm/max_map_count", O_WRONLY);
	CHECK("root may write it (the same value back)",
	      geteuid() != 0 || (fd >= 0 && write(fd, "65530\n", 6) == 6));
	close(fd);

	char *big = mmap(NULL, N * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			 -1, 0);
	CHECK("a big PROT_NONE area", big != MAP_FAILED);
	long count = count_areas();
	unsigned long i;
	int r = 0;
	for (i = 1; i < N; i++) {
		r = mprotect(big + i * P, (N - i) * P, (i & 1) ? PROT_READ : PROT_NONE);
		if (r != 0)
			break;
		count++;                /* one split: [i, N) leaves the area before it */
	}
	printf("mprotect splitting until it fails:   %s at %ld areas\n", result(r), count);
	CHECK("the count is what /proc/self/maps shows", count == count_areas());
	char *one = mmap(NULL, P, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("mmap at the limit:                   %s\n", one == MAP_FAILED ? errno_name(errno) : "ok");
	char *two = mmap(NULL, P, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("mmap above it:                       %s\n", two == MAP_FAILED ? errno_name(errno) : "ok");
	char *tail = big + (i - 1) * P;         /* the last area: [i - 1, N) */
	printf("munmap of a middle page of an area:  %s\n", result(munmap(tail + P, P)));
	printf("mprotect splitting an area:          %s\n",
	       result(mprotect(tail + 2 * P, P, PROT_EXEC)));
	printf("munmap of an area's first page:      %s\n", result(munmap(tail, P)));
	printf("munmap of its last page:             %s\n", result(munmap(big + (N - 1) * P, P)));
	printf("munmap of a one-page area:           %s\n", result(munmap(big + P, P)));
	printf("now mmap:                            %s\n",
	       mmap(big + P, P, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	       MAP_FAILED ? errno_name(errno) : "ok");
	printf("and a split again:                   %s\n",
	       result(mprotect(tail + 2 * P, P, PROT_EXEC)));
	CHECK("the count is what /proc/self/maps shows", count_areas() == 65531);
	CHECK("munmap of it all", munmap(big, N * P) == 0);
	if (one != MAP_FAILED)
		munmap(one, P);
	if (two != MAP_FAILED)
		munmap(two, P);
	CHECK("then far below the limit again", count_areas() < 100);
	char *again = mmap(NULL, 4 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("and splits work", mprotect(again + P, P, PROT_READ) == 0);
	munmap(again, 4 * P);
	CHECK_DONE();
}
