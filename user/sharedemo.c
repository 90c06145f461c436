/*
 * sharedemo: two processes sharing frames (CS:APP 9.8.2, 9.8.3 and 9.8.5).
 *
 * The parent writes one page of private memory and one of shared anonymous memory
 * (MAP_SHARED | MAP_ANONYMOUS), then forks. The child reads, through /proc/PID/pagemap,
 * which frame holds each page in both processes, and through /proc/kpagecount how many
 * page-table entries map it:
 *   - after fork both pages are in the same frames in both processes, each mapped twice:
 *     fork copied page tables, not pages;
 *   - a write to the private page splits it (copy-on-write): the child gets a frame of its
 *     own, and each frame is mapped once;
 *   - a write to the shared page splits nothing: it is the same frame for both, still
 *     mapped twice, and the parent sees the write.
 */
#include "frames.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096

static int parent;

/* One page's frames in the parent and in this process (the child), and their counts. */
static void show(const char *what, const char *page)
{
	volatile char touch = *page;            /* mapped now, in this process at least */
	(void)touch;
	uint64_t mine = frame_of(0, page), theirs = frame_of(parent, page);
	printf("   %-8s page: parent's frame %#llx (kpagecount %llu), child's frame %#llx "
	       "(kpagecount %llu): %s\n", what, (unsigned long long)theirs,
	       (unsigned long long)map_count(theirs), (unsigned long long)mine,
	       (unsigned long long)map_count(mine), mine == theirs ? "the same frame" :
	       "two frames");
}

int main(void)
{
	char *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0);
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			    -1, 0);
	if (private == MAP_FAILED || shared == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	strcpy(private, "parent's private data");
	strcpy(shared, "parent's shared data");
	printf("1. The parent wrote a private page and a shared anonymous page:\n");
	printf("   private page: frame %#llx, kpagecount %llu\n",
	       (unsigned long long)frame_of(0, private),
	       (unsigned long long)map_count(frame_of(0, private)));
	printf("   shared  page: frame %#llx, kpagecount %llu\n",
	       (unsigned long long)frame_of(0, shared),
	       (unsigned long long)map_count(frame_of(0, shared)));
	fflush(stdout);
	parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		printf("2. After fork, seen from the child (kpagecount counts the entries "
		       "mapping a frame):\n");
		show("private", private);
		show("shared", shared);
		printf("   fork copied the page tables, not the pages; the private page is now "
		       "read-only in both (copy-on-write).\n");
		printf("3. The child writes to both pages.\n");
		strcpy(private, "child's private data");
		strcpy(shared, "child's shared data");
		show("private", private);
		show("shared", shared);
		printf("   The private page was copied for the child on its first write; the "
		       "shared one was not: both still map it.\n");
		fflush(stdout);
		exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("4. The parent, after the child exited: private page \"%s\", shared page "
	       "\"%s\".\n", private, shared);
	printf("   The child's private write stayed in its copy; its shared write is "
	       "the parent's too.\n");
	return 0;
}
