/* Which error mmap and msync give first, as Linux: a file mapping's descriptor is looked up
 * before the length is checked (a closed fd with length 0 is EBADF: LTP's mmap08), after the
 * offset; msync's MS_INVALIDATE of locked memory is EBUSY (LTP's msync03). */
#include "check.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

/* "ok", or the name of the error of a call that failed. */
static const char *outcome(int failed)
{
	if (!failed)
		return "ok";
	return errno == EBUSY ? "EBUSY" : errno_name(errno);    /* check.h does not name it */
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = open("mmap_badfd.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ftruncate(fd, page);
	int closed = open("mmap_badfd.tmp", O_RDWR);
	close(closed);
	char line[120];
	struct { const char *what; size_t len; int flags; int fd; off_t off; int want; } cases[] = {
		{ "closed fd, length 0", 0, MAP_SHARED, closed, 0, EBADF },
		{ "closed fd, a page", (size_t)page, MAP_SHARED, closed, 0, EBADF },
		{ "closed fd, unaligned offset", (size_t)page, MAP_SHARED, closed, 1, EINVAL },
		{ "closed fd, bad type", (size_t)page, 0, closed, 0, EBADF },
		{ "anonymous, length 0", 0, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, EINVAL },
		{ "open fd, length 0", 0, MAP_SHARED, fd, 0, EINVAL },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		void *p = mmap(NULL, cases[i].len, PROT_READ, cases[i].flags, cases[i].fd, cases[i].off);
		snprintf(line, sizeof(line), "mmap, %s: %s", cases[i].what, outcome(p == MAP_FAILED));
		CHECK(line, p == MAP_FAILED && errno == cases[i].want);
	}

	char *locked = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED, fd, 0);
	CHECK("mmap MAP_SHARED | MAP_LOCKED", locked != MAP_FAILED);
	int r = msync(locked, (size_t)page, MS_INVALIDATE);
	snprintf(line, sizeof(line), "msync MS_INVALIDATE, MAP_LOCKED: %s", outcome(r != 0));
	CHECK(line, r == -1 && errno == EBUSY);
	r = msync(locked, (size_t)page, MS_SYNC);
	snprintf(line, sizeof(line), "msync MS_SYNC, MAP_LOCKED: %s", outcome(r != 0));
	CHECK(line, r == 0);
	char *plain = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = msync(plain, 2 * (size_t)page, MS_INVALIDATE);
	snprintf(line, sizeof(line), "msync MS_INVALIDATE, not locked: %s", outcome(r != 0));
	CHECK(line, r == 0);
	mlock(plain + page, (size_t)page);
	r = msync(plain, 2 * (size_t)page, MS_INVALIDATE);
	snprintf(line, sizeof(line), "msync MS_INVALIDATE, second page mlocked: %s", outcome(r != 0));
	CHECK(line, r == -1 && errno == EBUSY);
	r = msync(plain, 2 * (size_t)page, MS_ASYNC | MS_INVALIDATE);
	snprintf(line, sizeof(line), "msync MS_ASYNC | MS_INVALIDATE, mlocked: %s", outcome(r != 0));
	CHECK(line, r == -1 && errno == EBUSY);
	close(fd);
	unlink("mmap_badfd.tmp");
	return check_failures != 0;
}
