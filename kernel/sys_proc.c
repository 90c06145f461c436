/* Process system calls: fork, execve, exit, wait4, signals, identities and limits. */
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/exit.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "kernel/qemu.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall_def.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/uaccess.h"

static int64_t sys_fork(void)
{
	return proc_fork(syscall_frame);
}
SYSCALL_DEFINE(57, sys_fork);
SYSCALL_DEFINE(58, sys_fork);           /* vfork: a full fork is a correct vfork */

#define CSIGNAL 0xff

/* clone: only the fork-like form (no shared memory, no threads) exists so far. */
static int64_t sys_clone(uint64_t flags)
{
	if ((flags & ~(uint64_t)CSIGNAL) != 0 || (flags & CSIGNAL) != SIGCHLD)
		return -ENOSYS;
	return proc_fork(syscall_frame);
}
SYSCALL_DEFINE(56, sys_clone);

static int64_t sys_execve(const char *upath, const char *const *uargv, const char *const *uenvp)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long len = strncpy_from_user(path, upath, PATH_MAX);
	struct exec_args args;
	int err = len < 0 ? (int)len : exec_args_from_user(&args, uargv, uenvp);
	if (!err) {
		err = do_execve(path, &args);
		exec_args_free(&args);
	}
	kfree(path);
	/* On success the trap frame now starts the new program; rax is its first rax. */
	return err ? err : 0;
}
SYSCALL_DEFINE(59, sys_execve);

static int64_t sys_exit(int code)
{
	proc_exit(code);
}
SYSCALL_DEFINE(60, sys_exit);
SYSCALL_DEFINE(231, sys_exit);          /* exit_group: one thread per process */

static int64_t sys_wait4(int pid, int *ustatus, int options, struct linux_rusage *uru)
{
	if (options & ~(WNOHANG | 2 /* WUNTRACED */ | 8 /* WCONTINUED */))
		return -EINVAL;
	int status = 0;
	struct linux_rusage ru;
	int r = proc_wait(pid, &status, options, uru ? &ru : NULL);
	if (r > 0 && ustatus && copy_to_user(ustatus, &status, sizeof(status)))
		return -EFAULT;
	if (r > 0 && uru && copy_to_user(uru, &ru, sizeof(ru)))
		return -EFAULT;
	return r;
}
SYSCALL_DEFINE(61, sys_wait4);

static int64_t sys_getpid(void)
{
	return current->pid;
}
SYSCALL_DEFINE(39, sys_getpid);
SYSCALL_DEFINE(186, sys_getpid);        /* gettid: one thread per process */

static int64_t sys_getppid(void)
{
	return current->parent ? current->parent->pid : 0;
}
SYSCALL_DEFINE(110, sys_getppid);

static int64_t sys_set_tid_address(uint64_t tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}
SYSCALL_DEFINE(218, sys_set_tid_address);

/* We are root, and so is everything we run. */
static int64_t sys_getuid(void)
{
	return 0;
}
SYSCALL_DEFINE(102, sys_getuid);
SYSCALL_DEFINE(104, sys_getuid);        /* getgid */
SYSCALL_DEFINE(107, sys_getuid);        /* geteuid */
SYSCALL_DEFINE(108, sys_getuid);        /* getegid */

static int64_t sys_kill(int pid, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (pid <= 0) {
		/* 0 and -1: every process we may signal (no process groups yet). */
		int sent = 0;
		struct list_head *it;
		list_for_each(it, &all_procs) {
			struct proc *p = list_entry(it, struct proc, all);
			if (p == init_proc || (pid == -1 && p == current) || p->state == PROC_ZOMBIE)
				continue;
			if (sig)
				signal_send(p, sig);
			sent++;
		}
		return sent ? 0 : -ESRCH;
	}
	struct proc *p = proc_find(pid);
	if (!p)
		return -ESRCH;
	if (sig)
		signal_send(p, sig);
	return 0;
}
SYSCALL_DEFINE(62, sys_kill);

/* struct k_sigaction as the kernel ABI has it. */
struct linux_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

#define SIG_DFL 0
#define SIG_IGN 1

static int64_t sys_rt_sigaction(int sig, const struct linux_sigaction *uact,
				struct linux_sigaction *uold, uint64_t sigsetsize)
{
	if (sig < 1 || sig >= NSIG || sigsetsize != 8)
		return -EINVAL;
	uint64_t bit = 1ULL << sig;
	if (uold) {
		struct linux_sigaction old = {0};
		old.handler = (current->sig_ignored & bit) ? SIG_IGN :
			      (current->sig_handled & bit) ? 2 : SIG_DFL;
		if (copy_to_user(uold, &old, sizeof(old)))
			return -EFAULT;
	}
	if (!uact)
		return 0;
	if (sig == SIGKILL || sig == SIGSTOP)
		return -EINVAL;
	struct linux_sigaction act;
	if (copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	current->sig_ignored &= ~bit;
	current->sig_handled &= ~bit;
	if (act.handler == SIG_IGN) {
		current->sig_ignored |= bit;
		current->sig_pending &= ~bit;
	} else if (act.handler != SIG_DFL) {
		current->sig_handled |= bit;
	}
	return 0;
}
SYSCALL_DEFINE(13, sys_rt_sigaction);

enum { SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2 };

static int64_t sys_rt_sigprocmask(int how, const uint64_t *uset, uint64_t *uold, uint64_t size)
{
	if (size != 8)
		return -EINVAL;
	if (uold && copy_to_user(uold, &current->sig_blocked, 8))
		return -EFAULT;
	if (!uset)
		return 0;
	uint64_t set;
	if (copy_from_user(&set, uset, 8))
		return -EFAULT;
	switch (how) {
	case SIG_BLOCK: current->sig_blocked |= set; break;
	case SIG_UNBLOCK: current->sig_blocked &= ~set; break;
	case SIG_SETMASK: current->sig_blocked = set; break;
	default: return -EINVAL;
	}
	return 0;
}
SYSCALL_DEFINE(14, sys_rt_sigprocmask);

enum { ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004 };

static int64_t sys_arch_prctl(int code, uint64_t addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM;
		current->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void *)addr, &current->fs_base, 8);
	default:
		return -EINVAL;
	}
}
SYSCALL_DEFINE(158, sys_arch_prctl);

static int64_t sys_sched_yield(void)
{
	need_resched = true;
	return 0;
}
SYSCALL_DEFINE(24, sys_sched_yield);

static int64_t sys_prlimit64(int pid, unsigned resource, const struct rlimit64 *unew,
			     struct rlimit64 *uold)
{
	struct proc *p = pid ? proc_find(pid) : current;
	if (!p)
		return -ESRCH;
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (uold && copy_to_user(uold, &p->rlimits[resource], sizeof(*uold)))
		return -EFAULT;
	if (!unew)
		return 0;
	struct rlimit64 r;
	if (copy_from_user(&r, unew, sizeof(r)))
		return -EFAULT;
	if (r.cur > r.max)
		return -EINVAL;
	p->rlimits[resource] = r;
	return 0;
}
SYSCALL_DEFINE(302, sys_prlimit64);

static int64_t sys_getrlimit(unsigned resource, struct rlimit64 *uold)
{
	return sys_prlimit64(0, resource, NULL, uold);
}
SYSCALL_DEFINE(97, sys_getrlimit);

static int64_t sys_setrlimit(unsigned resource, const struct rlimit64 *unew)
{
	return sys_prlimit64(0, resource, unew, NULL);
}
SYSCALL_DEFINE(160, sys_setrlimit);

enum { RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1 };

static int64_t sys_getrusage(int who, struct linux_rusage *uru)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN)
		return -EINVAL;
	struct linux_rusage ru;
	proc_rusage(current, who == RUSAGE_CHILDREN, &ru);
	return copy_to_user(uru, &ru, sizeof(ru));
}
SYSCALL_DEFINE(98, sys_getrusage);

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc
#define LINUX_REBOOT_CMD_RESTART   0x01234567
#define LINUX_REBOOT_CMD_HALT      0xcdef0123

static int64_t sys_reboot(uint32_t magic1, uint32_t magic2, uint32_t cmd)
{
	(void)magic2;
	if (magic1 != LINUX_REBOOT_MAGIC1)
		return -EINVAL;
	if (cmd != LINUX_REBOOT_CMD_POWER_OFF && cmd != LINUX_REBOOT_CMD_HALT &&
	    cmd != LINUX_REBOOT_CMD_RESTART)
		return -EINVAL;
	vmstat_log();
	printk("reboot: Power down\n");
	qemu_exit(QEMU_EXIT_PASS);
	for (;;) {
		irq_disable();
		cpu_halt();
	}
}
SYSCALL_DEFINE(169, sys_reboot);
