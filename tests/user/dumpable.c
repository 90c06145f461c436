/* "Dumpable" as Linux's commit_creds and exec set it, and what it means for /proc. A
 * change of the effective or file system user or group ID makes a process undumpable
 * (suid_dumpable 0) and clears its parent-death signal; a change of the real or saved ID
 * alone, or of the supplementary groups, does not. exec makes it dumpable again unless
 * the effective IDs differ from the real ones or it may not read the program. An
 * undumpable process's /proc files (not its world-readable directories) belong to root,
 * so it cannot open its own pagemap or environ; it still reaches its own fd/, exe and
 * maps (the same thread group may), but another process of the same user may not read
 * its maps or exe until PR_SET_DUMPABLE 1. Undumpable, it leaves no core. The parent is
 * root; children take other IDs. */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
	fflush(stdout);                 /* before any fork, and before a child's _exit */
}

/* "ok", or the error's name, for a call that returns -1 on failure. */
static const char *res(long r)
{
	return r < 0 ? errno_name(errno) : "ok";
}

static void say_dumpable(const char *what)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%d", prctl(PR_GET_DUMPABLE));
	say(what, buf);
}

/* Runs fn in a child (root, like the parent) and waits for it. */
static void in_child(void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void c_setuid(void) { setuid(1000); say_dumpable("setuid(1000): PR_GET_DUMPABLE"); }
static void c_setgid(void) { setgid(1000); say_dumpable("setgid(1000)"); }
static void c_seteuid(void) { seteuid(1000); say_dumpable("seteuid(1000)"); }
static void c_setegid(void) { setegid(1000); say_dumpable("setegid(1000)"); }
static void c_setfsuid(void) { setfsuid(1000); say_dumpable("setfsuid(1000)"); }
static void c_setfsgid(void) { setfsgid(1000); say_dumpable("setfsgid(1000)"); }
static void c_setfsuid_same(void) { setfsuid(0); say_dumpable("setfsuid(0), no change"); }
static void c_setuid_same(void) { setuid(0); say_dumpable("setuid(0), no change"); }
static void c_real(void) { setresuid(1000, -1, -1); say_dumpable("setresuid(1000, -1, -1): real only"); }
static void c_saved(void) { setresuid(-1, -1, 1000); say_dumpable("setresuid(-1, -1, 1000): saved only"); }
static void c_rgid(void) { setresgid(1000, -1, 1000); say_dumpable("setresgid(1000, -1, 1000)"); }
static void c_groups(void)
{
	gid_t g[2] = { 5, 6 };
	setgroups(2, g);
	say_dumpable("setgroups");
}

static void c_pdeath(void)
{
	int sig = -1;
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	setresuid(1000, -1, -1);
	prctl(PR_GET_PDEATHSIG, &sig);
	printf("%-60s %d\n", "PDEATHSIG after a real-ID change", sig);
	seteuid(1000);
	prctl(PR_GET_PDEATHSIG, &sig);
	printf("%-60s %d\n", "PDEATHSIG after an effective-ID change", sig);
	fflush(stdout);
}

static void which_ids_count(void)
{
	say_dumpable("root: PR_GET_DUMPABLE");
	void (*fns[])(void) = { c_setuid, c_setgid, c_seteuid, c_setegid, c_setfsuid,
				c_setfsgid, c_setfsuid_same, c_setuid_same, c_real, c_saved,
				c_rgid, c_groups, c_pdeath };
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		in_child(fns[i]);
}

static const char *owner(const char *path)
{
	static char buf[32];
	struct stat st;
	if (stat(path, &st) != 0)
		return errno_name(errno);
	snprintf(buf, sizeof(buf), "%u:%u", (unsigned)st.st_uid, (unsigned)st.st_gid);
	return buf;
}

static const char *can_read(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno_name(errno);
	long n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 ? "ok" : n == 0 ? "empty" : errno_name(errno);
}

static const char *can_readlink(const char *path)
{
	char buf[256];
	return res(readlink(path, buf, sizeof(buf)));
}

static const char *can_list(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return errno_name(errno);
	int n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	return n > 2 ? "ok" : "empty";
}

/* What a process sees of its own /proc directory. */
static void own_view(const char *when)
{
	char what[96];
	static const char *owned[] = { "/proc/self/", "/proc/self/status", "/proc/self/maps",
				       "/proc/self/fd", "/proc/self/task" };
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
		snprintf(what, sizeof(what), "%s: owner of %s", when, owned[i]);
		say(what, owner(owned[i]));
	}
	static const char *files[] = { "/proc/self/status", "/proc/self/maps",
				       "/proc/self/smaps", "/proc/self/pagemap",
				       "/proc/self/environ" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(what, sizeof(what), "%s: read %s", when, files[i]);
		say(what, can_read(files[i]));
	}
	static const char *links[] = { "/proc/self/exe", "/proc/self/cwd", "/proc/self/fd/1" };
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(what, sizeof(what), "%s: readlink %s", when, links[i]);
		say(what, can_readlink(links[i]));
	}
	snprintf(what, sizeof(what), "%s: list /proc/self/fd", when);
	say(what, can_list("/proc/self/fd"));
}

static void own_proc(void)
{
	setuid(1000);
	own_view("undumpable");
	prctl(PR_SET_DUMPABLE, 1);
	own_view("dumpable");
}

/* A process of user uid looks at the /proc files of process pid. */
static void look_at(pid_t pid, uid_t uid, const char *when)
{
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		char path[64], what[96];
		setuid(uid);
		static const char *names[] = { "status", "maps", "smaps" };
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, names[i]);
			snprintf(what, sizeof(what), "%s, user %u: read its %s", when, (unsigned)uid,
				 names[i]);
			say(what, can_read(path));
		}
		snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
		snprintf(what, sizeof(what), "%s, user %u: readlink its exe", when, (unsigned)uid);
		say(what, can_readlink(path));
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
		snprintf(what, sizeof(what), "%s, user %u: owner of its status", when, (unsigned)uid);
		say(what, owner(path));
		_exit(0);
	}
	waitpid(child, NULL, 0);
}

/* Process A (user 1000) waits on a pipe between steps; the parent sends others to look. */
static void others_look(void)
{
	int go[2], done[2];
	char c;
	if (pipe(go) || pipe(done))
		return;
	fflush(stdout);
	pid_t a = fork();
	if (a == 0) {
		setuid(1000);
		write(done[1], "r", 1);
		read(go[0], &c, 1);
		prctl(PR_SET_DUMPABLE, 1);
		write(done[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	read(done[0], &c, 1);
	look_at(a, 1000, "undumpable");
	look_at(a, 0, "undumpable");
	write(go[1], "g", 1);
	read(done[0], &c, 1);
	look_at(a, 1000, "dumpable");
	look_at(a, 1001, "dumpable");
	write(go[1], "g", 1);
	waitpid(a, NULL, 0);
}

/* exec of prog: dumpable again, unless effective and real IDs differ or the program
 * may not be read. */
static void exec_shows(const char *prog, uid_t r, uid_t e)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		setresuid(r, e, e);
		execl(prog, "dumpable", "show", (char *)NULL);
		_exit(99);
	}
	waitpid(pid, NULL, 0);
}

/* A copy of this program that its user may run but not read (mode 0711). */
static int copy_unreadable(const char *to)
{
	static char buf[1 << 16];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0711);
	long n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	close(in);
	return out >= 0 && close(out) == 0 && chmod(to, 0711) == 0 ? 0 : -1;
}

/* A child of user 1000 dies of SIGSEGV in a directory it may write, cores allowed (core_pattern
 * "core", here and on the host): whether a core was dumped, by the status and the file. */
static void dies(int dumpable_again)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
		setrlimit(RLIMIT_CORE, &rl);
		if (chdir("dumpable.d") != 0 || setuid(1000) != 0)
			_exit(99);
		if (dumpable_again)
			prctl(PR_SET_DUMPABLE, 1);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("%-60s %d %s\n", dumpable_again ? "... the same after PR_SET_DUMPABLE 1" :
	       "setuid(1000), SIGSEGV: WCOREDUMP, the core's owner",
	       WIFSIGNALED(status) && WCOREDUMP(status), owner("dumpable.d/core"));
	unlink("dumpable.d/core");
}

static void cores(void)
{
	mkdir("dumpable.d", 0777);
	chmod("dumpable.d", 0777);
	dies(0);
	dies(1);
	rmdir("dumpable.d");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "show") == 0) {
		char what[64];
		snprintf(what, sizeof(what), "after exec as real %u effective %u", (unsigned)getuid(),
			 (unsigned)geteuid());
		say_dumpable(what);
		return 0;
	}
	which_ids_count();
	in_child(own_proc);
	others_look();
	exec_shows("/proc/self/exe", 1000, 1000);
	exec_shows("/proc/self/exe", 1000, 0);
	CHECK("a copy of this program, mode 0711", copy_unreadable("dumpable.0711") == 0);
	say("... run by user 1000, which may not read it:", "");
	exec_shows("./dumpable.0711", 1000, 1000);
	unlink("dumpable.0711");
	cores();
	CHECK_DONE();
}
