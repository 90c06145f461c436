/* MADV_FREE is for private anonymous memory only: on a file mapping (private or shared) or
 * on shared anonymous memory it is EINVAL, as is any locked range (Linux's
 * madvise_dontneed_free; LTP's madvise02). On private anonymous memory it succeeds, and the
 * data a program writes afterwards is its own. */
#include "check.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static void try(const char *what, void *addr, size_t len, int want)
{
	char line[120];
	int r = madvise(addr, len, MADV_FREE);
	snprintf(line, sizeof(line), "MADV_FREE, %s: %s", what, r == 0 ? "ok" : errno_name(errno));
	CHECK(line, want ? (r == -1 && errno == want) : r == 0);
}

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int fd = open("madvise_free.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ftruncate(fd, (off_t)page);
	char *priv_file = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared_file = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *shared_anon = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *anon = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("the mappings are made", priv_file != MAP_FAILED && shared_file != MAP_FAILED &&
	      shared_anon != MAP_FAILED && anon != MAP_FAILED);
	try("a private file mapping", priv_file, page, EINVAL);
	try("a shared file mapping", shared_file, page, EINVAL);
	try("shared anonymous memory", shared_anon, page, EINVAL);
	anon[0] = 'x';
	try("private anonymous memory", anon, 2 * page, 0);
	anon[0] = 'y';
	CHECK("written after MADV_FREE, it reads back", anon[0] == 'y');
	mlock(anon + page, page);
	try("private anonymous memory, half locked", anon, 2 * page, EINVAL);
	close(fd);
	unlink("madvise_free.tmp");
	return check_failures != 0;
}
