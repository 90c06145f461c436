/*
 * Whether a device holds a swap area's header (mkswap's signature at the end of its first
 * page), as `swapon -a` looks before it enables one: shared by swapon, init and qrun-init.
 */
#ifndef USER_SWAP_PROBE_H
#define USER_SWAP_PROBE_H

#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static inline bool has_swap_header(const char *dev)
{
	char magic[10];
	int fd = open(dev, O_RDONLY);
	if (fd < 0)
		return false;
	bool ok = pread(fd, magic, sizeof(magic), 4096 - 10) == sizeof(magic) &&
		  memcmp(magic, "SWAPSPACE2", 10) == 0;
	close(fd);
	return ok;
}

#endif
