/*
 * The strict and the "always" overcommit modes, in the guest only: they change a global
 * setting, which must not happen on the host (tests/user/overcommit.c covers mode 0 and
 * the errors against Linux). Each check prints "ok" or "FAILED"; the exit status says
 * whether all passed. The settings are restored before it ends. Run by
 * tests/boot/overcommit.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096UL
#define TiB (1UL << 40)

static int failures;

#define CHECK(what, cond)                                                         \
	do {                                                                      \
		int ok_ = (cond);                                                 \
		printf("%-66s %s\n", what, ok_ ? "ok" : "FAILED");                \
		failures += !ok_;                                                 \
	} while (0)

static const char *read_file(const char *path)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static long meminfo(const char *label)
{
	const char *l = strstr(read_file("/proc/meminfo"), label);
	return l ? strtol(l + strlen(label), NULL, 10) : -1;
}

static long setting(const char *name)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	return strtol(read_file(path), NULL, 10);
}

/* Writes value to /proc/sys/vm/name: 0 or the errno. */
static int set(const char *name, const char *value)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	int fd = open(path, O_WRONLY);
	ssize_t n = fd < 0 ? -1 : write(fd, value, strlen(value));
	int e = n < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	return e;
}

static void *map(size_t len, int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

int main(void)
{
	long total_kb = meminfo("MemTotal:");
	long ram_pages = total_kb / 4;

	/* The settings, as Linux reads and writes them. */
	CHECK("overcommit_memory accepts 2", set("overcommit_memory", "2\n") == 0);
	CHECK("  and reads it back", setting("overcommit_memory") == 2);
	CHECK("overcommit_ratio accepts 25", set("overcommit_ratio", "25") == 0);
	CHECK("CommitLimit is 25% of RAM (no swap)", meminfo("CommitLimit:") == ram_pages * 25 / 100 * 4);
	CHECK("overcommit_kbytes accepts 8192", set("overcommit_kbytes", "8192\n") == 0);
	CHECK("  which sets overcommit_ratio to 0", setting("overcommit_ratio") == 0);
	CHECK("CommitLimit is 8192 kB now", meminfo("CommitLimit:") == 8192);
	CHECK("overcommit_ratio accepts 50 again", set("overcommit_ratio", "50") == 0);
	CHECK("  which sets overcommit_kbytes to 0", setting("overcommit_kbytes") == 0);
	CHECK("CommitLimit is half of RAM", meminfo("CommitLimit:") == ram_pages * 50 / 100 * 4);

	/* Mode 2: nothing past CommitLimit, at once, not on first touch. */
	long room_kb = meminfo("CommitLimit:") - meminfo("Committed_AS:");
	size_t room = (size_t)room_kb * 1024;
	errno = 0;
	CHECK("mode 2: a private mapping past CommitLimit fails with ENOMEM",
	      map(room + P, 0) == MAP_FAILED && errno == ENOMEM);
	CHECK("mode 2: MAP_NORESERVE does not help", map(room + P, MAP_NORESERVE) == MAP_FAILED);
	char *brk0 = (char *)syscall(SYS_brk, 0);
	CHECK("mode 2: brk past it keeps the old break",
	      (char *)syscall(SYS_brk, brk0 + room + P) == brk0);
	char *half = map(room / 2, 0);
	CHECK("mode 2: half the room can be mapped", half != MAP_FAILED);
	CHECK("  Committed_AS rose by its size", meminfo("CommitLimit:") - meminfo("Committed_AS:") <= room_kb / 2);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK("mode 2: fork fails when the child's copy does not fit",
	      pid < 0 && errno == ENOMEM);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	char *ro = mmap(NULL, room, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mode 2: a read-only mapping is not charged", ro != MAP_FAILED);
	CHECK("  but making it writable is refused",
	      mprotect(ro, room, PROT_READ | PROT_WRITE) == -1 && errno == ENOMEM);
	munmap(ro, room);
	munmap(half, room / 2);
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK("mode 2: fork works again once it was unmapped", pid > 0);
	if (pid > 0)
		waitpid(pid, NULL, 0);

	/* Mode 1: anything goes. */
	CHECK("overcommit_memory accepts 1", set("overcommit_memory", "1") == 0);
	char *huge = map(64 * TiB, 0);
	CHECK("mode 1: 64 TiB private writable is mapped", huge != MAP_FAILED);
	if (huge != MAP_FAILED) {
		huge[0] = huge[64 * TiB - 1] = 1;
		munmap(huge, 64 * TiB);
	}

	CHECK("overcommit_memory back to 0", set("overcommit_memory", "0") == 0);
	CHECK("mode 0: 64 TiB fails again", map(64 * TiB, 0) == MAP_FAILED);
	return failures ? 1 : 0;
}
