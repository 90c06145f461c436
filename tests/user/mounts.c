/* mount(2) and umount2(2) of tmpfs, ramfs and proc instances on a directory of the test's
 * own: crossing into a mount and back out with "..", each instance's st_dev and statfs
 * magic, EXDEV between them, EBUSY while in use, MNT_DETACH, mounts on mounts, read-only
 * mounts and remounting, Linux's errors, and the lines /proc/self/mounts shows for them.
 * Run as root (the host's test runs are): on Linux the program first takes a mount
 * namespace of its own, so that nothing it mounts is seen outside (here that call is
 * ENOSYS, and every mount is private anyway). */
#include "check.h"

#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define TMPFS_MAGIC      0x01021994
#define RAMFS_MAGIC      0x858458f6
#define PROC_SUPER_MAGIC 0x9fa0

static const char *res(long r)
{
	return r >= 0 ? "ok" : errno == EBUSY ? "EBUSY" : errno == EROFS ? "EROFS"
	       : errno == EXDEV ? "EXDEV" : errno == ENOSPC ? "ENOSPC" : errno_name(errno);
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
}

static long magic_of(const char *path)
{
	struct statfs sf;
	return statfs(path, &sf) == 0 ? (long)sf.f_type : -1;
}

static int same_file(const char *a, const char *b)
{
	struct stat x, y;
	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static int same_dev(const char *a, const char *b)
{
	struct stat x, y;
	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev;
}

static char cwd[4096];

/* The lines of /proc/self/mounts about the test's directory, its path shown as "DIR". */
static void show_mounts(const char *what)
{
	printf("%s:\n", what);
	FILE *f = fopen("/proc/self/mounts", "r");
	char line[1024];
	size_t n = strlen(cwd);
	while (f && fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		if (sp && strncmp(sp + 1, cwd, n) == 0 && sp[1 + n] == '/') {
			*sp = '\0';
			printf("  %s DIR%s", line, sp + 1 + n);
		}
	}
	if (f)
		fclose(f);
}

/* The lines of /proc/self/mountinfo about the test's directory, from the mount's root on
 * (IDs and device numbers differ from Linux's), and whether each stacked mount's parent is
 * the one below it. */
static void show_mountinfo(const char *what)
{
	printf("%s (mountinfo):\n", what);
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char line[1024], root[256], point[512];
	int id, parent, below = -1, stacked_ok = 1;
	size_t n = strlen(cwd);
	while (f && fgets(line, sizeof(line), f)) {
		int used = 0;
		if (sscanf(line, "%d %d %*s %255s %511s %n", &id, &parent, root, point, &used) < 4 ||
		    strncmp(point, cwd, n) != 0 || point[n] != '/')
			continue;
		if (below >= 0 && parent != below)
			stacked_ok = 0;
		below = id;
		printf("  %s DIR%s %s", root, point + n, line + used);
	}
	if (f)
		fclose(f);
	CHECK("... each one's parent is the mount below it", stacked_ok);
}

static void basics(void)
{
	long root_magic = magic_of(".");
	CHECK("mount a tmpfs on m.dir", mount("none", "m.dir", "tmpfs", 0, NULL) == 0);
	CHECK("statfs: tmpfs's magic", magic_of("m.dir") == TMPFS_MAGIC);
	CHECK("its own st_dev", !same_dev("m.dir", "."));
	CHECK("m.dir/.. is the test's directory", same_file("m.dir/..", "."));
	CHECK("m.dir/./.. too", same_file("m.dir/./..", "."));
	int fd = open("m.dir/f", O_CREAT | O_RDWR, 0644);
	CHECK("a file in it", fd >= 0 && write(fd, "data", 4) == 4);
	CHECK("... on the mount's st_dev", same_dev("m.dir/f", "m.dir"));
	say("rename it out of the mount", res(rename("m.dir/f", "m.out")));
	say("link it out of the mount", res(link("m.dir/f", "m.out")));
	say("rename a missing name across", res(rename("m.dir/none", "m.out")));
	say("umount2 while a file is open", res(umount2("m.dir", 0)));
	close(fd);
	CHECK("chdir into it", chdir("m.dir") == 0);
	char buf[4096];
	CHECK("getcwd there", getcwd(buf, sizeof(buf)) && strlen(buf) > 6 &&
	      strcmp(buf + strlen(buf) - 6, "/m.dir") == 0);
	say("rmdir of the mount point", res(rmdir(buf)));
	say("umount2 of the working directory's", res(umount2(buf, 0)));
	CHECK("chdir ..", chdir("..") == 0 && getcwd(buf, sizeof(buf)) && strcmp(buf, cwd) == 0);
	show_mounts("a tmpfs mounted");
	say("umount2 when not in use", res(umount2("m.dir", 0)));
	CHECK("the directory is the old one again", magic_of("m.dir") == root_magic &&
	      same_dev("m.dir", "."));
	say("its file is gone", res(access("m.dir/f", F_OK)));
	say("umount2 again: not a mount point", res(umount2("m.dir", 0)));
	say("umount2 of a missing path", res(umount2("m.none", 0)));
	say("umount2 with unknown flags", res(umount2("m.dir", 0x100)));
}

static void errors(void)
{
	say("mount of an unknown type", res(mount("x", "m.dir", "nosuchfs", 0, NULL)));
	say("mount without a type", res(mount("x", "m.dir", NULL, 0, NULL)));
	say("mount on a missing directory", res(mount("x", "m.none", "tmpfs", 0, NULL)));
	close(open("m.file", O_CREAT | O_WRONLY, 0644));
	say("mount on a file", res(mount("x", "m.file", "tmpfs", 0, NULL)));
	say("mount on file/", res(mount("x", "m.file/", "tmpfs", 0, NULL)));
	say("tmpfs with an unknown option", res(mount("x", "m.dir", "tmpfs", 0, "bogus=1")));
	say("MS_REMOUNT of a directory that is no mount", res(mount(NULL, "m.dir", NULL,
								      MS_REMOUNT, NULL)));
	CHECK("mount a ramfs for the other users", mount("r", "m.dir", "ramfs", 0, NULL) == 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(2);
		say("mount as a normal user", res(mount("x", "m.file", "tmpfs", 0, NULL)));
		say("umount2 as a normal user", res(umount2("m.dir", 0)));
		say("... of a missing path", res(umount2("m.none", 0)));
		fflush(stdout);
		_exit(0);
	}
	int status;
	CHECK("the normal user's child", waitpid(pid, &status, 0) == pid && status == 0);
	CHECK("statfs: ramfs's magic, no blocks", magic_of("m.dir") == RAMFS_MAGIC);
	CHECK("umount2 the ramfs", umount2("m.dir", 0) == 0);
	unlink("m.file");
}

static void stacked_and_detached(void)
{
	CHECK("mount a tmpfs", mount("low", "m.dir", "tmpfs", 0, NULL) == 0);
	close(open("m.dir/low", O_CREAT | O_WRONLY, 0644));
	CHECK("and a ramfs on it", mount("high", "m.dir", "ramfs", 0, "mode=700") == 0);
	CHECK("the ramfs shows", magic_of("m.dir") == RAMFS_MAGIC &&
	      access("m.dir/low", F_OK) != 0);
	CHECK("m.dir/.. is still the test's directory", same_file("m.dir/..", "."));
	show_mounts("two mounts on one directory");
	show_mountinfo("two mounts on one directory");
	CHECK("umount2 takes the top one off", umount2("m.dir", 0) == 0);
	CHECK("the tmpfs shows again, with its file", magic_of("m.dir") == TMPFS_MAGIC &&
	      access("m.dir/low", F_OK) == 0);
	int fd = open("m.dir/low", O_RDWR);
	CHECK("mkdir in it", mkdir("m.dir/sub", 0755) == 0);
	say("umount2 while in use", res(umount2("m.dir", 0)));
	say("umount2 MNT_DETACH while in use", res(umount2("m.dir", MNT_DETACH)));
	CHECK("the directory is the old one again", same_dev("m.dir", "."));
	struct statfs sf;
	CHECK("the open file still works", write(fd, "x", 1) == 1 && fstatfs(fd, &sf) == 0 &&
	      sf.f_type == TMPFS_MAGIC);
	close(fd);
	CHECK("MNT_DETACH when not in use", mount("d", "m.dir", "tmpfs", 0, NULL) == 0 &&
	      umount2("m.dir", MNT_DETACH) == 0 && same_dev("m.dir", "."));
}

static void read_only(void)
{
	CHECK("mount a tmpfs read-only", mount("ro", "m.dir", "tmpfs", MS_RDONLY, NULL) == 0);
	say("create a file there", res(open("m.dir/f", O_CREAT | O_WRONLY, 0644)));
	say("mkdir there", res(mkdir("m.dir/d", 0755)));
	say("chmod its root", res(chmod("m.dir", 0700)));
	show_mounts("read-only");
	CHECK("MS_REMOUNT read-write", mount(NULL, "m.dir", NULL, MS_REMOUNT, NULL) == 0);
	CHECK("create a file there", close(open("m.dir/f", O_CREAT | O_WRONLY, 0644)) == 0);
	CHECK("MS_REMOUNT read-only", mount(NULL, "m.dir", NULL, MS_REMOUNT | MS_RDONLY,
					       NULL) == 0);
	say("open it for writing", res(open("m.dir/f", O_WRONLY)));
	say("truncate it", res(truncate("m.dir/f", 0)));
	say("unlink it", res(unlink("m.dir/f")));
	say("rename it", res(rename("m.dir/f", "m.dir/g")));
	say("chmod it", res(chmod("m.dir/f", 0600)));
	say("rmdir a missing directory", res(rmdir("m.dir/none")));
	int fd = open("m.dir/f", O_RDONLY);
	CHECK("open it for reading", fd >= 0);
	close(fd);
	struct statfs sf;
	CHECK("statfs says ST_RDONLY", statfs("m.dir", &sf) == 0 && (sf.f_flags & ST_RDONLY));
	CHECK("umount2 it", umount2("m.dir", 0) == 0);
}

static void sized(void)
{
	CHECK("mount a tmpfs with size=64k", mount("s", "m.dir", "tmpfs", 0, "size=64k") == 0);
	struct statfs sf;
	CHECK("statfs: 16 blocks, 16 free", statfs("m.dir", &sf) == 0 && sf.f_blocks == 16 &&
	      sf.f_bfree == 16 && sf.f_bsize == 4096);
	int fd = open("m.dir/f", O_CREAT | O_RDWR, 0644);
	static char page[4096];
	CHECK("write 2 pages", write(fd, page, 4096) == 4096 && write(fd, page, 4096) == 4096);
	CHECK("statfs: 14 free", statfs("m.dir", &sf) == 0 && sf.f_bfree == 14);
	int g = open("m.dir/g", O_CREAT | O_RDWR, 0644);
	static char big[20 * 4096];
	printf("%-60s %ld\n", "write 20 pages to another file: written", (long)write(g, big,
										 sizeof(big)));
	say("write more", res(write(g, big, 1)));
	say("rewrite its first page", res(pwrite(g, big, 4096, 0)));
	say("fallocate a page more", res(fallocate(fd, 0, 0, 3 * 4096)));
	CHECK("statfs: none free", statfs("m.dir", &sf) == 0 && sf.f_bfree == 0);
	close(g);
	show_mounts("sized");
	show_mountinfo("sized");
	close(fd);
	CHECK("umount2 it", umount2("m.dir", 0) == 0);
}

static void proc(void)
{
	CHECK("mount a proc", mount("proc", "m.dir", "proc", 0, NULL) == 0);
	CHECK("statfs: proc's magic", magic_of("m.dir") == PROC_SUPER_MAGIC);
	char buf[64], want[64];
	ssize_t n = readlink("m.dir/self", buf, sizeof(buf) - 1);
	snprintf(want, sizeof(want), "%d", getpid());
	CHECK("its self is this process", n > 0 && (buf[n] = '\0', strcmp(buf, want) == 0));
	CHECK("its meminfo reads", access("m.dir/meminfo", R_OK) == 0);
	/* (Not m.dir/..: this kernel's proc mounts all show one tree, whose ".." leads out
	 * of /proc; fs/mount.h.) */
	n = readlink("/proc/mounts", buf, sizeof(buf) - 1);
	CHECK("/proc/mounts is a link to self/mounts",
	      n > 0 && (buf[n] = '\0', strcmp(buf, "self/mounts") == 0));
	show_mounts("proc mounted");
	show_mountinfo("proc mounted");
	say("proc with an unknown option", res(mount("p", "m.dir", "proc", 0, "bogus")));
	say("MS_PRIVATE of it", res(mount(NULL, "m.dir", NULL, MS_PRIVATE, NULL)));
	say("MS_PRIVATE of a directory that is no mount", res(mount(NULL, ".", NULL, MS_PRIVATE,
								     NULL)));
	CHECK("umount2 it", umount2("m.dir", 0) == 0);
	CHECK("/proc is still there", magic_of("/proc/self") == PROC_SUPER_MAGIC);
}

int main(void)
{
	if (unshare(CLONE_NEWNS) == 0)                  /* Linux: keep the mounts our own */
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (!getcwd(cwd, sizeof(cwd)))
		return 1;
	rmdir("m.dir");
	CHECK("mkdir m.dir", mkdir("m.dir", 0755) == 0);
	basics();
	errors();
	stacked_and_detached();
	read_only();
	sized();
	proc();
	CHECK("rmdir m.dir", rmdir("m.dir") == 0);
	CHECK_DONE();
}
