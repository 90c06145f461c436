#include "kernel/signal/signal.h"
#include "kernel/signal/sigqueue.h"
#include "kernel/errno.h"
#include "kernel/proc/exit.h"
#include "kernel/printk.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/thread.h"
#include "kernel/syscall/syscall.h"
#include "kernel/wait.h"

/* Signals whose default action is to do nothing. */
static const uint64_t default_ignored = sig_bit(SIGCHLD) | sig_bit(SIGURG) | sig_bit(SIGWINCH) |
					sig_bit(SIGCONT);

/* Drops every instance of sig from pending set s of thread t's process, a timer waiting
 * for it going on. */
static void discard(struct proc *t, struct sigpending *s, int sig)
{
	struct sig_info info;
	while (s->set & sig_bit(sig)) {
		sigpending_take(s, sig, &info);
		ptimer_signal_taken(t, sig, &info);
	}
}

/* Drops sig from the pending sets of p's process and of each of its threads (its action
 * became SIG_IGN). */
static void discard_everywhere(struct proc *p, int sig)
{
	discard(p, &p->group->shared, sig);
	struct proc *t;
	for_each_thread(p->group, t)
		discard(t, &t->pending, sig);
}

void signal_set_action(struct proc *p, int sig, const struct k_sigaction *act)
{
	struct sighand *sh = p->sighand;
	struct k_sigaction *a = &sh->action[sig];
	*a = *act;
	a->mask &= ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));        /* never blocked */
	sh->ignored &= ~sig_bit(sig);
	sh->handled &= ~sig_bit(sig);
	if (a->handler == SIG_IGN) {
		sh->ignored |= sig_bit(sig);
		discard_everywhere(p, sig);
	} else if (a->handler != SIG_DFL) {
		sh->handled |= sig_bit(sig);
	}
}

void signal_reset_handlers(struct proc *p)
{
	/* As Linux's flush_signal_handlers: flags, masks and restorers go too. */
	struct sighand *sh = p->sighand;
	for (int sig = 1; sig < NSIG; sig++) {
		bool ignore = sh->action[sig].handler == SIG_IGN;
		sh->action[sig] = (struct k_sigaction){ .handler = ignore ? SIG_IGN : SIG_DFL };
	}
	sh->handled = 0;
}

bool signal_children_autoreap(const struct proc *p)
{
	return p->sighand->action[SIGCHLD].handler == SIG_IGN ||
	       (p->sighand->action[SIGCHLD].flags & SA_NOCLDWAIT);
}

/* Signals whose default action is to stop the process (job control). */
static const uint64_t default_stop = sig_bit(SIGSTOP) | sig_bit(SIGTSTP) | sig_bit(SIGTTIN) |
				     sig_bit(SIGTTOU);

/* Tells the parent of process g that it stopped or continued: wait4 can report it, and
 * SIGCHLD comes unless the parent asked otherwise (SA_NOCLDSTOP). */
static void tell_parent(struct thread_group *g, int code, int sig)
{
	struct proc *parent = g->leader->parent;
	wakeup(parent);
	if (!(parent->sighand->action[SIGCHLD].flags & SA_NOCLDSTOP))
		signal_send_info(parent, SIGCHLD, &(struct sig_info){ .code = code,
								     .pid = g->leader->pid,
								     .status = sig });
}

/* SIGCONT resumes a stopped process, every thread of it, whatever its disposition, and
 * tells the parent. */
static void resume(struct thread_group *g)
{
	g->stopped = false;
	g->leader->stop_report = 0;
	g->leader->cont_report = true;
	struct proc *t;
	for_each_thread(g, t)
		if (t->state == PROC_STOPPED)
			sched_make_runnable(t);
	tell_parent(g, CLD_CONTINUED, SIGCONT);
}

/* Is sig ignored by p (SIG_IGN, or a default action of nothing)? */
static bool ignored(const struct proc *p, int sig)
{
	uint64_t bit = sig_bit(sig);
	return (p->sighand->ignored & bit) ||
	       ((default_ignored & bit) && !(p->sighand->handled & bit));
}

/* A thread of g that still holds the process's signal handlers, or NULL. */
static struct proc *thread_with_handlers(struct thread_group *g)
{
	struct proc *t;
	for_each_thread(g, t)
		if (t->sighand)
			return t;
	return NULL;
}

/* What every signal sent to p does first, as Linux's prepare_signal: a stop signal
 * cancels a pending continue and the other way round, in the whole process, and SIGCONT
 * resumes it. False when the signal is dropped now: p's process has ended (a kernel
 * thread takes no signals), it is init without a handler for it (nothing kills init by
 * accident, not even SIGKILL, as on Linux), or p ignores it and does not block it. */
static bool prepare(struct proc *p, int sig)
{
	struct thread_group *g = p->group;
	if (!g || g->live == 0 || p->kthread)
		return false;
	/* A thread that has begun to exit has let go of the process's handlers (a timer's
	 * signal may still name a leader that left with pthread_exit): ask a live one. */
	if (!p->sighand && !(p = thread_with_handlers(g)))
		return false;                   /* every thread is exiting */
	if (p->tgid == 1 && !(p->sighand->handled & sig_bit(sig)))
		return false;
	uint64_t cancel = (sig_bit(sig) & default_stop) ? sig_bit(SIGCONT)
			  : sig == SIGCONT ? default_stop : 0;
	if (cancel) {
		g->shared.set &= ~cancel;
		struct proc *t;
		for_each_thread(g, t)
			t->pending.set &= ~cancel;
	}
	if (sig == SIGCONT && g->stopped)
		resume(g);
	return !(ignored(p, sig) && !(p->sig_blocked & sig_bit(sig)));
}

/* Lets t see a signal: a sleeping thread wakes (its sleep ends if the signal acts), and
 * SIGKILL ends a stop too. */
static void kick(struct proc *t, int sig)
{
	if (t->state == PROC_SLEEPING || (t->state == PROC_STOPPED && sig == SIGKILL))
		sched_make_runnable(t);
}

/* Makes sig pending for thread t alone. */
static void queue_private(struct proc *t, int sig, const struct sig_info *info)
{
	sigpending_add(&t->pending, sig, info);
	kick(t, sig);
}

void signal_send_info(struct proc *p, int sig, const struct sig_info *info)
{
	if (!prepare(p, sig))
		return;
	struct thread_group *g = p->group;
	struct proc *t;
	if (sig == SIGKILL) {
		/* Fatal at once for every thread, whatever each blocks, as Linux. */
		for_each_thread(g, t)
			if (t->state != PROC_ZOMBIE)
				queue_private(t, sig, info);
		return;
	}
	sigpending_add(&g->shared, sig, info);
	/* Any thread that does not block it may take it: each sleeping one looks. */
	for_each_thread(g, t)
		if (t->state == PROC_SLEEPING)
			kick(t, sig);
}

void signal_send_thread(struct proc *t, int sig, const struct sig_info *info)
{
	if (t->state == PROC_ZOMBIE || !prepare(t, sig))
		return;
	queue_private(t, sig, info);
}

void signal_end_thread(struct proc *t)
{
	if (t->state != PROC_ZOMBIE)
		queue_private(t, SIGKILL, &(struct sig_info){ .code = SI_KERNEL });
}

void signal_send(struct proc *p, int sig)
{
	signal_send_info(p, sig, &(struct sig_info){ .code = SI_KERNEL });
}

void signal_kill(struct proc *p, int sig)
{
	signal_send_info(p, sig, &(struct sig_info){ .code = SI_USER, .pid = current->tgid });
}

void signal_force_fault(const struct trap_frame *tf, int sig, int code, uint64_t addr)
{
	struct proc *p = current;
	if ((p->sig_blocked & sig_bit(sig)) || (p->sighand->ignored & sig_bit(sig))) {
		p->sig_blocked &= ~sig_bit(sig);
		signal_set_action(p, sig, &(struct k_sigaction){ .handler = SIG_DFL });
	}
	p->fault_trapno = tf->vector;
	p->fault_error = tf->error_code;
	if (tf->vector == T_PF)
		p->fault_cr2 = addr;
	p->pending.info[sig] = (struct sig_info){ .code = code, .addr = addr };
	p->pending.set |= sig_bit(sig);
}

uint64_t signal_pending_set(const struct proc *p)
{
	return p->pending.set | p->group->shared.set;
}

const struct sig_info *signal_pending_info(const struct proc *p, int sig, bool thread)
{
	if (thread)
		return (p->pending.set & sig_bit(sig)) ? &p->pending.info[sig] : NULL;
	struct thread_group *g = p->group;
	return (g->shared.set & sig_bit(sig)) ? &g->shared.info[sig] : NULL;
}

int signal_dequeue(uint64_t set, struct sig_info *info)
{
	uint64_t ready = signal_pending_set(current) & set;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;   /* bit n - 1 is signal n */
	if (current->pending.set & sig_bit(sig))          /* the thread's own first */
		sigpending_take(&current->pending, sig, info);
	else
		sigpending_take(&current->group->shared, sig, info);
	/* Taken now: a timer may send sig again at once, and that must not change what
	 * this one's handler is told; a timer waiting for it goes on. */
	ptimer_signal_taken(current, sig, info);
	return sig;
}

/* The signals that will take effect: pending, not blocked (SIGKILL cannot be), not ignored. */
static uint64_t effective(void)
{
	uint64_t blocked = current->sig_blocked & ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
	uint64_t ignored_set = (current->sighand->ignored |
				(default_ignored & ~current->sighand->handled)) &
			       ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
	return signal_pending_set(current) & ~blocked & ~ignored_set;
}

/* The stop signals among live whose action is the default one. As Linux, only SIGSTOP
 * stops a process of an orphaned process group: the job-control ones (SIGTSTP, SIGTTIN,
 * SIGTTOU) would stop it with nobody left to continue it, so they do nothing. */
static uint64_t stops(uint64_t live)
{
	uint64_t s = live & default_stop & ~current->sighand->handled;
	if ((s & ~sig_bit(SIGSTOP)) && proc_pgrp_orphaned(current->pgid))
		s &= sig_bit(SIGSTOP);
	return s;
}

/* current stays stopped while its process is (until SIGCONT), or until SIGKILL. */
static void stay_stopped(void)
{
	while (current->group->stopped && !(current->pending.set & sig_bit(SIGKILL))) {
		current->state = PROC_STOPPED;
		schedule();
	}
}

/* Stops current's process, every thread of it, until SIGCONT (or SIGKILL) arrives; the
 * parent's wait4 with WUNTRACED reports it. Called only where the kernel may sleep. */
static void stop(int sig)
{
	struct thread_group *g = current->group;
	g->shared.set &= ~default_stop;
	current->pending.set &= ~default_stop;
	g->stopped = true;
	g->leader->stop_report = sig;
	g->leader->cont_report = false;
	tell_parent(g, CLD_STOPPED, sig);
	struct proc *t;
	for_each_thread(g, t)
		if (t->state == PROC_SLEEPING)
			sched_make_runnable(t);         /* it stops where it sleeps */
	stay_stopped();
}

void signal_temporary_mask(uint64_t mask)
{
	current->saved_sigmask = current->sig_blocked;
	current->restore_sigmask = true;
	current->sig_blocked = mask & ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
}

void signal_end_temporary_mask(int64_t result)
{
	if (result == -ERESTARTNOHAND || !current->restore_sigmask)
		return;
	current->sig_blocked = current->saved_sigmask;
	current->restore_sigmask = false;
}

bool signal_acts(void)
{
	return (effective() & ~default_stop) != 0;
}

bool wait_interrupted(bool fatal_only)
{
	if (!fatal_only)
		return signal_pending();
	return (signal_pending_set(current) & sig_bit(SIGKILL)) || current->group->exiting;
}

bool signal_pending(void)
{
	uint64_t live = effective();
	if (live & ~default_stop)
		return true;                    /* a handler or death first (SIGKILL beats SIGSTOP) */
	if (current->group->stopped) {
		stay_stopped();                 /* another thread stopped the process */
		return true;
	}
	if (!stops(live))
		return false;
	/* Stop right here, inside the sleeping system call. Once continued, the call starts
	 * over (-ERESTARTSYS, with no handler to run, restarts it), so that what happened
	 * while stopped is seen: the program never notices the stop, as on Linux. */
	stop(__builtin_ctzll(stops(live)) + 1);
	return true;
}

/* A system call that a signal interrupted (it returned -ERESTART...): make it return
 * -EINTR, or arrange for it to run again (back over the 2-byte `syscall` instruction, with
 * its number in rax again), as Linux does. handler: whether a handler is about to run. */
static void restart_syscall(struct trap_frame *tf, const struct k_sigaction *handler)
{
	if (tf->vector != SYSCALL_VECTOR)
		return;
	int64_t r = (int64_t)tf->rax;
	bool again;
	if (r == -ERESTARTSYS)
		again = !handler || (handler->flags & SA_RESTART);
	else if (r == -ERESTARTNOHAND)
		again = !handler;
	else
		return;
	if (again) {
		tf->rax = tf->error_code;       /* the number, saved by syscall_entry */
		tf->rip -= 2;
	} else {
		tf->rax = (uint64_t)-EINTR;
	}
}

/* Runs sig's handler: a frame on the stack, the handler's mask, SA_RESETHAND. If the stack
 * cannot take the frame, the process gets SIGSEGV instead, as on Linux. */
static void handle(struct trap_frame *tf, int sig, const struct sig_info *info)
{
	struct k_sigaction ka = current->sighand->action[sig];
	restart_syscall(tf, &ka);
	uint64_t old_mask = current->sig_blocked;
	if (current->restore_sigmask) {
		/* Woken from rt_sigsuspend: the handler returns to the mask before it. */
		old_mask = current->saved_sigmask;
		current->restore_sigmask = false;
	}
	if (signal_setup_frame(tf, sig, &ka, info, old_mask) != 0) {
		if (sig == SIGSEGV)
			signal_set_action(current, SIGSEGV, &(struct k_sigaction){ .handler = SIG_DFL });
		signal_force_fault(tf, SIGSEGV, SI_KERNEL, 0);
		return;
	}
	current->sig_blocked |= ka.mask | ((ka.flags & SA_NODEFER) ? 0 : sig_bit(sig));
	current->sig_blocked &= ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
	if (ka.flags & SA_RESETHAND) {
		/* Only the handler goes back to SIG_DFL: the flags and mask stay, as Linux's
		 * SA_ONESHOT (sigaction then still shows SA_SIGINFO, SA_RESETHAND...). */
		ka.handler = SIG_DFL;
		signal_set_action(current, sig, &ka);
	}
}

void signal_deliver(struct trap_frame *tf)
{
	for (;;) {
		if (current->group->stopped)
			stay_stopped();         /* another thread stopped the process */
		uint64_t live = effective();
		/* Ignored ones are simply discarded (a timer waiting for one goes on). */
		struct sig_info info;
		for (uint64_t discard = signal_pending_set(current) & ~live & ~current->sig_blocked;
		     discard; discard &= discard - 1)
			signal_dequeue(discard & -discard, &info);
		if (!live) {
			restart_syscall(tf, NULL);
			if (current->restore_sigmask) {
				current->sig_blocked = current->saved_sigmask;
				current->restore_sigmask = false;
			}
			return;
		}
		int sig = signal_dequeue(live, &info);
		if (current->sighand->handled & sig_bit(sig))
			handle(tf, sig, &info);
		else if (stops(sig_bit(sig)))
			stop(sig);
		else if (sig_bit(sig) & default_stop)
			continue;               /* dropped: an orphaned group (stops) */
		else
			proc_exit_signal(sig, &info);
	}
}
