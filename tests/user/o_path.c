/* open(2)'s O_PATH: a descriptor that only names a file. It may be fstat'ed, fstatfs'ed,
 * fchdir'ed to, used as the directory of *at calls (and, with an empty path, as the file
 * itself), dup'ed and closed, and fcntl shows O_PATH; reading, writing and the calls that
 * act on an open file give EBADF. No permission on the file itself is needed, and a FIFO's
 * open does not wait for a writer. With O_NOFOLLOW it names a symbolic link itself. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *res(long r)
{
	return r >= 0 ? "ok" : errno_name(errno);
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
}

int main(void)
{
	mkdir("op.dir", 0755);
	int w = open("op.dir/file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	write(w, "hello", 5);
	close(w);
	symlink("file", "op.dir/link");
	mkfifo("op.dir/fifo", 0600);

	int fd = open("op.dir/file", O_PATH | O_CREAT | O_TRUNC | O_WRONLY | O_APPEND);
	CHECK("O_PATH open of a file (other flags ignored)", fd >= 0);
	struct stat st;
	CHECK("fstat: its size (O_TRUNC was ignored)", fstat(fd, &st) == 0 && st.st_size == 5);
	printf("%-60s %#o\n", "F_GETFL", fcntl(fd, F_GETFL));
	char buf[16];
	say("read", res(read(fd, buf, sizeof(buf))));
	say("write", res(write(fd, "x", 1)));
	say("pread", res(pread(fd, buf, 1, 0)));
	say("lseek", res(lseek(fd, 0, SEEK_SET)));
	say("fchmod", res(fchmod(fd, 0600)));
	say("fchown", res(fchown(fd, -1, -1)));
	say("ftruncate", res(ftruncate(fd, 0)));
	say("fsync", res(fsync(fd)));
	say("ioctl", res(ioctl(fd, 0x5401, buf)));
	say("F_SETFL", res(fcntl(fd, F_SETFL, O_NONBLOCK)));
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	say("F_SETLK", res(fcntl(fd, F_SETLK, &fl)));
	say("mmap", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED ?
	    errno_name(errno) : "ok");
	say("fstatat with AT_EMPTY_PATH", res(fstatat(fd, "", &st, AT_EMPTY_PATH)));
	struct statfs sf;
	say("fstatfs", res(fstatfs(fd, &sf)));
	say("fchdir to a file", res(fchdir(fd)));
	say("openat relative to a file", res(openat(fd, "x", O_RDONLY)));
	int d = dup(fd);
	CHECK("dup, and F_GETFL of the copy", d >= 0 && fcntl(d, F_GETFL) == fcntl(fd, F_GETFL));
	int d2 = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	CHECK("F_DUPFD_CLOEXEC, and F_GETFD", d2 >= 10 && fcntl(d2, F_GETFD) == FD_CLOEXEC);
	CHECK("F_SETFD", fcntl(d2, F_SETFD, 0) == 0 && fcntl(d2, F_GETFD) == 0);
	char fdpath[64];
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	CHECK("its /proc/self/fd link: mode 0 (no reading, no writing)",
	      lstat(fdpath, &st) == 0 && (st.st_mode & 0777) == 0);
	CHECK("close them", close(d) == 0 && close(d2) == 0 && close(fd) == 0);

	int dir = open("op.dir", O_PATH | O_DIRECTORY);
	CHECK("O_PATH | O_DIRECTORY of a directory", dir >= 0);
	printf("%-60s %#o\n", "F_GETFL", fcntl(dir, F_GETFL));
	int f2 = openat(dir, "file", O_RDONLY);
	CHECK("openat relative to it reads the file", f2 >= 0 && read(f2, buf, 5) == 5 &&
	      memcmp(buf, "hello", 5) == 0);
	close(f2);
	say("getdents of it", res(syscall(217, dir, buf, sizeof(buf))));
	CHECK("fchdir to it", fchdir(dir) == 0 && access("file", F_OK) == 0);
	CHECK("and back", chdir("..") == 0);
	close(dir);
	say("O_PATH | O_DIRECTORY of a file", res(open("op.dir/file", O_PATH | O_DIRECTORY)));
	say("O_PATH of a missing file (O_CREAT ignored)",
	    res(open("op.dir/none", O_PATH | O_CREAT, 0644)));

	int l = open("op.dir/link", O_PATH | O_NOFOLLOW);
	CHECK("O_PATH | O_NOFOLLOW of a link", l >= 0 && fstat(l, &st) == 0 && S_ISLNK(st.st_mode));
	ssize_t n = readlinkat(l, "", buf, sizeof(buf));
	CHECK("readlinkat of it with an empty path", n == 4 && memcmp(buf, "file", 4) == 0);
	close(l);
	l = open("op.dir/link", O_PATH);
	CHECK("O_PATH of a link follows it", l >= 0 && fstat(l, &st) == 0 && S_ISREG(st.st_mode));
	say("readlinkat of the file with an empty path", res(readlinkat(l, "", buf, sizeof(buf))));
	close(l);

	int ff = open("op.dir/fifo", O_PATH);
	CHECK("O_PATH of a FIFO does not wait", ff >= 0 && fstat(ff, &st) == 0 &&
	      S_ISFIFO(st.st_mode));
	close(ff);

	chmod("op.dir/file", 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(2);
		say("a normal user: O_RDONLY of a mode 0 file", res(open("op.dir/file", O_RDONLY)));
		say("a normal user: O_PATH of it", res(open("op.dir/file", O_PATH)));
		fflush(stdout);
		_exit(0);
	}
	int status;
	CHECK("the normal user's child", waitpid(pid, &status, 0) == pid && status == 0);
	unlink("op.dir/file");
	unlink("op.dir/link");
	unlink("op.dir/fifo");
	CHECK("rmdir", rmdir("op.dir") == 0);
	CHECK_DONE();
}
