/*
 * New processes: fork copies the caller (its address space copy-on-write, its open files,
 * signal actions, limits and registers), and clone is fork with choices. glibc's fork()
 * is clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD): the child writes its own
 * pid into its thread descriptor. The sharing forms (CLONE_VM for threads and posix_spawn,
 * CLONE_FILES, ...) need one address space or file table for several processes, which
 * this kernel does not have yet.
 */
#include "kernel/proc/fork.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/* The sharing flags: each needs something shared between processes. */
#define CLONE_SHARING (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		       CLONE_SYSVSEM | CLONE_PIDFD | CLONE_PARENT | CLONE_NEWNS)

/* Flags that change nothing here: no tracer (PTRACE, UNTRACED), DETACHED ignored since
 * Linux 2.6.2, and VFORK without VM (the parent would only wait for the child's exec). */
#define CLONE_HARMLESS (CLONE_PTRACE | CLONE_UNTRACED | CLONE_DETACHED | CLONE_VFORK)

#define CLONE_SUPPORTED (CSIGNAL | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
			 CLONE_CHILD_CLEARTID | CLONE_HARMLESS)

/* The copy of current: address space, files, signal state and registers (from tf). */
static struct proc *copy_process(const struct trap_frame *tf)
{
	struct proc *child = proc_alloc(current->name);
	if (!child)
		return NULL;
	child->mm = mm_fork(current->mm);
	if (!child->mm || fdtable_copy(&child->fds, &current->fds) != 0) {
		if (child->mm)
			mm_destroy(child->mm);
		fdtable_release(&child->fds);
		proc_free(child);
		return NULL;
	}
	child->cwd = current->cwd;
	inode_get(child->cwd);
	child->umask = current->umask;
	memcpy(child->rlimits, current->rlimits, sizeof(child->rlimits));
	memcpy(child->sig_action, current->sig_action, sizeof(child->sig_action));
	child->sig_ignored = current->sig_ignored;
	child->sig_handled = current->sig_handled;
	child->sig_blocked = current->sig_blocked;
	child->sig_altstack = current->sig_altstack;
	child->pgid = current->pgid;
	child->oom_score_adj = current->oom_score_adj;
	child->sid = current->sid;
	child->fs_base = current->fs_base;
	child->gs_base = current->gs_base;
	child->start_tick = timer_ticks();
	fpu_copy(child, current);
	*child->tf = *tf;
	child->tf->rax = 0;                     /* fork returns 0 in the child */
	return child;
}

/* Makes child current's child and lets it run. */
static int start_child(struct proc *child)
{
	child->parent = current;
	list_add_tail(&child->sibling, &current->children);
	sched_make_runnable(child);
	return child->pid;
}

int proc_fork(const struct trap_frame *tf)
{
	struct proc *child = copy_process(tf);
	return child ? start_child(child) : -ENOMEM;
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
	if ((flags & ~(uint64_t)CLONE_SUPPORTED) || (flags & CSIGNAL) != SIGCHLD) {
		pr_warn("clone: %s[%d] asked for flags %#lx: this kernel has no %s yet: -ENOSYS\n",
			current->name, current->pid, flags,
			(flags & CSIGNAL) != SIGCHLD && !(flags & ~(uint64_t)CLONE_SUPPORTED)
				? "exit signal other than SIGCHLD" : "shared address spaces or tables");
		return -ENOSYS;
	}
	if ((flags & CLONE_SETTLS) && req->tls >= USER_TOP)
		return -EPERM;                  /* as arch_prctl(ARCH_SET_FS) */
	struct proc *child = copy_process(tf);
	if (!child)
		return -ENOMEM;
	if (req->stack)
		child->tf->rsp = req->stack;
	if (flags & CLONE_SETTLS)
		child->fs_base = req->tls;
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = req->child_tid;
	child->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? req->child_tid : 0;
	int pid = start_child(child);
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)req->parent_tid, &pid, sizeof(pid));  /* a fault: ignored */
	return pid;
}
