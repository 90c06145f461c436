/*
 * Processes and threads. A struct proc is one thread of execution, Linux's task: a kernel
 * stack, saved registers, a signal mask, a thread id (pid). What its threads share it
 * points to, each counted: the address space (struct mm), the descriptor table (struct
 * fdtable), the working directory and umask (struct fs_context), the signal actions
 * (struct sighand), and the process itself (struct thread_group: its threads, the signals
 * sent to the process, its exit). A process made by fork has one thread and shares nothing;
 * pthread_create's clone shares all of them. The process's id (tgid) is its first thread's.
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
struct sem_undo_list;
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

/* Signals waiting to act, for a thread or a process: one of each kind, with what its
 * handler will be told; a real-time signal (SIGRTMIN and up) sent again while pending
 * queues behind it, each with its own siginfo, as Linux (kernel/signal/sigqueue.c). */
struct sigpending {
	uint64_t set;
	struct sig_info info[NSIG];     /* of each signal in set */
	struct list_head queue;         /* struct sigqueue_entry: the real-time ones behind */
};

/* sigaltstack: where handlers with SA_ONSTACK run. */
struct sig_altstack {
	uint64_t sp, size;              /* size 0: none */
	int32_t flags;                  /* as sigaltstack was given them (SS_AUTODISARM...) */
};

/* CPU time and page faults, of a thread or summed over a process. */
struct proc_usage {
	uint64_t utime_ticks, stime_ticks, min_flt, maj_flt, cpu_ns;
};

/* Where a process stands in the file system; its threads share it (CLONE_FS). */
struct fs_context {
	int refs;
	struct inode *cwd;
	uint32_t umask;
};

/* What each signal does; the threads of a process share them (CLONE_SIGHAND). */
struct sighand {
	int refs;
	struct k_sigaction action[NSIG];        /* as rt_sigaction set them; [0] unused */
	uint64_t ignored;               /* signals whose action is SIG_IGN (from action) */
	uint64_t handled;               /* signals with a handler (from action) */
};

/* A process as its threads share it (Linux's signal_struct): the signals sent to the
 * process as a whole, which any thread that does not block them may take, and the
 * process's end, which takes every thread with it. */
struct thread_group {
	int refs;                       /* the threads that point to it */
	int live;                       /* the threads that have not exited */
	struct list_head threads;       /* struct proc, by thread_node, in creation order */
	struct proc *leader;            /* the first thread: its pid is the process's id, and
					 * it stays (a zombie) until the whole process is gone */
	struct sigpending shared;       /* process-directed signals (kill, the terminal) */
	bool exiting;                   /* exit_group or a fatal signal: every thread goes */
	int exit_status;                /* the process's wait status then */
	bool dumping;                   /* a thread writes the core: the others wait to exit */
	struct proc *execer;            /* a thread in execve, waiting for the others to end */
	bool stopped;                   /* a stop signal stopped the process: every thread
					 * stops until SIGCONT */
	struct proc_timers *timers;     /* itimers, alarm, POSIX timers (kernel/proc/ptimer.c);
					 * NULL until the first is set */
	struct proc_usage dead;         /* of the threads that have exited */
};

struct proc {
	int pid;                        /* the thread id (gettid) */
	int tgid;                       /* the process id (getpid): the leader's pid */
	struct thread_group *group;
	struct list_head thread_node;   /* in group->threads */
	enum proc_state state;
	char name[PROC_NAME_MAX];

	struct proc *parent;            /* of a process's leader; a thread has its leader's */
	struct list_head children;      /* struct proc, by sibling: the leader holds all the
					 * children of every thread of its process */
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
	struct fdtable *fds;
	struct file *held_files[4];     /* what fget gave the running system call: another
					 * thread may close the descriptor meanwhile */
	int nheld;
	struct fs_context *fs;
	struct sighand *sighand;
	struct linux_rlimit rlimits[RLIM_NLIMITS];      /* process-wide: every thread of a
							 * process holds the same ones */
	/* Credentials (kernel/proc/cred.h): user and group IDs, kept by fork and exec (which
	 * applies set-user-ID bits); cred_override: what it acts with for one operation
	 * instead (NULL: cred). Per thread, as Linux's: the C library changes every
	 * thread's when a program calls setuid. */
	struct cred cred;
	const struct cred *cred_override;

	/* Signal sets as Linux's sigset_t: bit n - 1 stands for signal n (see sig_bit). */
	struct sigpending pending;      /* sent to this thread (tgkill, its faults) */
	uint64_t sig_blocked;
	uint64_t saved_sigmask;         /* rt_sigsuspend: the mask to restore once the */
	bool restore_sigmask;           /* signal it waited for is handled, as Linux */
	struct sig_altstack sig_altstack;
	uint64_t fault_trapno, fault_error, fault_cr2;  /* the last trap, for sigcontext */
	int stop_report;                /* the signal that stopped it, until wait4 reports it */
	bool cont_report;               /* continued by SIGCONT, until wait4 reports it */
	bool did_exec;                  /* has called execve since fork (setpgid's EACCES) */
	bool kthread;                   /* a kernel thread (kswapd): no user side, no mm */
	int pgid;                       /* process group, for kill(0) and kill(-pgid), and */
	int nice;                       /* setpriority: -20..19, kept by fork and exec (the
					 * round-robin scheduler does not weigh it yet) */
	int oom_score_adj;              /* /proc/PID/oom_score_adj: the OOM killer's bias
					 * (-1000 never .. 1000 first), kept by fork and exec */
	bool oom_victim;                /* the OOM killer chose it: it is on its way out */
	int pdeath_signal;              /* prctl(PR_SET_PDEATHSIG): sent when its parent exits */
	bool no_new_privs;              /* prctl(PR_SET_NO_NEW_PRIVS): exec never grants IDs */
	unsigned personality;           /* personality(2): ADDR_NO_RANDOMIZE (setarch -R) turns
					 * randomization off; kept by fork and exec */
	int sid;                        /* session: process-wide, the same in every thread */
	bool tty_dropped;               /* TIOCNOTTY: no controlling terminal, though its
					 * session has one (kernel/drivers/tty_job.c); kept
					 * by fork */

	const void *wait_channel;       /* what a sleeping process waits for */
	uint64_t wake_tick;             /* unused but for its address: the channel of sleeps
					 * that only a signal or the clock ends (nanosleep,
					 * pause, sigsuspend) */
	struct ktimer sleep_timer;      /* sleep_on's timeout */
	int exit_status;                /* wait status as Linux encodes it */
	int exit_signal;                /* set when a signal killed it */
	volatile bool *vfork_done;      /* a vfork child: set (and its parent woken) once it
					 * execs or exits and gives the memory back */
	uint64_t set_child_tid;         /* CLONE_CHILD_SETTID: where the new process writes
					 * its pid when it first runs */
	struct sem_undo_list *sem_undo; /* SEM_UNDO's adjustments (kernel/ipc/sem.c): shared
					 * by the threads made with CLONE_SYSVSEM */
	uint64_t robust_list;           /* set_robust_list: the robust futexes it holds */
	uint64_t clear_child_tid;       /* set_tid_address, CLONE_CHILD_CLEARTID: zeroed, and
					 * a futex waiter there woken, when the thread exits
					 * (pthread_join waits so) */

	/* rseq(2) (kernel/proc/rseq.h): the registered area (0: none) and its signature; what
	 * happened since its critical section was last looked at (RSEQ_EVENT_*); and whether
	 * the way back to user mode must look (Linux's TIF_NOTIFY_RESUME, for rseq). */
	uint64_t rseq_area;
	uint32_t rseq_sig;
	uint8_t rseq_events;
	bool rseq_notify;

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

/* /proc/sys/kernel/pid_max: process IDs are below it; past it they start over at
 * RESERVED_PIDS (Linux's defaults and bounds). */
#define PID_MAX_DEFAULT 32768
#define PID_MAX_LIMIT   4194304
#define RESERVED_PIDS   300
extern int pid_max;

/* A new process with a kernel stack whose trap frame will return to user mode, not yet
 * runnable, or NULL. The caller fills in mm, files and registers. */
struct proc *proc_alloc(const char *name);
/* Frees what proc_alloc took (after exit, once the parent collected the status). */
void proc_free(struct proc *p);
struct proc *proc_find(int pid);
/* The pid handed out last (/proc/loadavg's last field). */
int proc_last_pid(void);
void proc_set_name(struct proc *p, const char *path);

/* Gives p's address space p's RLIMIT_STACK, RLIMIT_AS and RLIMIT_MEMLOCK (none for root,
 * as CAP_IPC_LOCK), which the mm layer enforces (stack growth, mmap, brk, mremap): after
 * exec, every change of a limit, and every change of the effective user ID. */
void proc_sync_mm_limits(struct proc *p);

/* The first process: runs path as pid 1 with argv, from the kernel. */
void proc_start_init(const char *path, char *const argv[]);

/* Called by new_process_start the first time a process runs. */
void process_first_run(void);

/* The init process (pid 1), which adopts orphans. */
extern struct proc *init_proc;

#endif
