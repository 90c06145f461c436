#include "kernel/proc/exit.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/exec/coredump.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/proc/fork.h"
#include "kernel/proc/futex.h"
#include "kernel/proc/oom.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/ptes.h"

/* Gives current's children to init; init is woken if some are already zombies. */
static void reparent_children(void)
{
	bool zombies = false;
	while (!list_empty(&current->children)) {
		struct proc *c = list_entry(current->children.next, struct proc, sibling);
		list_del(&c->sibling);
		c->parent = init_proc;
		list_add_tail(&c->sibling, &init_proc->children);
		zombies |= c->state == PROC_ZOMBIE;
		if (c->state == PROC_STOPPED) {
			/* Nobody is left to continue it: as Linux does for an orphaned stopped
			 * process group, hang it up and continue it. */
			signal_send(c, SIGHUP);
			signal_send(c, SIGCONT);
		}
	}
	if (zombies)
		wakeup(init_proc);
}

/* Releases what a process holds and becomes a zombie until its parent waits. */
static _Noreturn void become_zombie(int status)
{
	struct proc *p = current;
	if (p == init_proc)
		panic("init (pid 1) exited with wait status %x: nothing left to run", status);
	ptimer_exit(p);
	futex_exit();                           /* while its memory is still there */
	vfork_release(p);                       /* a vfork parent has its memory back */
	fdtable_release(&p->fds);
	if (p->cwd)
		inode_put(p->cwd);
	p->cwd = NULL;
	if (p->mm) {
		mm_switch_to(NULL);
		mm_put(p->mm);
		p->mm = NULL;
		oom_victim_exited(p);   /* its frames are back: the OOM killer's caller can go on */
	}
	fpu_forget(p);
	reparent_children();
	p->exit_status = status;
	p->state = PROC_ZOMBIE;
	wakeup(p->parent);
	signal_send_info(p->parent, SIGCHLD, &(struct sig_info){
		.code = (status & WCOREFLAG) ? CLD_DUMPED : (status & 0x7f) ? CLD_KILLED : CLD_EXITED,
		.pid = p->pid,
		.status = (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff });
	if (p->parent != init_proc && signal_children_autoreap(p->parent)) {
		/* The parent will never wait for us: init reaps us instead (this process
		 * cannot free its own kernel stack), and the parent's wait sees ECHILD. */
		list_del(&p->sibling);
		p->parent = init_proc;
		list_add_tail(&p->sibling, &init_proc->children);
		wakeup(init_proc);
	}
	schedule();
	panic("a zombie ran again");
}

_Noreturn void proc_exit(int code)
{
	become_zombie((code & 0xff) << 8);
}

_Noreturn void proc_exit_signal(int sig)
{
	current->exit_signal = sig;
	bool core = sig_dumps_core(sig) && coredump(sig);      /* while the mm is whole */
	become_zombie((sig & 0x7f) | (core ? WCOREFLAG : 0));
}

static struct linux_timeval ticks_to_timeval(uint64_t ticks)
{
	return (struct linux_timeval){ (int64_t)(ticks / HZ),
				       (int64_t)(ticks % HZ) * (1000000 / HZ) };
}

void proc_rusage(struct proc *p, bool children, struct linux_rusage *ru)
{
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime = ticks_to_timeval(children ? p->child_utime_ticks : p->utime_ticks);
	ru->ru_stime = ticks_to_timeval(children ? p->child_stime_ticks : p->stime_ticks);
	ru->ru_minflt = (int64_t)(children ? p->child_min_flt : p->min_flt);
	ru->ru_majflt = (int64_t)(children ? p->child_maj_flt : p->maj_flt);
}

/* Takes a zombie's status and frees it; its times and faults add to the parent's. */
static int reap(struct proc *c, int *status, struct linux_rusage *ru)
{
	int pid = c->pid;
	if (status)
		*status = c->exit_status;
	if (ru)
		proc_rusage(c, false, ru);
	current->child_utime_ticks += c->utime_ticks + c->child_utime_ticks;
	current->child_stime_ticks += c->stime_ticks + c->child_stime_ticks;
	current->child_min_flt += c->min_flt + c->child_min_flt;
	current->child_maj_flt += c->maj_flt + c->child_maj_flt;
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
	if ((options & WUNTRACED) && c->stop_report && c->state == PROC_STOPPED) {
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
		list_for_each(it, &current->children) {
			struct proc *c = list_entry(it, struct proc, sibling);
			if (!matches(c, pid))
				continue;
			any = true;
			if (c->state == PROC_ZOMBIE)
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
		sleep_on(current, 0);
		irq_enable();
	}
}
