/*
 * remap_file_pages, compared with Linux, which since 4.0 emulates it: the pages of a
 * shared mapping of a file, of shared anonymous memory or of a SysV segment are mapped
 * again from another page of the same object (a new area, MAP_FIXED over the old); the
 * errors for a bad range, a private or read-only mapping, a protection; and a SysV
 * segment removed with IPC_RMID: once its last attach is gone it cannot be mapped again
 * (EINVAL), and the range stays unmapped.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define P 4096L
#define DATA "remap_file_pages.data"

static const char *rfp(void *start, long size, long prot, long pgoff, long flags)
{
	return syscall(SYS_remap_file_pages, start, size, prot, pgoff, flags) == 0 ? "ok" :
	       errno_name(errno);
}

/* The first byte of each page of [at, at + pages), '-' for one not mapped. */
static const char *bytes(const char *at, int pages)
{
	static char buf[32];
	unsigned char vec;
	for (int i = 0; i < pages; i++)
		buf[i] = mincore((void *)(at + i * P), P, &vec) == 0 ? at[i * P] : '-';
	buf[pages] = '\0';
	return buf;
}

/* remap_file_pages' answer, then the first bytes of [at, at + pages) after it. */
static const char *rfp_then(const char *at, int pages, void *start, long size, long pgoff,
			    long flags)
{
	static char buf[64];
	const char *r = rfp(start, size, 0, pgoff, flags);
	snprintf(buf, sizeof(buf), "%s, pages %s", r, bytes(at, pages));
	return buf;
}

/* The areas of [at, at + pages) as /proc/self/maps shows them: page ranges relative to
 * at, with the page offset each maps from. */
static void show_areas(const char *what, const char *at, int pages)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	printf("%s:", what);
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi, off;
		char perms[8];
		if (sscanf(line, "%lx-%lx %7s %lx", &lo, &hi, perms, &off) != 4)
			continue;
		if (hi <= (uintptr_t)at || lo >= (uintptr_t)at + pages * P)
			continue;
		printf(" [%ld-%ld %s pgoff %ld]", (long)(lo - (uintptr_t)at) / P,
		       (long)(hi - (uintptr_t)at) / P, perms, (long)off / P);
	}
	printf("\n");
	if (f)
		fclose(f);
}

/* A file of 8 pages, page i filled with 'a' + i. */
static int make_file(void)
{
	int fd = open(DATA, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char page[P];
	for (int i = 0; i < 8; i++) {
		memset(page, 'a' + i, P);
		write(fd, page, P);
	}
	return fd;
}

static void errors(int fd)
{
	char *shared = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *priv = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *anon = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int rofd = open(DATA, O_RDONLY);
	char *ro = mmap(NULL, 2 * P, PROT_READ, MAP_SHARED, rofd, 0);
	close(rofd);
	printf("prot PROT_READ: %s\n", rfp(shared, P, PROT_READ, 1, 0));
	printf("a private file mapping: %s\n", rfp(priv, P, 0, 1, 0));
	printf("private anonymous memory: %s\n", rfp(anon, P, 0, 1, 0));
	printf("a shared mapping of a read-only file: %s\n", rfp(ro, P, 0, 1, 0));
	printf("size 0: %s\n", rfp(shared, 0, 0, 1, 0));
	printf("past the area's end: %s\n", rfp(shared, 3 * P, 0, 1, 0));
	printf("start in no area: %s\n", rfp(shared + 2 * P + 64 * P, P, 0, 1, 0));
	printf("a page offset that wraps: %s\n", rfp(shared, 2 * P, 0, -1L, 0));
	printf("start + size that wraps: %s\n", rfp(shared, -P, 0, 0, 0));
	printf("unaligned start and size (rounded down): %s\n",
	       rfp_then(shared, 2, shared + P + 100, P + 100, 6, 0));
	printf("unknown flags are ignored: %s\n",
	       rfp_then(shared, 2, shared, P, 7, 0x1234));
	printf("MAP_NONBLOCK: %s\n",
	       rfp_then(shared, 2, shared, P, 0, MAP_NONBLOCK));
	munmap(shared, 2 * P);
	munmap(priv, 2 * P);
	munmap(anon, 2 * P);
	munmap(ro, 2 * P);
}

static void file(int fd)
{
	char *at = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show_areas("a shared file mapping", at, 4);
	printf("page 1 from page 5: %s\n",
	       rfp_then(at, 4, at + P, P, 5, 0));
	show_areas("  areas", at, 4);
	at[P + 1] = 'W';
	char got[2] = { 0 };
	pread(fd, got, 2, 5 * P);
	printf("  a write there reaches the file's page 5: %s\n", got[1] == 'W' ? "yes" : "no");
	printf("pages 1-3 (three areas of the file) from page 0: %s\n",
	       rfp_then(at, 4, at + P, 3 * P, 0, 0));
	show_areas("  areas", at, 4);
	mprotect(at + 3 * P, P, PROT_READ);
	printf("pages 2-3, two protections: %s\n", rfp(at + 2 * P, 2 * P, 0, 4, 0));
	printf("page 3 alone, read-only: %s\n",
	       rfp_then(at, 4, at + 3 * P, P, 6, 0));
	show_areas("  areas", at, 4);
	munmap(at, 4 * P);
}

static void shared_anon(void)
{
	char *at = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 2; i++)
		memset(at + i * P, 'A' + i, P);
	printf("shared anonymous: page 0 from page 1: %s\n",
	       rfp_then(at, 2, at, P, 1, 0));
	at[0] = 'X';
	pid_t pid = fork();
	if (pid == 0) {
		printf("  a fork child sees pages %s\n", bytes(at, 2));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	unsigned char vec;
	printf("page 2 from the untouched page 3: %s, ", rfp(at + 2 * P, P, 0, 3, 0));
	mincore(at + 2 * P, P, &vec);
	printf("in memory at once: %s\n", vec & 1 ? "yes" : "no");
	printf("page 3 from the untouched page 2, MAP_NONBLOCK: %s, ",
	       rfp(at + 3 * P, P, 0, 2, MAP_NONBLOCK));
	mincore(at + 3 * P, P, &vec);
	printf("in memory at once: %s\n", vec & 1 ? "yes" : "no");
	munmap(at, 4 * P);
}

static void sysv(void)
{
	int id = shmget(IPC_PRIVATE, 2 * P, IPC_CREAT | 0600);
	char *at = shmat(id, NULL, 0);
	memset(at, 'S', P);
	memset(at + P, 'T', P);
	struct shmid_ds ds;
	printf("SysV segment: page 0 from page 1: %s\n",
	       rfp_then(at, 2, at, P, 1, 0));
	shmctl(id, IPC_STAT, &ds);
	printf("  attaches: %lu\n", (unsigned long)ds.shm_nattch);
	printf("  IPC_RMID: %s\n", shmctl(id, IPC_RMID, NULL) == 0 ? "ok" : errno_name(errno));
	printf("  page 0 again, page 1 still attached: %s\n",
	       rfp_then(at, 2, at, P, 0, 0));
	printf("  both pages, the last attaches: %s\n",
	       rfp_then(at, 2, at, 2 * P, 0, 0));
	printf("  shmdt: %s\n", shmdt(at) == 0 ? "ok" : errno_name(errno));
	printf("  the id: %s\n", shmctl(id, IPC_STAT, &ds) == 0 ? "still there" : errno_name(errno));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int fd = make_file();
	errors(fd);
	file(fd);
	shared_anon();
	sysv();
	close(fd);
	unlink(DATA);
	CHECK("done", 1);
	CHECK_DONE();
}
