/*
 * swapon(2) and swapoff(2) refusing what is not a swap area, with Linux's errors: a missing
 * file, an empty path, a directory (opened for writing), a character device, unknown
 * flags, a regular file without a swap header, a bad pointer. None of these changes
 * anything, so Linux is the oracle (run as root).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <unistd.h>
static void try(const char *what, int r)
{
	printf("%-40s %d %s\n", what, r, r ? strerror(errno) : "");
}

int main(void)
{
	static char zeros[65536];
	int fd = open("swerr.file", O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (fd < 0 || write(fd, zeros, sizeof(zeros)) != sizeof(zeros))
		return 1;
	close(fd);
	try("swapon nonexistent", swapon("/nonexistent/x", 0));
	try("swapon empty path", swapon("", 0));
	try("swapon dir", swapon("/tmp", 0));
	try("swapon /dev/null", swapon("/dev/null", 0));
	try("swapon bad flags", swapon("swerr.file", 0x100000));
	try("swapon file without header", swapon("swerr.file", 0));
	try("swapoff nonexistent", swapoff("/nonexistent/x"));
	try("swapoff dir", swapoff("/tmp"));
	try("swapoff /dev/null", swapoff("/dev/null"));
	try("swapoff file not swap", swapoff("swerr.file"));
	try("swapon bad pointer", swapon((char *)1, 0));
	unlink("swerr.file");
}
