/* FIFOs as Linux has them: mknod and mkfifo (which types, device nodes, which errors), opening (a
 * blocking open waits for the other end; O_NONBLOCK: a reader goes on, a writer gets ENXIO
 * without a reader; O_RDWR never waits), data going through and being dropped when the
 * last end closes; and a pipe's capacity (F_GETPIPE_SZ, F_SETPIPE_SZ). */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *res(int r)
{
	return r >= 0 ? "ok" : errno == ENXIO ? "ENXIO" : errno == EBUSY ? "EBUSY" : errno_name(errno);
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
}

static void making(void)
{
	struct stat st;
	umask(022);
	CHECK("mkfifo 0666 (umask 022)", mkfifo("ff.fifo", 0666) == 0 && stat("ff.fifo", &st) == 0 &&
	      S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0644 && st.st_size == 0 && st.st_nlink == 1);
	say("mkfifo over an existing name", res(mkfifo("ff.fifo", 0600)));
	CHECK("mknod S_IFIFO", mknod("ff.node", S_IFIFO | 0600, 0) == 0 && stat("ff.node", &st) == 0 &&
	      S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600);
	CHECK("mknod S_IFREG: an empty regular file", mknod("ff.reg", S_IFREG | 0640, 0) == 0 &&
	      stat("ff.reg", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0640);
	CHECK("mknod type 0: a regular file too", mknod("ff.reg0", 0600, 0) == 0 &&
	      stat("ff.reg0", &st) == 0 && S_ISREG(st.st_mode));
	CHECK("mknod S_IFSOCK: a socket's name", mknod("ff.sock", S_IFSOCK | 0600, 0) == 0 &&
	      stat("ff.sock", &st) == 0 && S_ISSOCK(st.st_mode));
	say("open of a socket's name", res(open("ff.sock", O_RDONLY)));
	say("mknod S_IFDIR", res(mknod("ff.dir", S_IFDIR | 0700, 0)));
	say("mknod of an unknown type", res(mknod("ff.bad", 0170000 | 0600, 0)));
	say("mknod over an existing name", res(mknod("ff.reg", S_IFIFO | 0600, 0)));
	say("mknod in a missing directory", res(mknod("ff.none/x", S_IFIFO | 0600, 0)));
	CHECK("mknod S_IFCHR 1:3 (root): /dev/null's number", mknod("ff.null", S_IFCHR | 0666, makedev(1, 3)) == 0 &&
	      stat("ff.null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3) && st.st_size == 0);
	int nfd = open("ff.null", O_RDWR);
	char c;
	CHECK("... which works as /dev/null", nfd >= 0 && write(nfd, "x", 1) == 1 && read(nfd, &c, 1) == 0);
	close(nfd);
	CHECK("mknod S_IFCHR 240:7: a number without a driver", mknod("ff.chr", S_IFCHR | 0600, makedev(240, 7)) == 0 &&
	      stat("ff.chr", &st) == 0 && st.st_rdev == makedev(240, 7));
	say("... opening it", res(open("ff.chr", O_RDONLY)));
	CHECK("mknod S_IFBLK 240:8", mknod("ff.blk", S_IFBLK | 0600, makedev(240, 8)) == 0 &&
	      stat("ff.blk", &st) == 0 && S_ISBLK(st.st_mode) && st.st_rdev == makedev(240, 8));
	say("... opening it", res(open("ff.blk", O_RDONLY)));
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK("mknodat relative to a directory fd", mknodat(dfd, "ff.at", S_IFIFO | 0600, 0) == 0 &&
	      stat("ff.at", &st) == 0 && S_ISFIFO(st.st_mode));
	close(dfd);
	int types = 0;
	DIR *d = opendir(".");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, "ff.fifo") == 0 && de->d_type == DT_FIFO)
			types++;
		if (strcmp(de->d_name, "ff.sock") == 0 && de->d_type == DT_SOCK)
			types++;
	}
	closedir(d);
	CHECK("readdir: DT_FIFO and DT_SOCK", types == 2);
}

static void opening(void)
{
	char buf[16];
	say("O_WRONLY|O_NONBLOCK without a reader", res(open("ff.fifo", O_WRONLY | O_NONBLOCK)));
	int r = open("ff.fifo", O_RDONLY | O_NONBLOCK);
	CHECK("O_RDONLY|O_NONBLOCK without a writer: fine", r >= 0);
	CHECK("... and reading gives end of file", read(r, buf, sizeof(buf)) == 0);
	int w = open("ff.fifo", O_WRONLY | O_NONBLOCK);
	CHECK("O_WRONLY|O_NONBLOCK with a reader: fine", w >= 0);
	CHECK("data goes through", write(w, "abc", 3) == 3 && read(r, buf, sizeof(buf)) == 3 &&
	      memcmp(buf, "abc", 3) == 0);
	errno = 0;
	CHECK("an empty FIFO with a writer: EAGAIN", read(r, buf, sizeof(buf)) == -1 && errno == EAGAIN);
	say("lseek on a FIFO", res((int)lseek(r, 0, SEEK_SET)));
	struct stat st;
	CHECK("fstat: a FIFO", fstat(w, &st) == 0 && S_ISFIFO(st.st_mode));
	close(w);
	CHECK("the writer gone: end of file", read(r, buf, sizeof(buf)) == 0);
	close(r);

	int rw = open("ff.fifo", O_RDWR);
	CHECK("O_RDWR never waits", rw >= 0 && write(rw, "xyz", 3) == 3);
	close(rw);
	rw = open("ff.fifo", O_RDWR | O_NONBLOCK);
	errno = 0;
	CHECK("what was in it is gone once every end closed",
	      read(rw, buf, sizeof(buf)) == -1 && errno == EAGAIN);
	close(rw);

	/* Blocking opens meet: the child's open for writing waits for the parent's for
	 * reading, and the other way round, whichever comes first. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("ff.fifo", O_WRONLY);
		_exit(fd >= 0 && write(fd, "ping", 4) == 4 ? 0 : 1);
	}
	r = open("ff.fifo", O_RDONLY);
	ssize_t n = r >= 0 ? read(r, buf, sizeof(buf)) : -1;
	int status;
	waitpid(pid, &status, 0);
	CHECK("a blocking reader and writer meet", n == 4 && memcmp(buf, "ping", 4) == 0 &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK("... and the reader sees end of file after", read(r, buf, sizeof(buf)) == 0);
	close(r);

	pid = fork();
	if (pid == 0) {
		int fd = open("ff.fifo", O_RDONLY);
		char c;
		_exit(fd >= 0 && read(fd, &c, 1) == 1 && c == 'q' ? 0 : 1);
	}
	w = open("ff.fifo", O_WRONLY);
	CHECK("a blocking writer waits for its reader", w >= 0 && write(w, "q", 1) == 1);
	waitpid(pid, &status, 0);
	CHECK("... which reads what it wrote", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(w);
}

static void capacity(void)
{
	int p[2];
	pipe(p);
	printf("%-60s %d\n", "F_GETPIPE_SZ of a new pipe", fcntl(p[0], F_GETPIPE_SZ));
	printf("%-60s %d\n", "F_SETPIPE_SZ 5000: rounded up to", fcntl(p[1], F_SETPIPE_SZ, 5000));
	printf("%-60s %d\n", "F_SETPIPE_SZ 0: one page", fcntl(p[1], F_SETPIPE_SZ, 0));
	printf("%-60s %d\n", "F_SETPIPE_SZ 1 MiB", fcntl(p[1], F_SETPIPE_SZ, 1 << 20));
	printf("%-60s %d\n", "... the other end sees it", fcntl(p[0], F_GETPIPE_SZ));
	static char big[10000];
	write(p[1], big, sizeof(big));
	say("F_SETPIPE_SZ below what it holds", res(fcntl(p[1], F_SETPIPE_SZ, 4096)));
	CHECK("the data is still there after a resize", fcntl(p[1], F_SETPIPE_SZ, 65536) == 65536 &&
	      read(p[0], big, sizeof(big)) == (ssize_t)sizeof(big));
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	CHECK("a one-page pipe takes a page", write(p[1], big, 8192) == 4096);
	close(p[0]);
	close(p[1]);
	int f = open("ff.reg", O_RDONLY);
	say("F_GETPIPE_SZ of a regular file", res(fcntl(f, F_GETPIPE_SZ)));
	close(f);
	int r = open("ff.fifo", O_RDWR);
	printf("%-60s %d\n", "F_GETPIPE_SZ of a FIFO", fcntl(r, F_GETPIPE_SZ));
	close(r);
}

int main(void)
{
	making();
	opening();
	capacity();
	static const char *const files[] = { "ff.fifo", "ff.node", "ff.reg", "ff.reg0", "ff.sock", "ff.at",
		"ff.null", "ff.chr", "ff.blk" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(files[i]);
	CHECK_DONE();
}
