/* Shared text, shown (CS:APP 9.8.4): ten processes each execve this same dynamically linked
 * program. The C library is a shared object: through /proc/PID/pagemap and /proc/kpagecount
 * every page of its text that all ten have touched is one frame, mapped by at least ten.
 * Its data, and the program's, are private copy-on-write objects: a page each process wrote
 * is a frame of its own, mapped once. /proc/PID/maps names the library's areas as Linux
 * does. Frame numbers differ between machines, so only comparisons are printed. */
#include "../user/check.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define NPROC 10
#define P 4096
#define MAX_PAGES 1024          /* of the library's text followed, from its start */
#define PM_PFN(e)       ((e) & ((1ULL << 55) - 1))
#define PM_PRESENT      (1ULL << 63)

/* A page of the program's own data, which each process writes: its private copy. */
static volatile char data_page[P] __attribute__((aligned(P))) = { 1 };

/* One area of /proc/PID/maps, as Linux writes the line. */
struct area {
	unsigned long start, end, offset, inode;
	char perms[5];
	char path[256];
};

/* Reads the line into a; false unless it has Linux's format: the path, when there is one,
 * starts at column 74 (Linux pads the fields before it to 73 characters). */
static int parse_maps_line(const char *line, struct area *a)
{
	unsigned major, minor;
	int n = 0;
	a->path[0] = '\0';
	if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &a->start, &a->end, a->perms,
		   &a->offset, &major, &minor, &a->inode, &n) != 7)
		return 0;
	if (line[n] != '\0' && line[n] != '\n') {
		if (n != 73)
			return 0;
		sscanf(line + n, "%255[^\n]", a->path);
	}
	return 1;
}

/* Whether path names the C library: musl's loader (its libc.so too) or glibc's libc.so.6. */
static int is_libc(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return strncmp(base, "libc.so", 7) == 0 || strncmp(base, "ld-musl-", 8) == 0;
}

/* What a process's maps say: its library's text and data areas, the program's area holding
 * data_page, and whether every line had Linux's format. */
struct layout {
	struct area text, data, prog_data;
	int well_formed, lib_areas;
};

static void read_layout(pid_t pid, unsigned long data_va, struct layout *l)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "r");
	memset(l, 0, sizeof(*l));
	l->well_formed = f != NULL;
	while (f && fgets(line, sizeof(line), f)) {
		struct area a;
		if (!parse_maps_line(line, &a)) {
			l->well_formed = 0;
			continue;
		}
		if (a.path[0] && is_libc(a.path)) {
			l->lib_areas++;
			if (strcmp(a.perms, "r-xp") == 0)
				l->text = a;
			if (strcmp(a.perms, "rw-p") == 0)
				l->data = a;
		}
		if (a.start <= data_va && data_va < a.end)
			l->prog_data = a;
	}
	if (f)
		fclose(f);
}

/* The pagemap entry of va in process pid (0 when it cannot be read). */
static uint64_t pagemap_entry(int fd, unsigned long va)
{
	uint64_t e = 0;
	if (pread(fd, &e, 8, (off_t)(va / P * 8)) != 8)
		return 0;
	return e;
}

static uint64_t kpagecount(uint64_t pfn)
{
	static int fd = -1;
	uint64_t n = 0;
	if (fd < 0)
		fd = open("/proc/kpagecount", O_RDONLY);
	if (pread(fd, &n, 8, (off_t)(pfn * 8)) != 8)
		return 0;
	return n;
}

/* What a child tells the parent once it is ready: where its data page is (the program
 * may be placed at a random address in each process). */
struct hello {
	pid_t pid;
	unsigned long data_page;
};

/* The child: write its own data page, say it is ready, wait to be told to go. */
static int child(int ready, int go)
{
	data_page[0] = (char)getpid();
	struct hello h = { getpid(), (uintptr_t)data_page };
	write(ready, &h, sizeof(h));
	char c;
	read(go, &c, 1);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]), atoi(argv[3]));
	int ready[2], go[2];            /* close-on-exec, but for the ends the children keep */
	pipe2(ready, O_CLOEXEC);
	pipe2(go, O_CLOEXEC);
	pid_t pids[NPROC];
	char rfd[16], gfd[16];
	snprintf(rfd, sizeof(rfd), "%d", ready[1]);
	snprintf(gfd, sizeof(gfd), "%d", go[0]);
	for (int i = 0; i < NPROC; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			char *args[] = { argv[0], "child", rfd, gfd, NULL };
			fcntl(ready[1], F_SETFD, 0);
			fcntl(go[0], F_SETFD, 0);
			execv(argv[0], args);
			_exit(127);
		}
	}
	unsigned long data_va[NPROC] = { 0 };
	int started = 0;
	for (int i = 0; i < NPROC; i++) {
		struct hello h;
		if (read(ready[0], &h, sizeof(h)) != sizeof(h))
			break;
		for (int j = 0; j < NPROC; j++)
			if (pids[j] == h.pid) {
				data_va[j] = h.data_page;
				started++;
			}
	}
	CHECK("ten processes run the program, each from its own execve", started == NPROC);

	struct layout l[NPROC];
	int fds[NPROC], formed = 1, named = 1, same_text = 1;
	for (int i = 0; i < NPROC; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pids[i]);
		fds[i] = open(path, O_RDONLY);
		read_layout(pids[i], data_va[i], &l[i]);
		formed &= l[i].well_formed;
		named &= l[i].lib_areas >= 3 && l[i].text.end > l[i].text.start &&
			 l[i].data.end > l[i].data.start && l[i].text.path[0] == '/';
		same_text &= l[i].text.end - l[i].text.start == l[0].text.end - l[0].text.start;
	}
	CHECK("/proc/PID/maps: every line in Linux's format", formed);
	CHECK("maps: the C library's text (r-xp) and data (rw-p) by path", named);
	CHECK("each process maps the same library text", same_text);

	/* The library's text: the pages all ten have touched are the same frames, each
	 * mapped by all ten (and by the parent, and on Linux by every other process). */
	int common = 0, one_frame = 1, counted = 1;
	unsigned long pages = (l[0].text.end - l[0].text.start) / P;
	for (unsigned long pg = 0; pg < pages && pg < MAX_PAGES && same_text; pg++) {
		uint64_t pfn[NPROC];
		int present = 1;
		for (int i = 0; i < NPROC; i++) {
			uint64_t e = pagemap_entry(fds[i], l[i].text.start + pg * P);
			present &= (e & PM_PRESENT) != 0;
			pfn[i] = PM_PFN(e);
		}
		if (!present)
			continue;
		common++;
		for (int i = 1; i < NPROC; i++)
			one_frame &= pfn[i] == pfn[0] && pfn[0] != 0;
		counted &= kpagecount(pfn[0]) >= NPROC;
	}
	CHECK("libc text: pages all ten processes touched", common > 0);
	CHECK("libc text: each of those pages is one frame in all ten", one_frame);
	CHECK("libc text: /proc/kpagecount says ten or more map it", counted);

	/* The program's data page, which each wrote: ten frames, each mapped once. */
	int distinct = 1, private = 1;
	for (int i = 0; i < NPROC; i++) {
		uint64_t e = pagemap_entry(fds[i], data_va[i]);
		uint64_t pfn = PM_PFN(e);
		private &= (e & PM_PRESENT) && pfn && kpagecount(pfn) == 1;
		for (int j = 0; j < i; j++)
			distinct &= pfn != PM_PFN(pagemap_entry(fds[j], data_va[j]));
	}
	CHECK("maps: the program's written data is a private area (rw-p)",
	      strcmp(l[0].prog_data.perms, "rw-p") == 0);
	CHECK("data: the page each process wrote is a frame of its own", distinct);
	CHECK("data: /proc/kpagecount says each is mapped once", private);

	for (int i = 0; i < NPROC; i++)
		close(fds[i]);
	close(go[1]);                           /* every child's read returns 0: they exit */
	int exited = 0;
	for (int i = 0; i < NPROC; i++) {
		int status;
		exited += waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
			  WEXITSTATUS(status) == 0;
	}
	CHECK("all ten exit", exited == NPROC);
	CHECK_DONE();
}
