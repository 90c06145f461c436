/*
 * Processes: a kernel stack, saved registers, an address space (struct mm), open files, a
 * working directory, and the family links that fork, exit and wait use.
 */
#ifndef KERNEL_PROC_PROC_H
#define KERNEL_PROC_PROC_H

#include "fs/fdtable.h"
#include "kernel/proc/cred.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/ktimer.h"
#include "kernel/lib/list.h"
#include "kernel/linux_abi.h"

#include <stdbool.h>
#include <stdint.h>

struct mm;
struct inode;

enum proc_state {
	PROC_RUNNABLE,          /* on the run queue, or running */
	PROC_SLEEPING,          /* waiting on a channel (wait4, a read, nanosleep) */
	PROC_STOPPED,           /* stopped by SIGSTOP (or SIGTSTP...) until SIGCONT */
	PROC_ZOMBIE,            /* exited; waiting for its parent to collect the status */
};

#define NSIG 65                 /* signals 1..64 */
#define PROC_NAME_MAX 16

/* Linux's rlimit indices that we honour. */
enum { RLIMIT_STACK = 3, RLIMIT_CORE = 4, RLIMIT_RSS = 5, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8,
       RLIMIT_AS = 9, RLIM_NLIMITS = 16 };
#define MEMLOCK_DEFAULT_LIMIT (8u << 20)    /* Linux's MLOCK_LIMIT since 5.16 */
#define RLIM_INFINITY (~0ULL)       /* the same value as MM_NO_LIMIT */

/* What a pending signal's handler will be told (the siginfo fields this kernel fills). */
struct sig_info {
	int code;                       /* si_code: SI_USER, SI_KERNEL, SEGV_MAPERR... */
	int pid;                        /* the sender (kill) or the child (SIGCHLD) */
	int status;                     /* SIGCHLD: the exit code or signal */
	uint64_t addr;                  /* faults: the address */
	int timerid;                    /* SI_TIMER: the POSIX timer (or -1: an itimer)... */
	int overrun;                    /* ...and its expirations merged into this one */
	uint64_t value;                 /* si_value: what sigqueue sent, or sigev_value */
};

/* sigaltstack: where handlers with SA_ONSTACK run. */
struct sig_altstack {
	uint64_t sp, size;              /* size 0: none */
	int32_t flags;                  /* as sigaltstack was given them (SS_AUTODISARM...) */
};

struct proc {
	int pid;
	enum proc_state state;
	char name[PROC_NAME_MAX];

	struct proc *parent;
	struct list_head children;      /* struct proc, by sibling */
	struct list_head sibling;
	struct list_head all;           /* every process, for lookups by pid */
	struct list_head run;           /* the run queue, while runnable */

	uintptr_t kstack;               /* lowest address of the kernel stack (above its guard) */
	uint64_t saved_rsp;             /* kernel stack pointer while switched out */
	struct trap_frame *tf;          /* user registers, at the top of the kernel stack */
	uint64_t fs_base;               /* the FS segment base: musl's thread pointer */
	uint64_t gs_base;               /* the GS segment base (the kernel never uses GS) */
	uint8_t fpu[512] __attribute__((aligned(16)));  /* x87/SSE registers (fxsave) */

	struct mm *mm;
	struct fdtable fds;
	struct inode *cwd;
	uint32_t umask;
	struct linux_rlimit rlimits[RLIM_NLIMITS];
	/* Credentials (kernel/proc/cred.h): user and group IDs, kept by fork and exec (which
	 * applies set-user-ID bits); cred_override: what it acts with for one operation
	 * instead (NULL: cred). Added for files and users; the lead's thread work may move
	 * them into a shared object. */
	struct cred cred;
	const struct cred *cred_override;

	/* Signal sets as Linux's sigset_t: bit n - 1 stands for signal n (see sig_bit). */
	uint64_t sig_pending;
	uint64_t sig_blocked;
	uint64_t saved_sigmask;         /* rt_sigsuspend: the mask to restore once the */
	bool restore_sigmask;           /* signal it waited for is handled, as Linux */
	struct k_sigaction sig_action[NSIG];    /* as rt_sigaction set them; [0] unused */
	uint64_t sig_ignored;           /* signals whose action is SIG_IGN (from sig_action) */
	uint64_t sig_handled;           /* signals with a handler (from sig_action) */
	struct sig_info sig_info[NSIG]; /* of each pending signal */
	struct sig_altstack sig_altstack;
	uint64_t fault_trapno, fault_error, fault_cr2;  /* the last trap, for sigcontext */
	int stop_report;                /* the signal that stopped it, until wait4 reports it */
	bool cont_report;               /* continued by SIGCONT, until wait4 reports it */
	bool did_exec;                  /* has called execve since fork (setpgid's EACCES) */
	bool kthread;                   /* a kernel thread (kswapd): no user side, no mm */
	int pgid;                       /* process group, for kill(0) and kill(-pgid) */
	int nice;                       /* setpriority: -20..19, kept by fork and exec (the
					 * round-robin scheduler does not weigh it yet) */
	int oom_score_adj;              /* /proc/PID/oom_score_adj: the OOM killer's bias
					 * (-1000 never .. 1000 first), kept by fork and exec */
	bool oom_victim;                /* the OOM killer chose it: it is on its way out */
	int sid;                        /* session */

	const void *wait_channel;       /* what a sleeping process waits for */
	uint64_t wake_tick;             /* unused but for its address: the channel of sleeps
					 * that only a signal or the clock ends (nanosleep,
					 * pause, sigsuspend) */
	struct ktimer sleep_timer;      /* sleep_on's timeout */
	struct proc_timers *timers;     /* itimers, alarm, POSIX timers (kernel/proc/ptimer.c);
					 * NULL until the first is set */
	int exit_status;                /* wait status as Linux encodes it */
	int exit_signal;                /* set when a signal killed it */
	volatile bool *vfork_done;      /* a vfork child: set (and its parent woken) once it
					 * execs or exits and gives the memory back */
	uint64_t set_child_tid;         /* CLONE_CHILD_SETTID: where the new process writes
					 * its pid when it first runs */
	uint64_t robust_list;           /* set_robust_list: the robust futexes it holds */
	uint64_t clear_child_tid;       /* set_tid_address, CLONE_CHILD_CLEARTID: zeroed at
					 * exit when another thread shares the memory (none
					 * can yet) */

	uint64_t min_flt, maj_flt;      /* page faults without and with I/O */
	uint64_t utime_ticks, stime_ticks;
	uint64_t cpu_ns;                /* time on the CPU (CLOCK_PROCESS_CPUTIME_ID), up to... */
	uint64_t run_since_ns;          /* ...when it last started running (time_ns) */
	uint64_t child_utime_ticks, child_stime_ticks;
	uint64_t child_min_flt, child_maj_flt;
	uint64_t start_tick;
};

extern struct proc *current;

/* Processes made by fork since boot: /proc/stat's processes line. */
extern uint64_t total_forks;

/* Every process that has not been freed, for lookups by pid and timeouts. */
extern struct list_head all_procs;

/* A new process with a kernel stack whose trap frame will return to user mode, not yet
 * runnable, or NULL. The caller fills in mm, files and registers. */
struct proc *proc_alloc(const char *name);
/* Frees what proc_alloc took (after exit, once the parent collected the status). */
void proc_free(struct proc *p);
struct proc *proc_find(int pid);
void proc_set_name(struct proc *p, const char *path);

/* Gives p's address space p's RLIMIT_STACK and RLIMIT_AS, which the mm layer enforces
 * (stack growth, mmap, brk, mremap): after exec and every change of either. */
void proc_sync_mm_limits(struct proc *p);

/* The first process: runs path as pid 1 with argv, from the kernel. */
void proc_start_init(const char *path, char *const argv[]);

/* Called by new_process_start the first time a process runs. */
void process_first_run(void);

/* The init process (pid 1), which adopts orphans. */
extern struct proc *init_proc;

#endif
