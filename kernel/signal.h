/*
 * Signals, for now with their default actions only: a pending signal that is not ignored
 * ends the process (or is dropped, for those whose default is to ignore) when it next
 * returns to user mode. Running handlers comes with the mmap issue; rt_sigaction already
 * records every action as given, so that SIG_IGN works and programs read back what they
 * set.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/proc.h"

enum {
	SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
	SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
	SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20,
	SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGWINCH = 28,
};

#define SIG_DFL 0
#define SIG_IGN 1
#define SA_NOCLDWAIT 0x2                /* children do not become zombies */

/* The bit of signal sig (1..64) in a signal set, as in Linux's sigset_t. */
#define sig_bit(sig) (1ULL << ((sig) - 1))

/* Sets p's action for sig (not SIGKILL or SIGSTOP); setting SIG_IGN discards a pending
 * sig, as POSIX requires. */
void signal_set_action(struct proc *p, int sig, const struct k_sigaction *act);

/* execve: handlers go with the old program (those signals return to SIG_DFL); ignored
 * signals stay ignored, and the mask and pending signals stay. */
void signal_reset_handlers(struct proc *p);

/* True when p's exited children should not become zombies (SIGCHLD ignored, or
 * SA_NOCLDWAIT), as Linux: they are reaped at once and wait reports ECHILD. */
bool signal_children_autoreap(const struct proc *p);

/* Marks sig pending for p and wakes p if it sleeps, so that it sees it. Signals sent to
 * init that it has no handler for are dropped, as Linux does. */
void signal_send(struct proc *p, int sig);

/* The same for a signal the process caused itself (a fault): it cannot be refused. */
void signal_force(struct proc *p, int sig);

/* On the way back to user mode: acts on current's pending signals. */
void signal_deliver(void);

/* True when current has a pending signal that will end it (a sleep should stop). */
bool signal_fatal_pending(void);

#endif
