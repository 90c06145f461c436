/*
 * The disk as programs see it: /dev/vda and /dev/vda1 as block special files (Linux's
 * numbers, stat, lseek, read and write at any offset, the limits at the end), the swap
 * header mkswap wrote, and the disk driver's completions by interrupt: a process waiting
 * for the disk sleeps while a CPU-bound one runs, and two readers share the disk.
 *
 * Run in the guest with the disk tests/boot/disk.sh makes (tools/mkdisk IMAGE 16M 8M: a
 * swap partition from 1 MiB to 9 MiB, the rest unpartitioned). The writes go to that
 * unpartitioned tail and to the end of the disk. `blockdev --verify IMAGE`, run on the
 * host afterwards, checks that the bytes the guest wrote are in the image file.
 */
#include "../user/check.h"

#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define MiB (1024 * 1024)
#define DISK_SIZE (16 * MiB)
#define PART_START (1 * MiB)
#define PART_SIZE (8 * MiB)
#define SPARE (PART_START + PART_SIZE)  /* unpartitioned: free for writes */

/* The unaligned write: crosses sector and page boundaries at both ends. */
#define PAT_OFF (SPARE + 3 * 4096 - 700)
#define PAT_LEN 9000
/* The region the readers read, page by page. */
#define READ_OFF (SPARE + 64 * 1024)
#define READ_PAGES 64

static unsigned char pattern(uint64_t off, unsigned seed)
{
	return (unsigned char)((off * 131 + seed * 17 + 7) >> 1);
}

static void fill(unsigned char *buf, uint64_t off, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = pattern(off + i, seed);
}

static int matches(const unsigned char *buf, uint64_t off, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern(off + i, seed))
			return 0;
	return 1;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void check_nodes(void)
{
	struct stat st;
	CHECK("stat /dev/vda", stat("/dev/vda", &st) == 0);
	CHECK("/dev/vda is a block device", S_ISBLK(st.st_mode));
	CHECK("/dev/vda is 254:0", major(st.st_rdev) == 254 && minor(st.st_rdev) == 0);
	CHECK("stat /dev/vda1", stat("/dev/vda1", &st) == 0);
	CHECK("/dev/vda1 is a block device", S_ISBLK(st.st_mode));
	CHECK("/dev/vda1 is 254:1", major(st.st_rdev) == 254 && minor(st.st_rdev) == 1);
	CHECK("st_size of a device node is 0, as on Linux", st.st_size == 0);
	CHECK("no /dev/vda2 (one partition)", stat("/dev/vda2", &st) == -1 && errno == ENOENT);
}

static void check_table_and_header(int disk, int part)
{
	unsigned char mbr[512], page[4096];
	CHECK("read the MBR from /dev/vda", pread(disk, mbr, 512, 0) == 512);
	CHECK("MBR signature 55 aa", mbr[510] == 0x55 && mbr[511] == 0xAA);
	CHECK("partition 1 is Linux swap (type 82)", mbr[446 + 4] == 0x82);
	CHECK("partition 1 starts at sector 2048", le32(mbr + 446 + 8) == 2048);
	CHECK("partition 1 has 16384 sectors", le32(mbr + 446 + 12) == PART_SIZE / 512);
	CHECK("lseek(SEEK_END) on /dev/vda is the disk size",
	      lseek(disk, 0, SEEK_END) == DISK_SIZE);
	CHECK("lseek(SEEK_END) on /dev/vda1 is the partition size",
	      lseek(part, 0, SEEK_END) == PART_SIZE);
	char magic[11] = { 0 };
	CHECK("read the swap signature at 4096-10",
	      pread(part, magic, 10, 4096 - 10) == 10 && strcmp(magic, "SWAPSPACE2") == 0);
	CHECK("read the swap header page", lseek(part, 0, SEEK_SET) == 0 &&
	      read(part, page, sizeof(page)) == (ssize_t)sizeof(page));
	CHECK("read moved the offset", lseek(part, 0, SEEK_CUR) == 4096);
	CHECK("swap header version 1", le32(page + 1024) == 1);
	CHECK("swap header last_page", le32(page + 1028) == PART_SIZE / 4096 - 1);
	CHECK("swap header: no bad pages", le32(page + 1032) == 0);
	unsigned char again[4096];
	CHECK("the same page through /dev/vda at the partition's offset",
	      pread(disk, again, sizeof(again), PART_START) == 4096 &&
	      memcmp(page, again, sizeof(page)) == 0);
}

static void check_unaligned_io(int disk)
{
	static unsigned char buf[PAT_LEN + 2 * 4096], want[PAT_LEN + 2 * 4096];
	/* The bytes around the write first, to see that they stay. */
	off_t around = PAT_OFF - 4096;
	size_t around_len = PAT_LEN + 2 * 4096;
	fill(want, (uint64_t)around, around_len, 1);
	CHECK("write a page-aligned background", pwrite(disk, want, around_len, around) ==
	      (ssize_t)around_len);
	fill(want + 4096, PAT_OFF, PAT_LEN, 2);
	CHECK("write 9000 bytes at an odd offset",
	      pwrite(disk, want + 4096, PAT_LEN, PAT_OFF) == PAT_LEN);
	CHECK("read them back", pread(disk, buf, PAT_LEN, PAT_OFF) == PAT_LEN &&
	      matches(buf, PAT_OFF, PAT_LEN, 2));
	CHECK("the bytes around them are unchanged",
	      pread(disk, buf, around_len, around) == (ssize_t)around_len &&
	      memcmp(buf, want, around_len) == 0);
	off_t straddle = PAT_OFF + (511 - PAT_OFF % 512);      /* the last byte of a sector */
	CHECK("read 3 bytes that straddle a sector",
	      pread(disk, buf, 3, straddle) == 3 && matches(buf, (uint64_t)straddle, 3, 2));
	CHECK("write and read through one lseek'd descriptor",
	      lseek(disk, PAT_OFF + 5, SEEK_SET) == PAT_OFF + 5 && write(disk, "xy", 2) == 2 &&
	      lseek(disk, -2, SEEK_CUR) == PAT_OFF + 5 && read(disk, buf, 2) == 2 &&
	      memcmp(buf, "xy", 2) == 0);
	want[4096 + 5] = 'x';
	want[4096 + 6] = 'y';
}

static void check_end(int disk)
{
	char buf[16] = "0123456789";
	CHECK("read at the end gives 0", pread(disk, buf, 10, DISK_SIZE) == 0);
	CHECK("read across the end is cut short", pread(disk, buf, 10, DISK_SIZE - 4) == 4);
	errno = 0;
	CHECK("write at the end: ENOSPC", pwrite(disk, buf, 10, DISK_SIZE) == -1 &&
	      errno == ENOSPC);
	CHECK("write across the end is cut short", pwrite(disk, "abcdefgh", 8, DISK_SIZE - 3) == 3);
	CHECK("... and landed", pread(disk, buf, 3, DISK_SIZE - 3) == 3 &&
	      memcmp(buf, "abc", 3) == 0);
	errno = 0;
	CHECK("lseek past the end: EINVAL", lseek(disk, DISK_SIZE + 1, SEEK_SET) == -1 &&
	      errno == EINVAL);
	CHECK("lseek to the end itself is fine", lseek(disk, DISK_SIZE, SEEK_SET) == DISK_SIZE);
	errno = 0;
	CHECK("ftruncate on a device: EINVAL", ftruncate(disk, 0) == -1 && errno == EINVAL);
}

/* A process waiting for the disk sleeps, and the CPU-bound child runs meanwhile: its
 * counter moves during each of the parent's reads. A driver that polled the device would
 * keep the CPU in the kernel, and the counter would never move during a read. (The
 * kernel submits with interrupts off until the submitter sleeps, so even a disk that
 * answers at once finds it asleep: this holds for every read, not by chance.) */
static void check_others_run(int disk)
{
	volatile uint64_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t child = fork();
	if (child == 0) {
		while (!shared[1])
			shared[0]++;
		_exit(0);
	}
	while (shared[0] == 0)
		sched_yield();
	int moved = 0;
	unsigned char page[4096];
	for (int i = 0; i < 16; i++) {
		uint64_t before = shared[0];
		if (pread(disk, page, sizeof(page), READ_OFF + i * 4096) != sizeof(page))
			break;
		moved += shared[0] != before;
	}
	shared[1] = 1;
	int status;
	waitpid(child, &status, 0);
	CHECK("a CPU-bound process runs during each read of another", moved == 16);
	munmap((void *)shared, 4096);
}

/* Two readers at once, each checking every page it reads. */
static void check_two_readers(int disk)
{
	static unsigned char data[READ_PAGES * 4096];
	fill(data, READ_OFF, sizeof(data), 3);
	CHECK("write the readers' pages", pwrite(disk, data, sizeof(data), READ_OFF) ==
	      (ssize_t)sizeof(data));
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			unsigned char page[4096];
			for (int round = 0; round < 4; round++) {
				for (int i = 0; i < READ_PAGES; i++) {
					/* opposite orders, so the two ask for different pages */
					int p = k ? READ_PAGES - 1 - i : i;
					uint64_t off = READ_OFF + (uint64_t)p * 4096;
					if (pread(disk, page, 4096, (off_t)off) != 4096 ||
					    !matches(page, off, 4096, 3))
						_exit(1);
				}
			}
			_exit(0);
		}
	}
	int ok = 1;
	for (int k = 0; k < 2; k++) {
		int status;
		ok &= waitpid(kids[k], &status, 0) == kids[k] && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0;
	}
	CHECK("two processes read the disk at once, every byte right", ok);
}

/* On the host: the bytes the guest left in the image. */
static int verify_image(const char *path)
{
	int fd = open(path, O_RDONLY);
	static unsigned char buf[READ_PAGES * 4096];
	CHECK("open the image", fd >= 0);
	CHECK("the unaligned write is in the image", pread(fd, buf, PAT_LEN, PAT_OFF) == PAT_LEN &&
	      buf[5] == 'x' && buf[6] == 'y' && matches(buf + 7, PAT_OFF + 7, PAT_LEN - 7, 2) &&
	      matches(buf, PAT_OFF, 5, 2));
	CHECK("the readers' pages are in the image",
	      pread(fd, buf, sizeof(buf), READ_OFF) == (ssize_t)sizeof(buf) &&
	      matches(buf, READ_OFF, sizeof(buf), 3));
	CHECK("the last 3 bytes of the disk", pread(fd, buf, 3, DISK_SIZE - 3) == 3 &&
	      memcmp(buf, "abc", 3) == 0);
	CHECK_DONE();
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--verify") == 0)
		return verify_image(argv[2]);
	check_nodes();
	int disk = open("/dev/vda", O_RDWR);
	int part = open("/dev/vda1", O_RDWR);
	CHECK("open /dev/vda and /dev/vda1", disk >= 0 && part >= 0);
	if (disk < 0 || part < 0)
		CHECK_DONE();
	check_table_and_header(disk, part);
	check_unaligned_io(disk);
	check_end(disk);
	check_two_readers(disk);
	check_others_run(disk);
	close(disk);
	close(part);
	CHECK_DONE();
}
