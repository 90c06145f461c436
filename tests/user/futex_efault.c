/* A shared futex names its page, which must be there: FUTEX_WAKE and FUTEX_CMP_REQUEUE on an
 * unmapped word, a PROT_NONE one, or one past the end of its (truncated) file give EFAULT, as
 * Linux's get_futex_key (LTP's futex_wake05, futex_cmp_requeue03). A private futex is keyed
 * by its address alone: waking on an unmapped one finds nobody and succeeds. */
#include "check.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, long val2, uint32_t *uaddr2,
		  uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

/* "0" or the errno's name. */
static const char *outcome(long r)
{
	return r == 0 ? "0" : r < 0 ? errno_name(errno) : "woke some";
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	uint32_t *unmapped = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, page);
	uint32_t *none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open("futex_efault.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ftruncate(fd, page);
	uint32_t *past_end = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ftruncate(fd, 0);
	close(fd);
	unlink("futex_efault.tmp");
	uint32_t good = 0;
	CHECK("the mappings are made", none != MAP_FAILED && past_end != MAP_FAILED);

	struct { const char *what; uint32_t *addr; } cases[] = {
		{ "unmapped", unmapped }, { "PROT_NONE", none }, { "past the end of its file", past_end },
	};
	char line[120];
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long r = futex(cases[i].addr, FUTEX_WAKE, 1, 0, NULL, 0);
		snprintf(line, sizeof(line), "FUTEX_WAKE, %s: %s", cases[i].what, outcome(r));
		CHECK(line, r == -1 && errno == EFAULT);
		r = futex(&good, FUTEX_CMP_REQUEUE, 1, 1, cases[i].addr, 0);
		snprintf(line, sizeof(line), "FUTEX_CMP_REQUEUE to a word %s: %s", cases[i].what, outcome(r));
		CHECK(line, r == -1 && errno == EFAULT);
	}
	long r = futex(unmapped, FUTEX_WAKE_PRIVATE, 1, 0, NULL, 0);
	snprintf(line, sizeof(line), "FUTEX_WAKE_PRIVATE, unmapped: %s", outcome(r));
	CHECK(line, r == 0);
	r = futex(&good, FUTEX_WAKE, 1, 0, NULL, 0);
	snprintf(line, sizeof(line), "FUTEX_WAKE on a mapped word: %s", outcome(r));
	CHECK(line, r == 0);
	return check_failures != 0;
}
