/*
 * mmmkswap: writes a swap header (Linux's version 1, "SWAPSPACE2") on a device or file, as
 * util-linux's mkswap: the first page holds the version, the last page number, no bad
 * pages, a UUID and an optional label, and ends with the signature; its first 1 KiB (boot
 * bits, maybe a partition table) is left as it was. A size larger than the device is
 * refused.
 *   mkswap [-L LABEL] DEVICE [SIZE_IN_KIB]
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

/* A version-4 (random) UUID, from the clock and the pid: unique enough for a label. */
static void make_uuid(uint8_t uuid[16])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t x = (uint64_t)ts.tv_nsec * 6364136223846793005ULL ^ (uint64_t)ts.tv_sec ^
		     ((uint64_t)getpid() << 32);
	for (int i = 0; i < 16; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		uuid[i] = (uint8_t)(x >> 56);
	}
	uuid[6] = (uuid[6] & 0x0f) | 0x40;
	uuid[8] = (uuid[8] & 0x3f) | 0x80;
}

/* A size as util-linux prints it (size_to_human_string): "63 MiB", "1.5 GiB". */
static void human_size(uint64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	int exp = 0;
	while (exp < 60 && bytes >= (1ULL << (exp + 10)))
		exp += 10;
	uint64_t dec = bytes >> exp, frac = exp ? bytes & ((1ULL << exp) - 1) : 0;
	if (frac) {
		frac = frac * 1000 / (1ULL << exp);     /* three digits, then round to one */
		frac = (frac + 50) / 100;
		if (frac == 10) {
			dec++;
			frac = 0;
		}
	}
	if (frac)
		snprintf(buf, size, "%llu.%llu %s", (unsigned long long)dec,
			 (unsigned long long)frac, units[exp / 10]);
	else
		snprintf(buf, size, "%llu %s", (unsigned long long)dec, units[exp / 10]);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

int main(int argc, char **argv)
{
	const char *label = NULL;
	int i = 1;
	if (i + 1 < argc && !strcmp(argv[i], "-L")) {
		label = argv[i + 1];
		i += 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: mkswap [-L LABEL] DEVICE [SIZE_IN_KIB]\n");
		return 2;
	}
	const char *dev = argv[i];
	int fd = open(dev, O_RDWR);
	if (fd < 0) {
		perror(dev);
		return 1;
	}
	off_t size = lseek(fd, 0, SEEK_END);
	if (i + 1 < argc) {
		off_t want = (off_t)strtoull(argv[i + 1], NULL, 10) * 1024;
		if (want > size) {
			fprintf(stderr, "mkswap: error: size %s KiB is larger than device size %lld KiB\n",
				argv[i + 1], (long long)size / 1024);
			return 1;
		}
		size = want;
	}
	uint64_t pages = (uint64_t)size / PAGE;
	if (pages < 10) {
		fprintf(stderr, "mkswap: error: swap area needs to be at least 40 KiB\n");
		return 1;
	}
	static uint8_t hdr[PAGE];
	uint8_t uuid[16];
	make_uuid(uuid);
	put32(hdr + 1024, 1);                   /* version */
	put32(hdr + 1028, (uint32_t)(pages - 1));       /* last_page */
	put32(hdr + 1032, 0);                   /* nr_badpages */
	memcpy(hdr + 1036, uuid, 16);
	if (label)
		strncpy((char *)hdr + 1052, label, 16);
	memcpy(hdr + PAGE - 10, "SWAPSPACE2", 10);
	/* From 1 KiB on, as util-linux: the "boot bits" before it may hold a partition
	 * table (mkswap on a whole disk must not erase it). */
	if (pwrite(fd, hdr + 1024, PAGE - 1024, 1024) != PAGE - 1024 || fsync(fd) != 0) {
		perror("mkswap: write");
		return 1;
	}
	close(fd);
	uint64_t bytes = (pages - 1) * PAGE;
	char human[64];
	human_size(bytes, human, sizeof(human));
	printf("Setting up swapspace version 1, size = %s (%llu bytes)\n", human,
	       (unsigned long long)bytes);
	if (label)
		printf("LABEL=%.16s, ", label);
	else
		printf("no label, ");
	printf("UUID=%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n",
	       uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5],
	       uuid[6], uuid[7], uuid[8], uuid[9], uuid[10], uuid[11], uuid[12], uuid[13],
	       uuid[14], uuid[15]);
	return 0;
}
