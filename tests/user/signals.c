/* Signal numbers, masks, dispositions and process groups, as Linux has them (handlers are
 * recorded and read back but not run yet: each case here needs only default actions). */
#include "check.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig)
{
	(void)sig;
}

/* The wait status of a child that sends itself sig (after blocking block, if not 0). */
static int child_status(int sig, int block)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (block) {
			sigset_t s;
			sigemptyset(&s);
			sigaddset(&s, block);
			sigprocmask(SIG_BLOCK, &s, NULL);
		}
		kill(getpid(), sig);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	return st;
}

static int killed_by(int st, int sig)
{
	return WIFSIGNALED(st) && WTERMSIG(st) == sig;
}

int main(void)
{
	CHECK("SIGUSR1 kills by default", killed_by(child_status(SIGUSR1, 0), SIGUSR1));
	CHECK("signal 64 kills by default", killed_by(child_status(64, 0), 64));
	CHECK("a blocked SIGUSR1 waits", WIFEXITED(child_status(SIGUSR1, SIGUSR1)));
	CHECK("blocking SIGSEGV does not block SIGUSR1", killed_by(child_status(SIGUSR1, SIGSEGV), SIGUSR1));
	CHECK("SIGKILL cannot be blocked", killed_by(child_status(SIGKILL, SIGKILL), SIGKILL));
	CHECK("SIGCHLD is ignored by default", WIFEXITED(child_status(SIGCHLD, 0)));

	sigset_t set, got, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &got);
	CHECK("the mask holds SIGUSR1", sigismember(&got, SIGUSR1));
	CHECK("the mask never holds SIGKILL or SIGSTOP",
	      !sigismember(&got, SIGKILL) && !sigismember(&got, SIGSTOP));
	kill(getpid(), SIGUSR1);
	sigpending(&pending);
	CHECK("a blocked signal is pending", sigismember(&pending, SIGUSR1));
	signal(SIGUSR1, SIG_IGN);
	sigpending(&pending);
	CHECK("ignoring it discards it", !sigismember(&pending, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGUSR1, SIG_DFL);
	CHECK("still alive after unblocking", 1);

	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART }, old;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaddset(&sa.sa_mask, SIGKILL);
	CHECK("sigaction sets a handler", sigaction(SIGUSR1, &sa, NULL) == 0);
	sigaction(SIGUSR1, NULL, &old);
	CHECK("the handler reads back", old.sa_handler == handler);
	CHECK("its flags read back", (old.sa_flags & SA_RESTART) != 0);
	CHECK("its mask reads back without SIGKILL",
	      sigismember(&old.sa_mask, SIGUSR2) && !sigismember(&old.sa_mask, SIGKILL));
	errno = 0;
	CHECK("SIGKILL's action cannot change", sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
	CHECK("signal 65 does not exist", sigaction(65, &sa, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("kill with signal 65 is EINVAL", kill(getpid(), 65) == -1 && errno == EINVAL);

	/* execve resets handlers, keeps ignored signals and the mask. */
	signal(SIGUSR2, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execl("./show_signals", "show_signals", (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK("the helper ran", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct sigaction nocldwait = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDWAIT };
		sigemptyset(&nocldwait.sa_mask);
		sigaction(SIGCHLD, &nocldwait, NULL);
		execl("./show_signals", "show_signals", "wait", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK("execve clears SA_NOCLDWAIT: the new program can wait for its children",
	      WIFEXITED(st) && WEXITSTATUS(st) == 0);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);

	/* Process groups. */
	CHECK("getpgrp is getpgid(0)", getpgrp() == getpgid(0));
	errno = 0;
	CHECK("kill of a group that does not exist is ESRCH", kill(-99999, SIGTERM) == -1 && errno == ESRCH);
	CHECK("kill(0, 0) reaches our own group", kill(0, 0) == 0);
	int ready[2];
	pipe(ready);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	CHECK("the child leads its own group", getpgid(pid) == pid);
	CHECK("kill(-pgid) reaches it", kill(-pid, SIGTERM) == 0);
	waitpid(pid, &st, 0);
	CHECK("  and it died of SIGTERM", killed_by(st, SIGTERM));
	errno = 0;
	CHECK("setpgid of a process that is not our child is ESRCH", setpgid(1, 0) == -1 && errno == ESRCH);

	/* Job control: SIGSTOP stops, SIGCONT resumes, and the parent can see both. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct timespec t = { 0, 200 * 1000 * 1000 };
		nanosleep(&t, NULL);            /* stopped and continued while asleep */
		_exit(7);
	}
	CHECK("SIGSTOP is sent", kill(pid, SIGSTOP) == 0);
	CHECK("wait4(WUNTRACED) reports the stop",
	      waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK("a stop is reported once", waitpid(pid, &st, WUNTRACED | WNOHANG) == 0);
	CHECK("SIGCONT is sent", kill(pid, SIGCONT) == 0);
	CHECK("wait4(WCONTINUED) reports the continue",
	      waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st));
	CHECK("the continued child finishes its sleep and exits normally",
	      waitpid(pid, &st, __WALL) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	CHECK("SIGKILL ends a stopped process",
	      kill(pid, SIGKILL) == 0 && waitpid(pid, &st, 0) == pid && killed_by(st, SIGKILL));

	/* Stopped while blocked in read, with the data arriving meanwhile: once continued,
	 * the read sees the data (it must not sleep on, waiting for a wakeup it missed). */
	int data[2];
	pipe(data);
	fflush(stdout);
	pid_t parent = getpid();
	pid = fork();
	if (pid == 0) {
		struct timespec t = { 0, 200 * 1000 * 1000 };
		nanosleep(&t, NULL);
		kill(parent, SIGSTOP);
		nanosleep(&t, NULL);
		write(data[1], "x", 1);
		kill(parent, SIGCONT);
		for (;;)
			pause();                /* keeps the pipe open until killed */
	}
	CHECK("a read stopped and continued gets what came meanwhile", read(data[0], &c, 1) == 1 && c == 'x');
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(data[0]);
	close(data[1]);

	/* SIGKILL and SIGSTOP both pending: death wins. */
	pipe(data);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		read(data[0], &c, 1);
		_exit(0);
	}
	struct timespec settle = { 0, 200 * 1000 * 1000 };
	nanosleep(&settle, NULL);
	kill(pid, SIGKILL);
	kill(pid, SIGSTOP);
	CHECK("SIGKILL then SIGSTOP kills", waitpid(pid, &st, 0) == pid && killed_by(st, SIGKILL));
	close(data[0]);
	close(data[1]);

	/* A process group whose only member is a zombie still exists for kill. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(0);
	}
	struct timespec zsettle = { 0, 200 * 1000 * 1000 };
	nanosleep(&zsettle, NULL);
	CHECK("kill(-pgid, 0) of a group with only a zombie succeeds", kill(-pid, 0) == 0);
	waitpid(pid, &st, 0);

	/* With SIGCHLD ignored, children leave no zombies, and wait reports ECHILD. */
	signal(SIGCHLD, SIG_IGN);
	for (int i = 0; i < 20; i++) {
		fflush(stdout);
		if (fork() == 0)
			_exit(i);
	}
	errno = 0;
	CHECK("with SIGCHLD ignored, wait waits for all and says ECHILD", wait(NULL) == -1 && errno == ECHILD);
	signal(SIGCHLD, SIG_DFL);
	CHECK_DONE();
}
