/*
 * sysfuzz: random system calls with hostile arguments (kernel addresses, -1, huge sizes,
 * random numbers), from many short-lived child processes. Guest only: never run it on the
 * host. The kernel must survive it: whatever a program does, it may only hurt itself.
 * Usage: sysfuzz [ROUNDS]; the seed is fixed, so a failure can be replayed.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define CALLS_PER_ROUND 300
#define HIGHEST_SYSCALL 463

static uint64_t state = 88172645463325252ULL;

static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* An argument likely to find a mistake: small numbers, -1, kernel and user addresses. */
static uint64_t hostile(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return rnd() % 64;
	case 2: return (uint64_t)-1;
	case 3: return 0xffff800000000000ULL + rnd() % 0x100000;
	case 4: return 0x400000 + rnd() % 0x10000;
	case 5: return 0x7ffffffde000ULL - rnd() % 0x10000;
	case 6: return rnd();
	default: return 4096 * (rnd() % 1024);
	}
}

/* Calls that would end the run rather than test the kernel: process control, signals to
 * others or stops (kill, tkill, sigqueue), jumps to wherever the stack says (rt_sigreturn),
 * waiting (for children, signals or files), sleeping, reading the (empty) console. */
static int skipped(long nr)
{
	static const long skip[] = { SYS_read, SYS_pread64, SYS_readv, SYS_clone, SYS_fork,
				     SYS_vfork, SYS_clone3, SYS_execve, SYS_exit, SYS_wait4, SYS_kill,
				     SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo,
				     SYS_rt_tgsigqueueinfo, SYS_rt_sigreturn, SYS_reboot,
				     SYS_exit_group, SYS_nanosleep, SYS_clock_nanosleep, SYS_pause,
				     SYS_rt_sigsuspend, SYS_rt_sigtimedwait, SYS_poll, SYS_ppoll,
				     SYS_select, SYS_pselect6, SYS_sched_yield, SYS_futex };
	for (unsigned i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (nr == skip[i])
			return 1;
	return 0;
}

/* Calls nr with hostile arguments; msgsnd and msgrcv with IPC_NOWAIT, since waiting for
 * room or for a message that never comes would end the run. */
static void call(long nr)
{
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = hostile();
	if (nr == SYS_msgsnd)
		a[3] |= IPC_NOWAIT;
	if (nr == SYS_msgrcv)
		a[4] |= IPC_NOWAIT;
	syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	int crashed = 0;
	for (int r = 0; r < rounds; r++) {
		pid_t pid = fork();
		if (pid == 0) {
			/* Standard input from /dev/null: a call that reads it (sendfile into a
			 * pipe, on any copy of fd 0) must not wait for the host's input. */
			int null = open("/dev/null", O_RDONLY);
			dup2(null, 0);
			close(null);
			for (int i = 0; i < CALLS_PER_ROUND; i++) {
				long nr = (long)(rnd() % HIGHEST_SYSCALL);
				if (!skipped(nr))
					call(nr);
			}
			_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		crashed += WIFSIGNALED(st);
		state += (uint64_t)r * 7919;    /* the next child takes another path */
	}
	dprintf(2, "sysfuzz: %d rounds, %d children killed by their own calls\n", rounds, crashed);
	return 0;
}
