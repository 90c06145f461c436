/* Files through the system calls, with Linux's results and errno values. */
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static const char *err(long r)
{
	if (r >= 0)
		return "ok";
	switch (errno) {
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EBADF: return "EBADF";
	case EINVAL: return "EINVAL";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EMFILE: return "EMFILE";
	case ESPIPE: return "ESPIPE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ERANGE: return "ERANGE";
	case EFAULT: return "EFAULT";
	case EACCES: return "EACCES";
	default: return "other";
	}
}

#define SHOW(what, call) do { long r_ = (call); printf("%-44s %s\n", what, err(r_)); } while (0)

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir)
{
	DIR *d = opendir(dir);
	char *names[32];
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 32)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	printf("%s:", dir);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

/* Lists a directory of ten files a few records at a time, removing each file once it has
 * been listed: every file must still be listed exactly once. */
static int listing_survives_unlink(void)
{
	mkdir("listing.d", 0755);
	char name[32];
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "listing.d/f%d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	int seen[10] = {0};
	int dfd = open("listing.d", O_RDONLY | O_DIRECTORY);
	char buf[80];                   /* room for about three records per call */
	long n;
	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			unsigned short reclen;  /* struct linux_dirent64: d_reclen at 16, d_name at 19 */
			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			const char *d_name = buf + off + 19;
			if (d_name[0] == 'f' && strlen(d_name) < 4) {
				seen[atoi(d_name + 1)]++;
				snprintf(name, sizeof(name), "listing.d/%s", d_name);
				unlink(name);
			}
			off += reclen;
		}
	}
	close(dfd);
	rmdir("listing.d");
	for (int i = 0; i < 10; i++)
		if (seen[i] != 1)
			return 0;
	return n == 0;
}

/* Bad counts, offsets and vectors: Linux's errors, before any byte moves. */
static void transfer_errors(void)
{
	int fd = open("io.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[16] = "0123456789abcdef";
	SHOW("write with a count past the user half", write(fd, buf, 1UL << 63));
	int rdonly = open("io.dat", O_RDONLY);
	SHOW("write to a read-only fd from a bad buffer", write(rdonly, (void *)1, 1UL << 63));
	close(rdonly);
	SHOW("read with a count past the user half", read(fd, buf, -1UL));
	SHOW("pwrite at a negative offset", pwrite(fd, buf, 4, -1));
	SHOW("pread ending past the largest offset", pread(fd, buf, 16, 0x7ffffffffffffff8L));
	SHOW("pwrite ending past the largest offset", pwrite(fd, buf, 16, 0x7ffffffffffffff8L));
	struct iovec bad_len[2] = { { buf, 4 }, { buf, (size_t)-1 } };
	SHOW("writev with a negative length", writev(fd, bad_len, 2));
	struct iovec bad_base[2] = { { buf, 4 }, { (void *)0xffff800000000000UL, 4 } };
	SHOW("writev with a kernel address (nothing written)", writev(fd, bad_base, 2));
	CHECK("  the file is still empty", lseek(fd, 0, SEEK_END) == 0);
	struct iovec three[3] = { { buf, 2 }, { buf + 2, 0 }, { buf + 4, 3 } };
	CHECK("writev of 2 + 0 + 3 bytes writes 5", writev(fd, three, 3) == 5);
	SHOW("truncate to -1", truncate("io.dat", -1));
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	SHOW("faccessat relative to a directory fd", faccessat(dfd, "io.dat", R_OK | W_OK, 0));
	SHOW("faccessat X_OK of a plain file", faccessat(dfd, "io.dat", X_OK, 0) < 0 ? -1 : 0);
	struct stat st;
	SHOW("fstatat with an unknown flag", fstatat(dfd, "io.dat", &st, 0x4));
	close(dfd);
	SHOW("ftruncate to -1", ftruncate(fd, -1));
	close(fd);
	unlink("io.dat");
}

int main(void)
{
	umask(022);
	SHOW("mkdir files.d", mkdir("files.d", 0755));
	SHOW("mkdir files.d again", mkdir("files.d", 0755));
	int fd = open("files.d/a", O_CREAT | O_RDWR | O_EXCL, 0666);
	SHOW("open O_CREAT|O_EXCL new", fd);
	SHOW("open O_CREAT|O_EXCL existing", open("files.d/a", O_CREAT | O_EXCL | O_RDWR, 0666));
	struct stat st;
	fstat(fd, &st);
	printf("mode after umask: %o\n", st.st_mode);
	CHECK("write 5 bytes", write(fd, "hello", 5) == 5);
	CHECK("lseek past the end", lseek(fd, 8192, SEEK_SET) == 8192);
	CHECK("write there", write(fd, "!", 1) == 1);
	char buf[16];
	CHECK("the hole reads as zeros", pread(fd, buf, 4, 100) == 4 && !buf[0] && !buf[3]);
	fstat(fd, &st);
	printf("size %lld\n", (long long)st.st_size);
	CHECK("ftruncate down", ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3);
	CHECK("pread after truncate", pread(fd, buf, 16, 0) == 3 && memcmp(buf, "hel", 3) == 0);
	SHOW("ftruncate negative", ftruncate(fd, -1));
	int fl = fcntl(fd, F_GETFL);
	printf("F_GETFL access mode: %d, append: %d\n", fl & O_ACCMODE, !!(fl & O_APPEND));
	SHOW("fcntl F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND));
	write(fd, "XY", 2);
	CHECK("O_APPEND writes at the end", pread(fd, buf, 16, 0) == 5 && memcmp(buf, "helXY", 5) == 0);
	int d = dup(fd);
	CHECK("dup shares the offset", lseek(d, 1, SEEK_SET) == 1 && lseek(fd, 0, SEEK_CUR) == 1);
	CHECK("dup2 onto 10", dup2(fd, 10) == 10 && fcntl(10, F_GETFD) == 0);
	SHOW("fcntl F_DUPFD_CLOEXEC", fcntl(fd, F_DUPFD_CLOEXEC, 20) - 20);
	CHECK("  with FD_CLOEXEC", fcntl(20, F_GETFD) == FD_CLOEXEC);
	close(d);
	close(10);
	close(20);
	SHOW("close a closed fd", close(20));
	SHOW("read from a bad fd", read(99, buf, 1));
	SHOW("open a missing file", open("files.d/missing", O_RDONLY));
	SHOW("open a file as a directory", open("files.d/a/x", O_RDONLY));
	SHOW("open a directory for writing", open("files.d", O_WRONLY));
	SHOW("O_DIRECTORY on a file", open("files.d/a", O_RDONLY | O_DIRECTORY));
	SHOW("rename a to b", rename("files.d/a", "files.d/b"));
	SHOW("unlink a (gone)", unlink("files.d/a"));
	SHOW("mkdir files.d/sub", mkdir("files.d/sub", 0755));
	SHOW("rmdir files.d (not empty)", rmdir("files.d"));
	SHOW("unlink a directory", unlink("files.d/sub"));
	SHOW("rmdir a file", rmdir("files.d/b"));
	list("files.d");
	int fds[2];
	CHECK("pipe", pipe(fds) == 0);
	SHOW("lseek on a pipe", lseek(fds[0], 0, SEEK_SET));
	CHECK("pipe carries bytes", write(fds[1], "pq", 2) == 2 && read(fds[0], buf, 2) == 2 && buf[1] == 'q');
	close(fds[1]);
	CHECK("read at the pipe's end gives 0", read(fds[0], buf, 1) == 0);
	close(fds[0]);
	SHOW("unlink b while open", unlink("files.d/b"));
	CHECK("  still readable through the fd", pread(fd, buf, 3, 0) == 3 && buf[0] == 'h');
	close(fd);
	struct rlimit rl = { 16, 16 };
	setrlimit(RLIMIT_NOFILE, &rl);
	int last = 0, r;
	while ((r = open("files.d", O_RDONLY)) >= 0)
		last = r;
	printf("highest fd under RLIMIT_NOFILE=16: %d, then %s\n", last, err(r));
	for (int i = 3; i <= last; i++)
		close(i);
	rmdir("files.d/sub");
	SHOW("rmdir files.d", rmdir("files.d"));
	CHECK("a listing survives removing what it already returned", listing_survives_unlink());
	transfer_errors();
	char cwd[256];
	CHECK("getcwd works", getcwd(cwd, sizeof(cwd)) != NULL);
	SHOW("getcwd into a 1-byte buffer", (long)(getcwd(cwd, 1) ? 0 : -1));
	CHECK_DONE();
}
