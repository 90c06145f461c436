/*
 * New processes and threads: fork copies the caller (its address space copy-on-write, its
 * open files, signal actions, limits and registers), and clone is fork with choices.
 * glibc's fork() is clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD): the child
 * writes its own pid into its thread descriptor. vfork, and posix_spawn in both C
 * libraries, ask for CLONE_VM | CLONE_VFORK: the child runs in its parent's very memory
 * (no copy at all), and the parent waits until the child has exec'd or exited, so only one
 * of them runs in it at a time. pthread_create asks for CLONE_VM | CLONE_FS | CLONE_FILES |
 * CLONE_SIGHAND | CLONE_THREAD...: a new thread of the same process, sharing everything
 * (kernel/proc/thread.c), on its own stack and with its own thread pointer (CLONE_SETTLS).
 */
#include "kernel/proc/fork.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/ipc/sem.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc/rseq.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/thread.h"
#include "kernel/signal/signal.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/* Flags that change nothing here: no tracer (PTRACE, UNTRACED), and DETACHED, ignored
 * since Linux 2.6.2. */
#define CLONE_HARMLESS (CLONE_PTRACE | CLONE_UNTRACED | CLONE_DETACHED)

#define CLONE_SUPPORTED (CSIGNAL | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
			 CLONE_CHILD_CLEARTID | CLONE_VFORK | CLONE_VM | CLONE_HARMLESS | \
			 CLONE_CLEAR_SIGHAND | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
			 CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT)

/* The copy of current: address space (the same one with CLONE_VM), files, signal state and
 * registers (from tf); with CLONE_THREAD... a new thread of current's process. */
static struct proc *copy_process(const struct trap_frame *tf, uint64_t flags)
{
	struct proc *child = proc_alloc(current->name);
	if (!child)
		return NULL;
	if (flags & CLONE_VM) {
		child->mm = current->mm;
		mm_get(child->mm);
	} else {
		child->mm = mm_fork(current->mm);
	}
	/* CLONE_SYSVSEM: the semaphore undo list shared (kernel/ipc/sem.h). */
	if (!child->mm || sem_copy_undo(child, flags) != 0 || thread_share(child, flags) != 0) {
		if (child->mm)
			mm_put(child->mm);
		proc_free(child);
		return NULL;
	}
	child->cred = current->cred;
	memcpy(child->rlimits, current->rlimits, sizeof(child->rlimits));
	child->sig_blocked = current->sig_blocked;
	/* A new thread (the memory shared, not borrowed as by vfork) has no alternate
	 * stack: its creator's is in use by its creator, as Linux's copy_process. */
	if ((flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
		child->sig_altstack = current->sig_altstack;
	child->pgid = current->pgid;
	child->oom_score_adj = current->oom_score_adj;
	child->nice = current->nice;
	child->personality = current->personality;
	child->no_new_privs = current->no_new_privs;
	child->sid = current->sid;
	child->tty_dropped = current->tty_dropped;
	child->did_exec = (flags & CLONE_THREAD) && current->did_exec;
	rseq_fork(child, flags);
	child->fs_base = current->fs_base;
	child->gs_base = current->gs_base;
	child->start_tick = timer_ticks();
	fpu_copy(child, current);
	*child->tf = *tf;
	child->tf->rax = 0;                     /* fork returns 0 in the child */
	return child;
}

uint64_t total_forks;

/* Makes child a child of current's process (its leader holds the children of all its
 * threads; with CLONE_PARENT, of current's parent), or a thread of it, and lets it run. */
static int start_child(struct proc *child, uint64_t flags)
{
	if (!(flags & CLONE_THREAD)) {
		struct proc *parent = (flags & CLONE_PARENT) ? proc_parent(current)
							      : proc_leader(current);
		child->parent = parent;
		list_add_tail(&child->sibling, &parent->children);
	}
	sched_make_runnable(child);
	total_forks++;
	return child->pid;
}

int proc_fork(const struct trap_frame *tf)
{
	struct proc *child = copy_process(tf, 0);
	return child ? start_child(child, 0) : -ENOMEM;
}

/* The parent of a vfork child waits here until the child gives the memory back. Only
 * SIGKILL ends the wait early, as Linux's killable wait (the OOM killer may have chosen the
 * parent): then the child forgets done, which lies on this stack, before it goes. */
static void wait_for_vfork(volatile bool *done, int child_pid)
{
	irq_disable();
	while (!*done && !(current->pending.set & sig_bit(SIGKILL)))
		sleep_on((const void *)done, 0);
	irq_enable();
	struct proc *child = *done ? NULL : proc_find(child_pid);
	if (child && child->vfork_done == done)
		child->vfork_done = NULL;
}

void vfork_release(struct proc *p)
{
	if (!p->vfork_done)
		return;
	*p->vfork_done = true;
	wakeup((const void *)p->vfork_done);
	p->vfork_done = NULL;
}

#define CLONE_ARGS_SIZE_VER0 64         /* clone3's first struct clone_args */
#define CLONE_LEGACY_FLAGS   0xffffffffull

/* Reads clone3's struct clone_args as Linux's copy_struct_from_user does: a shorter
 * (older) one is zero-extended, a longer (newer) one must be zero past what we know. */
static int get_clone_args(const void *uargs, uint64_t size, struct linux_clone_args *a)
{
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	*a = (struct linux_clone_args){ 0 };
	size_t known = size < sizeof(*a) ? size : sizeof(*a);
	if (copy_from_user(a, uargs, known))
		return -EFAULT;
	for (uint64_t at = known; at < size; at++) {
		uint8_t b;
		if (copy_from_user(&b, (const uint8_t *)uargs + at, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	return 0;
}

/* Linux's clone3_args_valid and the checks before it. */
static bool clone3_valid(const struct linux_clone_args *a)
{
	if ((a->exit_signal & ~(uint64_t)CSIGNAL) || a->exit_signal >= NSIG)
		return false;
	if ((a->set_tid && !a->set_tid_size) || (!a->set_tid && a->set_tid_size) ||
	    a->set_tid_size > 32)
		return false;
	if (a->flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return false;
	if ((a->flags & CLONE_SIGHAND) && (a->flags & CLONE_CLEAR_SIGHAND))
		return false;
	if ((a->flags & (CLONE_THREAD | CLONE_PARENT)) && a->exit_signal)
		return false;
	if (!a->stack != !a->stack_size)
		return false;                   /* a stack needs its size, and the other way */
	return !a->stack || user_range_ok(a->stack, a->stack_size);
}

int proc_clone3(const struct trap_frame *tf, const void *uargs, uint64_t size)
{
	struct linux_clone_args a;
	int err = get_clone_args(uargs, size, &a);
	if (err)
		return err;
	if (!clone3_valid(&a) || (a.flags & CSIGNAL))
		return -EINVAL;                 /* clone3 takes the exit signal apart */
	if (a.set_tid) {
		pr_warn("clone3: %s[%d] asked to choose the child's pid (set_tid), which this "
			"kernel cannot do: -ENOSYS\n", current->name, current->pid);
		return -ENOSYS;
	}
	struct clone_req req = { .flags = a.flags | a.exit_signal,
				 .stack = a.stack ? a.stack + a.stack_size : 0,
				 .parent_tid = a.parent_tid, .child_tid = a.child_tid,
				 .tls = a.tls };
	return proc_clone(tf, &req);
}

int proc_vfork(const struct trap_frame *tf)
{
	struct clone_req req = { .flags = CLONE_VM | CLONE_VFORK | SIGCHLD };
	return proc_clone(tf, &req);
}

/* The combinations Linux's copy_process refuses with EINVAL. */
static bool invalid_flags(uint64_t flags)
{
	if ((flags & CLONE_NEWNS) && (flags & CLONE_FS))
		return true;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return true;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return true;
	if ((flags & CLONE_PIDFD) && (flags & (CLONE_PARENT_SETTID | CLONE_DETACHED)))
		return true;
	return (flags & CLONE_PARENT) && current == init_proc;
}

int proc_clone(const struct trap_frame *tf, const struct clone_req *req)
{
	uint64_t flags = req->flags;
	if (invalid_flags(flags))
		return -EINVAL;
	/* A thread's exit signal is ignored, as Linux: nobody waits for a thread. */
	bool odd_signal = !(flags & CLONE_THREAD) && (flags & CSIGNAL) != SIGCHLD;
	if ((flags & ~(uint64_t)CLONE_SUPPORTED) || odd_signal) {
		pr_warn("clone: %s[%d] asked for flags %#lx: this kernel has no %s yet: -ENOSYS\n",
			current->name, current->pid, flags,
			odd_signal && !(flags & ~(uint64_t)CLONE_SUPPORTED)
				? "exit signal other than SIGCHLD"
				: "namespaces, pidfds or cgroups");
		return -ENOSYS;
	}
	if ((flags & CLONE_THREAD) && (current->group->exiting || current->group->execer))
		return -EINTR;                  /* the process is ending: no new threads */
	if ((flags & CLONE_SETTLS) && req->tls >= USER_TOP)
		return -EPERM;                  /* as arch_prctl(ARCH_SET_FS) */
	struct proc *child = copy_process(tf, flags);
	if (!child)
		return -ENOMEM;
	if (req->stack)
		child->tf->rsp = req->stack;
	if (flags & CLONE_SETTLS)
		child->fs_base = req->tls;
	if (flags & CLONE_CLEAR_SIGHAND)
		signal_reset_handlers(child);
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = req->child_tid;
	child->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? req->child_tid : 0;
	volatile bool vfork_done = false;
	if (flags & CLONE_VFORK)
		child->vfork_done = &vfork_done;
	int pid = start_child(child, flags);
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)req->parent_tid, &pid, sizeof(pid));  /* a fault: ignored */
	if (flags & CLONE_VFORK)
		wait_for_vfork(&vfork_done, pid);
	return pid;
}
