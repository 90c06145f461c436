/* Free memory frame by frame in /proc/kpageflags: Linux marks every frame of a free block
 * KPF_BUDDY, not only a block's first, so the frames marked free add up to MemFree (a
 * memory map such as memview's draws free memory from this). Frames a program holds are
 * not free; after munmap they may be (Linux keeps some on per-CPU lists first). */
#include "check.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define KPF_BUDDY 10
#define PM_PRESENT (1ULL << 63)
#define PM_PFN(e) ((e) & ((1ULL << 55) - 1))

/* Frames whose kpageflags have KPF_BUDDY, over all of RAM. */
static uint64_t free_frames(void)
{
	static uint64_t buf[4096];
	int fd = open("/proc/kpageflags", O_RDONLY);
	uint64_t n = 0;
	ssize_t got;
	while (fd >= 0 && (got = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < got / 8; i++)
			n += (buf[i] >> KPF_BUDDY) & 1;
	close(fd);
	return n;
}

/* MemFree from /proc/meminfo, in frames. */
static uint64_t memfree_frames(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	unsigned long kb = 0;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb / 4;
}

static uint64_t kpageflags_of(uint64_t pfn)
{
	uint64_t v = 0;
	int fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0 || pread(fd, &v, 8, (off_t)(pfn * 8)) != 8)
		v = ~0ULL;
	close(fd);
	return v;
}

int main(void)
{
	uint64_t marked = free_frames(), memfree = memfree_frames();
	/* Other programs move MemFree on Linux: near enough is a few percent. Marking only
	 * the first frame of each free block would count a tiny fraction of it. */
	CHECK("frames marked free add up to MemFree (within 5%)",
	      memfree > 0 && marked * 100 >= memfree * 95 && marked * 100 <= memfree * 105);

	enum { N = 64 };
	char *m = mmap(NULL, N * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap", m != MAP_FAILED);
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int held_free = 0, present = 0;
	for (int i = 0; i < N; i++) {
		m[i * 4096] = 1;
		uint64_t e = 0;
		if (pread(pm, &e, 8, (off_t)((uintptr_t)(m + i * 4096) / 4096 * 8)) == 8 &&
		    (e & PM_PRESENT)) {
			present++;
			held_free += (kpageflags_of(PM_PFN(e)) >> KPF_BUDDY) & 1;
		}
	}
	close(pm);
	CHECK("the touched pages are present", present == N);
	CHECK("no frame a program holds is marked free", held_free == 0);
	CHECK_DONE();
}
