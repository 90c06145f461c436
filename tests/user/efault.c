/* A bad pointer handed to a system call gets EFAULT, and the process keeps running. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void expect_efault(const char *what, long r)
{
	printf("%-40s -> %ld %s\n", what, r, r == -1 && errno == EFAULT ? "EFAULT" : "?");
	if (r != -1 || errno != EFAULT)
		check_failures++;
}

int main(void)
{
	int fd = open("efault.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);
	expect_efault("write from address 1", syscall(SYS_write, 1, (void *)1, 10));
	expect_efault("read into address 1", syscall(SYS_read, fd, (void *)1, 10));
	expect_efault("read into a kernel address", syscall(SYS_read, fd, (void *)0xffff800000001000, 4));
	expect_efault("open a path at address 1", syscall(SYS_open, (char *)1, O_RDONLY));
	expect_efault("stat into address 1", syscall(SYS_stat, "efault.data", (void *)1));
	expect_efault("execve with a bad path", syscall(SYS_execve, (char *)1, NULL, NULL));
	expect_efault("pipe into address 1", syscall(SYS_pipe, (int *)1));
	char buf[4] = { 0 };
	CHECK("the file is still readable afterwards", read(fd, buf, 3) == 3 && buf[0] == '0');
	close(fd);
	unlink("efault.data");
	CHECK_DONE();
}
