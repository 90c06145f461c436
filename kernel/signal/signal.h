/*
 * Signals, as Linux delivers them: a signal is made pending (by kill, the terminal, a fault,
 * a child's exit); on its way back to user mode a thread acts on the pending signals it
 * does not block: ignore, terminate the process, stop it (until SIGCONT), or run the
 * program's handler on a frame pushed on its stack (kernel/signal/signal_frame.c), from
 * which rt_sigreturn restores it. A signal is sent to a process (kill, the terminal, a
 * child's end, a timer): then any of its threads that does not block it takes it; or to
 * one thread (tgkill, a fault it made). Each thread has its own mask; the actions are the
 * process's.
 */
#ifndef KERNEL_SIGNAL_SIGNAL_H
#define KERNEL_SIGNAL_SIGNAL_H

#include "kernel/proc/proc.h"

enum {
	SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7,
	SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
	SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20,
	SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26,
	SIGPROF = 27, SIGWINCH = 28, SIGSYS = 31,
};

#define SIG_DFL 0
#define SIG_IGN 1

/* sa_flags (Linux's values). */
#define SA_NOCLDSTOP 0x1
#define SA_NOCLDWAIT 0x2                /* children do not become zombies */
#define SA_SIGINFO   0x4                /* the handler takes (sig, siginfo, ucontext) */
#define SA_ONSTACK   0x08000000         /* run the handler on the sigaltstack */
#define SA_RESTART   0x10000000         /* restart a system call the signal interrupted */
#define SA_NODEFER   0x40000000         /* do not block the signal during its handler */
#define SA_RESETHAND 0x80000000         /* back to SIG_DFL once delivered */
#define SA_RESTORER  0x04000000         /* sa_restorer is where the handler returns */

/* siginfo's si_code values that this kernel produces. */
enum {
	SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6,
	SEGV_MAPERR = 1, SEGV_ACCERR = 2, BUS_ADRERR = 2, ILL_ILLOPN = 2, FPE_INTDIV = 1,
	CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6, FPE_FLTINV = 7,
};

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

/* Makes sig pending for p's process with what its handler will be told (info), and wakes
 * its sleeping threads, so that one that does not block it takes it. A signal p ignores is
 * dropped; signals sent to init that it has no handler for are dropped, as Linux does.
 * SIGKILL goes to every thread at once. */
void signal_send_info(struct proc *p, int sig, const struct sig_info *info);

/* The same for thread t alone (tgkill, and how the end of a process reaches its threads). */
void signal_send_thread(struct proc *t, int sig, const struct sig_info *info);

/* SIGKILL for thread t, from its own process's end (exit_group, a fatal signal, execve):
 * nothing stops it, not even being a thread of init. */
void signal_end_thread(struct proc *t);

/* The signals pending for p: its own and its process's. */
uint64_t signal_pending_set(const struct proc *p);

/* The siginfo of sig pending for thread p alone (thread) or for its process; NULL when it
 * is not pending there. */
const struct sig_info *signal_pending_info(const struct proc *p, int sig, bool thread);

/* Takes the lowest signal of set pending for current (its own before its process's) off
 * the pending set without acting on it: its number, with its siginfo in info, or 0. */
int signal_dequeue(uint64_t set, struct sig_info *info);

/* signal_send_info from the kernel (si_code SI_KERNEL), or from kill (SI_USER, our pid). */
void signal_send(struct proc *p, int sig);
void signal_kill(struct proc *p, int sig);

/* A signal current caused itself (a fault in trap frame tf at addr, si_code code): it
 * cannot be blocked or ignored: if it is, its action becomes SIG_DFL, as on Linux. */
void signal_force_fault(const struct trap_frame *tf, int sig, int code, uint64_t addr);

/* On every way back to user mode: acts on current's pending signals, pushing a handler
 * frame on tf's stack for each handled one, and restarts (or fails with EINTR) a system
 * call that a signal interrupted. */
void signal_deliver(struct trap_frame *tf);

/* For a sleeping system call: true when it should stop sleeping and return -ERESTARTSYS
 * (or -EINTR): a pending signal will act (end the process or run a handler) on the way
 * back to user mode, or a stop signal has just stopped and continued the process here. */
bool signal_pending(void);

/* rt_sigsuspend, ppoll, pselect6: current waits with mask (SIGKILL and SIGSTOP cannot be
 * in it) as its blocked set; the mask from before returns with signal_end_temporary_mask,
 * or, when a signal interrupts the wait, once its handler's frame has saved the old one. */
void signal_temporary_mask(uint64_t mask);

/* The wait ended: the mask from before returns now, unless the call was interrupted
 * (returns -ERESTARTNOHAND), when delivery restores it. */
void signal_end_temporary_mask(int64_t result);

/* True when a pending signal will act on the way back to user mode (stops aside). */
bool signal_acts(void);

/* The siginfo_t a handler or sigtimedwait is given for sig with info. */
void signal_fill_siginfo(struct linux_siginfo *si, int sig, const struct sig_info *info);

/* Builds the frame for handler ka of sig on tf's stack (kernel/signal/signal_frame.c) and
 * points tf at the handler; 0, or -EFAULT when the stack cannot take it. */
int signal_setup_frame(struct trap_frame *tf, int sig, const struct k_sigaction *ka,
		       const struct sig_info *info, uint64_t old_mask);

#endif
