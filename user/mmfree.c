/*
 * mmfree: physical memory and swap in KiB, in procps' layout, from /proc/meminfo.
 *   total       all of RAM the kernel manages (MemTotal)
 *   used        total - available: what could not be had back without swapping
 *   free        frames no one holds (MemFree)
 *   shared      shared memory (Shmem; 0 where /proc/meminfo has no such line)
 *   buff/cache  the page cache (Buffers + Cached + SReclaimable)
 *   available   what a program could still get (MemAvailable)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf[8192];

/* The value of "Key:" in /proc/meminfo, or 0 when there is no such line. */
static unsigned long kib(const char *key)
{
	size_t len = strlen(key);
	for (char *l = buf; l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, key, len) == 0 && l[len] == ':')
			return strtoul(l + len + 1, NULL, 10);
	return 0;
}

int main(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f) {
		perror("free: /proc/meminfo");
		return 1;
	}
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
	fclose(f);
	unsigned long total = kib("MemTotal"), avail = kib("MemAvailable");
	unsigned long swap = kib("SwapTotal"), swap_free = kib("SwapFree");
	printf("               total        used        free      shared  buff/cache   available\n");
	printf("%-8s %11lu %11lu %11lu %11lu %11lu %11lu\n", "Mem:", total, total - avail,
	       kib("MemFree"), kib("Shmem"), kib("Buffers") + kib("Cached") + kib("SReclaimable"),
	       avail);
	printf("%-8s %11lu %11lu %11lu\n", "Swap:", swap, swap - swap_free, swap_free);
	return 0;
}
