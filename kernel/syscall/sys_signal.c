/*
 * Waiting for signals and sending them with a value: rt_sigtimedwait (sigwait,
 * sigwaitinfo, sigtimedwait) takes a pending signal from a set without running its
 * handler; rt_sigqueueinfo and rt_tgsigqueueinfo (sigqueue) send one with a siginfo the
 * sender fills, whose si_value the receiver gets. A signal already pending merges with a
 * new one of the same number; a real-time one queues behind it (kernel/signal/sigqueue.c).
 */
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/linux_abi.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

#define NSEC_PER_TICK (1000000000LL / HZ)

/* Sleeps until a signal of set is pending, another signal acts, or the deadline passes. */
static void wait_for(uint64_t set, uint64_t deadline)
{
	irq_disable();
	while (!(signal_pending_set(current) & set) && !signal_pending() &&
	       (!deadline || time_ns() < deadline))
		sleep_on(&current->wake_tick, deadline);
	irq_enable();
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize): the signal's number with its siginfo,
 * -EAGAIN when the timeout passes, -EINTR when another signal's handler is to run. */
static int64_t sys_rt_sigtimedwait(const uint64_t *uset, struct linux_siginfo *uinfo,
				   const struct timespec64 *uts, uint64_t sigsetsize)
{
	if (sigsetsize != 8)
		return -EINVAL;
	uint64_t set;
	struct timespec64 ts;
	if (copy_from_user(&set, uset, 8) || (uts && copy_from_user(&ts, uts, sizeof(ts))))
		return -EFAULT;
	if (uts && !timespec_valid(&ts))
		return -EINVAL;
	set &= ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
	struct sig_info info;
	int sig = signal_dequeue(set, &info);
	if (!sig && !(uts && ts.tv_sec == 0 && ts.tv_nsec == 0)) {
		wait_for(set, uts ? time_deadline_in(timespec_to_ns(&ts)) : 0);
		sig = signal_dequeue(set, &info);
		if (!sig && signal_pending())
			return -EINTR;
	}
	if (!sig)
		return -EAGAIN;
	if (uinfo) {
		struct linux_siginfo si;
		signal_fill_siginfo(&si, sig, &info);
		if (copy_to_user(uinfo, &si, sizeof(si)))
			return -EFAULT;
	}
	return sig;
}
SYSCALL_DEFINE(128, sys_rt_sigtimedwait);

/* Reads the sender's siginfo and checks its si_code as Linux does: a process may give
 * another only the codes of user space (negative, not SI_TKILL), so that it cannot pose as
 * the kernel or as kill. 0, -EFAULT or -EPERM. */
static int get_queue_info(int to_pid, const struct linux_siginfo *usi, struct sig_info *info)
{
	struct linux_siginfo si;
	if (copy_from_user(&si, usi, sizeof(si)))
		return -EFAULT;
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && to_pid != current->pid)
		return -EPERM;
	*info = (struct sig_info){ .code = si.si_code, .pid = si.u.rt.pid, .value = si.u.rt.value };
	return 0;
}

/* Linux's order of checks: the siginfo, the target, then the signal number. */
static int64_t queue_to(struct proc *p, bool thread, int sig, const struct sig_info *info)
{
	if (!p || !p->group)
		return -ESRCH;
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!proc_may_signal(p, sig))
		return -EPERM;
	if (sig && thread)
		signal_send_thread(p, sig, info);
	else if (sig)
		signal_send_info(p, sig, info);
	return 0;
}

static int64_t sys_rt_sigqueueinfo(int pid, int sig, const struct linux_siginfo *uinfo)
{
	struct sig_info info;
	int err = get_queue_info(pid, uinfo, &info);
	if (err)
		return err;
	return queue_to(pid > 0 ? proc_find(pid) : NULL, false, sig, &info);
}
SYSCALL_DEFINE(129, sys_rt_sigqueueinfo);

/* The same for one thread, tid, of process tgid. */
static int64_t sys_rt_tgsigqueueinfo(int tgid, int tid, int sig,
				     const struct linux_siginfo *uinfo)
{
	struct sig_info info;
	int err = get_queue_info(tid, uinfo, &info);
	if (err == -EFAULT)
		return err;
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (err)
		return err;
	struct proc *t = proc_find(tid);
	bool found = t && t->group && t->tgid == tgid &&
		     !(t->state == PROC_ZOMBIE && t != t->group->leader);
	return queue_to(found ? t : NULL, true, sig, &info);
}
SYSCALL_DEFINE(297, sys_rt_tgsigqueueinfo);
