/* prctl as Linux answers it: the thread's name (PR_SET_NAME, PR_GET_NAME: 15 bytes, kept by
 * fork, set by exec), whether the process may dump core (PR_SET_DUMPABLE 0: a fatal
 * signal leaves no core), the signal a child gets when its parent dies (PR_SET_PDEATHSIG),
 * no_new_privs (kept by fork, cannot be undone), the capability bounding set, and EINVAL
 * for what Linux does not know. */
#include "check.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* The result of a prctl call: its value, or the error's name. */
static const char *res(long r)
{
	static char buf[32];
	if (r < 0)
		return errno_name(errno);
	snprintf(buf, sizeof(buf), "%ld", r);
	return buf;
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
	fflush(stdout);                 /* before any fork, and before a child's _exit */
}

static const char *name_now(void)
{
	static char name[17];
	memset(name, 0, sizeof(name));
	prctl(PR_GET_NAME, name);
	return name;
}

static void names(void)
{
	say("PR_GET_NAME after exec: the program's file name", name_now());
	prctl(PR_SET_NAME, "a-very-long-thread-name");
	say("PR_SET_NAME of 23 bytes keeps 15", name_now());
	say("PR_SET_NAME with a bad pointer", res(prctl(PR_SET_NAME, (char *)8)));
	say("PR_GET_NAME with a bad pointer", res(prctl(PR_GET_NAME, (char *)8)));
	pid_t pid = fork();
	if (pid == 0) {
		say("a forked child has its parent's name", name_now());
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	prctl(PR_SET_NAME, "prctl");
}

/* Dies of SIGSEGV with cores allowed; whether the status says a core was dumped. */
static int dies_with_core(int dumpable)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
		setrlimit(RLIMIT_CORE, &rl);
		prctl(PR_SET_DUMPABLE, dumpable);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV && !WCOREDUMP(status);
}

static void dumpable(void)
{
	say("PR_GET_DUMPABLE", res(prctl(PR_GET_DUMPABLE)));
	say("PR_SET_DUMPABLE 2", res(prctl(PR_SET_DUMPABLE, 2)));
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_DUMPABLE, 0);
		say("PR_SET_DUMPABLE 0, then PR_GET_DUMPABLE", res(prctl(PR_GET_DUMPABLE)));
		pid_t grandchild = fork();
		if (grandchild == 0) {
			say("a forked child stays undumpable", res(prctl(PR_GET_DUMPABLE)));
			_exit(0);
		}
		waitpid(grandchild, NULL, 0);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	CHECK("undumpable: SIGSEGV kills it without a core", dies_with_core(0));
	unlink("core");
}

/* A grandchild asks for SIGUSR1 at its parent's death; its parent exits; the grandchild
 * tells through a pipe which signal came. */
static void parent_death(void)
{
	say("PR_SET_PDEATHSIG 65", res(prctl(PR_SET_PDEATHSIG, 65)));
	int sig = -1;
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	prctl(PR_GET_PDEATHSIG, &sig);
	printf("%-60s %d\n", "PR_GET_PDEATHSIG after setting SIGUSR1", sig);
	fflush(stdout);
	prctl(PR_SET_PDEATHSIG, 0);
	int ready[2], told[2];
	pipe(ready);
	pipe(told);
	pid_t middle = fork();
	if (middle == 0) {
		sigset_t usr1;
		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		sigprocmask(SIG_BLOCK, &usr1, NULL);
		if (fork() == 0) {
			prctl(PR_GET_PDEATHSIG, &sig);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(ready[1], &sig, sizeof(sig));     /* a fork does not keep it */
			int got = 0;
			sigwait(&usr1, &got);
			write(told[1], &got, sizeof(got));
			_exit(0);
		}
		read(ready[0], &sig, sizeof(sig));
		printf("%-60s %d\n", "a forked child's PR_GET_PDEATHSIG", sig);
		fflush(stdout);
		_exit(0);                       /* the grandchild's parent dies */
	}
	waitpid(middle, NULL, 0);
	close(told[1]);
	int got = 0;
	read(told[0], &got, sizeof(got));
	printf("%-60s %d\n", "the signal the orphan got", got);
}

static void no_new_privs(void)
{
	say("PR_GET_NO_NEW_PRIVS", res(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)));
	pid_t pid = fork();
	if (pid == 0) {
		say("PR_SET_NO_NEW_PRIVS 0", res(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0)));
		say("PR_SET_NO_NEW_PRIVS 1 with arg3 set", res(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0)));
		say("PR_SET_NO_NEW_PRIVS 1", res(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)));
		say("PR_GET_NO_NEW_PRIVS then", res(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)));
		if (fork() == 0) {
			say("a forked child keeps it", res(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)));
			_exit(0);
		}
		wait(NULL);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	say("the parent's is unchanged", res(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)));
}

int main(void)
{
	names();
	dumpable();
	parent_death();
	no_new_privs();
	say("PR_CAPBSET_READ CAP_CHOWN", res(prctl(PR_CAPBSET_READ, 0)));
	say("PR_CAPBSET_READ 41", res(prctl(PR_CAPBSET_READ, 41)));
	say("an option Linux does not have (9999)", res(prctl(9999, 0, 0, 0, 0)));
	CHECK_DONE();
}
