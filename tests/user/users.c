/* Users and groups as Linux has them: the set*id/get*id family (root may set anything,
 * others only move among their real, effective and saved IDs), supplementary groups, and
 * the permission checks they drive: owner, group and others' bits, directory search and
 * write, sticky directories, who may chmod, chown and set times, exec's x bits and
 * set-user-ID programs, access() with the real IDs, kill and setpriority between users,
 * /proc/PID/status's IDs; and root's overrides. Each user runs in a child, which drops
 * root itself. */
#include "check.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
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

static void ids(const char *what)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("%-44s uid %u %u %u gid %u %u %u\n", what, r, e, s, gr, ge, gs);
}

/* Runs fn in a child and reports whether all its checks passed. */
static void in_child(const char *what, void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(check_failures ? 1 : 0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK(what, WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void make(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	write(fd, "data\n", 5);
	close(fd);
	chown(path, uid, gid);
	chmod(path, mode);
}

static void become(uid_t uid, gid_t gid)
{
	gid_t groups[] = { 100 };
	setgroups(1, groups);
	setresgid(gid, gid, gid);
	setresuid(uid, uid, uid);
}

static void id_calls(void)
{
	ids("root at the start");
	printf("%-60s %lu %lu %lu\n", "AT_UID, AT_EUID, AT_SECURE", getauxval(AT_UID),
	       getauxval(AT_EUID), getauxval(AT_SECURE));
	gid_t g[8] = { 100, 5, 20 };
	CHECK("setgroups 3 groups", setgroups(3, g) == 0);
	memset(g, 0, sizeof(g));
	CHECK("getgroups(0) counts them", getgroups(0, NULL) == 3);
	CHECK("getgroups gives them sorted", getgroups(8, g) == 3 && g[0] == 5 && g[1] == 20 && g[2] == 100);
	say("getgroups with too small a buffer", res(getgroups(2, g)));
	CHECK("setreuid(1000, 2000) as root", setreuid(1000, 2000) == 0);
	ids("... gives");
	CHECK("setreuid(-1, 1000): back to the real ID", setreuid(-1, 1000) == 0);
	ids("... gives");
	say("seteuid(0) is gone for good", res(seteuid(0)));
	CHECK("seteuid(2000): the saved ID", seteuid(2000) == 0);
	ids("... gives");
	say("setuid(3000)", res(setuid(3000)));
	say("setgroups as a user", res(setgroups(0, NULL)));
	say("setresuid(-1, 3000, -1)", res(setresuid(-1, 3000, -1)));
	CHECK("setresuid(2000, 1000, 1000)", setresuid(2000, 1000, 1000) == 0);
	ids("... gives");
	CHECK("setuid(2000) as a user: the effective ID only", setuid(2000) == 0);
	ids("... gives");
	printf("%-60s %d\n", "setfsuid(-1): the file system ID", setfsuid(-1));
	printf("%-60s %d\n", "setfsuid(1000): the old one", setfsuid(1000));
	printf("%-60s %d\n", "... and now", setfsuid(-1));
	printf("%-60s %d\n", "setfsuid(5) (not allowed): the old one", setfsuid(5));
	printf("%-60s %d\n", "... unchanged", setfsuid(-1));
}

static void root_ids(void)
{
	say("setuid(-1)", res(setuid((uid_t)-1)));
	CHECK("setresgid(10, 11, 12)", setresgid(10, 11, 12) == 0);
	CHECK("setregid(-1, 12) as root", setregid(-1, 12) == 0);
	ids("... gives");
	printf("%-60s %d\n", "setfsgid(7) as root: the old one", setfsgid(7));
	printf("%-60s %d\n", "... and now", setfsgid(-1));
	CHECK("setuid(65534) as root sets all three", setuid(65534) == 0);
	ids("nobody:");
	say("setuid(0) as nobody", res(setuid(0)));
	CHECK("getuid, geteuid, getgid, getegid", getuid() == 65534 && geteuid() == 65534 &&
	      getgid() == 10 && getegid() == 12);
}

static void user_files(void)
{
	become(1000, 1000);
	char buf[8];
	say("read a 0600 file of root's", res(open("u.secret", O_RDONLY)));
	say("read a 0640 file of group 100 (a member)", res(open("u.group", O_RDONLY)));
	say("write it", res(open("u.group", O_WRONLY)));
	say("read a 0604 file (others may)", res(open("u.other", O_RDONLY)));
	say("read a 0066 file of its own (the owner's bits rule)", res(open("u.mine0066", O_RDONLY)));
	say("O_TRUNC of a 0644 file of root's", res(open("u.pub", O_RDONLY | O_TRUNC)));
	say("stat in a 0700 directory of root's", res(access("u.closed/f", F_OK)));
	say("open a 0700 directory of root's", res(open("u.closed", O_RDONLY | O_DIRECTORY)));
	say("chdir into it", res(chdir("u.closed")));
	say("stat in a 0644 directory (read, no search)", res(access("u.nosearch/f", F_OK)));
	say("list a 0711 directory (search, no read)", res(open("u.noread", O_RDONLY | O_DIRECTORY)));
	say("... but open a file in it", res(open("u.noread/f", O_RDONLY)));
	say("create in a 0755 directory of root's", res(open("u.pubdir/new", O_CREAT | O_WRONLY, 0644)));
	say("mkdir there", res(mkdir("u.pubdir/d", 0755)));
	say("unlink there", res(unlink("u.pubdir/f")));
	say("rename out of it", res(rename("u.pubdir/f", "u.stolen")));
	say("symlink there", res(symlink("x", "u.pubdir/l")));
	say("mkfifo there", res(mkfifo("u.pubdir/p", 0644)));
	int fd = open("u.mine", O_CREAT | O_WRONLY, 0644);
	struct stat st;
	CHECK("a new file belongs to the file system IDs", fd >= 0 && fstat(fd, &st) == 0 &&
	      st.st_uid == 1000 && st.st_gid == 1000);
	close(fd);
	fd = open("u.sgid/f", O_CREAT | O_WRONLY, 0644);
	CHECK("... or to a set-group-ID directory's group", fd >= 0 && fstat(fd, &st) == 0 && st.st_gid == 100);
	close(fd);
	CHECK("... and a directory made there is set-group-ID too", mkdir("u.sgid/d", 0755) == 0 &&
	      stat("u.sgid/d", &st) == 0 && (st.st_mode & S_ISGID) && st.st_gid == 100);
	say("unlink root's file in a sticky directory", res(unlink("u.sticky/root")));
	say("rename it", res(rename("u.sticky/root", "u.sticky/x")));
	CHECK("unlink its own file there", unlink("u.sticky/user") == 0);
	say("chmod a file of root's", res(chmod("u.pub", 0777)));
	CHECK("chmod its own file", chmod("u.mine", 0600) == 0);
	CHECK("chmod g+s of its own file in group 100 (a member)",
	      chown("u.mine", -1, 100) == 0 && chmod("u.mine", 02644) == 0 &&
	      stat("u.mine", &st) == 0 && (st.st_mode & 07777) == 02644);
	say("chown its own file to another user", res(chown("u.mine", 0, -1)));
	say("chgrp it to a group it is not in", res(chown("u.mine", -1, 200)));
	CHECK("chown -1 -1 of its own file", chown("u.mine", -1, -1) == 0);
	say("chown a file of root's to -1 -1", res(chown("u.pub", -1, -1)));
	say("utimes now on root's 0666 file (may write)", res(utimensat(AT_FDCWD, "u.rw", NULL, 0)));
	struct timespec t[2] = { { 1, 0 }, { 2, 0 } };
	say("set given times on it", res(utimensat(AT_FDCWD, "u.rw", t, 0)));
	say("utimes now on root's 0644 file", res(utimensat(AT_FDCWD, "u.pub", NULL, 0)));
	CHECK("set given times on its own file", utimensat(AT_FDCWD, "u.mine", t, 0) == 0);
	say("access R_OK of a 0600 file of root's", res(access("u.secret", R_OK)));
	say("access W_OK of a 0604 file", res(access("u.other", W_OK)));
	say("access R_OK of it", res(access("u.other", R_OK)));
	say("exec a 0700 program of root's", res(execl("./u.prog700", "u.prog700", (char *)NULL)));
	say("mknod a character device as a user", res(mknod("u.dev", S_IFCHR | 0600, 0x103)));
	/* A program it runs owns its /proc files (Linux gives root those of a process that
	 * changed its IDs without exec since: not "dumpable"). */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execl("./u.prog755", "u.prog755", "statproc", (char *)NULL);
		_exit(99);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("a program it runs owns its /proc files", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK("/proc/self/fd and status are its own", readlink("/proc/self/fd/0", buf, sizeof(buf)) > 0 &&
	      access("/proc/self/status", R_OK) == 0);
	unlink("u.mine");
	unlink("u.sgid/f");
	rmdir("u.sgid/d");
}

static void real_vs_effective(void)
{
	setresuid(1000, 0, 0);
	say("access with real user 1000 (effective root)", res(access("u.secret", R_OK)));
	say("faccessat AT_EACCESS (the effective IDs)", res(faccessat(AT_FDCWD, "u.secret", R_OK, AT_EACCESS)));
	int fd = open("u.secret", O_RDONLY);
	CHECK("open goes by the effective ID", fd >= 0);
	close(fd);
}

/* Signals and nice values between users (the parent is root). */
static void signals_and_nice(void)
{
	pid_t root = getppid();
	become(1000, 1000);
	fflush(stdout);
	pid_t own = fork();             /* user 1000 too, from its birth */
	if (own == 0) {
		pause();
		_exit(0);
	}
	say("kill(root's process, 0) as user 1000", res(kill(root, 0)));
	say("kill(root's process, SIGCONT): the same session", res(kill(root, SIGCONT)));
	say("kill(its own user's process, 0)", res(kill(own, 0)));
	say("kill(its process group, 0): root's in it too", res(kill(0, 0)));
	say("setpriority of root's process", res(setpriority(PRIO_PROCESS, root, 5)));
	say("raise its own nice value to 5", res(setpriority(PRIO_PROCESS, 0, 5)));
	say("lower it again to 0", res(setpriority(PRIO_PROCESS, 0, 0)));
	printf("%-60s %d\n", "getpriority of its own process", getpriority(PRIO_PROCESS, 0));
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Uid:", 4) == 0 || strncmp(line, "Gid:", 4) == 0)
			fputs(line, stdout);
	fclose(f);
	CHECK("kill(its own user's process, SIGKILL)", kill(own, SIGKILL) == 0);
	waitpid(own, NULL, 0);
}

static void setuid_exec(void)
{
	become(1000, 1000);
	execl("./u.suid", "u.suid", "showids", (char *)NULL);
	printf("exec u.suid failed: %s\n", errno_name(errno));
	check_failures++;
}

static void root_files(void)
{
	int fd = open("u.none", O_RDWR);
	CHECK("root reads and writes a 0000 file", fd >= 0);
	close(fd);
	CHECK("root searches a 0000 directory", access("u.shut/f", F_OK) == 0);
	say("root execs a 0644 file", res(access("u.pub", X_OK)));
	CHECK("root may chmod anyone's file", chmod("u.group", 0640) == 0);
}

/* Copies the running program to path (for exec as another user). */
static void copy_self(const char *path, mode_t mode, uid_t uid)
{
	int in = open("/proc/self/exe", O_RDONLY), out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0700);
	static char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, (size_t)n);
	close(in);
	close(out);
	chown(path, uid, 0);
	chmod(path, mode);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "statproc") == 0) {
		struct stat st;
		return stat("/proc/self/status", &st) == 0 && st.st_uid == getuid() &&
		       st.st_gid == getgid() ? 0 : 1;
	}
	if (argc > 1 && strcmp(argv[1], "showids") == 0) {
		ids("a set-user-ID program of user 2000");
		printf("%-60s %lu %lu %lu\n", "... its AT_UID, AT_EUID, AT_SECURE", getauxval(AT_UID),
		       getauxval(AT_EUID), getauxval(AT_SECURE));
		return 0;
	}
	umask(022);
	mkdir("u.work", 0777);
	chmod("u.work", 0777);
	if (chdir("u.work") != 0)
		return 1;
	make("u.secret", 0600, 0, 0);
	make("u.group", 0640, 0, 100);
	make("u.other", 0604, 0, 0);
	make("u.mine0066", 0066, 1000, 1000);
	make("u.pub", 0644, 0, 0);
	make("u.rw", 0666, 0, 0);
	make("u.none", 0000, 0, 0);
	mkdir("u.closed", 0700);
	make("u.closed/f", 0644, 0, 0);
	mkdir("u.shut", 0);
	make("u.shut/f", 0644, 0, 0);
	mkdir("u.nosearch", 0644);
	make("u.nosearch/f", 0644, 0, 0);
	mkdir("u.noread", 0711);
	make("u.noread/f", 0644, 0, 0);
	mkdir("u.pubdir", 0755);
	make("u.pubdir/f", 0644, 0, 0);
	mkdir("u.sgid", 0777);
	chown("u.sgid", 0, 100);
	chmod("u.sgid", 02777);
	mkdir("u.sticky", 0777);
	chmod("u.sticky", 01777);
	make("u.sticky/root", 0666, 0, 0);
	make("u.sticky/user", 0644, 1000, 1000);
	copy_self("u.prog700", 0700, 0);
	copy_self("u.prog755", 0755, 0);
	copy_self("u.suid", 04755, 2000);

	in_child("the set*id calls", id_calls);
	in_child("root's set*id calls", root_ids);
	in_child("a user's files", user_files);
	in_child("access() goes by the real IDs", real_vs_effective);
	in_child("a set-user-ID program", setuid_exec);
	in_child("signals and nice values between users", signals_and_nice);
	root_files();

	static const char *const files[] = { "u.secret", "u.group", "u.other", "u.mine0066", "u.pub",
		"u.rw", "u.none", "u.closed/f", "u.shut/f", "u.nosearch/f", "u.noread/f", "u.pubdir/f",
		"u.sticky/root", "u.prog700", "u.prog755", "u.suid", "u.pubdir/new", "u.stolen" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(files[i]);
	static const char *const dirs[] = { "u.closed", "u.shut", "u.nosearch", "u.noread", "u.pubdir",
		"u.sgid", "u.sticky" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		rmdir(dirs[i]);
	chdir("..");
	CHECK("everything removed", rmdir("u.work") == 0);
	CHECK_DONE();
}
