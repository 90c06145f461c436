/*
 * /proc/sys/vm/page-cluster, Linux's knob for swap readahead: a fault on a swapped page
 * reads the aligned window of 2^page-cluster slots around it. With 0, one page per fault;
 * with the default 3, a fault also brings its neighbours, so touching the next pages
 * reads nothing more. Values outside 0..31 are EINVAL, as on Linux.
 */
#include "swapcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static long cluster(void)
{
	char buf[16] = "";
	int fd = open("/proc/sys/vm/page-cluster", O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		return -1;
	close(fd);
	return strtol(buf, NULL, 10);
}

static int set_cluster(const char *value)
{
	int fd = open("/proc/sys/vm/page-cluster", O_WRONLY);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, value, strlen(value));
	int err = n < 0 ? errno : 0;
	close(fd);
	return err;
}

/* Pages read from swap while touching pages [first, first + n) of mem, one at a time. */
static long reads_touching(volatile char *mem, size_t first, size_t n)
{
	long before = vmstat("pswpin");
	for (size_t i = first; i < first + n; i++)
		(void)mem[i * PAGE];
	return vmstat("pswpin") - before;
}

int main(void)
{
	check("page-cluster is 3 by default", cluster() == 3);
	volatile char *mem = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t i = 0; i < 8; i++)
		mem[i * PAGE] = (char)i;
	check("set page-cluster to 0", set_cluster("0\n") == 0);
	madvise((void *)mem, 8 * PAGE, MADV_PAGEOUT);
	check("with page-cluster 0, each of 4 faults reads one page",
	      reads_touching(mem, 0, 4) == 4);
	check("set page-cluster back to 3", set_cluster("3\n") == 0);
	madvise((void *)mem, 8 * PAGE, MADV_PAGEOUT);
	munmap((void *)mem, 8 * PAGE);
	mem = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t i = 0; i < 8; i++)
		mem[i * PAGE] = (char)i;
	madvise((void *)mem, 8 * PAGE, MADV_PAGEOUT);
	long first = reads_touching(mem, 2, 1);
	check("with page-cluster 3, one fault reads its neighbours too", first > 1);
	check("... so touching them reads nothing more", reads_touching(mem, 3, 3) == 0);
	int intact = 1;
	for (size_t i = 0; i < 8; i++)
		intact &= mem[i * PAGE] == (char)i;
	check("the pages are intact", intact);
	check("page-cluster 32: EINVAL", set_cluster("32\n") == EINVAL);
	check("page-cluster -1: EINVAL", set_cluster("-1\n") == EINVAL);
	check("page-cluster is still 3", cluster() == 3);
	return failures != 0;
}
