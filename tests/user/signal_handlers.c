/* Signal handlers, as Linux runs them: the frame, siginfo, the mask during and after a
 * handler, SA_RESETHAND, SA_NODEFER, SA_RESTART, sigaltstack, a SIGSEGV handler that
 * repairs the fault, siglongjmp out of one, and a ucontext whose registers can be changed. */
#include "check.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t hits, depth, max_depth, seen_sig, usr1_blocked_inside;
static volatile int info_code, info_pid;
static void *volatile info_addr;

static void count(int sig)
{
	hits++;
	seen_sig = sig;
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	usr1_blocked_inside = sigismember(&now, SIGUSR1);
}

static void with_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	seen_sig = sig;
	info_code = si->si_code;
	info_pid = si->si_pid;
}

static volatile sig_atomic_t calls;

/* Raises its own signal once, from inside the first call. */
static void nested(int sig)
{
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (++calls == 1)
		raise(sig);
	depth--;
}

static char *guarded;

/* A write to a read-only page: the handler learns the address and makes it writable, and
 * the faulting instruction runs again. */
static void repair(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	info_addr = si->si_addr;
	info_code = si->si_code;
	mprotect(guarded, 4096, PROT_READ | PROT_WRITE);
}

static sigjmp_buf escape;
static int *volatile null_page;

static void jump_out(int sig)
{
	siglongjmp(escape, sig);
}

/* SIGILL from ud2 (2 bytes): step over it by moving the saved RIP. */
static void skip_ud2(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ucv;
	uc->uc_mcontext.gregs[REG_RIP] += 2;
	hits++;
}

static char *alt_base;
static volatile int on_alt;

static void where_am_i(int sig)
{
	(void)sig;
	char local;
	on_alt = &local >= alt_base && &local < alt_base + SIGSTKSZ * 4;
}

static void overflow_caught(int sig)
{
	(void)sig;
	char local;
	_exit(&local >= alt_base && &local < alt_base + SIGSTKSZ * 4 ? 42 : 1);
}

static volatile int keep_going = 1;

/* Recurses until the stack runs out (keep_going is never cleared). */
static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	return keep_going ? recurse(n + 1) + pad[0] : 0;
}

static volatile int altstack_flags_inside;

static void look_at_altstack(int sig)
{
	(void)sig;
	stack_t now;
	sigaltstack(NULL, &now);
	altstack_flags_inside = now.ss_flags;
}

static volatile int child_code[4], child_status[4], child_events;

static void child_changed(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (child_events < 4) {
		child_code[child_events] = si->si_code;
		child_status[child_events] = si->si_status;
	}
	child_events++;
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void install_info(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static double fpu_work(double x)
{
	return x * 1.5 + 0.25;
}

static void fpu_handler(int sig)
{
	(void)sig;
	volatile double scratch = fpu_work(7.0);    /* uses the SSE registers */
	(void)scratch;
}

int main(void)
{
	install(SIGUSR1, count, 0);
	raise(SIGUSR1);
	CHECK("a handler runs", hits == 1 && seen_sig == SIGUSR1);
	CHECK("  with its own signal blocked", usr1_blocked_inside);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("  and the mask is restored after it", !sigismember(&now, SIGUSR1));

	install_info(SIGUSR2, with_info, 0);
	kill(getpid(), SIGUSR2);
	CHECK("SA_SIGINFO: si_code is SI_USER for kill", seen_sig == SIGUSR2 && info_code == SI_USER);
	CHECK("  and si_pid is the sender", info_pid == getpid());

	install(SIGUSR1, nested, SA_NODEFER);
	raise(SIGUSR1);
	CHECK("SA_NODEFER lets a handler be interrupted by its own signal", max_depth == 2);
	max_depth = depth = calls = 0;
	install(SIGUSR1, nested, 0);
	raise(SIGUSR1);
	CHECK("without it, the second one waits until the handler returns",
	      max_depth == 1 && calls == 2);

	hits = 0;
	install(SIGUSR1, count, SA_RESETHAND);
	raise(SIGUSR1);
	struct sigaction after;
	sigaction(SIGUSR1, NULL, &after);
	CHECK("SA_RESETHAND: the handler runs once, then SIG_DFL", hits == 1 && after.sa_handler == SIG_DFL);

	volatile double before = fpu_work(2.0);
	install(SIGUSR1, fpu_handler, 0);
	raise(SIGUSR1);
	CHECK("floating-point state survives a handler that uses it", before == fpu_work(2.0));

	guarded = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	install_info(SIGSEGV, repair, 0);
	guarded[100] = 'w';
	CHECK("a SIGSEGV handler can repair the fault and the write completes", guarded[100] == 'w');
	CHECK("  si_addr is the faulting address", info_addr == guarded + 100);
	CHECK("  si_code is SEGV_ACCERR for a protection fault", info_code == SEGV_ACCERR);
	install(SIGSEGV, jump_out, 0);
	int got = sigsetjmp(escape, 1);
	if (got == 0)
		*null_page = 1;
	CHECK("siglongjmp out of a SIGSEGV handler", got == SIGSEGV);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("  restores the mask", !sigismember(&now, SIGSEGV));
	install_info(SIGSEGV, repair, 0);
	munmap(guarded, 4096);
	if (sigsetjmp(escape, 1) == 0) {
		install(SIGSEGV, jump_out, 0);
		*(volatile char *)guarded = 1;
	}
	signal(SIGSEGV, SIG_DFL);

	hits = 0;
	install_info(SIGILL, skip_ud2, 0);
	__asm__ volatile("ud2");
	CHECK("a handler can move the saved RIP past a bad instruction", hits == 1);

	/* The alternate signal stack. */
	alt_base = malloc(SIGSTKSZ * 4);
	stack_t ss = { .ss_sp = alt_base, .ss_size = SIGSTKSZ * 4 }, old;
	CHECK("sigaltstack", sigaltstack(&ss, &old) == 0 && (old.ss_flags & SS_DISABLE));
	install(SIGUSR1, where_am_i, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK("SA_ONSTACK runs the handler on the alternate stack", on_alt);
	install(SIGUSR1, where_am_i, 0);
	raise(SIGUSR1);
	CHECK("without SA_ONSTACK it runs on the usual stack", !on_alt);
	stack_t tiny = { .ss_sp = alt_base, .ss_size = 100 };
	errno = 0;
	CHECK("an alternate stack under MINSIGSTKSZ is ENOMEM", sigaltstack(&tiny, NULL) == -1 && errno == ENOMEM);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		install(SIGSEGV, overflow_caught, SA_ONSTACK);
		recurse(0);
		_exit(2);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK("a stack overflow is caught on the alternate stack",
	      WIFEXITED(st) && WEXITSTATUS(st) == 42);

	/* SS_AUTODISARM: the stack is disarmed while the handler runs on it. */
	stack_t armed = { .ss_sp = alt_base, .ss_size = SIGSTKSZ * 4, .ss_flags = SS_AUTODISARM };
	CHECK("sigaltstack with SS_AUTODISARM", sigaltstack(&armed, NULL) == 0);
	install(SIGUSR1, look_at_altstack, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK("  inside the handler it reads as disabled", altstack_flags_inside == SS_DISABLE);
	sigaltstack(NULL, &old);
	CHECK("  and is armed again after it", (unsigned)old.ss_flags == SS_AUTODISARM && old.ss_sp == alt_base);
	stack_t off = { .ss_flags = SS_DISABLE };
	sigaltstack(&off, NULL);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* execve forgets the stack but keeps its flags (0 here, as in a process that never
		 * set one); SS_DISABLE would come back at rt_sigreturn and remove the new one. */
		stack_t plain = { .ss_sp = alt_base, .ss_size = SIGSTKSZ * 4 };
		sigaltstack(&plain, NULL);
		execl("./show_signals", "show_signals", "altstack", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK("in a new program, an alternate stack set inside a handler stays",
	      WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* int3, as a debugger plants it: SIGTRAP. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		__asm__ volatile("int3");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK("int3 in a program is SIGTRAP", WIFSIGNALED(st) && WTERMSIG(st) == SIGTRAP);

	/* SIGCHLD also tells of a child that stopped and continued. */
	install_info(SIGCHLD, child_changed, SA_RESTART);
	int go[2];
	pipe(go);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char c;
		raise(SIGSTOP);
		read(go[0], &c, 1);             /* exit only once the parent saw the continue */
		_exit(4);
	}
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	waitpid(pid, &st, WCONTINUED);
	/* Linux sends CLD_CONTINUED when the child next runs: let it arrive before the exit's,
	 * or the two SIGCHLDs merge into one (standard signals do not queue). */
	for (int i = 0; i < 300 && child_events < 2; i++) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };
		nanosleep(&tick, NULL);
	}
	write(go[1], "x", 1);
	waitpid(pid, &st, 0);
	CHECK("SIGCHLD for a stop, a continue and an exit", child_events == 3);
	CHECK("  CLD_STOPPED with SIGSTOP", child_code[0] == CLD_STOPPED && child_status[0] == SIGSTOP);
	CHECK("  CLD_CONTINUED with SIGCONT", child_code[1] == CLD_CONTINUED && child_status[1] == SIGCONT);
	CHECK("  CLD_EXITED with the exit code", child_code[2] == CLD_EXITED && child_status[2] == 4);
	signal(SIGCHLD, SIG_DFL);

	/* Interrupted system calls: EINTR, or restarted with SA_RESTART. */
	for (int restart = 0; restart <= 1; restart++) {
		int to_child[2], ready[2];
		pipe(to_child);
		pipe(ready);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			install(SIGUSR1, count, restart ? SA_RESTART : 0);
			char c = 0;
			write(ready[1], "r", 1);
			ssize_t n = read(to_child[0], &c, 1);
			_exit(n == 1 && c == 'd' ? 10 : (n < 0 && errno == EINTR) ? 20 : 30);
		}
		char c;
		read(ready[0], &c, 1);
		struct timespec t = { 0, 300 * 1000 * 1000 };
		nanosleep(&t, NULL);            /* the child is blocked in read by now */
		kill(pid, SIGUSR1);
		nanosleep(&t, NULL);
		write(to_child[1], "d", 1);
		waitpid(pid, &st, 0);
		if (restart)
			CHECK("SA_RESTART: read restarts and gets the data",
			      WIFEXITED(st) && WEXITSTATUS(st) == 10);
		else
			CHECK("without SA_RESTART: read fails with EINTR",
			      WIFEXITED(st) && WEXITSTATUS(st) == 20);
		close(to_child[0]);
		close(to_child[1]);
		close(ready[0]);
		close(ready[1]);
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		install(SIGUSR1, count, SA_RESTART);
		int r = pause();
		_exit(r == -1 && errno == EINTR ? 0 : 1);
	}
	struct timespec t = { 0, 200 * 1000 * 1000 };
	nanosleep(&t, NULL);
	kill(pid, SIGUSR1);
	waitpid(pid, &st, 0);
	CHECK("pause returns EINTR after a handler, even with SA_RESTART",
	      WIFEXITED(st) && WEXITSTATUS(st) == 0);

	hits = 0;
	install_info(SIGCHLD, with_info, 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(3);
	waitpid(pid, &st, 0);
	CHECK("SIGCHLD's handler runs when a child exits", seen_sig == SIGCHLD && info_code == CLD_EXITED);
	CHECK("  and si_pid names the child", info_pid == pid);
	signal(SIGCHLD, SIG_DFL);
	CHECK_DONE();
}
