/*
 * sharedlibdemo: the C library as a shared object (CS:APP 9.8.1 and 9.8.3).
 *
 * This program is dynamically linked (the one program in /bin that is): execve mapped its
 * dynamic loader, musl's /lib/ld-musl-x86_64.so.1, which is musl's libc.so too, so the C
 * library's code is a file mapped into the process, not a copy inside the program. The
 * demo starts three more processes, each with its own execve of this same program, and
 * reads through /proc/PID/pagemap and /proc/kpagecount:
 *   - the page of the C library's code that holds write() is one frame in all four
 *     processes: its area is private (r-xp) but nobody writes it, so every process maps
 *     the page cache's own frame, and one copy of libc's code in RAM serves them all;
 *   - the page of data each process wrote is a frame of its own, mapped once: data is a
 *     private copy-on-write object, copied for each process on its first write.
 */
#include "frames.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define PAGE     4096
#define CHILDREN 3

/* A page of this program's data, which each process writes. */
static volatile char data_page[PAGE] __attribute__((aligned(PAGE))) = { 1 };

/* What a process says about itself: where write()'s code and its data page are (each
 * execve may place the library and the program elsewhere). */
struct report {
	int pid;
	uintptr_t code, data;
};

static struct report report_self(void)
{
	data_page[0] = 2;
	return (struct report){ getpid(), (uintptr_t)&write, (uintptr_t)data_page };
}

/* The lines of /proc/self/maps that name the C library. */
static void show_library_areas(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "ld-musl") || strstr(line, "libc.so"))
			printf("   %s", line);
	if (f)
		fclose(f);
}

/* A child: it reports, then waits until the parent closes the pipe. */
static int child(int out, int wait_fd)
{
	struct report r = report_self();
	write(out, &r, sizeof(r));
	char c;
	read(wait_fd, &c, 1);
	return 0;
}

static void show_page(const char *what, const struct report *r, uintptr_t addr)
{
	uint64_t frame = frame_of(r->pid, (const void *)addr);
	printf("   pid %-4d %s at %#lx: frame %#llx, kpagecount %llu\n", r->pid, what,
	       (unsigned long)addr, (unsigned long long)frame,
	       (unsigned long long)map_count(frame));
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "child") == 0)
		return child(atoi(argv[2]), atoi(argv[3]));
	const char *self = strchr(argv[0], '/') ? argv[0] : "/bin/sharedlibdemo";
	printf("1. This program is dynamically linked: the C library is a file mapped into it,\n"
	       "   text (r-xp) and data (rw-p), each a private area of the file (p):\n");
	show_library_areas();

	printf("2. Three more processes run this program, each from its own execve; each calls\n"
	       "   write() and writes a page of its data.\n");
	fflush(stdout);
	int reports[2], hold[2];
	if (pipe2(reports, O_CLOEXEC) || pipe2(hold, O_CLOEXEC)) {
		perror("pipe2");
		return 1;
	}
	char out[16], wait_fd[16];
	snprintf(out, sizeof(out), "%d", reports[1]);
	snprintf(wait_fd, sizeof(wait_fd), "%d", hold[0]);
	struct report r[1 + CHILDREN];
	r[0] = report_self();
	for (int i = 1; i <= CHILDREN; i++) {
		if (fork() == 0) {
			fcntl(reports[1], F_SETFD, 0);  /* these two stay open across execve */
			fcntl(hold[0], F_SETFD, 0);
			char *args[] = { (char *)self, "child", out, wait_fd, NULL };
			execv(self, args);
			perror(self);
			_exit(127);
		}
		if (read(reports[0], &r[i], sizeof(r[i])) != sizeof(r[i])) {
			fprintf(stderr, "sharedlibdemo: a child did not start\n");
			return 1;
		}
	}

	printf("3. The page of the C library's code that holds write(), in each process:\n");
	for (int i = 0; i <= CHILDREN; i++)
		show_page("code", &r[i], r[i].code);
	printf("   One frame for all four: the library's code is in RAM once, a shared object.\n"
	       "   Its area is private, but nobody writes code, so nobody gets a copy.\n");

	printf("4. The page of data each process wrote:\n");
	for (int i = 0; i <= CHILDREN; i++)
		show_page("data", &r[i], r[i].data);
	printf("   A frame each, mapped once: data is a private copy-on-write object, copied\n"
	       "   for each process on its first write.\n");
	fflush(stdout);

	close(hold[1]);                         /* the children's reads return: they exit */
	while (wait(NULL) > 0)
		;
	return 0;
}
