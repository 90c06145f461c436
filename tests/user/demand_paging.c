/* Demand paging: mapping memory costs no page faults; touching N pages costs N faults;
 * a file mapping reads the file's pages in as they are touched. */
#include "check.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define PAGE 4096

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int main(void)
{
	long before = minflt();
	char *p = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	madvise(p, 64 << 20, MADV_NOHUGEPAGE);
	long after_map = minflt();
	CHECK("mapping 64 MiB costs (almost) no faults", after_map - before < 5);
	for (int i = 0; i < 1000; i++)
		p[(long)i * 16 * PAGE] = 1;
	long touched = minflt() - after_map;
	CHECK("touching 1000 pages costs 1000 faults (+ a few)", touched >= 1000 && touched < 1020);
	int zero = 1;
	for (int i = 0; i < 1000; i++)
		zero &= p[(long)i * 16 * PAGE + 1] == 0;
	CHECK("fresh anonymous pages read as zeros", zero);
	before = minflt();
	for (int i = 0; i < 1000; i++)
		p[(long)i * 16 * PAGE] = 2;
	CHECK("touching them again costs nothing", minflt() == before);
	munmap(p, 64 << 20);

	int fd = open("demand_paging.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char page[PAGE];
	for (int i = 0; i < 16; i++) {
		memset(page, 'a' + i, PAGE);
		write(fd, page, PAGE);
	}
	char *f = mmap(NULL, 16 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	int right = 1;
	for (int i = 0; i < 16; i++)
		right &= f[i * PAGE] == 'a' + i && f[i * PAGE + PAGE - 1] == 'a' + i;
	CHECK("a file mapping shows the file's contents", right);
	munmap(f, 16 * PAGE);
	close(fd);
	unlink("demand_paging.data");
	CHECK_DONE();
}
