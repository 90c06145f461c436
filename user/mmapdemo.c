/*
 * mmapdemo: a file mapped shared and mapped private (CS:APP 9.8.4 and 9.8.5).
 * Usage: mmapdemo [FILE]   (default /tmp/mmapdemo.dat, made and removed here)
 *
 * A file's data lives in the page cache, one frame per page. MAP_SHARED maps those very
 * frames: a write through it is a write to the file, seen by read() and by every other
 * process. MAP_PRIVATE maps them too, read-only, until the first write: then the kernel
 * copies the page into a frame of the process's own (copy-on-write), and the file never
 * sees that write. The frames are shown through /proc/self/pagemap and how many
 * page-table entries map each through /proc/kpagecount.
 */
#include "frames.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096

static const char *path;

/* The file's first byte, as read() sees it. */
static char file_byte(void)
{
	char c = '?';
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		if (pread(fd, &c, 1, 0) != 1)
			c = '?';
		close(fd);
	}
	return c;
}

static void show(const char *what, const char *addr)
{
	char held = *addr;                      /* touch it first: it is mapped now */
	uint64_t e = page_entry(0, addr), pfn = frame_of(0, addr);
	printf("   %-8s at %p holds '%c': frame %#llx, kpagecount %llu, %s\n", what,
	       (const void *)addr, held, (unsigned long long)pfn,
	       (unsigned long long)map_count(pfn),
	       (e & PM_FILE) ? "the file's page (page cache)" : "an anonymous page (a copy)");
}

int main(int argc, char **argv)
{
	path = argc > 1 ? argv[1] : "/tmp/mmapdemo.dat";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	char page[PAGE];
	memset(page, 'F', sizeof(page));
	write(fd, page, sizeof(page));
	printf("1. %s holds one page of 'F'. Map it twice: MAP_SHARED and MAP_PRIVATE.\n", path);
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (shared == MAP_FAILED || private == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	volatile char c = shared[0] + private[0];       /* read both: they fault in */
	(void)c;
	show("shared", shared);
	show("private", private);
	printf("   kpagecount is how many page-table entries map a frame.\n");
	printf("   Both map the same frame: the file's page in the page cache. Nothing was "
	       "copied.\n");

	printf("2. Write 'S' through the shared mapping.\n");
	shared[0] = 'S';
	printf("   read() of the file now gives '%c': the write went to the file's page.\n",
	       file_byte());
	fflush(stdout);
	if (fork() == 0) {
		munmap(shared, PAGE);           /* only its own mapping, below */
		munmap(private, PAGE);
		int cfd = open(path, O_RDONLY);
		char *m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, cfd, 0);
		printf("   Another process reads the file: '%c'; it maps it too:\n", file_byte());
		show("its map", m);
		exit(0);
	}
	wait(NULL);
	printf("   The private mapping, not written yet, still maps that frame: it shows "
	       "'%c'.\n", private[0]);

	printf("3. Write 'P' through the private mapping.\n");
	private[0] = 'P';
	show("shared", shared);
	show("private", private);
	printf("   The write faulted, and the kernel gave the private mapping a copy of the "
	       "page in a frame of its own (copy-on-write).\n");
	printf("   read() of the file still gives '%c': the file never sees a private "
	       "write.\n", file_byte());

	printf("4. Write 'T' through the shared mapping again.\n");
	shared[0] = 'T';
	printf("   read() gives '%c'; the private copy keeps '%c': it no longer follows the "
	       "file.\n", file_byte(), private[0]);
	munmap(shared, PAGE);
	munmap(private, PAGE);
	close(fd);
	unlink(path);
	return 0;
}
