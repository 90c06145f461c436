/*
 * What the threads of a process share, and how threads end together. A thread is a struct
 * proc like any process; clone's flags decide which of the counted objects it shares with
 * its creator and which it gets copies of:
 *
 *   CLONE_VM       struct mm           the address space (kernel/proc/fork.c)
 *   CLONE_FILES    struct fdtable      the open descriptors
 *   CLONE_FS       struct fs_context   the working directory and umask
 *   CLONE_SIGHAND  struct sighand      the signal actions
 *   CLONE_THREAD   struct thread_group the process: its id, its signals, its end
 *
 * pthread_create asks for all five. The leader (the process's first thread) keeps the
 * process's id, parent and children, and stays until the whole process has been waited
 * for; any other thread is freed as soon as it exits.
 */
#include "kernel/proc/thread.h"
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/fork.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/signal/sigqueue.h"
#include "mm/kmalloc.h"

/* A new process around its first thread p. */
static struct thread_group *group_new(struct proc *p)
{
	struct thread_group *g = kzalloc(sizeof(*g));
	if (!g)
		return NULL;
	g->refs = 1;
	g->live = 1;
	g->leader = p;
	sigpending_init(&g->shared);
	list_init(&g->threads);
	list_add_tail(&p->thread_node, &g->threads);
	p->group = g;
	p->tgid = p->pid;
	/* /proc lists processes; a thread appears only under its process's task/. */
	procfs_add_pid(p->pid);
	return g;
}

/* current's file-system context, copied (a new process). */
static struct fs_context *fs_copy(const struct fs_context *from)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->umask = from ? from->umask : 022;
	fs->cwd = from ? from->cwd : NULL;
	if (fs->cwd)
		inode_get(fs->cwd);
	return fs;
}

static void fs_put(struct fs_context *fs)
{
	if (!fs || --fs->refs > 0)
		return;
	if (fs->cwd)
		inode_put(fs->cwd);
	kfree(fs);
}

/* A copy of signal actions from (or all SIG_DFL). */
static struct sighand *sighand_copy(const struct sighand *from)
{
	struct sighand *sh = kzalloc(sizeof(*sh));
	if (!sh)
		return NULL;
	if (from)
		*sh = *from;
	sh->refs = 1;
	return sh;
}

static void sighand_put(struct sighand *sh)
{
	if (sh && --sh->refs == 0)
		kfree(sh);
}

int thread_init_first(struct proc *p)
{
	p->fds = fdtable_new();
	p->fs = fs_copy(NULL);
	p->sighand = sighand_copy(NULL);
	if (!p->fds || !p->fs || !p->sighand || !group_new(p)) {
		thread_release_files(p);
		return -ENOMEM;
	}
	return 0;
}

/* Joins child to current's process as one more thread. */
static void group_join(struct proc *child)
{
	struct thread_group *g = current->group;
	g->refs++;
	g->live++;
	list_add_tail(&child->thread_node, &g->threads);
	child->group = g;
	child->tgid = current->tgid;
}

int thread_share(struct proc *child, uint64_t flags)
{
	if (flags & CLONE_FILES) {
		child->fds = current->fds;
		fdtable_get(child->fds);
	} else {
		child->fds = fdtable_dup(current->fds);
	}
	if (flags & CLONE_FS) {
		child->fs = current->fs;
		child->fs->refs++;
	} else {
		child->fs = fs_copy(current->fs);
	}
	if (flags & CLONE_SIGHAND) {
		child->sighand = current->sighand;
		child->sighand->refs++;
	} else {
		child->sighand = sighand_copy(current->sighand);
	}
	if (flags & CLONE_THREAD)
		group_join(child);
	if (!child->fds || !child->fs || !child->sighand ||
	    (!(flags & CLONE_THREAD) && !group_new(child))) {
		thread_release_files(child);
		return -ENOMEM;
	}
	return 0;
}

void thread_release_files(struct proc *p)
{
	if (p->fds)
		fdtable_put(p->fds);
	fs_put(p->fs);
	sighand_put(p->sighand);
	p->fds = NULL;
	p->fs = NULL;
	p->sighand = NULL;
}

void thread_leave_group(struct proc *p)
{
	struct thread_group *g = p->group;
	if (!g)
		return;
	procfs_remove_task(p->tgid, p->pid);
	list_del(&p->thread_node);
	p->group = NULL;
	if (--g->refs == 0) {
		sigpending_release(&g->shared);
		kfree(g);
	}
}

static struct list_head dead_threads = LIST_HEAD_INIT(dead_threads);

void thread_free_later(struct proc *p)
{
	list_add_tail(&p->sibling, &dead_threads);
}

void thread_reap_dead(void)
{
	while (!list_empty(&dead_threads)) {
		struct proc *p = list_entry(dead_threads.next, struct proc, sibling);
		if (p == current)
			return;                 /* still on its stack: next time */
		proc_free(p);                   /* takes it off the list (sibling) */
	}
}

void thread_kill_others(void)
{
	struct proc *t;
	for_each_thread(current->group, t)
		if (t != current)
			signal_end_thread(t);
}

/* The exec'ing thread takes its process's id and place from the leader, which has
 * exited (a zombie nobody was told about) and is freed: its parent's child, its children's
 * parent, its timers' target (and init, if it was init). */
static void take_leaders_place(void)
{
	struct proc *me = current, *old = proc_leader(me);
	int my_tid = me->pid;
	me->pid = me->tgid = old->pid;
	old->pid = my_tid;                      /* so that proc_free drops the right /proc entry */
	me->parent = old->parent;
	list_del(&me->sibling);
	list_insert_between(&me->sibling, old->sibling.prev, old->sibling.next);
	list_init(&old->sibling);
	while (!list_empty(&old->children)) {
		struct proc *c = list_entry(old->children.next, struct proc, sibling);
		list_del(&c->sibling);
		list_add_tail(&c->sibling, &me->children);
		c->parent = me;
	}
	me->start_tick = old->start_tick;
	me->group->leader = me;
	ptimer_thread_exit(old);                /* its timers signal the new leader */
	if (init_proc == old)
		init_proc = me;
	proc_free(old);
}

int thread_exec_alone(void)
{
	struct thread_group *g = current->group;
	if (g->live > 1) {
		if (g->exiting || g->execer)
			return -EINTR;          /* the process is ending, or another thread execs */
		g->execer = current;
		thread_kill_others();
		irq_disable();
		while (g->live > 1 && !(current->pending.set & sig_bit(SIGKILL)))
			sleep_on(&g->live, 0);
		irq_enable();
		g->execer = NULL;
		if (g->live > 1)
			return -EINTR;          /* being killed itself: it dies on the way out */
		if (proc_leader(current) != current)
			take_leaders_place();
	}
	if (current->fds->refs > 1) {
		struct fdtable *own = fdtable_dup(current->fds);
		if (!own)
			return -ENOMEM;
		fdtable_put(current->fds);
		current->fds = own;
	}
	if (current->sighand->refs > 1) {
		struct sighand *own = sighand_copy(current->sighand);
		if (!own)
			return -ENOMEM;
		sighand_put(current->sighand);
		current->sighand = own;
	}
	return 0;
}
