/* The process table: allocating processes, their kernel stacks, and finding them by pid. */
#include "kernel/proc/proc.h"
#include "fs/procfs.h"
#include "kernel/arch/x86/gdt.h"
#include "fs/vfs.h"
#include "kernel/ipc/sem.h"
#include "kernel/errno.h"
#include "kernel/exec/exec.h"
#include "kernel/printk.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/mm.h"
#include "kernel/proc/sched.h"
#include "kernel/syscall/syscall.h"
#include "kernel/proc/thread.h"
#include "kernel/signal/sigqueue.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "mm/kstack.h"

#define RFLAGS_IF       (1u << 9)
#define RFLAGS_RESERVED (1u << 1)

struct list_head all_procs = LIST_HEAD_INIT(all_procs);
struct proc *init_proc;
static int next_pid = 1;
int pid_max = PID_MAX_DEFAULT;

/* Whether id is some process's or thread's ID, or a process group's or a session's: a new
 * process may not take it (Linux keeps a struct pid alive for each). */
static bool pid_in_use(int id)
{
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (p->pid == id || p->pgid == id || p->sid == id)
			return true;
	}
	return false;
}

/* The next free ID, as Linux's alloc_pid: counting up, and past pid_max - 1 starting over
 * at RESERVED_PIDS (the low ones are the daemons' that start at boot). -1: every one is
 * taken. */
static int pid_alloc(void)
{
	for (int tries = 0; tries < pid_max; tries++) {
		if (next_pid >= pid_max)
			next_pid = RESERVED_PIDS;
		int id = next_pid++;
		if (!pid_in_use(id))
			return id;
	}
	return -1;
}

int proc_last_pid(void)
{
	return next_pid - 1;
}

void new_process_start(void);

/* Linux's defaults for a process started by the kernel. */
static void default_rlimits(struct proc *p)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->rlimits[i] = (struct linux_rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlimits[RLIMIT_STACK] = (struct linux_rlimit){ 8u << 20, RLIM_INFINITY };
	p->rlimits[RLIMIT_CORE] = (struct linux_rlimit){ 0, RLIM_INFINITY };  /* no cores
									 * until raised */
	p->rlimits[RLIMIT_NOFILE] = (struct linux_rlimit){ FD_DEFAULT_LIMIT, 4096 };
	/* Root (CAP_IPC_LOCK) may lock more than this (kernel/syscall/sys_mm.c). */
	p->rlimits[RLIMIT_MEMLOCK] = (struct linux_rlimit){ MEMLOCK_DEFAULT_LIMIT,
							 MEMLOCK_DEFAULT_LIMIT };
}

void proc_sync_mm_limits(struct proc *p)
{
	if (!p->mm)
		return;
	p->mm->stack_limit = p->rlimits[RLIMIT_STACK].rlim_cur;
	p->mm->as_limit = p->rlimits[RLIMIT_AS].rlim_cur;
	p->mm->lock_limit = p->cred.euid == 0 ? MM_NO_LIMIT : p->rlimits[RLIMIT_MEMLOCK].rlim_cur;
}

/*
 * Lays out a new kernel stack so that the first switch to it "returns" into
 * new_process_start, which leaves for user mode through the trap frame at the top.
 */
static void prepare_stack(struct proc *p)
{
	uint64_t top = p->kstack + KSTACK_SIZE;
	p->tf = (struct trap_frame *)(top - sizeof(struct trap_frame));
	memset(p->tf, 0, sizeof(*p->tf));
	p->tf->cs = SEG_UCODE;
	p->tf->ss = SEG_UDATA;
	p->tf->rflags = RFLAGS_IF | RFLAGS_RESERVED;
	uint64_t *sp = (uint64_t *)p->tf;
	*--sp = (uint64_t)new_process_start;    /* where context_switch returns to */
	for (int i = 0; i < 6; i++)
		*--sp = 0;                      /* rbp rbx r12 r13 r14 r15 */
	p->saved_rsp = (uint64_t)sp;
}

struct proc *proc_alloc(const char *name)
{
	struct proc *p = kzalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->kstack = kstack_alloc();
	p->pid = p->kstack ? pid_alloc() : -1;
	if (p->pid < 0) {
		if (p->kstack)
			kstack_free(p->kstack);
		kfree(p);
		return NULL;
	}
	p->state = PROC_SLEEPING;               /* not runnable until set up */
	proc_set_name(p, name);
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->run);
	list_init(&p->thread_node);
	sigpending_init(&p->pending);
	default_rlimits(p);
	prepare_stack(p);
	list_add_tail(&p->all, &all_procs);
	return p;
}

void proc_free(struct proc *p)
{
	thread_release_files(p);                /* if it never ran: exit let go of them */
	sem_exit(p);
	sigpending_release(&p->pending);
	thread_leave_group(p);                  /* its /proc/TGID/task entry first */
	procfs_remove_pid(p->pid);
	list_del(&p->all);
	list_del(&p->sibling);
	kstack_free(p->kstack);
	kfree(p);
}

struct proc *proc_find(int pid)
{
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (p->pid == pid)
			return p;
	}
	return NULL;
}

/* The name is the last component of the path, as Linux's comm. */
void proc_set_name(struct proc *p, const char *path)
{
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/' && s[1])
			base = s + 1;
	size_t n = strnlen(base, PROC_NAME_MAX - 1);
	memcpy(p->name, base, n);
	p->name[n] = '\0';
}

void process_first_run(void)
{
	thread_reap_dead();             /* as schedule does after a switch: it came here instead */
	/* Nothing to release: the scheduler holds no lock. A multiprocessor kernel would
	 * have more to do here before a new process leaves the kernel. */
	if (current->set_child_tid) {
		int pid = current->pid;         /* in its own memory: a fault is ignored */
		copy_to_user((void *)current->set_child_tid, &pid, sizeof(pid));
	}
	/* A forked child that keeps an rseq registration updates its area before its
	 * first instruction, as any way back to user mode would. */
	if (current->rseq_notify)
		return_to_user(current->tf);
}

void proc_start_init(const char *path, char *const argv[])
{
	static char *const envp[] = { "HOME=/", "PATH=/bin", "TERM=vt100", NULL };
	struct proc *p = proc_alloc("init");
	if (!p || thread_init_first(p))
		panic("init: no memory for the first process");
	p->fs->cwd = vfs_root;
	inode_get(vfs_root);
	p->pgid = p->sid = p->pid;              /* the first session and process group */
	init_proc = p;
	/* Run execve as p, from the boot flow: it builds p's address space and registers. */
	struct proc *boot = current;
	current = p;
	struct exec_args args;
	int err = exec_args_from_kernel(&args, argv, envp);
	if (!err)
		err = do_execve(path, &args);
	exec_args_free(&args);
	current = boot;
	if (err)
		panic("init: cannot run %s (error %d); set another with init=PATH", path, err);
	printk("init: starting %s as pid %d\n", path, p->pid);
	sched_make_runnable(p);
}
