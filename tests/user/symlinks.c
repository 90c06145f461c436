/* Symbolic links as Linux has them: symlink, readlink, lstat, following in the middle and
 * at the end of a path, O_NOFOLLOW, loops (ELOOP after 40 links), what unlink, rename, link
 * and chown do to a link; and /proc's links: /proc/self, /proc/self/exe (exec through it,
 * as busybox does), cwd, fd/N and /dev/fd. */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The error of a call that failed, or "ok". */
static const char *res(int r)
{
	return r >= 0 ? "ok" : errno_name(errno);
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
}

static struct stat st_of(const char *path, int follow)
{
	struct stat st;
	memset(&st, 0, sizeof(st));
	if (follow)
		stat(path, &st);
	else
		lstat(path, &st);
	return st;
}

static void basics(void)
{
	int fd = open("sl.target", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "hello", 5);
	close(fd);
	CHECK("symlink sl.link -> sl.target", symlink("sl.target", "sl.link") == 0);
	struct stat l = st_of("sl.link", 0), t = st_of("sl.target", 1), s = st_of("sl.link", 1);
	CHECK("lstat: a link, mode 0777, size = the target's length",
	      S_ISLNK(l.st_mode) && (l.st_mode & 07777) == 0777 && l.st_size == 9 && l.st_nlink == 1);
	CHECK("stat follows it: the target's inode", S_ISREG(s.st_mode) && s.st_ino == t.st_ino &&
	      s.st_ino != l.st_ino);
	char buf[64];
	memset(buf, 'x', sizeof(buf));
	CHECK("readlink gives the target, without a NUL",
	      readlink("sl.link", buf, sizeof(buf)) == 9 && memcmp(buf, "sl.target", 9) == 0 && buf[9] == 'x');
	CHECK("readlink with a small buffer: cut short", readlink("sl.link", buf, 3) == 3);
	say("readlink of a regular file", res((int)readlink("sl.target", buf, sizeof(buf))));
	say("readlink with bufsiz 0", res((int)readlink("sl.link", buf, 0)));
	say("readlink of a missing name", res((int)readlink("sl.none", buf, sizeof(buf))));
	say("symlink over an existing name", res(symlink("x", "sl.target")));
	say("symlink with an empty target", res(symlink("", "sl.empty")));
	say("symlink to a name ending in '/'", res(symlink("x", "sl.new/")));
	fd = open("sl.link", O_RDONLY);
	CHECK("open through the link reads the target", fd >= 0 && read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0);
	close(fd);
	say("open O_NOFOLLOW of a link", res(open("sl.link", O_RDONLY | O_NOFOLLOW)));
	say("open O_NOFOLLOW|O_DIRECTORY of a link", res(open("sl.link", O_RDONLY | O_NOFOLLOW | O_DIRECTORY)));
	say("open O_CREAT|O_NOFOLLOW of a link", res(open("sl.link", O_RDWR | O_CREAT | O_NOFOLLOW, 0600)));
	say("open O_CREAT|O_EXCL of a link", res(open("sl.link", O_RDWR | O_CREAT | O_EXCL, 0600)));
	fd = open("sl.target", O_RDONLY | O_NOFOLLOW);
	CHECK("open O_NOFOLLOW of a regular file is fine", fd >= 0);
	close(fd);
	CHECK("a dangling link: lstat ok, stat ENOENT", symlink("sl.missing", "sl.dangling") == 0 &&
	      lstat("sl.dangling", &l) == 0 && stat("sl.dangling", &s) == -1 && errno == ENOENT);
	fd = open("sl.dangling", O_WRONLY | O_CREAT, 0600);
	CHECK("open O_CREAT through a dangling link creates its target",
	      fd >= 0 && stat("sl.missing", &s) == 0 && S_ISREG(s.st_mode));
	close(fd);
	say("link to a file ending in '/'", res(stat("sl.link/", &s)));
	struct dirent *de;
	DIR *d = opendir(".");
	int type = -1;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, "sl.link") == 0)
			type = de->d_type;
	closedir(d);
	CHECK("readdir says DT_LNK", type == DT_LNK);
}

static void directories(void)
{
	struct stat a, b;
	mkdir("sl.dir", 0755);
	mkdir("sl.dir/sub", 0755);
	CHECK("symlink to a directory", symlink("sl.dir", "sl.dl") == 0);
	int fd = open("sl.dl/f", O_CREAT | O_WRONLY, 0644);
	CHECK("a link in the middle of a path", fd >= 0 && stat("sl.dir/f", &a) == 0);
	close(fd);
	CHECK("... with a trailing slash: the directory", stat("sl.dl/", &a) == 0 && S_ISDIR(a.st_mode));
	CHECK("'link/..' is the target's parent", stat("sl.dl/sub/..", &a) == 0 && stat("sl.dir", &b) == 0 &&
	      a.st_ino == b.st_ino);
	char cwd[4096], abs[4200];
	getcwd(cwd, sizeof(cwd));
	snprintf(abs, sizeof(abs), "%s/sl.dir/sub", cwd);
	CHECK("an absolute link", symlink(abs, "sl.abs") == 0 && stat("sl.abs", &a) == 0 &&
	      stat("sl.dir/sub", &b) == 0 && a.st_ino == b.st_ino);
	CHECK("a relative link is relative to its own directory",
	      symlink("../f", "sl.dir/sub/up") == 0 && stat("sl.dl/sub/up", &a) == 0 && S_ISREG(a.st_mode));
	CHECK("links to links", symlink("sl.dl", "sl.dl2") == 0 && stat("sl.dl2/sub/up", &a) == 0);
	say("rmdir of a link to a directory", res(rmdir("sl.dl2")));
	say("unlink of 'link/' to a directory", res(unlink("sl.dl2/")));
	CHECK("chdir through a link, getcwd names the target",
	      chdir("sl.dl") == 0 && getcwd(abs, sizeof(abs)) && strstr(abs, "/sl.dir") &&
	      !strstr(abs, "sl.dl") && chdir("..") == 0);
	int dfd = open("sl.dir", O_RDONLY | O_DIRECTORY);
	CHECK("symlinkat and readlinkat relative to a directory fd",
	      symlinkat("sub", dfd, "at.link") == 0 && readlinkat(dfd, "at.link", cwd, sizeof(cwd)) == 3 &&
	      memcmp(cwd, "sub", 3) == 0 && lstat("sl.dir/at.link", &a) == 0 && S_ISLNK(a.st_mode));
	CHECK("fstatat AT_SYMLINK_NOFOLLOW", fstatat(dfd, "at.link", &a, AT_SYMLINK_NOFOLLOW) == 0 &&
	      S_ISLNK(a.st_mode) && fstatat(dfd, "at.link", &b, 0) == 0 && S_ISDIR(b.st_mode));
	close(dfd);
}

static void loops(void)
{
	symlink("sl.loop1", "sl.loop2");
	symlink("sl.loop2", "sl.loop1");
	struct stat st;
	say("stat of a loop", res(stat("sl.loop1", &st)));
	say("open of a loop", res(open("sl.loop1", O_RDONLY)));
	say("open O_CREAT of a loop", res(open("sl.loop1", O_RDWR | O_CREAT, 0600)));
	say("a loop in the middle of a path", res(stat("sl.loop1/x", &st)));
	CHECK("lstat of a loop is fine", lstat("sl.loop1", &st) == 0);
	symlink("sl.loop1", "sl.self");
	CHECK("a link to itself", symlink("sl.me", "sl.me") == 0 && stat("sl.me", &st) == -1 && errno == ELOOP);
	/* A chain: c0 -> sl.target, cN -> c(N-1); following cN takes N + 1 links. */
	char name[32], prev[32] = "sl.target";
	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "sl.c%d", i);
		symlink(prev, name);
		strcpy(prev, name);
	}
	say("a chain of 40 links", res(stat("sl.c39", &st)));
	say("a chain of 41 links", res(stat("sl.c40", &st)));
	say("open of a chain of 41 links", res(open("sl.c40", O_RDONLY)));
	for (int i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "sl.c%d", i);
		unlink(name);
	}
}

static void names(void)
{
	struct stat a, b;
	CHECK("unlink removes the link, not its target",
	      unlink("sl.dangling") == 0 && lstat("sl.dangling", &a) == -1 && stat("sl.missing", &b) == 0);
	CHECK("rename moves the link itself", rename("sl.link", "sl.link2") == 0 &&
	      lstat("sl.link2", &a) == 0 && S_ISLNK(a.st_mode) && stat("sl.target", &b) == 0);
	CHECK("link() of a link links the link", link("sl.link2", "sl.hard") == 0 &&
	      lstat("sl.hard", &a) == 0 && S_ISLNK(a.st_mode) && a.st_nlink == 2);
	CHECK("linkat AT_SYMLINK_FOLLOW links the target",
	      linkat(AT_FDCWD, "sl.link2", AT_FDCWD, "sl.hard2", AT_SYMLINK_FOLLOW) == 0 &&
	      lstat("sl.hard2", &a) == 0 && S_ISREG(a.st_mode) && stat("sl.target", &b) == 0 &&
	      a.st_ino == b.st_ino);
	CHECK("lchown changes the link, not its target", lchown("sl.link2", 1000, 1000) == 0 &&
	      lstat("sl.link2", &a) == 0 && a.st_uid == 1000 && stat("sl.target", &b) == 0 && b.st_uid == 0);
	CHECK("chown follows", chown("sl.link2", 1001, 1001) == 0 && stat("sl.target", &b) == 0 &&
	      b.st_uid == 1001 && lstat("sl.link2", &a) == 0 && a.st_uid == 1000);
	CHECK("fchownat AT_SYMLINK_NOFOLLOW", fchownat(AT_FDCWD, "sl.link2", 7, 7, AT_SYMLINK_NOFOLLOW) == 0 &&
	      lstat("sl.link2", &a) == 0 && a.st_uid == 7 && stat("sl.target", &b) == 0 && b.st_uid == 1001);
}

/* Whether the text of link path ends with suffix. */
static int link_ends(const char *path, const char *suffix)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	size_t l = strlen(suffix);
	return (size_t)n >= l && strcmp(buf + n - l, suffix) == 0;
}

static void proc_links(const char *argv0)
{
	char buf[4096], want[4200];
	struct stat a, b;
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%d", getpid());
	CHECK("/proc/self is a link to the pid", lstat("/proc/self", &a) == 0 && S_ISLNK(a.st_mode) &&
	      strcmp(buf, want) == 0 && stat("/proc/self", &b) == 0 && S_ISDIR(b.st_mode));
	CHECK("/proc/self/exe is the program", stat("/proc/self/exe", &a) == 0 && stat(argv0, &b) == 0 &&
	      a.st_ino == b.st_ino && a.st_dev == b.st_dev && link_ends("/proc/self/exe", "/symlinks"));
	n = readlink("/proc/self/cwd", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	CHECK("/proc/self/cwd is the working directory", getcwd(want, sizeof(want)) && strcmp(buf, want) == 0);
	snprintf(want, sizeof(want), "/proc/%d/cwd", getpid());
	CHECK("/proc/PID/cwd too", stat(want, &a) == 0 && stat(".", &b) == 0 && a.st_ino == b.st_ino);

	int fd = open("sl.target", O_RDONLY);
	snprintf(want, sizeof(want), "/proc/self/fd/%d", fd);
	CHECK("/proc/self/fd/N names the file", link_ends(want, "/sl.target"));
	CHECK("lstat of it: a link", lstat(want, &a) == 0 && S_ISLNK(a.st_mode));
	int fd2 = open(want, O_RDONLY);
	lseek(fd, 3, SEEK_SET);
	CHECK("opening it opens the file anew (its own offset)",
	      fd2 >= 0 && read(fd2, buf, 2) == 2 && memcmp(buf, "he", 2) == 0);
	close(fd2);
	snprintf(want, sizeof(want), "/dev/fd/%d", fd);
	fd2 = open(want, O_RDONLY);
	CHECK("/dev/fd/N too", fd2 >= 0 && fstat(fd2, &a) == 0 && stat("sl.target", &b) == 0 &&
	      a.st_ino == b.st_ino);
	close(fd2);
	int seen = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (atoi(de->d_name) == fd && de->d_type == DT_LNK)
			seen++;
	closedir(d);
	CHECK("readdir /proc/self/fd lists it as a link", seen == 1);
	say("/proc/self/fd/99 (not open)", res(stat("/proc/self/fd/99", &a)));
	say("/proc/self/fd/01 (a leading zero)", res(lstat("/proc/self/fd/01", &a)));
	close(fd);

	fd = open("sl.gone", O_CREAT | O_RDWR, 0600);
	write(fd, "kept", 4);
	unlink("sl.gone");
	snprintf(want, sizeof(want), "/proc/self/fd/%d", fd);
	CHECK("a deleted file's link ends in ' (deleted)'", link_ends(want, " (deleted)"));
	fd2 = open(want, O_RDONLY);
	CHECK("... and still opens it", fd2 >= 0 && read(fd2, buf, 4) == 4 && memcmp(buf, "kept", 4) == 0);
	close(fd2);
	close(fd);

	int p[2];
	pipe(p);
	fstat(p[0], &a);
	snprintf(buf, sizeof(buf), "pipe:[%lu]", (unsigned long)a.st_ino);
	snprintf(want, sizeof(want), "/proc/self/fd/%d", p[0]);
	CHECK("a pipe's link: pipe:[INO]", link_ends(want, buf));
	snprintf(want, sizeof(want), "/proc/self/fd/%d", p[1]);
	fd = open(want, O_WRONLY);
	CHECK("opening a pipe's write end again writes into it",
	      fd >= 0 && write(fd, "abc", 3) == 3 && read(p[0], buf, 3) == 3 && memcmp(buf, "abc", 3) == 0);
	close(fd);
	close(p[0]);
	close(p[1]);
	CHECK("/dev/stdin -> /proc/self/fd/0", link_ends("/dev/stdin", "/proc/self/fd/0") &&
	      link_ends("/dev/stderr", "/proc/self/fd/2"));

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "symlinks", "child", (char *)NULL);
		_exit(99);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("exec /proc/self/exe runs the same program", WIFEXITED(status) && WEXITSTATUS(status) == 42);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("exec /proc/self/exe: the child runs\n");
		return 42;
	}
	basics();
	directories();
	loops();
	names();
	proc_links(argv[0]);
	static const char *const files[] = { "sl.target", "sl.link2", "sl.hard", "sl.hard2", "sl.missing",
		"sl.loop1", "sl.loop2", "sl.self", "sl.me", "sl.abs", "sl.dl", "sl.dl2", "sl.dir/f",
		"sl.dir/sub/up", "sl.dir/at.link" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(files[i]);
	rmdir("sl.dir/sub");
	rmdir("sl.dir");
	CHECK_DONE();
}
