/* A program watching its own pages through /proc/self/pagemap (one 64-bit entry per
 * virtual page: present, swapped, exclusively mapped, a file's, the frame number) and
 * /proc/kpagecount and /proc/kpageflags (one entry per frame): a page appears on first
 * touch, is shared by fork and exclusive again after copy-on-write, keeps its frame under
 * PROT_NONE, and goes with munmap. Frame numbers differ between machines, so only whether
 * one is there, and whether two are equal, is printed. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096
#define PM_PFN(e)       ((e) & ((1ULL << 55) - 1))
#define PM_EXCLUSIVE    (1ULL << 56)
#define PM_FILE         (1ULL << 61)
#define PM_SWAP         (1ULL << 62)
#define PM_PRESENT      (1ULL << 63)

static int pagemap_fd;

/* Page va's entry in the open pagemap file. */
static uint64_t entry_of(int fd, const void *va)
{
	uint64_t e = 0;
	if (pread(fd, &e, 8, (off_t)((uintptr_t)va / P * 8)) != 8)
		return ~0ULL;
	return e;
}

static uint64_t entry(const void *va)
{
	return entry_of(pagemap_fd, va);
}

/* An entry as words: what it says, but the frame number itself (only whether it is 0). */
static const char *describe(uint64_t e)
{
	static char s[128];
	if (e == ~0ULL)
		return "read failed";
	snprintf(s, sizeof(s), "%s%s%s%s%s", (e & PM_PRESENT) ? "present" : "not present",
		 (e & PM_SWAP) ? " swapped" : "", (e & PM_EXCLUSIVE) ? " exclusive" : "",
		 (e & PM_FILE) ? " file/shared" : "",
		 (e & PM_PRESENT) ? (PM_PFN(e) ? " pfn" : " pfn=0") : (PM_PFN(e) ? " bits" : ""));
	return s;
}

/* Entry pfn of a per-frame table (/proc/kpagecount, /proc/kpageflags). */
static uint64_t frame_entry(const char *path, uint64_t pfn)
{
	int fd = open(path, O_RDONLY);
	uint64_t v = ~0ULL;
	if (fd < 0 || pread(fd, &v, 8, (off_t)(pfn * 8)) != 8)
		v = ~0ULL;
	close(fd);
	return v;
}

static uint64_t mapcount(const void *va)
{
	return frame_entry("/proc/kpagecount", PM_PFN(entry(va)));
}

/* The kpageflags bits both kernels fill the same way for a program's pages. */
static const char *page_flags(const void *va)
{
	static const struct { int bit; const char *name; } kpf[] = {
		{ 3, "uptodate" }, { 11, "mmap" }, { 12, "anon" }, { 14, "swapbacked" },
		{ 18, "unevictable" }, { 33, "mlocked" },
	};
	static char s[128];
	uint64_t f = frame_entry("/proc/kpageflags", PM_PFN(entry(va)));
	s[0] = '\0';
	for (size_t i = 0; i < sizeof(kpf) / sizeof(kpf[0]); i++)
		if (f & (1ULL << kpf[i].bit))
			snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s%s", s[0] ? " " : "",
				 kpf[i].name);
	return s;
}

static const char *errname(long r)
{
	return r >= 0 ? "ok" : errno_name(errno);
}

int main(void)
{
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	CHECK("/proc/self/pagemap opens", pagemap_fd >= 0);
	char *m = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("untouched anonymous page: %s\n", describe(entry(m)));
	m[0] = 1;
	m[2 * P] = 1;
	printf("after a write:            %s\n", describe(entry(m)));
	printf("  frame mapped %llu time(s), flags: %s\n", (unsigned long long)mapcount(m),
	       page_flags(m));
	uint64_t four[4];
	CHECK("one read of 4 entries", pread(pagemap_fd, four, 32, (off_t)((uintptr_t)m / P * 8)) == 32);
	printf("  pages 0-3 present:      %d%d%d%d\n", !!(four[0] & PM_PRESENT),
	       !!(four[1] & PM_PRESENT), !!(four[2] & PM_PRESENT), !!(four[3] & PM_PRESENT));
	CHECK("read() moves on to the next entry", ({
		uint64_t a = 0, b = 0;
		lseek(pagemap_fd, (off_t)((uintptr_t)(m + P) / P * 8), SEEK_SET);
		read(pagemap_fd, &a, 8) == 8 && read(pagemap_fd, &b, 8) == 8 && a == four[1] &&
			b == four[2];
	}));

	/* fork: both map the frame, read-only, until the child writes its own copy. */
	uint64_t before = entry(m);
	int go[2], done[2];
	pipe(go);
	pipe(done);
	pid_t child = fork();
	if (child == 0) {
		/* An inherited pagemap descriptor still shows its opener's pages, as Linux
		 * ties it to the address space it was opened for. */
		char c;
		int own = open("/proc/self/pagemap", O_RDONLY);
		int ok = PM_PFN(entry_of(own, m)) == PM_PFN(before) && !(entry_of(own, m) & PM_EXCLUSIVE);
		read(go[0], &c, 1);
		m[0] = 2;                       /* copy-on-write: a frame of its own */
		ok = ok && PM_PFN(entry_of(own, m)) != PM_PFN(before) && (entry_of(own, m) & PM_EXCLUSIVE);
		ok = ok && PM_PFN(entry(m)) == PM_PFN(before);  /* the parent's page */
		write(done[1], "x", 1);
		read(go[0], &c, 1);             /* stay until the parent has looked */
		_exit(ok ? 0 : 1);
	}
	printf("after fork, in the parent: %s\n", describe(entry(m)));
	printf("  frame mapped %llu time(s)\n", (unsigned long long)mapcount(m));
	CHECK("the same frame as before fork", PM_PFN(entry(m)) == PM_PFN(before));
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/pagemap", child);
	int child_fd = open(path, O_RDONLY);
	CHECK("the child's pagemap shows the same frame", PM_PFN(entry_of(child_fd, m)) == PM_PFN(before));
	write(go[1], "x", 1);
	char c;
	read(done[0], &c, 1);
	printf("after the child's write:  %s\n", describe(entry(m)));
	printf("  frame mapped %llu time(s)\n", (unsigned long long)mapcount(m));
	printf("  the child's page:       %s\n", describe(entry_of(child_fd, m)));
	CHECK("the child's page is a new frame", PM_PFN(entry_of(child_fd, m)) != PM_PFN(before));
	write(go[1], "x", 1);
	int status;
	waitpid(child, &status, 0);
	CHECK("the child saw the shared frame, then its copy", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	uint64_t gone = 0;
	printf("the reaped child's pagemap reads %ld bytes\n", (long)pread(child_fd, &gone, 8, 0));
	close(child_fd);

	/* PROT_NONE keeps the frame: Linux reports the page present. */
	mprotect(m, P, PROT_NONE);
	printf("PROT_NONE page:           %s\n", describe(entry(m)));
	CHECK("  the same frame", PM_PFN(entry(m)) == PM_PFN(before));
	mprotect(m, P, PROT_READ | PROT_WRITE);
	munmap(m, 4 * P);
	printf("after munmap:             %s\n", describe(entry(m)));

	/* A file's pages, shared and private; shared anonymous memory. */
	int fd = open("pagemap.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[P] = "file data";
	write(fd, page, P);
	write(fd, page, P);
	char *s = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	(void)*(volatile char *)s;
	printf("shared file page, read:   %s\n", describe(entry(s)));
	printf("  frame mapped %llu time(s)\n", (unsigned long long)mapcount(s));
	char *pv = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	(void)*(volatile char *)pv;
	printf("private file page, read:  %s\n", describe(entry(pv)));
	printf("  the shared mapping's frame: %s\n", PM_PFN(entry(pv)) == PM_PFN(entry(s)) ? "yes" : "no");
	printf("  now mapped %llu time(s)\n", (unsigned long long)mapcount(pv));
	pv[0] = 'x';
	printf("  after a write:          %s\n", describe(entry(pv)));
	printf("  flags: %s\n", page_flags(pv));
	char *shm = mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	shm[0] = 1;
	printf("shared anonymous page:    %s\n", describe(entry(shm)));
	printf("  flags: %s\n", page_flags(shm));

	/* mlock: the page is locked in memory. */
	char *l = mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mlock(l, P);
	printf("mlocked page:             %s\n", describe(entry(l)));
	printf("  flags: %s\n", page_flags(l));
	munlock(l, P);
	printf("  after munlock, flags: %s\n", page_flags(l));

	/* How reads are checked and where the tables end. */
	uint64_t buf[2];
	printf("pagemap read of 4 bytes:      %s\n", errname(pread(pagemap_fd, buf, 4, 0)));
	printf("pagemap read at offset 4:     %s\n", errname(pread(pagemap_fd, buf, 8, 4)));
	printf("pagemap read of 0 at offset 4: %s\n", errname(pread(pagemap_fd, buf, 0, 4)));
	printf("pagemap read of 0 bytes:      %ld\n", (long)pread(pagemap_fd, buf, 0, 0));
	off_t top = (off_t)(0x7ffffffff000ULL / P * 8);
	printf("pagemap read at the top of user space: %ld\n", (long)pread(pagemap_fd, buf, 8, top));
	printf("pagemap read across it:       %ld\n", (long)pread(pagemap_fd, buf, 16, top - 8));
	printf("pagemap write:                %s\n", errname(write(open("/proc/self/pagemap", O_WRONLY), buf, 8)));
	printf("kpagecount write:             %s\n", errname(write(open("/proc/kpagecount", O_WRONLY), buf, 8)));
	printf("pagemap mmap:                 %s\n", mmap(NULL, P, PROT_READ, MAP_PRIVATE, pagemap_fd, 0) == MAP_FAILED ? errno_name(errno) : "ok");
	printf("pagemap lseek SEEK_END:       %s\n", errname(lseek(pagemap_fd, 0, SEEK_END)));
	int kc = open("/proc/kpagecount", O_RDONLY);
	printf("kpagecount read of 4 bytes:   %s\n", errname(pread(kc, buf, 4, 0)));
	printf("kpagecount past the end of RAM: %ld\n", (long)pread(kc, buf, 8, (off_t)1 << 40));
	/* Frame numbers are for CAP_SYS_ADMIN alone (Linux 4.2, against Rowhammer): a user
	 * other than root sees its own page present, with frame number 0. */
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(4242) != 0)
			_exit(2);
		/* On Linux, setuid made it undumpable, its /proc files root's: undone. */
		prctl(PR_SET_DUMPABLE, 1);
		volatile char *own = mmap(NULL, P, PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		own[0] = 1;
		uint64_t e = entry_of(open("/proc/self/pagemap", O_RDONLY), (const void *)own);
		_exit((e & PM_PRESENT) && PM_PFN(e) == 0 ? 0 : 1);
	}
	int st_child;
	waitpid(pid, &st_child, 0);
	CHECK("not root, dumpable again: its own page present, frame number hidden (0)",
	      WIFEXITED(st_child) && WEXITSTATUS(st_child) == 0);
	CHECK("root: the frame number shown", PM_PFN(entry(m)) != 0);
	struct stat st;
	CHECK("pagemap's size is 0", stat("/proc/self/pagemap", &st) == 0 && st.st_size == 0);
	CHECK("kpagecount's size is 0", stat("/proc/kpagecount", &st) == 0 && st.st_size == 0);
	CHECK("kpageflags's size is 0", stat("/proc/kpageflags", &st) == 0 && st.st_size == 0);
	unlink("pagemap.dat");
	CHECK_DONE();
}
