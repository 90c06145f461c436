/* fcntl's record locks as Linux has them: POSIX locks (per process: F_GETLK sees another
 * process's, closing any descriptor of the file drops them all, fork does not pass them
 * on), ranges split, merged and counted from SEEK_CUR and SEEK_END, F_SETLKW waiting and
 * EDEADLK, open file description locks (F_OFD_*), and the errors. Another process looks
 * from a child, while the parent waits for it. */
#include "check.h"

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int fd;

static const char *res(int r)
{
	return r >= 0 ? "ok" : errno == EDEADLK ? "EDEADLK" : errno_name(errno);
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
}

static int lk(int f, int cmd, int type, int whence, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };
	return fcntl(f, cmd, &fl);
}

/* What F_GETLK says about a one-byte write lock at off, from this process. */
static void getlk(const char *what, int f, int cmd, off_t off, short type)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = off, .l_len = 1 };
	if (fcntl(f, cmd, &fl) < 0) {
		say(what, res(-1));
		return;
	}
	const char *t = fl.l_type == F_UNLCK ? "unlocked" : fl.l_type == F_RDLCK ? "read" : "write";
	const char *pid = fl.l_type == F_UNLCK ? "" : fl.l_pid == getppid() ? " by the parent" :
			  fl.l_pid == -1 ? " by an open file (-1)" : " by someone else";
	printf("%-44s %s %ld+%ld%s\n", what, t, (long)fl.l_start, (long)fl.l_len, pid);
}

/* Runs fn in a child (another lock owner) while the parent waits. */
static void from_child(void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void look1(void)
{
	getlk("the parent's write lock, from a child", fd, F_GETLK, 5, F_WRLCK);
	say("F_SETLK over it", res(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 1)));
	say("F_SETLK next to it", res(lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10)));
	getlk("F_GETLK over the child's own lock", fd, F_GETLK, 12, F_WRLCK);
}

static void look2(void)
{
	getlk("after unlocking the middle: byte 45", fd, F_GETLK, 45, F_WRLCK);
	getlk("byte 30: the left part", fd, F_GETLK, 30, F_WRLCK);
	getlk("byte 70: the right part", fd, F_GETLK, 70, F_WRLCK);
	getlk("two touching read locks merge: byte 205", fd, F_GETLK, 205, F_WRLCK);
	getlk("a read test of a read lock: no conflict", fd, F_GETLK, 205, F_RDLCK);
	getlk("a lock to the end of the file: byte 1000000", fd, F_GETLK, 1000000, F_RDLCK);
	getlk("a negative length: byte 300", fd, F_GETLK, 300, F_WRLCK);
	getlk("from SEEK_END - 10 (size 4096)", fd, F_GETLK, 4090, F_WRLCK);
	getlk("from SEEK_CUR + 1 (offset 3000)", fd, F_GETLK, 3001, F_WRLCK);
}

static void look3(void)
{
	getlk("after the parent closed another fd of the file", fd, F_GETLK, 0, F_WRLCK);
}

static void errors(void)
{
	int ro = open("locks.file", O_RDONLY);
	say("a write lock on a read-only fd", res(lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1)));
	CHECK("a read lock on it is fine", lk(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1) == 0);
	close(ro);
	say("an unknown l_type", res(lk(fd, F_SETLK, 7, SEEK_SET, 0, 1)));
	say("an unknown l_whence", res(lk(fd, F_SETLK, F_RDLCK, 9, 0, 1)));
	say("a range before byte 0", res(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, -1, 1)));
	say("a negative length reaching before 0", res(lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 2, -3)));
	say("F_GETLK of F_UNLCK", res(lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1)));
	say("F_SETLK of a closed fd", res(lk(99, F_SETLK, F_RDLCK, SEEK_SET, 0, 1)));
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_pid = 5 };
	say("F_OFD_SETLK with l_pid set", res(fcntl(fd, F_OFD_SETLK, &fl)));
	say("F_SETLK with a bad pointer", res(fcntl(fd, F_SETLK, (void *)8)));
}

/* The deadlock: the child holds byte 0 and waits for byte 1, which the parent holds. */
static void deadlock(void)
{
	int p[2];
	pipe(p);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
		write(p[1], "x", 1);
		int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);    /* waits for the parent */
		_exit(r == 0 ? 0 : 1);
	}
	char c;
	read(p[0], &c, 1);
	/* Wait until the child sleeps: the only sleep left to it is F_SETLKW's. */
	char path[64], stat[256];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (;;) {
		FILE *f = fopen(path, "r");
		size_t n = fread(stat, 1, sizeof(stat) - 1, f);
		fclose(f);
		stat[n] = '\0';
		char *s = strrchr(stat, ')');
		if (s && s[2] == 'S')
			break;
		sched_yield();
	}
	getlk("the child holds byte 0", fd, F_GETLK, 0, F_WRLCK);
	say("F_SETLKW on it while the child waits for us", res(lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1)));
	CHECK("unlocking byte 1 lets the child's F_SETLKW through",
	      lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 1, 1) == 0);
	int status;
	waitpid(pid, &status, 0);
	CHECK("... and it got the lock", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK("the child's locks went with it", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 2) == 0);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	close(p[0]);
	close(p[1]);
}

static void ofd(void)
{
	int fd2 = open("locks.file", O_RDWR);
	CHECK("F_OFD_SETLK a write lock on one open file", lk(fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
	say("another open file of the same process: F_OFD_SETLK", res(lk(fd2, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1)));
	getlk("F_OFD_GETLK from it", fd2, F_OFD_GETLK, 5, F_WRLCK);
	getlk("F_GETLK (a POSIX owner) from it", fd2, F_GETLK, 5, F_WRLCK);
	say("a POSIX lock over the OFD lock", res(lk(fd2, F_SETLK, F_WRLCK, SEEK_SET, 5, 1)));
	close(fd2);
	from_child(look3);
	int fd3 = open("locks.file", O_RDWR);
	getlk("closing another fd kept the OFD lock", fd3, F_OFD_GETLK, 0, F_WRLCK);
	int dup = fcntl(fd, F_DUPFD, 0);
	close(fd);
	getlk("a dup of its file keeps it after close(fd)", fd3, F_OFD_GETLK, 0, F_WRLCK);
	close(dup);
	getlk("the last close drops it", fd3, F_OFD_GETLK, 0, F_WRLCK);
	fd = fd3;
}

int main(void)
{
	fd = open("locks.file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ftruncate(fd, 4096);
	CHECK("F_SETLK a write lock on bytes 0-9", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10) == 0);
	getlk("F_GETLK from the owner: its own locks never conflict", fd, F_GETLK, 5, F_WRLCK);
	from_child(look1);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20);
	lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 200, 10);
	lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 210, 10);
	lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 100000, 0);
	lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 310, -10);
	lk(fd, F_SETLK, F_WRLCK, SEEK_END, -10, 5);
	lseek(fd, 3000, SEEK_SET);
	lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, 1, 1);
	from_child(look2);
	CHECK("a write lock replaces the read locks under it",
	      lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 205, 1) == 0);
	int other = open("locks.file", O_RDONLY);
	close(other);
	from_child(look3);
	errors();
	deadlock();
	ofd();
	close(fd);
	unlink("locks.file");
	CHECK_DONE();
}
