/* MAP_GROWSDOWN: an anonymous area that grows down, as the stack does, when a page below
 * it is touched; not into another area's guard gap (a touch just above a mapping below is
 * SIGSEGV); shared anonymous memory cannot grow (EINVAL). LTP's mmap18 grows a thread's
 * stack this way. */
#include "check.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t page;

/* Reserves a hole of hole_pages and maps one MAP_GROWSDOWN page at its top; the hole's
 * start goes to *hole. */
static char *growsdown_at_top(size_t hole_pages, char **hole)
{
	*hole = mmap(NULL, hole_pages * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(*hole, hole_pages * page);
	return mmap(*hole + (hole_pages - 1) * page, page, PROT_READ | PROT_WRITE,
		    MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
}

/* The size of the area that holds addr, from /proc/self/maps; 0 if none. */
static size_t area_size(const void *addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi, a = (unsigned long)addr;
	char line[256];
	size_t size = 0;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= a && a < hi)
			size = hi - lo;
	if (f)
		fclose(f);
	return size;
}

int main(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	char *hole;
	char *top = growsdown_at_top(300, &hole);
	CHECK("mmap MAP_GROWSDOWN, one page", top != MAP_FAILED);
	top[0] = 'a';
	char *low = top - 7 * page;
	low[0] = 'b';                   /* 7 pages below: the area grows to 8 */
	CHECK("a touch 7 pages below grows the area to 8 pages", area_size(top) == 8 * page);
	CHECK("the new pages read what was written", low[0] == 'b' && low[1] == 0 && top[0] == 'a');

	/* A page mapped right below where it would grow: the touch above it faults. */
	char *top2 = growsdown_at_top(300, &hole);
	char *blocker = mmap(top2 - 2 * page, page, PROT_READ | PROT_WRITE,
			     MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("a page mapped two pages below it", blocker != MAP_FAILED);
	pid_t pid = fork();
	if (pid == 0) {
		*(volatile char *)(top2 - page) = 'c';
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("touching the page between them is SIGSEGV", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);

	void *shared = mmap(NULL, page, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
	CHECK("shared anonymous MAP_GROWSDOWN is EINVAL", shared == MAP_FAILED && errno == EINVAL);
	return check_failures != 0;
}
