/* ioctl FIONREAD: how many bytes a read would find now, in a pipe (written and not yet
 * read, seen from either end: LTP's pipe12) and in a regular file (from the offset to the
 * end); other files that are not terminals give ENOTTY. */
#include "check.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* FIONREAD of fd as text: the count, or the error's name. */
static const char *fionread(int fd, char *buf, size_t len)
{
	int n = -1;
	if (ioctl(fd, FIONREAD, &n) != 0)
		return errno == ENOTTY ? "ENOTTY" : errno_name(errno);  /* check.h lacks it */
	snprintf(buf, len, "%d", n);
	return buf;
}

int main(void)
{
	char line[120], v[32];
	int p[2];
	CHECK("pipe", pipe(p) == 0);
	snprintf(line, sizeof(line), "empty pipe: %s", fionread(p[0], v, sizeof(v)));
	CHECK(line, strcmp(v, "0") == 0);
	write(p[1], "hello, pipe", 11);
	snprintf(line, sizeof(line), "11 bytes written, read end: %s", fionread(p[0], v, sizeof(v)));
	CHECK(line, strcmp(v, "11") == 0);
	snprintf(line, sizeof(line), "11 bytes written, write end: %s", fionread(p[1], v, sizeof(v)));
	CHECK(line, strcmp(v, "11") == 0);
	char buf[4];
	read(p[0], buf, 4);
	snprintf(line, sizeof(line), "4 read: %s", fionread(p[0], v, sizeof(v)));
	CHECK(line, strcmp(v, "7") == 0);

	int fd = open("fionread.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "0123456789", 10);
	lseek(fd, 3, SEEK_SET);
	snprintf(line, sizeof(line), "a 10-byte file at offset 3: %s", fionread(fd, v, sizeof(v)));
	CHECK(line, strcmp(v, "7") == 0);
	close(fd);
	unlink("fionread.tmp");

	int dir = open(".", O_RDONLY | O_DIRECTORY);
	snprintf(line, sizeof(line), "a directory: %s", fionread(dir, v, sizeof(v)));
	CHECK(line, errno == ENOTTY);
	int null = open("/dev/null", O_RDONLY);
	snprintf(line, sizeof(line), "/dev/null: %s", fionread(null, v, sizeof(v)));
	CHECK(line, errno == ENOTTY);
	return check_failures != 0;
}
