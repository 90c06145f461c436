#include "kernel/signal.h"
#include "kernel/exit.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

#define SIGBIT(sig) sig_bit(sig)

/* Signals whose default action is to do nothing. */
static const uint64_t default_ignored = SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) |
					SIGBIT(SIGCONT);

void signal_set_action(struct proc *p, int sig, const struct k_sigaction *act)
{
	struct k_sigaction *a = &p->sig_action[sig];
	*a = *act;
	a->mask &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));        /* never blocked */
	p->sig_ignored &= ~SIGBIT(sig);
	p->sig_handled &= ~SIGBIT(sig);
	if (a->handler == SIG_IGN) {
		p->sig_ignored |= SIGBIT(sig);
		p->sig_pending &= ~SIGBIT(sig);
	} else if (a->handler != SIG_DFL) {
		p->sig_handled |= SIGBIT(sig);
	}
}

void signal_reset_handlers(struct proc *p)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (p->sig_handled & SIGBIT(sig))
			p->sig_action[sig] = (struct k_sigaction){ .handler = SIG_DFL };
	p->sig_handled = 0;
}

bool signal_children_autoreap(const struct proc *p)
{
	return p->sig_action[SIGCHLD].handler == SIG_IGN ||
	       (p->sig_action[SIGCHLD].flags & SA_NOCLDWAIT);
}

/* Signals whose default action is to stop the process (job control). */
static const uint64_t default_stop = SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) |
				     SIGBIT(SIGTTOU);

/* SIGCONT resumes a stopped process whatever its disposition, and tells the parent. */
static void resume(struct proc *p)
{
	p->stop_report = 0;
	p->cont_report = true;
	sched_make_runnable(p);
	wakeup(p->parent);
}

void signal_force(struct proc *p, int sig)
{
	if (p->state == PROC_ZOMBIE)
		return;
	/* A stop signal cancels a pending continue, and the other way round. */
	if (SIGBIT(sig) & default_stop)
		p->sig_pending &= ~SIGBIT(SIGCONT);
	if (sig == SIGCONT) {
		p->sig_pending &= ~default_stop;
		if (p->state == PROC_STOPPED)
			resume(p);
	}
	p->sig_pending |= SIGBIT(sig);
	if (p->state == PROC_SLEEPING || (p->state == PROC_STOPPED && sig == SIGKILL))
		sched_make_runnable(p);
}

void signal_send(struct proc *p, int sig)
{
	/* As on Linux, init receives only the signals it installed handlers for: nothing
	 * can kill it by accident, not even SIGKILL. */
	if (p == init_proc && !(p->sig_handled & SIGBIT(sig)))
		return;
	signal_force(p, sig);
}

/* The signals that will take effect: pending, not blocked (SIGKILL cannot be), not ignored. */
static uint64_t effective(void)
{
	uint64_t blocked = current->sig_blocked & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
	uint64_t ignored = (current->sig_ignored | (default_ignored & ~current->sig_handled)) &
			   ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
	return current->sig_pending & ~blocked & ~ignored;
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
	wakeup(current->parent);
	schedule();
}

bool signal_fatal_pending(void)
{
	uint64_t live = effective();
	if (stops(live)) {
		/* Stop right here, inside the sleeping system call, and go on sleeping once
		 * continued: the program never sees the stop, as on Linux. */
		stop(__builtin_ctzll(stops(live)) + 1);
		live = effective();
	}
	return (live & ~default_stop) != 0;
}

void signal_deliver(void)
{
	for (;;) {
		uint64_t live = effective();
		/* Ignored ones are simply discarded. */
		current->sig_pending &= ~(current->sig_pending & ~live & ~current->sig_blocked);
		if (!live)
			return;
		int sig = __builtin_ctzll(live) + 1;    /* bit n - 1 is signal n */
		current->sig_pending &= ~SIGBIT(sig);
		if (current->sig_handled & SIGBIT(sig)) {
			static bool warned;
			if (!warned)
				pr_warn("signal: running handlers is not supported yet; %s[%d] gets "
					"the default action of signal %d\n", current->name,
					current->pid, sig);
			warned = true;
		} else if (SIGBIT(sig) & default_stop) {
			stop(sig);
			continue;
		}
		proc_exit_signal(sig);
	}
}
