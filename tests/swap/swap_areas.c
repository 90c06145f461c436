/*
 * Swap areas as Linux manages them, checked in the guest (the host has no swap disk to
 * spare): the header mkswap wrote, seen through the block device; /proc/swaps; EBUSY for
 * an area already on, EINVAL for swapoff of one that is not; priorities (the higher is
 * filled first; equal ones alternate); swapoff with pages out brings every one back; and
 * VmSwap counts a process's swapped pages.
 * qrun: --mem 32M --swap 64M --swap 64M
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <unistd.h>

#define MIB (1024UL * 1024)
#define PAGE 4096UL
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

static int failures;

static void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	failures += !ok;
}

/* The Used and Priority columns of /proc/swaps for dev; false if it is not listed. */
static int swap_line(const char *dev, long *size, long *used, int *prio)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[256], name[128], type[32];
	long s, u;
	int p, found = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s %31s %ld %ld %d", name, type, &s, &u, &p) != 5 ||
		    strcmp(name, dev) || strcmp(type, "partition"))
			continue;
		*size = s;
		*used = u;
		*prio = p;
		found = 1;
	}
	fclose(f);
	return found;
}

static long vm_swap_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "VmSwap: %ld kB", &kb);
	if (f)
		fclose(f);
	return kb;
}

static void check_header(void)
{
	int fd = open("/dev/vdb1", O_RDONLY);
	static unsigned char hdr[PAGE];
	int ok = fd >= 0 && pread(fd, hdr, PAGE, 0) == PAGE;
	off_t size = fd >= 0 ? lseek(fd, 0, SEEK_END) : 0;
	uint32_t version, last_page;
	memcpy(&version, hdr + 1024, 4);
	memcpy(&last_page, hdr + 1028, 4);
	check("the header mkswap wrote reads back through /dev/vdb1",
	      ok && !memcmp(hdr + PAGE - 10, "SWAPSPACE2", 10) && version == 1 &&
	      last_page == size / PAGE - 1);
	if (fd >= 0)
		close(fd);
}

/* Fills n MiB, pushes it out with MADV_PAGEOUT; returns the mapping. */
static uint64_t *fill_and_page_out(size_t mib, uint64_t seed)
{
	uint64_t *mem = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t i = 0; i < mib * MIB / 8; i += PAGE / 8)
		mem[i] = i * seed;
	madvise(mem, mib * MIB, MADV_PAGEOUT);
	return mem;
}

static int intact(const uint64_t *mem, size_t mib, uint64_t seed)
{
	for (size_t i = 0; i < mib * MIB / 8; i += PAGE / 8)
		if (mem[i] != i * seed)
			return 0;
	return 1;
}

int main(void)
{
	long size, used, used_b;
	int prio, prio_b;
	check_header();
	check("/proc/swaps lists /dev/vda1 as a partition of 65532 KiB, priority -2",
	      swap_line("/dev/vda1", &size, &used, &prio) && size == 64 * 1024 - 4 - 1024 &&
	      prio == -2);
	errno = 0;
	check("swapon of an active area: EBUSY", swapon("/dev/vda1", 0) == -1 && errno == EBUSY);
	check("qrun turned the second disk's swap on too, next priority down",
	      swap_line("/dev/vdb1", &size, &used_b, &prio_b) && prio_b == -3);
	check("swapoff /dev/vdb1", swapoff("/dev/vdb1") == 0);
	errno = 0;
	check("swapoff of a partition that is not swap (any more): EINVAL",
	      swapoff("/dev/vdb1") == -1 && errno == EINVAL);
	check("swapon /dev/vdb1 with priority 10",
	      swapon("/dev/vdb1", SWAP_FLAG_PREFER | (10 << SWAP_FLAG_PRIO_SHIFT)) == 0 &&
	      swap_line("/dev/vdb1", &size, &used_b, &prio_b) && prio_b == 10);

	swap_line("/dev/vda1", &size, &used, &prio);
	uint64_t *mem = fill_and_page_out(16, 3);
	long used_a2;
	swap_line("/dev/vda1", &size, &used_a2, &prio);
	swap_line("/dev/vdb1", &size, &used_b, &prio_b);
	check("the higher priority area takes the pages", used_b >= 16 * 1024 && used_a2 == used);
	check("VmSwap counts them", vm_swap_kb() >= 16 * 1024);
	check("swapoff /dev/vdb1 with 16 MiB out", swapoff("/dev/vdb1") == 0);
	check("... brings every page back intact", intact(mem, 16, 3));
	check("... and VmSwap is 0", vm_swap_kb() == 0);
	check("/proc/swaps no longer lists it", !swap_line("/dev/vdb1", &size, &used_b, &prio_b));
	munmap(mem, 16 * MIB);

	/* Equal priorities alternate: both areas get some of the pages. */
	check("swapon /dev/vdb1 with priority -2 as /dev/vda1",
	      swapon("/dev/vdb1", SWAP_FLAG_PREFER | 0) == 0);
	swapoff("/dev/vdb1");
	swapoff("/dev/vda1");
	swapon("/dev/vda1", SWAP_FLAG_PREFER | 7);
	swapon("/dev/vdb1", SWAP_FLAG_PREFER | 7);
	swap_line("/dev/vda1", &size, &used, &prio);
	mem = fill_and_page_out(8, 5);
	swap_line("/dev/vda1", &size, &used_a2, &prio);
	swap_line("/dev/vdb1", &size, &used_b, &prio_b);
	check("areas of equal priority share the pages", used_a2 > used && used_b > 0);
	check("the pages are intact", intact(mem, 8, 5));
	munmap(mem, 8 * MIB);
	swap_line("/dev/vdb1", &size, &used_b, &prio_b);
	check("munmap frees their slots", used_b == 0);
	check("swapoff /dev/vdb1 again", swapoff("/dev/vdb1") == 0);
	swapoff("/dev/vda1");
	check("swapon /dev/vda1 again", swapon("/dev/vda1", 0) == 0);
	check("swapon /dev/vdb1 again", swapon("/dev/vdb1", 0) == 0);
	return failures != 0;
}
