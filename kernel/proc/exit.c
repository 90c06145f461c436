#include "kernel/proc/exit.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/drivers/tty.h"
#include "kernel/exec/coredump.h"
#include "kernel/errno.h"
#include "kernel/ipc/sem.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/proc/fork.h"
#include "kernel/proc/futex.h"
#include "kernel/proc/oom.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/thread.h"
#include "kernel/time.h"
#include "mm/uaccess.h"
#include "kernel/signal/signal.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/ptes.h"

/* Gives leader's children (its process's) to init, sending each the signal it asked for
 * at its parent's death; init is woken if some are zombies. */
static void reparent_children(struct proc *leader)
{
	bool zombies = false;
	while (!list_empty(&leader->children)) {
		struct proc *c = list_entry(leader->children.next, struct proc, sibling);
		list_del(&c->sibling);
		c->parent = init_proc;
		list_add_tail(&c->sibling, &init_proc->children);
		zombies |= c->group->live == 0;
		if (c->pdeath_signal)           /* prctl(PR_SET_PDEATHSIG) */
			signal_send(c, c->pdeath_signal);
		if (c->group->stopped) {
			/* Nobody is left to continue it: as Linux does for an orphaned stopped
			 * process group, hang it up and continue it. */
			signal_send(c, SIGHUP);
			signal_send(c, SIGCONT);
		}
	}
	if (zombies)
		wakeup(init_proc);
}

/* The last thread of leader's process has exited: the process is a zombie now, and its
 * parent is told (SIGCHLD, and a wakeup for wait4). */
static void process_ended(struct proc *leader)
{
	struct thread_group *g = leader->group;
	ptimer_exit(leader);
	tty_process_exit(leader);               /* a session leader hangs up its terminal */
	reparent_children(leader);
	if (g->exiting)
		leader->exit_status = g->exit_status;
	int status = leader->exit_status;
	struct proc *parent = leader->parent;
	wakeup(parent);
	signal_send_info(parent, SIGCHLD, &(struct sig_info){
		.code = (status & WCOREFLAG) ? CLD_DUMPED : (status & 0x7f) ? CLD_KILLED : CLD_EXITED,
		.pid = leader->pid,
		.status = (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff });
	if (parent != init_proc && signal_children_autoreap(parent)) {
		/* The parent will never wait for us: init reaps us instead (this process
		 * cannot free its own kernel stack), and the parent's wait sees ECHILD. */
		list_del(&leader->sibling);
		leader->parent = init_proc;
		list_add_tail(&leader->sibling, &init_proc->children);
		wakeup(init_proc);
	}
}

/* CLONE_CHILD_CLEARTID, set_tid_address: the word is zeroed and one futex waiter on it
 * woken (pthread_join), when other threads still use the memory, as Linux's mm_release. */
static void clear_child_tid(struct proc *p)
{
	if (!p->clear_child_tid || !p->mm || p->mm->users < 2)
		return;
	uint32_t zero = 0;
	if (!copy_to_user((void *)p->clear_child_tid, &zero, sizeof(zero)))
		futex_wake_one(p->clear_child_tid);
}

/* What an exiting thread used, kept for its process's totals. */
static void fold_usage(struct proc *p)
{
	struct proc_usage *d = &p->group->dead;
	d->utime_ticks += p->utime_ticks;
	d->stime_ticks += p->stime_ticks;
	d->min_flt += p->min_flt;
	d->maj_flt += p->maj_flt;
	d->cpu_ns += p->cpu_ns;
	p->utime_ticks = p->stime_ticks = p->min_flt = p->maj_flt = p->cpu_ns = 0;
}

/* Ends the calling thread: it lets go of what it holds; the last thread of a process ends
 * the process. A leader stays as a zombie until its process is waited for; any other
 * thread is freed at once. */
static _Noreturn void thread_exit(int status)
{
	struct proc *p = current;
	struct thread_group *g = p->group;
	if (p->tgid == 1 && g->live == 1)
		panic("init (pid 1) exited with wait status %x: nothing left to run", status);
	ptimer_thread_exit(p);
	futex_exit();                           /* while its memory is still there */
	clear_child_tid(p);
	vfork_release(p);                       /* a vfork parent has its memory back */
	sem_exit(p);                            /* SEM_UNDO's adjustments, by the last one */
	thread_release_files(p);
	if (p->mm) {
		mm_switch_to(NULL);
		mm_put(p->mm);
		p->mm = NULL;
		oom_victim_exited(p);   /* its frames are back: the OOM killer's caller can go on */
	}
	fpu_forget(p);
	fold_usage(p);
	p->exit_status = status;
	p->state = PROC_ZOMBIE;
	g->live--;
	if (g->execer)
		wakeup(&g->live);
	if (g->live == 0)
		process_ended(g->leader);
	if (p != g->leader)
		thread_free_later(p);
	schedule();
	panic("a zombie ran again");
}

/* Ends every thread of current's process, the process with wait status status. */
static _Noreturn void group_exit(int status)
{
	struct thread_group *g = current->group;
	if (!g->exiting) {
		g->exiting = true;
		g->exit_status = status;
		thread_kill_others();
	}
	thread_exit(status);
}

bool proc_pgrp_orphaned(int pgrp)
{
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (!p->group || p != proc_leader(p) || p->group->live == 0 || p->pgid != pgrp)
			continue;
		struct proc *parent = p->parent;
		if (parent && parent != init_proc && parent->pgid != pgrp && parent->sid == p->sid)
			return false;
	}
	return true;
}

_Noreturn void proc_exit(int code)
{
	group_exit((code & 0xff) << 8);
}

_Noreturn void proc_exit_thread(int code)
{
	thread_exit((code & 0xff) << 8);
}

_Noreturn void proc_exit_signal(int sig, const struct sig_info *info)
{
	struct thread_group *g = current->group;
	if (g->exiting || g->execer) {
		/* The SIGKILL that ends the others. While another thread writes the core,
		 * wait: the core shows this thread's registers as they were. */
		irq_disable();
		while (g->dumping)
			sleep_on(&g->dumping, 0);
		irq_enable();
		thread_exit(sig & 0x7f);
	}
	current->exit_signal = sig;
	g->exiting = true;                      /* first the other threads stop... */
	g->exit_status = sig & 0x7f;
	g->dumping = sig_dumps_core(sig);
	thread_kill_others();
	bool core = g->dumping && coredump(sig, info);          /* ...then the core is written */
	g->dumping = false;
	wakeup(&g->dumping);
	g->exit_status = (sig & 0x7f) | (core ? WCOREFLAG : 0);
	thread_exit(g->exit_status);
}

void proc_usage(const struct proc *p, struct proc_usage *u)
{
	*u = p->group->dead;
	struct proc *t;
	for_each_thread(p->group, t) {
		u->utime_ticks += t->utime_ticks;
		u->stime_ticks += t->stime_ticks;
		u->min_flt += t->min_flt;
		u->maj_flt += t->maj_flt;
		u->cpu_ns += t->cpu_ns;
		if (t == current)
			u->cpu_ns += time_ns() - t->run_since_ns;
	}
}

static struct linux_timeval ticks_to_timeval(uint64_t ticks)
{
	return (struct linux_timeval){ (int64_t)(ticks / HZ),
				       (int64_t)(ticks % HZ) * (1000000 / HZ) };
}

void proc_rusage_thread(struct proc *p, struct linux_rusage *ru)
{
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime = ticks_to_timeval(p->utime_ticks);
	ru->ru_stime = ticks_to_timeval(p->stime_ticks);
	ru->ru_minflt = (int64_t)p->min_flt;
	ru->ru_majflt = (int64_t)p->maj_flt;
}

void proc_rusage(struct proc *p, bool children, struct linux_rusage *ru)
{
	struct proc_usage u;
	proc_usage(p, &u);
	struct proc *l = proc_leader(p);
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime = ticks_to_timeval(children ? l->child_utime_ticks : u.utime_ticks);
	ru->ru_stime = ticks_to_timeval(children ? l->child_stime_ticks : u.stime_ticks);
	ru->ru_minflt = (int64_t)(children ? l->child_min_flt : u.min_flt);
	ru->ru_majflt = (int64_t)(children ? l->child_maj_flt : u.maj_flt);
}

/* Takes a zombie process's status and frees its leader; its times and faults add to the
 * waiting process's. */
static int reap(struct proc *c, int *status, struct linux_rusage *ru)
{
	int pid = c->pid;
	if (status)
		*status = c->exit_status;
	if (ru)
		proc_rusage(c, false, ru);
	struct proc_usage u;
	proc_usage(c, &u);
	struct proc *me = proc_leader(current);
	me->child_utime_ticks += u.utime_ticks + c->child_utime_ticks;
	me->child_stime_ticks += u.stime_ticks + c->child_stime_ticks;
	me->child_min_flt += u.min_flt + c->child_min_flt;
	me->child_maj_flt += u.maj_flt + c->child_maj_flt;
	proc_free(c);
	return pid;
}

/* Does wait4's pid select child c? -1: any; 0: one in our process group; < -1: one in
 * group -pid; else that one. */
static bool matches(const struct proc *c, int pid)
{
	if (pid == -1)
		return true;
	if (pid <= 0)
		return c->pgid == (pid == 0 ? current->pgid : -pid);
	return c->pid == pid;
}

/* A stop or continue of c that wait4's options ask for: its pid, with the status as Linux
 * encodes it (0x7f | sig << 8 for a stop, 0xffff for a continue); 0 if none. */
static int job_control_report(struct proc *c, int options, int *status)
{
	if ((options & WUNTRACED) && c->stop_report && c->group->stopped) {
		*status = 0x7f | c->stop_report << 8;
		c->stop_report = 0;
		return c->pid;
	}
	if ((options & WCONTINUED) && c->cont_report) {
		*status = 0xffff;
		c->cont_report = false;
		return c->pid;
	}
	return 0;
}

int proc_wait(int pid, int *status, int options, struct linux_rusage *ru)
{
	for (;;) {
		bool any = false;
		struct list_head *it;
		struct proc *me = proc_leader(current);        /* any thread waits for any child */
		list_for_each(it, &me->children) {
			struct proc *c = list_entry(it, struct proc, sibling);
			if (!matches(c, pid))
				continue;
			any = true;
			if (c->group->live == 0)
				return reap(c, status, ru);
			int reported = job_control_report(c, options, status);
			if (reported) {
				if (ru)
					proc_rusage(c, false, ru);
				return reported;
			}
		}
		if (!any)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		if (signal_pending())
			return -ERESTARTSYS;
		irq_disable();
		sleep_on(me, 0);                /* a child's end wakes its parent's leader */
		irq_enable();
	}
}
