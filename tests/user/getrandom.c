/* getrandom as Linux answers it: the bytes asked for, different each call; 0 for none;
 * EINVAL for unknown flags and for GRND_INSECURE with GRND_RANDOM; EFAULT for a bad buffer,
 * or the bytes before the fault when some were copied. */
#include "check.h"

#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef GRND_INSECURE
#define GRND_INSECURE 4
#endif

static long call(void *buf, size_t len, unsigned flags)
{
	return syscall(SYS_getrandom, buf, len, flags);
}

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%-60s %s\n", what, errno_name(errno));
	else
		printf("%-60s %ld\n", what, r);
}

int main(void)
{
	unsigned char a[64], b[64];
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	say("64 bytes", call(a, sizeof(a), 0));
	say("64 more, GRND_NONBLOCK", call(b, sizeof(b), GRND_NONBLOCK));
	CHECK("two calls give different bytes", memcmp(a, b, sizeof(a)) != 0);
	int zeros = 0;
	for (size_t i = 0; i < sizeof(a); i++)
		zeros += a[i] == 0;
	CHECK("the bytes are not mostly zeros", zeros < 8);
	say("GRND_RANDOM", call(a, 16, GRND_RANDOM));
	say("GRND_INSECURE", call(a, 16, GRND_INSECURE));
	say("0 bytes", call(a, 0, 0));
	say("an unknown flag (8)", call(a, 16, 8));
	say("GRND_INSECURE | GRND_RANDOM", call(a, 16, GRND_INSECURE | GRND_RANDOM));
	say("a bad buffer", call((void *)8, 16, 0));
	/* A buffer whose second page is not mapped: the first page's bytes come back. */
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(two + 4096, 4096);
	say("100 bytes over the end of the mapping, 40 before it", call(two + 4056, 100, 0));
	say("a large request (1 MiB)", call(mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
						 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), 1 << 20, 0));
	CHECK_DONE();
}
