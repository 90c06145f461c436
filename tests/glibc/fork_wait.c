/* What every glibc program that starts another does: glibc's fork() is clone(
 * CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD), and a shell waits for its child
 * with sigsuspend; glibc's struct sysinfo is Linux's 112 bytes, and a kernel that writes
 * more smashes what lies after it. Built with glibc (`gcc -static`). */
#include "../user/check.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t children_ended;

static void on_child(int sig)
{
	(void)sig;
	children_ended++;
}

/* fork, and the child's pid as glibc caches it and as the kernel gives it. */
static void fork_and_wait(void)
{
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		char ok = getpid() != getppid() ? 'y' : 'n';
		write(fds[1], &ok, 1);
		_exit(42);
	}
	char got = 0;
	close(fds[1]);
	read(fds[0], &got, 1);
	CHECK("fork: the child runs and writes to the pipe", got == 'y');
	int status;
	CHECK("waitpid collects the child", waitpid(pid, &status, 0) == pid);
	CHECK("its exit status is 42", WIFEXITED(status) && WEXITSTATUS(status) == 42);
}

/* As a shell's `wait`: SIGCHLD blocked, then sigsuspend until the handler has run. */
static void wait_with_sigsuspend(void)
{
	struct sigaction sa = { .sa_handler = on_child };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	while (!children_ended)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	int status;
	CHECK("sigsuspend woke for SIGCHLD", children_ended == 1);
	CHECK("and the child is there to collect", waitpid(pid, &status, 0) == pid &&
						   WEXITSTATUS(status) == 3);
}

/* sysinfo into a structure with a guard right after it. */
static void sysinfo_fits(void)
{
	struct {
		struct sysinfo si;
		unsigned char guard[256];
	} s;
	memset(&s, 0x5a, sizeof(s));
	CHECK("sysinfo succeeds", sysinfo(&s.si) == 0);
	int intact = 1;
	for (size_t i = 0; i < sizeof(s.guard); i++)
		intact &= s.guard[i] == 0x5a;
	CHECK("sysinfo writes nothing past glibc's struct sysinfo", intact);
	CHECK("sysinfo: memory and a unit", s.si.totalram > 0 && s.si.mem_unit >= 1);
}

int main(void)
{
	printf("sizeof(struct sysinfo) = %zu\n", sizeof(struct sysinfo));
	fork_and_wait();
	wait_with_sigsuspend();
	sysinfo_fits();
	CHECK_DONE();
}
