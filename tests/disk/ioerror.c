/*
 * Device errors reach the program: run with QEMU's blkdebug injecting EIO on reads of
 * sector 4096 and writes of sector 6144 of /dev/vda (tests/boot/disk.sh), a read or a
 * write there fails with EIO, and the disk keeps working elsewhere.
 */
#include "../user/check.h"

#include <fcntl.h>
#include <unistd.h>

int main(void)
{
	static char page[4096];
	int disk = open("/dev/vda", O_RDWR);
	CHECK("open /dev/vda", disk >= 0);
	errno = 0;
	CHECK("a read of the failing sector: EIO", pread(disk, page, 512, 4096 * 512) == -1 &&
	      errno == EIO);
	CHECK("a read elsewhere works", pread(disk, page, 512, 4104 * 512) == 512);
	errno = 0;
	CHECK("a write of the failing sector: EIO",
	      pwrite(disk, page, sizeof(page), 6144 * 512) == -1 && errno == EIO);
	CHECK("a write elsewhere works", pwrite(disk, page, sizeof(page), 6152 * 512) == 4096);
	errno = 0;
	CHECK("the failing read fails again: EIO", pread(disk, page, 10, 4096 * 512 + 7) == -1 &&
	      errno == EIO);
	CHECK_DONE();
}
