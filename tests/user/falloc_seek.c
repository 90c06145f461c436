/* fallocate (mode 0 and FALLOC_FL_KEEP_SIZE; the other modes EOPNOTSUPP, as on tmpfs) and
 * lseek's SEEK_DATA and SEEK_HOLE, by page as tmpfs finds them, in /dev/shm (tmpfs on
 * Linux, this kernel's ramdisk file system here); and statfs's magic there and in /proc. */
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define FALLOC_FL_COLLAPSE_RANGE 0x08   /* <linux/falloc.h> */
#define FALLOC_FL_ZERO_RANGE     0x10

static const char *res(long r)
{
	return r >= 0 ? "ok" : errno == ENXIO ? "ENXIO" : errno == EFBIG ? "EFBIG" : errno_name(errno);
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
}

static void seekp(const char *what, int fd, off_t off, int whence)
{
	off_t r = lseek(fd, off, whence);
	if (r < 0)
		say(what, res(-1));
	else
		printf("%-60s %ld\n", what, (long)r);
}

int main(void)
{
	const char *path = "/dev/shm/falloc_seek.test";
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	struct stat st;
	CHECK("fallocate mode 0 of 3 pages at 4096", fallocate(fd, 0, 4096, 3 * 4096) == 0);
	fstat(fd, &st);
	printf("%-60s %ld\n", "... the size covers them", (long)st.st_size);
	printf("%-60s %ld\n", "... 512-byte blocks", (long)st.st_blocks);
	char buf[16];
	CHECK("... and reads zeros", pread(fd, buf, 16, 8192) == 16 && buf[0] == 0 && buf[15] == 0);
	CHECK("FALLOC_FL_KEEP_SIZE past the end", fallocate(fd, FALLOC_FL_KEEP_SIZE, 65536, 4096) == 0);
	fstat(fd, &st);
	printf("%-60s %ld\n", "... the size stays", (long)st.st_size);
	printf("%-60s %ld\n", "... but the blocks count", (long)st.st_blocks);
	CHECK("fallocate inside the file changes nothing", fallocate(fd, 0, 0, 100) == 0 &&
	      fstat(fd, &st) == 0 && st.st_size == 4 * 4096);
	say("fallocate with length 0", res(fallocate(fd, 0, 0, 0)));
	say("fallocate at a negative offset", res(fallocate(fd, 0, -1, 10)));
	say("fallocate FALLOC_FL_ZERO_RANGE", res(fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 10)));
	say("fallocate FALLOC_FL_COLLAPSE_RANGE", res(fallocate(fd, FALLOC_FL_COLLAPSE_RANGE, 0, 4096)));
	say("fallocate of a closed fd", res(fallocate(99, 0, 0, 10)));
	int ro = open(path, O_RDONLY);
	say("fallocate of a read-only fd", res(fallocate(ro, 0, 0, 10)));
	close(ro);
	int p[2];
	pipe(p);
	say("fallocate of a pipe", res(fallocate(p[1], 0, 0, 10)));
	close(p[0]);
	close(p[1]);
	say("fallocate past the largest offset", res(fallocate(fd, 0, 0x7fffffffffff0000L, 0x20000)));

	/* Data and holes (in a file that was not fallocated: tmpfs counts fallocated pages as
	 * holes until written): written pages 2 and 8, the end at 9 pages + 10. */
	int g = open("/dev/shm/falloc_seek.holes", O_CREAT | O_RDWR | O_TRUNC, 0600);
	pwrite(g, "a", 1, 8 * 4096 + 5);
	pwrite(g, "b", 1, 2 * 4096);
	ftruncate(g, 9 * 4096 + 10);
	seekp("SEEK_DATA from 0", g, 0, SEEK_DATA);
	seekp("SEEK_HOLE from 0", g, 0, SEEK_HOLE);
	seekp("SEEK_DATA from 2 pages + 100", g, 2 * 4096 + 100, SEEK_DATA);
	seekp("SEEK_HOLE from 2 pages + 100", g, 2 * 4096 + 100, SEEK_HOLE);
	seekp("SEEK_DATA from 3 pages", g, 3 * 4096, SEEK_DATA);
	seekp("SEEK_HOLE from 8 pages + 1", g, 8 * 4096 + 1, SEEK_HOLE);
	seekp("SEEK_DATA from 9 pages (a hole to the end)", g, 9 * 4096, SEEK_DATA);
	seekp("SEEK_HOLE from 9 pages + 3", g, 9 * 4096 + 3, SEEK_HOLE);
	seekp("SEEK_DATA at the end", g, 9 * 4096 + 10, SEEK_DATA);
	seekp("SEEK_HOLE at the end", g, 9 * 4096 + 10, SEEK_HOLE);
	seekp("SEEK_DATA from a negative offset", g, -1, SEEK_DATA);
	CHECK("SEEK_DATA moves the offset", lseek(g, 4097, SEEK_DATA) == 2 * 4096 &&
	      lseek(g, 0, SEEK_CUR) == 2 * 4096);
	close(g);
	unlink("/dev/shm/falloc_seek.holes");

	struct statfs sf;
	CHECK("fstatfs: tmpfs's magic", fstatfs(fd, &sf) == 0 && sf.f_type == 0x01021994 &&
	      sf.f_bsize == 4096 && sf.f_namelen == 255);
	CHECK("statfs of the directory too", statfs("/dev/shm", &sf) == 0 && sf.f_type == 0x01021994);
	say("statfs of a missing file", res(statfs("/dev/shm/no.such", &sf)));
	CHECK("statfs of /proc: proc's magic, no blocks", statfs("/proc", &sf) == 0 &&
	      sf.f_type == 0x9fa0 && sf.f_blocks == 0);
	int pf = open("/proc/self/status", O_RDONLY);
	CHECK("fstatfs of a /proc file too", fstatfs(pf, &sf) == 0 && sf.f_type == 0x9fa0);
	close(pf);
	CHECK("statfs of /proc/self/fd too", statfs("/proc/self/fd", &sf) == 0 && sf.f_type == 0x9fa0);
	close(fd);
	unlink(path);
	CHECK_DONE();
}
