/* sendfile: bytes from a file to a file, a pipe or /dev/null without user memory; with an
 * offset pointer (read, written back, the file's own offset untouched) or without (the
 * offset moves); how much goes into a pipe at once (its free pages, less the first page's
 * part before the offset), waiting or EAGAIN when it is full, EPIPE without a reader, EINTR
 * for a signal; the files it cannot read (pipes, /dev/null, directories, most of
 * /proc/PID) and Linux's errors in Linux's order. */
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILE_SIZE 100000

static char pattern[FILE_SIZE];

/* The result of a call as text: the count, or the error's name. */
static const char *result(long r)
{
	static char buf[32];
	if (r < 0)
		return errno_name(errno);
	snprintf(buf, sizeof(buf), "%ld", r);
	return buf;
}

/* Checks that a call gave want (a count, or -1 and the error err). */
static void expect(const char *what, long r, long want, int err)
{
	char line[120];
	snprintf(line, sizeof(line), "%s: %s", what, result(r));
	CHECK(line, r == want && (want != -1 || errno == err));
}

static off_t where(int fd)
{
	return lseek(fd, 0, SEEK_CUR);
}

/* Whether the file at fd holds pattern[from, from + n) from its start on. */
static int holds(int fd, size_t from, size_t n)
{
	char *buf = malloc(n + 1);
	ssize_t got = pread(fd, buf, n + 1, 0);
	int ok = got == (ssize_t)n && memcmp(buf, pattern + from, n) == 0;
	free(buf);
	return ok;
}

/* Reads n bytes out of a pipe: whether they are pattern[from, from + n). */
static int drain(int rd, size_t from, size_t n)
{
	char *buf = malloc(n);
	size_t got = 0;
	ssize_t r = 1;
	while (got < n && (r = read(rd, buf + got, n - got)) > 0)
		got += (size_t)r;
	int ok = got == n && memcmp(buf, pattern + from, n) == 0;
	free(buf);
	return ok;
}

static int new_file(const char *name)
{
	return open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);
}

static void file_to_file(int in)
{
	int out = new_file("sendfile.out");
	lseek(in, 0, SEEK_SET);
	expect("file to file, no offset", sendfile(out, in, NULL, 10000), 10000, 0);
	CHECK("the input's offset moved to 10000", where(in) == 10000);
	CHECK("the output's offset moved to 10000", where(out) == 10000);
	CHECK("the output holds the bytes", holds(out, 0, 10000));

	ftruncate(out, 0);
	lseek(out, 0, SEEK_SET);
	lseek(in, 7, SEEK_SET);
	off_t off = 100;
	expect("with an offset of 100", sendfile(out, in, &off, 5000), 5000, 0);
	CHECK("the offset is written back: 5100", off == 5100);
	CHECK("the input's own offset stays at 7", where(in) == 7);
	CHECK("the output holds bytes 100..5099", holds(out, 100, 5000));

	off = FILE_SIZE - 10;
	expect("10 bytes before the end, count 100", sendfile(out, in, &off, 100), 10, 0);
	CHECK("the offset is at the end", off == FILE_SIZE);
	expect("at the end", sendfile(out, in, &off, 100), 0, 0);
	off = FILE_SIZE + 5000;
	expect("past the end", sendfile(out, in, &off, 100), 0, 0);
	CHECK("the offset stays past the end", off == FILE_SIZE + 5000);
	off = 3;
	expect("count 0", sendfile(out, in, &off, 0), 0, 0);
	CHECK("count 0 leaves the offset", off == 3);
	lseek(in, 0, SEEK_SET);
	expect("count 2^62 is cut to what there is", sendfile(out, in, NULL, 1UL << 62),
	       FILE_SIZE, 0);
	close(out);
	unlink("sendfile.out");
}

static void file_to_null(int in)
{
	int null = open("/dev/null", O_WRONLY);
	off_t off = 0;
	expect("file to /dev/null", sendfile(null, in, &off, FILE_SIZE), FILE_SIZE, 0);
	int rnull = open("/dev/null", O_RDONLY);
	int out = new_file("sendfile.out");
	expect("/dev/null to a file", sendfile(out, rnull, NULL, 10), -1, EINVAL);
	int dir = open(".", O_RDONLY | O_DIRECTORY);
	expect("a directory to /dev/null", sendfile(null, dir, NULL, 10), -1, EINVAL);
	expect("a directory to /dev/null, count 0", sendfile(null, dir, NULL, 0), 0, 0);
	close(dir);
	close(rnull);
	close(out);
	unlink("sendfile.out");
	close(null);
}

static void file_to_pipe(int in)
{
	int p[2];
	pipe(p);
	off_t off = 0;
	expect("file to an empty pipe: its 16 pages", sendfile(p[1], in, &off, FILE_SIZE),
	       65536, 0);
	CHECK("the pipe holds the bytes", drain(p[0], 0, 65536));
	expect("the rest", sendfile(p[1], in, &off, FILE_SIZE), FILE_SIZE - 65536, 0);
	CHECK("the pipe holds the rest", drain(p[0], 65536, FILE_SIZE - 65536));
	off = 100;
	expect("from offset 100: less the first page's 100",
	       sendfile(p[1], in, &off, FILE_SIZE), 65436, 0);
	CHECK("the pipe holds bytes 100..65535", drain(p[0], 100, 65436));
	write(p[1], "0123456789", 10);
	off = 0;
	expect("10 bytes in the pipe: 15 pages left", sendfile(p[1], in, &off, FILE_SIZE),
	       61440, 0);
	char ten[10];
	CHECK("the pipe holds the 10 bytes, then the file's",
	      read(p[0], ten, 10) == 10 && memcmp(ten, "0123456789", 10) == 0 &&
	      drain(p[0], 0, 61440));
	off = 0;
	expect("fewer bytes than there is room for", sendfile(p[1], in, &off, 5000), 5000, 0);
	CHECK("they are in the pipe", drain(p[0], 0, 5000));
	close(p[0]);
	close(p[1]);
}

static void full_pipe(int in)
{
	int p[2];
	pipe2(p, O_NONBLOCK);
	CHECK("a one-page pipe", fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096);
	off_t off = 0;
	expect("into the one-page pipe", sendfile(p[1], in, &off, FILE_SIZE), 4096, 0);
	expect("into it full, O_NONBLOCK", sendfile(p[1], in, &off, FILE_SIZE), -1, EAGAIN);
	expect("... count 0", sendfile(p[1], in, &off, 0), -1, EAGAIN);
	CHECK("the offset is where the pipe filled", off == 4096);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	expect("into a pipe without a reader", sendfile(p[1], in, &off, 10), -1, EPIPE);
	expect("... count 0", sendfile(p[1], in, &off, 0), -1, EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A sendfile waiting for room in a full pipe that nobody reads: the alarm's signal ends
 * the wait with EINTR (no SA_RESTART), however long the alarm takes. */
static void interrupted(int in)
{
	int p[2];
	pipe(p);
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	off_t off = 0;
	sendfile(p[1], in, &off, 4096);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	expect("into a full pipe, a signal comes", sendfile(p[1], in, &off, 10), -1, EINTR);
	signal(SIGALRM, SIG_DFL);
	close(p[0]);
	close(p[1]);
}

/* A child reads the pipe while the parent sends 300000 bytes into it in as many calls as
 * it takes, each waiting for room. */
static void blocking_pipe(void)
{
	int p[2];
	pipe(p);
	int big = new_file("sendfile.big");
	for (int i = 0; i < 3; i++)
		write(big, pattern, FILE_SIZE);
	pid_t child = fork();
	if (child == 0) {
		close(p[1]);
		char buf[5000];
		long total = 0, sum = 0;
		ssize_t r;
		while ((r = read(p[0], buf, sizeof(buf))) > 0) {
			for (ssize_t i = 0; i < r; i++)
				sum += (unsigned char)buf[i] ^ (unsigned char)pattern[(total + i) % FILE_SIZE];
			total += r;
		}
		_exit(total == 3 * FILE_SIZE && sum == 0 ? 0 : 1);
	}
	close(p[0]);
	lseek(big, 0, SEEK_SET);
	long sent = 0;
	ssize_t r;
	while (sent < 3 * FILE_SIZE && (r = sendfile(p[1], big, NULL, 3 * FILE_SIZE)) > 0)
		sent += r;
	close(p[1]);
	int st;
	waitpid(child, &st, 0);
	CHECK("300000 bytes into a pipe a child reads", sent == 3 * FILE_SIZE);
	CHECK("the child read them all, in order", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(big);
	unlink("sendfile.big");
}

static void errors(int in)
{
	int null = open("/dev/null", O_WRONLY);
	int wonly = open("sendfile.in", O_WRONLY);
	int ronly = open("sendfile.in", O_RDONLY);
	int p[2];
	pipe(p);
	write(p[1], "abc", 3);
	off_t off = 0;
	expect("in_fd -1", sendfile(null, -1, NULL, 1), -1, EBADF);
	expect("out_fd -1", sendfile(-1, in, NULL, 1), -1, EBADF);
	expect("in_fd open for writing only", sendfile(null, wonly, NULL, 1), -1, EBADF);
	expect("out_fd open for reading only", sendfile(ronly, in, NULL, 1), -1, EBADF);
	expect("a bad offset pointer (before the descriptors)",
	       sendfile(-1, -1, (off_t *)8, 1), -1, EFAULT);
	off = -1;
	expect("offset -1", sendfile(null, in, &off, 1), -1, EINVAL);
	off = INT64_MAX - 5;
	expect("offset 2^63-6, count 10", sendfile(null, in, &off, 10), -1, EINVAL);
	expect("count 2^64-1", sendfile(null, in, NULL, (size_t)-1), -1, EINVAL);
	expect("count 2^64-1, out_fd -1 (in_fd's checks come first)",
	       sendfile(-1, in, NULL, (size_t)-1), -1, EINVAL);

	int out = new_file("sendfile.out");
	int app = open("sendfile.out", O_WRONLY | O_APPEND);
	expect("out_fd O_APPEND", sendfile(app, in, NULL, 10), -1, EINVAL);
	expect("out_fd O_APPEND, count 0", sendfile(app, in, NULL, 0), -1, EINVAL);
	expect("in_fd a pipe", sendfile(out, p[0], NULL, 1), -1, EINVAL);
	expect("in_fd a pipe, into a pipe", sendfile(p[1], p[0], NULL, 1), -1, EINVAL);
	off = 0;
	expect("in_fd a pipe, with an offset", sendfile(out, p[0], &off, 1), -1, ESPIPE);
	expect("... out_fd -1 (ESPIPE first)", sendfile(-1, p[0], &off, 1), -1, ESPIPE);
	int rnull = open("/dev/null", O_RDONLY);
	expect("/dev/null into a pipe", sendfile(p[1], rnull, NULL, 1), -1, EINVAL);
	close(rnull);

	/* The offset is written back after the transfer: into a read-only page, EFAULT,
	 * though the bytes went. */
	off_t *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*ro = 0;
	mprotect(ro, 4096, PROT_READ);
	lseek(in, 0, SEEK_SET);
	expect("an offset in a read-only page", sendfile(out, in, ro, 100), -1, EFAULT);
	CHECK("... yet the bytes went", where(out) == 100 && holds(out, 0, 100));
	CHECK("... and the input's offset stayed", where(in) == 0);
	munmap(ro, 4096);
	close(app);
	close(out);
	unlink("sendfile.out");
	close(p[0]);
	close(p[1]);
	close(wonly);
	close(ronly);
	close(null);
}

/* /proc's files: those Linux reads through read_iter (meminfo, mounts, /proc/sys) can be
 * sent, the others not; past proc's largest offset (2^31 - 1), EOVERFLOW. */
static void proc_files(void)
{
	int null = open("/dev/null", O_WRONLY);
	static const struct { const char *path; int ok; } files[] = {
		{ "/proc/meminfo", 1 }, { "/proc/self/mounts", 1 }, { "/proc/uptime", 1 },
		{ "/proc/sys/kernel/pid_max", 1 }, { "/proc/self/status", 0 },
		{ "/proc/self/maps", 0 }, { "/proc/self/stat", 0 }, { "/proc/self/pagemap", 0 },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int fd = open(files[i].path, O_RDONLY);
		char line[120];
		long r = sendfile(null, fd, NULL, 4);
		snprintf(line, sizeof(line), "%s to /dev/null: %s", files[i].path,
			 r > 0 ? "sent" : result(r));
		CHECK(line, files[i].ok ? r > 0 : r == -1 && errno == EINVAL);
		close(fd);
	}
	int fd = open("/proc/meminfo", O_RDONLY);
	off_t off = 0x80000000;
	expect("/proc/meminfo at offset 2^31", sendfile(null, fd, &off, 10), -1, EOVERFLOW);
	off = 0x7ffffff0;
	expect("... at 2^31 - 16, count 100", sendfile(null, fd, &off, 100), 0, 0);
	close(fd);
	close(null);
}

int main(void)
{
	for (int i = 0; i < FILE_SIZE; i++)
		pattern[i] = (char)(i * 7 + i / 251);
	int in = new_file("sendfile.in");
	CHECK("a 100000-byte input file", write(in, pattern, FILE_SIZE) == FILE_SIZE);
	file_to_file(in);
	file_to_null(in);
	file_to_pipe(in);
	full_pipe(in);
	interrupted(in);
	blocking_pipe();
	errors(in);
	proc_files();
	close(in);
	unlink("sendfile.in");
	CHECK_DONE();
}
