/*
 * Job control on the console, as Linux's tty_jobctrl.c: the terminal is the controlling
 * terminal of at most one session, and one process group of that session is its
 * foreground group: the one the signal characters reach (tty.c) and the only one that may
 * read it. A process of another (background) group of the session that reads gets
 * SIGTTIN, which stops its group until the shell continues it (`fg`, `bg`); one that
 * writes with TOSTOP, or changes the terminal, gets SIGTTOU.
 *
 * A process's controlling terminal is this one when its session is the terminal's and it
 * has not given it up (TIOCNOTTY: proc->tty_dropped); with a single terminal that is all
 * Linux's signal->tty says.
 */
#include "kernel/drivers/tty.h"
#include "kernel/drivers/tty_state.h"
#include "kernel/errno.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/thread.h"
#include "kernel/signal/signal.h"
#include "mm/uaccess.h"

#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCNOTTY 0x5422
#define TIOCGSID  0x5429

static bool session_leader(const struct proc *p)
{
	return p->sid == p->tgid;
}

/* Is t p's controlling terminal? */
static bool has_ctty(const struct proc *p, const struct tty *t)
{
	return t->session && p->sid == t->session && !p->tty_dropped;
}

bool tty_is_ctty(const struct tty *t)
{
	return has_ctty(current, t);
}

void tty_stat_fields(const struct proc *p, int *tty_nr, int *tpgid)
{
	const struct tty *t = &console_tty;
	*tty_nr = 0;
	*tpgid = -1;
	if (!has_ctty(p, t))
		return;
	uint32_t major = tty_ttyS0_dev.major, minor = tty_ttyS0_dev.minor;
	*tty_nr = (int)((minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12));
	*tpgid = t->pgrp;
}

/* The processes (by their leaders, once each) still running: who a signal reaches. */
#define for_each_live_process(p, it)                                                   \
	list_for_each(it, &all_procs)                                                  \
		if (((p) = list_entry(it, struct proc, all)), (p)->group &&            \
		    (p) == proc_leader(p) && (p)->group->live > 0)

void tty_signal_pgrp(int pgrp, int sig)
{
	struct list_head *it;
	struct proc *p;
	for_each_live_process(p, it)
		if (p->pgid == pgrp)
			signal_send(p, sig);
}

/* Does current ignore or block sig? */
static bool ignores(int sig)
{
	return (current->sig_blocked & sig_bit(sig)) ||
	       current->sighand->action[sig].handler == SIG_IGN;
}

int tty_job_check(struct tty *t, int sig)
{
	if (!tty_is_ctty(t) || !t->pgrp || current->pgid == t->pgrp)
		return 0;
	if (ignores(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (proc_pgrp_orphaned(current->pgid))
		return -EIO;
	tty_signal_pgrp(current->pgid, sig);
	return -ERESTARTSYS;
}

/* t becomes current's session's controlling terminal, its group the foreground one. */
static void acquire(struct tty *t)
{
	t->session = current->sid;
	t->pgrp = current->pgid;
	struct proc *th;
	for_each_thread(current->group, th)
		th->tty_dropped = false;
}

/* The session lets t go (its leader's TIOCNOTTY or exit): the foreground group is hung up
 * (SIGHUP, and SIGCONT so that a stopped one sees it), and t controls no session. */
static void release(struct tty *t)
{
	int pgrp = t->pgrp;
	t->session = t->pgrp = 0;
	if (pgrp) {
		tty_signal_pgrp(pgrp, SIGHUP);
		tty_signal_pgrp(pgrp, SIGCONT);
	}
}

void tty_job_open(struct tty *t, struct file *f, bool may_acquire)
{
	if (may_acquire && session_leader(current) && !t->session && file_readable(f))
		acquire(t);
}

/* TIOCSCTTY: a session leader without one takes t as its controlling terminal; steal
 * (root only) takes it from another session. */
static int set_ctty(struct tty *t, struct file *f, uint64_t steal)
{
	if (session_leader(current) && t->session == current->sid)
		return 0;                       /* already ours */
	if (!session_leader(current))
		return -EPERM;
	bool root = cred_capable_setid(&current->cred);
	if (t->session) {
		if (steal != 1 || !root)
			return -EPERM;
		t->session = t->pgrp = 0;
	}
	if (!file_readable(f) && !root)
		return -EPERM;
	acquire(t);
	return 0;
}

/* TIOCNOTTY: the caller gives up its controlling terminal; a session leader's whole
 * session does (release). */
static int drop_ctty(struct tty *t)
{
	if (!tty_is_ctty(t))
		return -ENOTTY;
	if (session_leader(current)) {
		release(t);
		return 0;
	}
	struct proc *th;
	for_each_thread(current->group, th)
		th->tty_dropped = true;
	return 0;
}

/* The session of process group pgrp (or of process pgrp, when no group has that number),
 * as Linux's session_of_pgrp; 0 when neither exists, -ESRCH when the number is unused. */
static int session_of_pgrp(int pgrp)
{
	struct list_head *it;
	struct proc *p;
	int by_pid = -ESRCH;
	for_each_live_process(p, it) {
		if (p->pgid == pgrp)
			return p->sid;
		if (p->tgid == pgrp)
			by_pid = p->sid;
		else if (p->sid == pgrp && by_pid == -ESRCH)
			by_pid = 0;             /* a number in use, but of no group */
	}
	return by_pid;
}

/* TIOCSPGRP: makes group *arg of the caller's session the foreground one. */
static int set_pgrp(struct tty *t, uint64_t arg)
{
	int err = tty_job_check(t, SIGTTOU);
	if (err)
		return err == -EIO ? -ENOTTY : err;
	if (!tty_is_ctty(t))
		return -ENOTTY;
	int32_t pgrp;
	if (copy_from_user(&pgrp, (void *)arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	int sid = session_of_pgrp(pgrp);
	if (sid == -ESRCH)
		return -ESRCH;
	if (sid != current->sid)
		return -EPERM;
	t->pgrp = pgrp;
	return 0;
}

/* TIOCGPGRP and TIOCGSID: the foreground group, the session; ENOTTY unless t is the
 * caller's controlling terminal. */
static int get_id(struct tty *t, int id, uint64_t arg)
{
	if (!tty_is_ctty(t))
		return -ENOTTY;
	int32_t v = id;
	return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

int tty_job_ioctl(struct tty *t, struct file *f, unsigned long request, uint64_t arg)
{
	switch (request) {
	case TIOCSCTTY: return set_ctty(t, f, arg);
	case TIOCNOTTY: return drop_ctty(t);
	case TIOCGPGRP: return get_id(t, t->pgrp, arg);
	case TIOCSPGRP: return set_pgrp(t, arg);
	case TIOCGSID: return get_id(t, t->session, arg);
	}
	return -ENOIOCTLCMD;
}

void tty_process_exit(struct proc *leader)
{
	struct tty *t = &console_tty;
	if (session_leader(leader) && t->session == leader->sid)
		release(t);
}
