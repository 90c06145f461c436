/* chmod, chown, utimensat (and utimes, utime), link and the nice value, as root sees
 * them on Linux: what stat shows afterwards, and the errors. */
#include "check.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

static struct stat st_of(const char *path)
{
	struct stat st;
	memset(&st, 0, sizeof(st));
	stat(path, &st);
	return st;
}

static void modes(void)
{
	int fd = open("attrs.file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK("chmod 0750", chmod("attrs.file", 0750) == 0 && (st_of("attrs.file").st_mode & 07777) == 0750);
	CHECK("chmod keeps the file type", S_ISREG(st_of("attrs.file").st_mode));
	CHECK("fchmod 04711 (set-user-ID)", fchmod(fd, 04711) == 0 && (st_of("attrs.file").st_mode & 07777) == 04711);
	int dir = open(".", O_RDONLY | O_DIRECTORY);
	CHECK("fchmodat 0600, relative to a directory fd", fchmodat(dir, "attrs.file", 0600, 0) == 0 && (st_of("attrs.file").st_mode & 07777) == 0600);
	CHECK("chmod of a missing file: ENOENT", chmod("no.such.file", 0600) == -1 && errno == ENOENT);
	CHECK("fchmod of a closed fd: EBADF", fchmod(99, 0600) == -1 && errno == EBADF);
	CHECK("chmod with a bad path pointer: EFAULT", chmod((char *)8, 0600) == -1 && errno == EFAULT);

	CHECK("chown to 1000:2000", chown("attrs.file", 1000, 2000) == 0 &&
	      st_of("attrs.file").st_uid == 1000 && st_of("attrs.file").st_gid == 2000);
	CHECK("fchown with -1 keeps the owner", fchown(fd, (uid_t)-1, 3000) == 0 &&
	      st_of("attrs.file").st_uid == 1000 && st_of("attrs.file").st_gid == 3000);
	fchmod(fd, 06755);
	chown("attrs.file", 0, 0);
	CHECK("chown clears set-user-ID and set-group-ID (group-executable)",
	      (st_of("attrs.file").st_mode & 07777) == 0755);
	fchmod(fd, 02745);
	chown("attrs.file", 0, 0);
	CHECK("... but keeps set-group-ID without group execute",
	      (st_of("attrs.file").st_mode & 07777) == 02745);
	CHECK("fchownat with a bad flag: EINVAL", fchownat(dir, "attrs.file", 0, 0, 0x8) == -1 && errno == EINVAL);
	close(dir);
	close(fd);
}

static void times(void)
{
	struct timespec t[2] = { { 1000000000, 500 }, { 1200000000, 7 } };
	CHECK("utimensat sets both times", utimensat(AT_FDCWD, "attrs.file", t, 0) == 0);
	struct stat st = st_of("attrs.file");
	CHECK("... atime 1000000000.000000500", st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 500);
	CHECK("... mtime 1200000000.000000007", st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 7);
	CHECK("... and the change time is now", st.st_ctim.tv_sec > 1600000000);
	struct timespec omit_now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	utimensat(AT_FDCWD, "attrs.file", omit_now, 0);
	st = st_of("attrs.file");
	CHECK("UTIME_OMIT keeps atime, UTIME_NOW sets mtime",
	      st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec > 1600000000);
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	CHECK("a bad tv_nsec: EINVAL", utimensat(AT_FDCWD, "attrs.file", bad, 0) == -1 && errno == EINVAL);
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	CHECK("both UTIME_OMIT on a missing file: 0, nothing looked up",
	      utimensat(AT_FDCWD, "no.such.file", omit, 0) == 0);
	CHECK("utimensat with a bad flag: EINVAL", utimensat(AT_FDCWD, "attrs.file", NULL, 0x8) == -1 && errno == EINVAL);
	int fd = open("attrs.file", O_RDONLY);
	struct timespec one[2] = { { 5, 0 }, { 6, 0 } };
	CHECK("futimens on an open file", futimens(fd, one) == 0 && st_of("attrs.file").st_mtim.tv_sec == 6);
	close(fd);
	struct timeval tv[2] = { { 100, 1 }, { 200, 2 } };
	CHECK("utimes: microseconds", utimes("attrs.file", tv) == 0 &&
	      st_of("attrs.file").st_mtim.tv_nsec == 2000 && st_of("attrs.file").st_atim.tv_sec == 100);
	struct timeval badtv[2] = { { 1, 1000000 }, { 1, 0 } };
	CHECK("utimes with tv_usec 1000000: EINVAL",
	      syscall(SYS_utimes, "attrs.file", badtv) == -1 && errno == EINVAL);
	struct utimbuf ub = { 300, 400 };
	CHECK("utime: whole seconds", utime("attrs.file", &ub) == 0 && st_of("attrs.file").st_mtim.tv_sec == 400);
}

static void links(void)
{
	CHECK("link makes a second name", link("attrs.file", "attrs.link") == 0);
	CHECK("... both names count", st_of("attrs.file").st_nlink == 2 &&
	      st_of("attrs.file").st_ino == st_of("attrs.link").st_ino);
	int fd = open("attrs.link", O_WRONLY | O_APPEND);
	write(fd, "via the link\n", 13);
	close(fd);
	unlink("attrs.file");
	CHECK("removing the first name keeps the data", st_of("attrs.link").st_nlink == 1 &&
	      st_of("attrs.link").st_size == 13);
	CHECK("link onto an existing name: EEXIST", link("attrs.link", "attrs.link") == -1 && errno == EEXIST);
	CHECK("link of a missing file: ENOENT", link("no.such.file", "x") == -1 && errno == ENOENT);
	mkdir("attrs.dir", 0755);
	CHECK("link of a directory: EPERM", link("attrs.dir", "attrs.dir2") == -1 && errno == EPERM);
	CHECK("link of a directory onto an existing name: EEXIST first",
	      link("attrs.dir", "attrs.link") == -1 && errno == EEXIST);
	CHECK("link into a missing directory: ENOENT", link("attrs.link", "no/such") == -1 && errno == ENOENT);
	CHECK("linkat with a bad flag: EINVAL",
	      linkat(AT_FDCWD, "attrs.link", AT_FDCWD, "y", 0x1) == -1 && errno == EINVAL);
	rmdir("attrs.dir");
	unlink("attrs.link");
}

static void nice_values(void)
{
	errno = 0;
	CHECK("getpriority: nice 0 to start", getpriority(PRIO_PROCESS, 0) == 0 && errno == 0);
	CHECK("setpriority 5", setpriority(PRIO_PROCESS, 0, 5) == 0 && getpriority(PRIO_PROCESS, 0) == 5);
	CHECK("setpriority 40 is cut to 19", setpriority(PRIO_PROCESS, 0, 40) == 0 &&
	      getpriority(PRIO_PROCESS, 0) == 19);
	CHECK("the raw call returns 20 - nice", syscall(SYS_getpriority, PRIO_PROCESS, 0) == 1);
	CHECK("root may lower it again", setpriority(PRIO_PROCESS, 0, 0) == 0 && getpriority(PRIO_PROCESS, 0) == 0);
	CHECK("a bad which: EINVAL", setpriority(7, 0, 0) == -1 && errno == EINVAL);
	CHECK("a missing process: ESRCH", getpriority(PRIO_PROCESS, 999999) == -1 && errno == ESRCH);
}

int main(void)
{
	modes();
	times();
	links();
	nice_values();
	CHECK_DONE();
}
