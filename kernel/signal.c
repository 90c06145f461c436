#include "kernel/signal.h"
#include "kernel/exit.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

#define SIGBIT(sig) (1ULL << (sig))

/* Signals whose default action is to do nothing. */
static const uint64_t default_ignored = SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) |
					SIGBIT(SIGCONT);

void signal_force(struct proc *p, int sig)
{
	if (p->state == PROC_ZOMBIE)
		return;
	p->sig_pending |= SIGBIT(sig);
	if (p->state == PROC_SLEEPING)
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

bool signal_fatal_pending(void)
{
	return effective() != 0;
}

void signal_deliver(void)
{
	uint64_t live = effective();
	/* Ignored ones are simply discarded. */
	current->sig_pending &= ~(current->sig_pending & ~live & ~current->sig_blocked);
	if (!live)
		return;
	int sig = __builtin_ctzll(live);
	current->sig_pending &= ~SIGBIT(sig);
	if (current->sig_handled & SIGBIT(sig)) {
		static bool warned;
		if (!warned)
			pr_warn("signal: running handlers is not supported yet; %s[%d] gets the "
				"default action of signal %d\n", current->name, current->pid, sig);
		warned = true;
	}
	proc_exit_signal(sig);
}
