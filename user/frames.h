/*
 * frames.h: which frame holds a virtual page, and how many page-table entries map a frame,
 * through Linux's /proc/PID/pagemap and /proc/kpagecount (Documentation/admin-guide/mm/
 * pagemap.rst), for the demos. On Linux these need root to show frame numbers.
 */
#ifndef USER_FRAMES_H
#define USER_FRAMES_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define PM_PRESENT (1ULL << 63)
#define PM_SWAP    (1ULL << 62)
#define PM_FILE    (1ULL << 61)         /* a file's page or shared memory, not anonymous */
#define PM_PFN     ((1ULL << 55) - 1)

/* Reads the 8-byte entry number i of a /proc table file; 0 if it cannot. */
static inline uint64_t table_entry(const char *path, uint64_t i)
{
	uint64_t e = 0;
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		if (pread(fd, &e, sizeof(e), (off_t)(i * sizeof(e))) != sizeof(e))
			e = 0;
		close(fd);
	}
	return e;
}

/* The pagemap entry of the page at addr in process pid (0: this one). */
static inline uint64_t page_entry(int pid, const void *addr)
{
	char path[64];
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/pagemap");
	return table_entry(path, (uintptr_t)addr / (uint64_t)sysconf(_SC_PAGESIZE));
}

/* The frame number that holds the page at addr in process pid, or 0 if none does. */
static inline uint64_t frame_of(int pid, const void *addr)
{
	uint64_t e = page_entry(pid, addr);
	return (e & PM_PRESENT) ? e & PM_PFN : 0;
}

/* How many page-table entries map frame pfn (/proc/kpagecount). */
static inline uint64_t map_count(uint64_t pfn)
{
	return table_entry("/proc/kpagecount", pfn);
}

#endif
