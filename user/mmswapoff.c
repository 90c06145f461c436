/*
 * mmswapoff: disables swap areas, bringing every page they hold back into memory.
 *   swapoff DEVICE...    swapoff -a (every active area, from /proc/swaps)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>

static int disable(const char *dev)
{
	if (swapoff(dev) != 0) {
		fprintf(stderr, "swapoff: %s: swapoff failed: %s\n", dev, strerror(errno));
		return 1;
	}
	return 0;
}

static int disable_all(void)
{
	FILE *f = fopen("/proc/swaps", "r");
	if (!f) {
		perror("swapoff: /proc/swaps");
		return 1;
	}
	char line[256], dev[200];
	int status = 0;
	fgets(line, sizeof(line), f);           /* the heading */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%199s", dev) == 1)
			status |= disable(dev);
	fclose(f);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: swapoff DEVICE... | -a\n");
		return 2;
	}
	if (!strcmp(argv[1], "-a"))
		return disable_all();
	int status = 0;
	for (int i = 1; i < argc; i++)
		status |= disable(argv[i]);
	return status;
}
