/* Address-space layout randomization, as Linux's: with /proc/sys/kernel/randomize_va_space
 * at 2, two runs of the same program have their stack, mmap areas, heap, program (a PIE)
 * and dynamic loader at different addresses, and different AT_RANDOM bytes; under
 * personality(ADDR_NO_RANDOMIZE), as setarch -R runs a program, two runs are laid out
 * alike, and the flag is kept by fork and execve. tools/qrun boots with norandmaps (the
 * tests compare runs), so in the guest this program turns randomization on first.
 * With "levels" (tests/boot/aslr.sh, in the guest only): what 0 and 1 leave fixed. */
#include "../user/check.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where one run found its things. */
struct where {
	uintptr_t stack, mmap, brk, program, loader;
	unsigned char random[16];
	unsigned personality;
};

static const char *const names[] = { "stack", "mmap area", "heap (brk)", "program (PIE)",
				     "dynamic loader" };

/* The run itself: it reports to fd 1 (a pipe). */
static int report(void)
{
	int local;
	struct where w = {
		.stack = (uintptr_t)&local,
		.mmap = (uintptr_t)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		.brk = (uintptr_t)sbrk(0),
		.program = getauxval(AT_PHDR) & ~(uintptr_t)4095,
		.loader = getauxval(AT_BASE),
		.personality = (unsigned)personality(0xffffffff),
	};
	memcpy(w.random, (void *)getauxval(AT_RANDOM), 16);
	return write(1, &w, sizeof(w)) == sizeof(w) ? 0 : 1;
}

/* Runs this program again ("report") with the given personality flags, and reads what
 * it found. */
static struct where run(const char *self, unsigned flags)
{
	struct where w;
	memset(&w, 0, sizeof(w));
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		if (flags)
			personality(flags);
		execl(self, self, "report", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	if (read(fds[0], &w, sizeof(w)) != sizeof(w))
		memset(&w, 0, sizeof(w));
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return w;
}

/* Which addresses differ between a and b: bit i for names[i]. */
static unsigned differ(const struct where *a, const struct where *b)
{
	uintptr_t x[] = { a->stack, a->mmap, a->brk, a->program, a->loader };
	uintptr_t y[] = { b->stack, b->mmap, b->brk, b->program, b->loader };
	unsigned d = 0;
	for (unsigned i = 0; i < 5; i++)
		d |= (unsigned)(x[i] != y[i]) << i;
	return d;
}

static int set_level(const char *level)
{
	int fd = open("/proc/sys/kernel/randomize_va_space", O_WRONLY);
	int ok = fd >= 0 && write(fd, level, strlen(level)) == (ssize_t)strlen(level);
	int e = errno;
	if (fd >= 0)
		close(fd);
	errno = e;
	return ok;
}

static int read_level(void)
{
	char buf[8] = "";
	int fd = open("/proc/sys/kernel/randomize_va_space", O_RDONLY);
	if (fd >= 0) {
		read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	return fd >= 0 ? atoi(buf) : -1;
}

/* The guest-only checks of the three levels (writing the host's would change the host). */
static int levels(const char *self)
{
	CHECK("norandmaps: randomize_va_space starts at 0", read_level() == 0);
	struct where a = run(self, 0), b = run(self, 0);
	CHECK("0: two runs are laid out alike", a.stack && differ(&a, &b) == 0);
	CHECK("0: AT_RANDOM still differs", memcmp(a.random, b.random, 16) != 0);
	CHECK("1 is taken", set_level("1") && read_level() == 1);
	a = run(self, 0);
	b = run(self, 0);
	CHECK("1: stack, mmap, program and loader move", (differ(&a, &b) & 0x1b) == 0x1b);
	CHECK("1: the heap stays right after the program",
	      a.brk - a.program == b.brk - b.program);
	CHECK("3 is refused: EINVAL", !set_level("3") && errno == EINVAL);
	CHECK("2 is taken", set_level("2") && read_level() == 2);
	a = run(self, 0);
	b = run(self, 0);
	struct where c = run(self, 0);          /* 8192 places: two runs may pick one */
	CHECK("2: the heap moves too", a.brk - a.program != b.brk - b.program ||
				       a.brk - a.program != c.brk - c.program);
	CHECK_DONE();
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "report") == 0)
		return report();
	if (argc == 2 && strcmp(argv[1], "levels") == 0)
		return levels(argv[0]);
	if (on_mmk())
		set_level("2");                 /* as Linux boots; qrun boots with norandmaps */
	CHECK("randomize_va_space is 2", read_level() == 2);
	CHECK("personality: PER_LINUX, without ADDR_NO_RANDOMIZE",
	      personality(0xffffffff) == 0);

	struct where a = run(argv[0], 0), b = run(argv[0], 0);
	unsigned d = differ(&a, &b);
	char what[80];
	for (unsigned i = 0; i < 5; i++) {
		snprintf(what, sizeof(what), "two runs: the %s moved", names[i]);
		CHECK(what, a.stack && (d >> i & 1));
	}
	CHECK("two runs: AT_RANDOM's bytes differ", memcmp(a.random, b.random, 16) != 0);
	CHECK("the stack is 16-byte aligned in both", a.stack % 16 == b.stack % 16);

	a = run(argv[0], ADDR_NO_RANDOMIZE);
	b = run(argv[0], ADDR_NO_RANDOMIZE);
	CHECK("ADDR_NO_RANDOMIZE: two runs are laid out alike", a.stack && differ(&a, &b) == 0);
	CHECK("ADDR_NO_RANDOMIZE: kept by fork and execve",
	      a.personality == ADDR_NO_RANDOMIZE && b.personality == ADDR_NO_RANDOMIZE);
	CHECK("ADDR_NO_RANDOMIZE: AT_RANDOM's bytes still differ",
	      memcmp(a.random, b.random, 16) != 0);
	CHECK("personality returns the old value",
	      personality(ADDR_NO_RANDOMIZE) == 0 && personality(0) == ADDR_NO_RANDOMIZE &&
	      personality(0xffffffff) == 0);
	CHECK_DONE();
}
