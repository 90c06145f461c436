/*
 * Locked memory stays in RAM under pressure: with 32 MiB of RAM, 4 MiB is mlocked, then
 * 64 MiB more is touched, which forces reclaim to swap most of it. The locked pages stay
 * present in the same frames all along (pagemap, checked every MiB of the pressure), marked
 * KPF_MLOCKED and KPF_UNEVICTABLE; MADV_PAGEOUT on them fails with EINVAL, as on Linux.
 * After munlock they are ordinary pages again: MADV_PAGEOUT sends them to swap, and mlock
 * brings them back in.
 * Guest-only (the host has no swap).
 * qrun: --mem 32M --swap 128M
 */
#include "swapcheck.h"

#include <errno.h>

#define LOCKED_PAGES (4 * MIB / PAGE)
#define PRESSURE_PAGES (64 * MIB / PAGE)

static uint64_t frames[LOCKED_PAGES];   /* where the locked pages were at first */
static uint64_t pm[LOCKED_PAGES];

/* Are the locked pages all present, in the frames they had at first, and never swapped? */
static int locked_in_place(const uint64_t *m)
{
	if (!pagemap_range(m, LOCKED_PAGES, pm))
		return 0;
	for (size_t i = 0; i < LOCKED_PAGES; i++)
		if ((pm[i] & (PM_PRESENT | PM_SWAP)) != PM_PRESENT || PM_PFN(pm[i]) != frames[i])
			return 0;
	return 1;
}

int main(void)
{
	uint64_t *locked = fill_pages(LOCKED_PAGES, 7);
	check("mlock 4 MiB", mlock(locked, LOCKED_PAGES * PAGE) == 0);
	check("VmLck is 4096 kB", field("/proc/self/status", "VmLck:") == 4096);
	pagemap_range(locked, LOCKED_PAGES, pm);
	int flags_ok = 1;
	for (size_t i = 0; i < LOCKED_PAGES; i++) {
		frames[i] = PM_PFN(pm[i]);
		uint64_t f = kpageflags(frames[i]);
		flags_ok &= (pm[i] & PM_PRESENT) && (f >> KPF_MLOCKED & 1) && (f >> KPF_UNEVICTABLE & 1);
	}
	check("kpageflags: the locked pages are MLOCKED and UNEVICTABLE", flags_ok);

	errno = 0;
	check("MADV_PAGEOUT on the locked range: EINVAL",
	      madvise(locked, LOCKED_PAGES * PAGE, MADV_PAGEOUT) == -1 && errno == EINVAL);
	errno = 0;
	check("MADV_COLD on the locked range: EINVAL",
	      madvise(locked, LOCKED_PAGES * PAGE, MADV_COLD) == -1 && errno == EINVAL);
	check("... and they stay where they were", locked_in_place(locked));

	/* Twice the RAM, touched a page at a time: reclaim must swap. */
	long out0 = vmstat("pswpout");
	uint64_t *pressure = mmap(NULL, PRESSURE_PAGES * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int stayed = pressure != MAP_FAILED;
	for (size_t i = 0; stayed && i < PRESSURE_PAGES; i++) {
		pressure[i * (PAGE / 8)] = i;
		if (i % (MIB / PAGE) == MIB / PAGE - 1)
			stayed &= locked_in_place(locked);
	}
	long out = vmstat("pswpout") - out0;
	check("touching 64 MiB with 32 MiB of RAM swaps (pswpout grew by 32 MiB or more)",
	      out >= (long)(32 * MIB / PAGE));
	check("the locked pages stayed present in their frames all along", stayed);
	long maj0 = majflt();
	check("the locked data is intact, read without a major fault",
	      pages_intact(locked, LOCKED_PAGES, 7) == LOCKED_PAGES && majflt() == maj0);
	size_t good = 0;
	for (size_t i = 0; i < PRESSURE_PAGES; i++)
		good += pressure[i * (PAGE / 8)] == i;
	check("the pressure's pages are intact too", good == PRESSURE_PAGES);
	munmap(pressure, PRESSURE_PAGES * PAGE);

	check("munlock", munlock(locked, LOCKED_PAGES * PAGE) == 0);
	check("VmLck is 0", field("/proc/self/status", "VmLck:") == 0);
	check("kpageflags: no longer MLOCKED", !(kpageflags(frames[0]) >> KPF_MLOCKED & 1) &&
	      !(kpageflags(frames[LOCKED_PAGES - 1]) >> KPF_MLOCKED & 1));
	check("MADV_PAGEOUT on the unlocked range succeeds",
	      madvise(locked, LOCKED_PAGES * PAGE, MADV_PAGEOUT) == 0);
	pagemap_range(locked, LOCKED_PAGES, pm);
	int swapped = 1;
	for (size_t i = 0; i < LOCKED_PAGES; i++)
		swapped &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_SWAP;
	check("... and sends every page to swap", swapped);
	/* Locking swapped pages reads them back in (major faults), and that is success. */
	check("mlock of the swapped-out range succeeds",
	      mlock(locked, LOCKED_PAGES * PAGE) == 0);
	pagemap_range(locked, LOCKED_PAGES, pm);
	int back = 1;
	for (size_t i = 0; i < LOCKED_PAGES; i++)
		back &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_PRESENT;
	check("... and brings every page back in", back);
	check("read back, intact", pages_intact(locked, LOCKED_PAGES, 7) == LOCKED_PAGES);
	check("munlock again", munlock(locked, LOCKED_PAGES * PAGE) == 0);
	munmap(locked, LOCKED_PAGES * PAGE);
	return failures != 0;
}
