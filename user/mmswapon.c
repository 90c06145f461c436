/*
 * mmswapon: enables swap areas, as util-linux's swapon does for the common cases.
 *   swapon [-p PRIORITY] DEVICE...   enable each (mkswap's header must be there)
 *   swapon -s | --show               the active areas (/proc/swaps)
 *   swapon -a                        every partition of /dev/vd? that holds a swap header
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/swap.h>
#include <unistd.h>

#include "swap_probe.h"

static int show(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	if (!f) {
		perror("swapon: /proc/swaps");
		return 1;
	}
	char line[256];
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
	return 0;
}

static int enable(const char *dev, int flags)
{
	if (swapon(dev, flags) != 0) {
		fprintf(stderr, "swapon: %s: swapon failed: %s\n", dev, strerror(errno));
		return 1;
	}
	return 0;
}

/* -a: every partition vdXN with a swap header that is not active yet. */
static int enable_all(int flags)
{
	int status = 0;
	for (char disk = 'a'; disk <= 'd'; disk++) {
		for (int part = 1; part <= 4; part++) {
			char dev[32];
			snprintf(dev, sizeof(dev), "/dev/vd%c%d", disk, part);
			if (!has_swap_header(dev))
				continue;
			if (swapon(dev, flags) == 0)
				printf("swapon: %s\n", dev);
			else if (errno != EBUSY)
				status |= enable(dev, flags);
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	int flags = 0, all = 0, opt;
	if (argc == 2 && (!strcmp(argv[1], "-s") || !strcmp(argv[1], "--show") ||
			  !strcmp(argv[1], "--summary")))
		return show();
	while ((opt = getopt(argc, argv, "ap:s")) != -1) {
		switch (opt) {
		case 'a': all = 1; break;
		case 'p': {
			/* As util-linux: a number, and only one >= 0 is passed on (a negative
			 * one leaves the kernel's default). */
			char *end;
			long prio = strtol(optarg, &end, 10);
			if (!*optarg || *end || prio < INT_MIN || prio > INT_MAX) {
				fprintf(stderr, "swapon: failed to parse priority: '%s'\n", optarg);
				return 1;
			}
			if (prio >= 0)
				flags = SWAP_FLAG_PREFER |
					(((int)prio << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
			break;
		}
		case 's': return show();
		default:
			fprintf(stderr, "usage: swapon [-p PRIORITY] DEVICE... | -a | -s\n");
			return 2;
		}
	}
	if (all)
		return enable_all(flags);
	if (optind == argc)
		return show();
	int status = 0;
	for (int i = optind; i < argc; i++)
		status |= enable(argv[i], flags);
	return status;
}
