/*
 * The runtime switch /proc/sys/vm/trace (mm/vmtrace.h): reads give 0 or 1; a write of 0
 * or 1 sets it; anything else fails with EINVAL, as Linux's proc_dointvec_minmax, and
 * changes nothing. Then, with tracing switched on around two touches of fresh anonymous
 * pages (a write: demand-zero; a read: zero-page), the log must hold exactly those two faults of this
 * process: a page touched before and one touched after stay out of it. The program prints
 * its pid and the four addresses; tests/boot/vmtrace.sh checks the log.
 */
#include "../user/check.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
#define SWITCH "/proc/sys/vm/trace"

/* The setting as read, or -1. */
static int read_switch(void)
{
	char buf[16] = "";
	int fd = open(SWITCH, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n == 2 && buf[1] == '\n' && (buf[0] == '0' || buf[0] == '1'))
		return buf[0] - '0';
	return -1;
}

/* Writes s; 0 or the errno. */
static int write_switch(const char *s)
{
	int fd = open(SWITCH, O_WRONLY);
	if (fd < 0)
		return errno;
	ssize_t n = write(fd, s, strlen(s));
	int err = n < 0 ? errno : 0;
	close(fd);
	return err;
}

/* A write to one page and a read of another: the only memory this touches that was
 * not touched before. */
static __attribute__((noinline)) int touch(volatile char *w, volatile char *r)
{
	*w = 1;
	return *r;
}

int main(void)
{
	CHECK("reads 0 at boot", read_switch() == 0);
	CHECK("2 is EINVAL", write_switch("2\n") == EINVAL);
	CHECK("-1 is EINVAL", write_switch("-1\n") == EINVAL);
	CHECK("x is EINVAL", write_switch("x\n") == EINVAL);
	CHECK("1x is EINVAL", write_switch("1x\n") == EINVAL);
	CHECK("an empty write is EINVAL", write_switch("\n") == EINVAL);
	CHECK("still 0 after the refused writes", read_switch() == 0);
	CHECK("1 with spaces around it is taken", write_switch(" 1 \n") == 0);
	CHECK("reads 1", read_switch() == 1);
	CHECK("0 is taken", write_switch("0") == 0);
	CHECK("reads 0", read_switch() == 0);

	char *m = mmap(NULL, 6 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap", m != MAP_FAILED);
	/* Everything the traced part uses is touched once beforehand: the code of touch and
	 * of write, the descriptor, the buffer. */
	int fd = open(SWITCH, O_WRONLY);
	char on_off[2] = { '0', '\n' };
	CHECK("opened for writing", fd >= 0 && write(fd, on_off, 2) == 2);
	int sum = touch(m, m + PAGE);
	on_off[0] = '1';
	pwrite(fd, on_off, 2, 0);
	sum += touch(m + 2 * PAGE + 0x123, m + 3 * PAGE + 0x456);
	on_off[0] = '0';
	pwrite(fd, on_off, 2, 0);
	sum += touch(m + 4 * PAGE, m + 5 * PAGE);
	close(fd);
	CHECK("the pages read as zeros", sum == 0);
	CHECK("tracing is off again", read_switch() == 0);
	printf("pid %d\n", getpid());
	printf("before %p %p\n", (void *)m, (void *)(m + PAGE));
	printf("traced %p %p\n", (void *)(m + 2 * PAGE + 0x123), (void *)(m + 3 * PAGE + 0x456));
	printf("after %p %p\n", (void *)(m + 4 * PAGE), (void *)(m + 5 * PAGE));
	return check_failures != 0;
}
