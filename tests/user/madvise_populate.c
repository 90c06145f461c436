/*
 * madvise(MADV_POPULATE_READ) and madvise(MADV_POPULATE_WRITE) fault pages in without
 * touching them, as Linux (5.14 on):
 * - READ on anonymous memory maps the zero page: mincore says resident, smaps counts no
 *   Rss (the zero page is nobody's); WRITE gives each page a frame of its own.
 * - WRITE on a private file mapping makes the copies (Anonymous grows), the file stays.
 * - READ on a file mapping brings the file's pages in.
 * - Errors: an area that does not allow the access (PROT_NONE, WRITE on read-only) is
 *   EINVAL; a page past the file's end EFAULT; a hole ENOMEM (after the pages before it;
 *   whether the pages after it are populated differs: Linux 6.1 does, 6.9 on stops).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "smaps.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

#define PAGE 4096
#define N 4

/* "0", or the name of the error a call that returned r set. */
static const char *err_name(int r)
{
	return r == 0 ? "0" : errno_name(errno);
}

static void advise(const char *what, void *p, size_t len, int advice)
{
	printf("%-44s %s\n", what, err_name(madvise(p, len, advice)));
}

/* mincore's answer for n pages at p, as a string of 0 and 1. */
static void resident(const char *what, void *p, size_t n)
{
	unsigned char vec[16];
	char s[17];
	if (mincore(p, n * PAGE, vec) != 0) {
		printf("%s: mincore %s\n", what, err_name(-1));
		return;
	}
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('0' + (vec[i] & 1));
	s[n] = 0;
	printf("%-44s resident %s\n", what, s);
}

static void sizes(const char *what, const void *p)
{
	printf("%-44s Rss %ld kB, Anonymous %ld kB\n", what, smaps_kb(p, "Rss:"),
	       smaps_kb(p, "Anonymous:"));
}

/* A guard page each side, so that the area is one of its own in smaps. */
static char *map(int prot, int flags, int fd)
{
	char *g = mmap(NULL, (N + 2) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = mmap(g + PAGE, N * PAGE, prot, flags | MAP_FIXED, fd, 0);
	if (g == MAP_FAILED || p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static void anonymous(void)
{
	char *p = map(PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	resident("anonymous, fresh:", p, N);
	advise("POPULATE_READ, 2 pages:", p, 2 * PAGE, MADV_POPULATE_READ);
	resident("then:", p, N);
	sizes("then:", p);
	advise("POPULATE_WRITE, all:", p, N * PAGE, MADV_POPULATE_WRITE);
	resident("then:", p, N);
	sizes("then:", p);
	printf("%-44s %d\n", "reads:", p[PAGE]);
}

static int file_of(size_t pages)
{
	char path[] = "madvise_populate.XXXXXX";
	int fd = mkstemp(path);
	char page[PAGE];
	memset(page, 'f', PAGE);
	for (size_t i = 0; fd >= 0 && i < pages; i++)
		if (write(fd, page, PAGE) != PAGE)
			exit(1);
	unlink(path);
	return fd;
}

static void file(void)
{
	int fd = file_of(2);
	char *p = map(PROT_READ | PROT_WRITE, MAP_PRIVATE, fd);
	advise("private file, POPULATE_READ, its 2 pages:", p, 2 * PAGE, MADV_POPULATE_READ);
	sizes("then:", p);
	advise("POPULATE_WRITE, its 2 pages:", p, 2 * PAGE, MADV_POPULATE_WRITE);
	sizes("then:", p);
	advise("POPULATE_READ, past the file's end:", p, N * PAGE, MADV_POPULATE_READ);
	p[0] = 'x';
	char c;
	printf("%-44s %s\n", "the file after a write to the copy:",
	       pread(fd, &c, 1, 0) == 1 && c == 'f' ? "unchanged" : "changed");
	char *s = map(PROT_READ | PROT_WRITE, MAP_SHARED, fd);
	advise("shared file, POPULATE_WRITE, 2 pages:", s, 2 * PAGE, MADV_POPULATE_WRITE);
	sizes("then:", s);
	char *r = map(PROT_READ, MAP_SHARED, fd);
	advise("read-only shared file, POPULATE_WRITE:", r, PAGE, MADV_POPULATE_WRITE);
	advise("read-only shared file, POPULATE_READ:", r, PAGE, MADV_POPULATE_READ);
	close(fd);
}

static void errors(void)
{
	char *p = map(PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	advise("PROT_NONE, POPULATE_READ:", p, PAGE, MADV_POPULATE_READ);
	advise("PROT_NONE, POPULATE_WRITE:", p, PAGE, MADV_POPULATE_WRITE);
	char *q = map(PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	advise("read-only, POPULATE_WRITE:", q, PAGE, MADV_POPULATE_WRITE);
	char *h = map(PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	munmap(h + 2 * PAGE, PAGE);
	advise("a hole at the third page, POPULATE_WRITE:", h, N * PAGE, MADV_POPULATE_WRITE);
	resident("then the first two:", h, 2);
	advise("unaligned:", h + 1, PAGE, MADV_POPULATE_READ);
	advise("length 0:", h, 0, MADV_POPULATE_WRITE);
}

int main(void)
{
	anonymous();
	file();
	errors();
	return 0;
}
