#include "kernel/signal/signal.h"
#include "kernel/errno.h"
#include "kernel/proc/exit.h"
#include "kernel/printk.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/syscall/syscall.h"

/* Signals whose default action is to do nothing. */
static const uint64_t default_ignored = sig_bit(SIGCHLD) | sig_bit(SIGURG) | sig_bit(SIGWINCH) |
					sig_bit(SIGCONT);

void signal_set_action(struct proc *p, int sig, const struct k_sigaction *act)
{
	struct k_sigaction *a = &p->sig_action[sig];
	*a = *act;
	a->mask &= ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));        /* never blocked */
	p->sig_ignored &= ~sig_bit(sig);
	p->sig_handled &= ~sig_bit(sig);
	if (a->handler == SIG_IGN) {
		p->sig_ignored |= sig_bit(sig);
		if (p->sig_pending & sig_bit(sig)) {
			p->sig_pending &= ~sig_bit(sig);
			ptimer_signal_taken(p, sig, &p->sig_info[sig]);  /* its timer goes on */
		}
	} else if (a->handler != SIG_DFL) {
		p->sig_handled |= sig_bit(sig);
	}
}

void signal_reset_handlers(struct proc *p)
{
	/* As Linux's flush_signal_handlers: flags, masks and restorers go too. */
	for (int sig = 1; sig < NSIG; sig++) {
		bool ignore = p->sig_action[sig].handler == SIG_IGN;
		p->sig_action[sig] = (struct k_sigaction){ .handler = ignore ? SIG_IGN : SIG_DFL };
	}
	p->sig_handled = 0;
}

bool signal_children_autoreap(const struct proc *p)
{
	return p->sig_action[SIGCHLD].handler == SIG_IGN ||
	       (p->sig_action[SIGCHLD].flags & SA_NOCLDWAIT);
}

/* Signals whose default action is to stop the process (job control). */
static const uint64_t default_stop = sig_bit(SIGSTOP) | sig_bit(SIGTSTP) | sig_bit(SIGTTIN) |
				     sig_bit(SIGTTOU);

/* Tells p's parent that p stopped or continued: wait4 can report it, and SIGCHLD comes
 * unless the parent asked otherwise (SA_NOCLDSTOP). */
static void tell_parent(struct proc *p, int code, int sig)
{
	wakeup(p->parent);
	if (!(p->parent->sig_action[SIGCHLD].flags & SA_NOCLDSTOP))
		signal_send_info(p->parent, SIGCHLD,
				 &(struct sig_info){ .code = code, .pid = p->pid, .status = sig });
}

/* SIGCONT resumes a stopped process whatever its disposition, and tells the parent. */
static void resume(struct proc *p)
{
	p->stop_report = 0;
	p->cont_report = true;
	sched_make_runnable(p);
	tell_parent(p, CLD_CONTINUED, SIGCONT);
}

/* Is sig ignored by p (SIG_IGN, or a default action of nothing)? */
static bool ignored(const struct proc *p, int sig)
{
	uint64_t bit = sig_bit(sig);
	return (p->sig_ignored & bit) || ((default_ignored & bit) && !(p->sig_handled & bit));
}

void signal_send_info(struct proc *p, int sig, const struct sig_info *info)
{
	if (p->state == PROC_ZOMBIE || p->kthread)
		return;                         /* kernel threads take no signals, as on Linux */
	/* As on Linux, init receives only the signals it installed handlers for: nothing
	 * can kill it by accident, not even SIGKILL. */
	if (p == init_proc && !(p->sig_handled & sig_bit(sig)))
		return;
	/* A stop signal cancels a pending continue, and the other way round. */
	if (sig_bit(sig) & default_stop)
		p->sig_pending &= ~sig_bit(SIGCONT);
	if (sig == SIGCONT) {
		p->sig_pending &= ~default_stop;
		if (p->state == PROC_STOPPED)
			resume(p);
	}
	if (ignored(p, sig) && !(p->sig_blocked & sig_bit(sig)))
		return;                         /* dropped now: it could never act */
	if (!(p->sig_pending & sig_bit(sig)))
		p->sig_info[sig] = *info;       /* one of each kind waits; later ones merge */
	p->sig_pending |= sig_bit(sig);
	if (p->state == PROC_SLEEPING || (p->state == PROC_STOPPED && sig == SIGKILL))
		sched_make_runnable(p);
}

void signal_send(struct proc *p, int sig)
{
	signal_send_info(p, sig, &(struct sig_info){ .code = SI_KERNEL });
}

void signal_kill(struct proc *p, int sig)
{
	signal_send_info(p, sig, &(struct sig_info){ .code = SI_USER, .pid = current->pid });
}

void signal_force_fault(const struct trap_frame *tf, int sig, int code, uint64_t addr)
{
	struct proc *p = current;
	if ((p->sig_blocked & sig_bit(sig)) || (p->sig_ignored & sig_bit(sig))) {
		p->sig_blocked &= ~sig_bit(sig);
		signal_set_action(p, sig, &(struct k_sigaction){ .handler = SIG_DFL });
	}
	p->fault_trapno = tf->vector;
	p->fault_error = tf->error_code;
	if (tf->vector == T_PF)
		p->fault_cr2 = addr;
	p->sig_info[sig] = (struct sig_info){ .code = code, .addr = addr };
	p->sig_pending |= sig_bit(sig);
}

/* The signals that will take effect: pending, not blocked (SIGKILL cannot be), not ignored. */
static uint64_t effective(void)
{
	uint64_t blocked = current->sig_blocked & ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
	uint64_t ignored_set = (current->sig_ignored | (default_ignored & ~current->sig_handled)) &
			       ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
	return current->sig_pending & ~blocked & ~ignored_set;
}

/* The stop signals among live whose action is the default one. */
static uint64_t stops(uint64_t live)
{
	return live & default_stop & ~current->sig_handled;
}

/* Stops current until SIGCONT (or SIGKILL) arrives; the parent's wait4 with WUNTRACED
 * reports it. Called only where the kernel may sleep. */
static void stop(int sig)
{
	current->sig_pending &= ~default_stop;
	current->stop_report = sig;
	current->cont_report = false;
	current->state = PROC_STOPPED;
	tell_parent(current, CLD_STOPPED, sig);
	schedule();
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

bool signal_pending(void)
{
	uint64_t live = effective();
	if (live & ~default_stop)
		return true;                    /* a handler or death first (SIGKILL beats SIGSTOP) */
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
	struct k_sigaction ka = current->sig_action[sig];
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
	if (ka.flags & SA_RESETHAND)
		signal_set_action(current, sig, &(struct k_sigaction){ .handler = SIG_DFL });
}

void signal_deliver(struct trap_frame *tf)
{
	for (;;) {
		uint64_t live = effective();
		/* Ignored ones are simply discarded (a timer waiting for one goes on). */
		uint64_t discard = current->sig_pending & ~live & ~current->sig_blocked;
		current->sig_pending &= ~discard;
		for (; discard; discard &= discard - 1) {
			int sig = __builtin_ctzll(discard) + 1;
			ptimer_signal_taken(current, sig, &current->sig_info[sig]);
		}
		if (!live) {
			restart_syscall(tf, NULL);
			if (current->restore_sigmask) {
				current->sig_blocked = current->saved_sigmask;
				current->restore_sigmask = false;
			}
			return;
		}
		int sig = __builtin_ctzll(live) + 1;    /* bit n - 1 is signal n */
		current->sig_pending &= ~sig_bit(sig);
		/* Taken now: a timer may send sig again at once, and that must not change
		 * what this handler is told. */
		struct sig_info info = current->sig_info[sig];
		ptimer_signal_taken(current, sig, &info);
		if (current->sig_handled & sig_bit(sig))
			handle(tf, sig, &info);
		else if (sig_bit(sig) & default_stop)
			stop(sig);
		else
			proc_exit_signal(sig);
	}
}
