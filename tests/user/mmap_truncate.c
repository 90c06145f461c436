/* A mapped file that shrinks: the pages past its new end leave every mapping (shared
 * ones, private copies, and other processes'), so touching them raises SIGBUS; when the
 * file grows again, the mappings see its new pages, not the old ones. */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096

/* Runs a read of *p in a child; returns the signal that killed it (0 if none). */
static int read_dies_by(volatile char *p)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		volatile char c = *p;
		(void)c;
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static int make_file(const char *name, int pages, char fill)
{
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[P];
	memset(buf, fill, sizeof(buf));
	for (int i = 0; i < pages; i++)
		write(fd, buf, sizeof(buf));
	return fd;
}

int main(void)
{
	int fd = make_file("truncate.dat", 4, 'a');
	char *shared = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *private = mmap(NULL, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("both mappings made", shared != MAP_FAILED && private != MAP_FAILED);
	CHECK("the shared mapping reads the file", shared[3 * P] == 'a');
	private[3 * P] = 'p';                   /* a private copy of page 3 */
	CHECK("the private copy of page 3 is ours", private[3 * P] == 'p');
	shared[2 * P] = 's';                    /* page 2 mapped in the shared mapping */

	/* A child maps the same file and keeps page 2 mapped while the parent truncates. */
	int to_child[2], to_parent[2];
	pipe(to_child);
	pipe(to_parent);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		char *m = mmap(NULL, 4 * P, PROT_READ, MAP_SHARED, fd, 0);
		char c = m[2 * P], reply;
		write(to_parent[1], &c, 1);
		read(to_child[0], &c, 1);       /* the parent has truncated */
		pid_t gc = fork();
		if (gc == 0) {
			c = *(volatile char *)(m + 2 * P);
			_exit(0);
		}
		int st;
		waitpid(gc, &st, 0);
		reply = WIFSIGNALED(st) ? (char)WTERMSIG(st) : 0;
		write(to_parent[1], &reply, 1);
		_exit(0);
	}
	char c;
	read(to_parent[0], &c, 1);
	CHECK("another process sees the shared write", c == 's');

	CHECK("ftruncate to 1.5 pages", ftruncate(fd, P + P / 2) == 0);
	write(to_child[1], "t", 1);
	read(to_parent[0], &c, 1);
	CHECK("the other process gets SIGBUS past the new end", c == SIGBUS);
	waitpid(child, NULL, 0);
	CHECK("shared: page 1, before the end, still reads the data", shared[P] == 'a');
	CHECK("shared: the tail of the last page reads zeros", shared[P + P / 2] == 0);
	CHECK("shared: page 2, past the end, raises SIGBUS", read_dies_by(shared + 2 * P) == SIGBUS);
	CHECK("private: the copy past the end is gone too (SIGBUS)",
	      read_dies_by(private + 3 * P) == SIGBUS);
	CHECK("private: page 0 still reads the data", private[0] == 'a');

	CHECK("ftruncate back to 4 pages", ftruncate(fd, 4 * P) == 0);
	CHECK("shared: the regrown page 2 reads zeros, not the old data", shared[2 * P] == 0);
	CHECK("private: the regrown page 3 reads zeros, not the old copy", private[3 * P] == 0);
	pwrite(fd, "new", 3, 2 * P);
	CHECK("shared: a write() to the regrown page shows in the mapping",
	      memcmp(shared + 2 * P, "new", 3) == 0);
	shared[3 * P] = 'm';
	char back = 0;
	pread(fd, &back, 1, 3 * P);
	CHECK("shared: a store to the mapping shows in read()", back == 'm');

	munmap(shared, 4 * P);
	munmap(private, 4 * P);
	close(fd);
	unlink("truncate.dat");
	CHECK_DONE();
}
