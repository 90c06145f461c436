/*
 * /proc/sys/kernel/core_pattern and what a core holds, in the guest only: the pattern is a
 * global setting that must not change on the host (tests/user/coredump.c compares the
 * default "core" with Linux). Checks the file's reads and writes (Linux's proc_dostring),
 * the %p %e %s %t %% specifiers, absolute names, a pipe (not supported: no core, a kernel
 * log line) and a missing directory (no core); then, in a core, Linux's coredump_filter
 * 0x33: anonymous memory in full with never-touched pages as holes, a private file area
 * with a copied page in full, a shared file area not at all. Each check prints "ok" or
 * "FAILED"; the pattern is restored before it ends. Run by tests/boot/coredump.sh.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PATTERN "/proc/sys/kernel/core_pattern"
#define P 4096UL

static int failures;

#define CHECK(what, cond)                                                         \
	do {                                                                      \
		int ok_ = (cond);                                                 \
		printf("%-66s %s\n", what, ok_ ? "ok" : "FAILED");                \
		failures += !ok_;                                                 \
	} while (0)

static const char *read_pattern(void)
{
	static char buf[256];
	int fd = open(PATTERN, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Writes s at offset off of the pattern file; returns what write returned. */
static ssize_t write_pattern_at(const char *s, off_t off)
{
	int fd = open(PATTERN, O_WRONLY);
	if (fd < 0)
		return -1;
	ssize_t n = pwrite(fd, s, strlen(s), off);
	close(fd);
	return n;
}

/* An address nothing maps (a global, so the compiler cannot see it is bad). */
volatile int *volatile bad_pointer = (volatile int *)8;

/* What the crashing child does before it dies, in its own address space. */
typedef void (*prepare_fn)(void);

/* Forks a child that raises RLIMIT_CORE, runs prepare and dies of SIGSEGV; returns its
 * pid, with its wait status in *status. */
static pid_t crash_child(prepare_fn prepare, int *status)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
		setrlimit(RLIMIT_CORE, &r);
		if (prepare)
			prepare();
		*bad_pointer = 1;
		_exit(99);
	}
	waitpid(pid, status, 0);
	return pid;
}

static int dumped(int status)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV && WCOREDUMP(status);
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void pattern_checks(void)
{
	char what[160], name[128];
	CHECK("the default pattern reads \"core\\n\"", !strcmp(read_pattern(), "core\n"));
	CHECK("a write takes every byte", write_pattern_at("core.%e.%p.%s\n", 0) == 14);
	CHECK("it reads back up to the newline", !strcmp(read_pattern(), "core.%e.%p.%s\n"));
	int status;
	pid_t pid = crash_child(NULL, &status);
	snprintf(name, sizeof(name), "core.coredump_patter.%d.11", pid);
	snprintf(what, sizeof(what), "%%e.%%p.%%s: %s, WCOREDUMP", name);
	CHECK(what, dumped(status) && exists(name));
	unlink(name);

	write_pattern_at("lit%%-%t-%q%", 0);
	time_t before = time(NULL);
	crash_child(NULL, &status);
	time_t after = time(NULL);
	int found = 0;
	for (time_t t = before; t <= after; t++) {
		snprintf(name, sizeof(name), "lit%%-%ld-", (long)t);
		if (exists(name)) {
			found = 1;
			unlink(name);
		}
	}
	CHECK("%% is a %, %t the time, unknown and trailing % are dropped", dumped(status) && found);

	mkdir("/tmp/cores", 0755);
	write_pattern_at("/tmp/cores/c-%p", 0);
	pid = crash_child(NULL, &status);
	snprintf(name, sizeof(name), "/tmp/cores/c-%d", pid);
	CHECK("an absolute pattern names the file", dumped(status) && exists(name));
	struct stat st;
	CHECK("the core is mode 0600 less the umask", stat(name, &st) == 0 &&
						      (st.st_mode & 0777) == 0600);
	unlink(name);
	rmdir("/tmp/cores");

	write_pattern_at("/nonexistent/core", 0);
	crash_child(NULL, &status);
	CHECK("a missing directory: no core, no WCOREDUMP",
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV && !WCOREDUMP(status));

	write_pattern_at("|/bin/cat", 0);
	crash_child(NULL, &status);
	CHECK("a pipe is not supported: no WCOREDUMP",
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV && !WCOREDUMP(status));

	write_pattern_at("core", 0);
	write_pattern_at("xyz\n", 4);
	CHECK("a write at the end continues the pattern", !strcmp(read_pattern(), "corexyz\n"));
	write_pattern_at("AB", 20);
	CHECK("a write past the end changes nothing", !strcmp(read_pattern(), "corexyz\n"));
	char longer[201];
	memset(longer, 'a', 200);
	longer[200] = '\0';
	CHECK("a long write is taken whole", write_pattern_at(longer, 0) == 200);
	CHECK("and cut to 127 bytes", strlen(read_pattern()) == 128);
	write_pattern_at("core\n", 0);
	CHECK("the default restored", !strcmp(read_pattern(), "core\n"));
}

/* --- what the core holds --------------------------------------------------------------- */

static char *anon, *priv, *shared;

/* Touches one page of 64 anonymous ones, writes one of a private file mapping, and maps a
 * file shared. */
static void prepare_areas(void)
{
	anon = mmap(NULL, 64 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(anon + 5 * P, 0x5a, P);
	int fd = open("/tmp/coredump-data", O_RDWR);
	priv = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	priv[P] = 'W';
	shared = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	shared[0] = 'S';
	close(fd);
	/* the parent learns the addresses: the child's layout is its own */
	int out = open("/tmp/coredump-addrs", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char *addrs[3] = { anon, priv, shared };
	write(out, addrs, sizeof(addrs));
	close(out);
	/* where the stack is, and its top page as it is (in mmk the last area, so the core's
	 * last page; Linux has [vsyscall] after it) */
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[256];
	unsigned long lo, hi = 0;
	while (fgets(line, sizeof(line), maps))
		if (strstr(line, "[stack]"))
			sscanf(line, "%lx-%lx", &lo, &hi);
	fclose(maps);
	out = open("/tmp/coredump-stacktop", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	write(out, &lo, sizeof(lo));
	write(out, (char *)hi - P, P);
	close(out);
}

/* The program header of the area at va in the core fd, or one with p_type 0. */
static Elf64_Phdr area_of(int fd, char *va)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph = { 0 };
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		return ph;
	for (int i = 0; i < eh.e_phnum; i++) {
		pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph)));
		if (ph.p_type == PT_LOAD && ph.p_vaddr == (uintptr_t)va)
			return ph;
	}
	return (Elf64_Phdr){ 0 };
}

static void content_checks(void)
{
	int fd = open("/tmp/coredump-data", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char page[P];
	memset(page, 'f', P);
	for (int i = 0; i < 4; i++)
		write(fd, page, P);
	close(fd);
	int status;
	crash_child(prepare_areas, &status);
	CHECK("a child with anonymous, private and shared file areas dumps", dumped(status));
	char *addrs[3] = { 0 };
	fd = open("/tmp/coredump-addrs", O_RDONLY);
	read(fd, addrs, sizeof(addrs));
	close(fd);
	fd = open("core", O_RDONLY);
	Elf64_Phdr a = area_of(fd, addrs[0]);
	CHECK("anonymous area: dumped in full", a.p_type && a.p_filesz == 64 * P &&
						     a.p_flags == (PF_R | PF_W));
	char got[P];
	pread(fd, got, P, (off_t)(a.p_offset + 5 * P));
	CHECK("its touched page holds what was written", got[0] == 0x5a && got[P - 1] == 0x5a);
	pread(fd, got, P, (off_t)(a.p_offset + 6 * P));
	int zero = 1;
	for (size_t i = 0; i < P; i++)
		zero &= got[i] == 0;
	CHECK("an untouched page reads as zeros", zero);
	struct stat st;
	fstat(fd, &st);
	CHECK("untouched pages are holes: the core has fewer blocks than bytes",
	      st.st_blocks * 512 + 60 * (off_t)P <= st.st_size);
	Elf64_Phdr pv = area_of(fd, addrs[1]);
	CHECK("private file area with a copied page: dumped in full", pv.p_type &&
										pv.p_filesz == 4 * P);
	pread(fd, got, P, (off_t)(pv.p_offset + P));
	CHECK("its copied page holds the write", got[0] == 'W' && got[1] == 'f');
	pread(fd, got, P, (off_t)(pv.p_offset + 2 * P));
	CHECK("its other pages hold the file (read in for the core)", got[0] == 'f');
	Elf64_Ehdr eh;
	Elf64_Phdr last;
	pread(fd, &eh, sizeof(eh), 0);
	pread(fd, &last, sizeof(last), (off_t)(eh.e_phoff + (eh.e_phnum - 1) * sizeof(last)));
	CHECK("the core ends where its last area's data does",
	      st.st_size == (off_t)(last.p_offset + last.p_filesz));
	char top[P];
	unsigned long stack_lo = 0;
	int tfd = open("/tmp/coredump-stacktop", O_RDONLY);
	read(tfd, &stack_lo, sizeof(stack_lo));
	read(tfd, top, P);
	close(tfd);
	Elf64_Phdr stack = area_of(fd, (char *)stack_lo);
	pread(fd, got, P, (off_t)(stack.p_offset + stack.p_filesz - P));
	CHECK("the stack's top page is in the core, to the last byte",
	      stack.p_type && !memcmp(got, top, P));
	Elf64_Phdr sh = area_of(fd, addrs[2]);
	CHECK("shared file area: not dumped", sh.p_type && sh.p_filesz == 0 &&
						  sh.p_memsz == 4 * P);
	close(fd);
	unlink("core");
	unlink("/tmp/coredump-data");
	unlink("/tmp/coredump-addrs");
	unlink("/tmp/coredump-stacktop");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pattern_checks();
	content_checks();
	printf("coredump_pattern: %d failed\n", failures);
	return failures != 0;
}
