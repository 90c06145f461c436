/* Process system calls: fork, execve, exit, wait4, signals, identities and limits. */
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "fs/fdtable.h"
#include "kernel/proc/cred.h"
#include "kernel/exec/exec.h"
#include "kernel/lib/format.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/thread.h"
#include "kernel/proc/fork.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/qemu.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/sys_fs.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/uaccess.h"

static int64_t sys_fork(void)
{
	return proc_fork(syscall_frame);
}
SYSCALL_DEFINE(57, sys_fork);

static int64_t sys_vfork(void)
{
	return proc_vfork(syscall_frame);
}
SYSCALL_DEFINE(58, sys_vfork);

/* clone(flags, stack, parent_tid, child_tid, tls): x86-64's argument order. */
static int64_t sys_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid,
			 uint64_t child_tid, uint64_t tls)
{
	struct clone_req req = { flags, stack, parent_tid, child_tid, tls };
	return proc_clone(syscall_frame, &req);
}
SYSCALL_DEFINE(56, sys_clone);

static int64_t sys_clone3(const void *uargs, uint64_t size)
{
	return proc_clone3(syscall_frame, uargs, size);
}
SYSCALL_DEFINE(435, sys_clone3);

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

/* Finds what execveat(dirfd, path, ..., flags) runs, into *at, and names it as Linux's
 * bprm->filename: path itself when absolute or from the working directory, else
 * "/dev/fd/N/path", or "/dev/fd/N" for the descriptor itself (AT_EMPTY_PATH). */
static int execveat_file(int dirfd, const char *path, int flags, struct exec_file *at,
			 char *name)
{
	at->nofollow = flags & AT_SYMLINK_NOFOLLOW;
	if (!path[0] && !(flags & AT_EMPTY_PATH))
		return -ENOENT;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		memcpy(name, path, strlen(path) + 1);
		if (path[0])
			return at_dir(dirfd, path, &at->dir);
		at->ip = current->fs->cwd;      /* a directory: EACCES */
		inode_get(at->ip);
		return 0;
	}
	struct file *f = fget(dirfd);
	if (!f)
		return -EBADF;
	int n = path[0] ? ksnprintf(name, PATH_MAX, "/dev/fd/%d/%s", dirfd, path)
			: ksnprintf(name, PATH_MAX, "/dev/fd/%d", dirfd);
	if (n >= PATH_MAX)
		return -ENAMETOOLONG;
	at->script_lost = current->fds->cloexec[dirfd];
	if (!path[0]) {
		at->ip = f->inode;
		inode_get(at->ip);
		return 0;
	}
	return at_dir(dirfd, path, &at->dir);
}

/* execveat: execve of a path from a directory descriptor, or of an open file (fexecve). */
static int64_t sys_execveat(int dirfd, const char *upath, const char *const *uargv,
			    const char *const *uenvp, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *path, *name = kmalloc(PATH_MAX);
	if (!name)
		return -ENOMEM;
	struct exec_file at = { 0 };
	struct exec_args args;
	int err = get_path(upath, &path);
	if (!err) {
		err = execveat_file(dirfd, path, flags, &at, name);
		if (!err)
			err = exec_args_from_user(&args, uargv, uenvp);
		if (!err) {
			err = do_execveat(&at, path, name, &args);
			exec_args_free(&args);
		}
		put_path(path);
	}
	if (at.dir)
		inode_put(at.dir);
	if (at.ip)
		inode_put(at.ip);
	kfree(name);
	return err;
}
SYSCALL_DEFINE(322, sys_execveat);

/* exit ends the calling thread (the process, when it is the last); exit_group ends the
 * process, every thread of it (what the C library's exit() calls). */
static int64_t sys_exit(int code)
{
	proc_exit_thread(code);
}
SYSCALL_DEFINE(60, sys_exit);

static int64_t sys_exit_group(int code)
{
	proc_exit(code);
}
SYSCALL_DEFINE(231, sys_exit_group);

static int64_t sys_wait4(int pid, int *ustatus, int options, struct linux_rusage *uru)
{
	if ((unsigned)options & ~(WNOHANG | WUNTRACED | WCONTINUED | WAIT_THREAD_FLAGS))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;                  /* its group, -pid, does not exist */
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

/* The process's id: its first thread's. */
static int64_t sys_getpid(void)
{
	return current->tgid;
}
SYSCALL_DEFINE(39, sys_getpid);

/* The calling thread's own id. */
static int64_t sys_gettid(void)
{
	return current->pid;
}
SYSCALL_DEFINE(186, sys_gettid);

static int64_t sys_getppid(void)
{
	struct proc *parent = proc_parent(current);
	return parent ? parent->tgid : 0;
}
SYSCALL_DEFINE(110, sys_getppid);

static int64_t sys_set_tid_address(uint64_t tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}
SYSCALL_DEFINE(218, sys_set_tid_address);

/* Sends sig to every process that kill(pid, sig) names with pid <= 0: -1 all but init and
 * the caller; 0 the caller's process group; -n group n. As Linux: a group's kill succeeds
 * if one process could be signalled (else EPERM); kill(-1) when it found any. */
static int64_t kill_many(int pid, int sig)
{
	int group = pid == 0 ? current->pgid : -pid;
	int found = 0, sent = 0;
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (!p->group || p != proc_leader(p))
			continue;               /* a process once, by its leader */
		if (pid == -1 ? (p == init_proc || p->group == current->group) : p->pgid != group)
			continue;
		found++;
		if (!proc_may_signal(p, sig))
			continue;
		if (sig)
			signal_kill(p, sig);    /* a zombie ignores it, but counts as found */
		sent++;
	}
	if (!found)
		return -ESRCH;
	return sent || pid == -1 ? 0 : -EPERM;
}

static int64_t sys_kill(int pid, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (pid <= 0)
		return pid == INT32_MIN ? -ESRCH : kill_many(pid, sig);
	struct proc *p = proc_find(pid);
	if (!p)
		return -ESRCH;
	if (!proc_may_signal(p, sig))
		return -EPERM;
	if (sig)
		signal_kill(p, sig);
	return 0;
}
SYSCALL_DEFINE(62, sys_kill);

/* tgkill and tkill: sig for one thread, tid, of process tgid (tkill: of any). */
static int64_t sys_tgkill(int tgid, int tid, int sig)
{
	if (tid <= 0 || (tgid != -1 && tgid <= 0) || sig < 0 || sig >= NSIG)
		return -EINVAL;
	struct proc *p = proc_find(tid);
	if (!p || !p->group || (p->state == PROC_ZOMBIE && p != proc_leader(p)) ||
	    (tgid != -1 && tgid != p->tgid))
		return -ESRCH;
	if (!proc_may_signal(p, sig))
		return -EPERM;
	if (sig)
		signal_send_thread(p, sig, &(struct sig_info){ .code = SI_TKILL,
							      .pid = current->tgid });
	return 0;
}
SYSCALL_DEFINE(234, sys_tgkill);

static int64_t sys_tkill(int tid, int sig)
{
	return sys_tgkill(-1, tid, sig);
}
SYSCALL_DEFINE(200, sys_tkill);

/* Gives every thread of p's process the process group pgid and session sid, which are
 * the process's. */
static void set_process_ids(struct proc *p, int pgid, int sid)
{
	struct proc *t;
	for_each_thread(p->group, t) {
		t->pgid = pgid;
		t->sid = sid;
	}
}

/* setpgid(pid, pgid): pid 0 is the caller, pgid 0 makes pid its own group's leader. Only
 * the caller or its children, within its session, as POSIX says. */
static int64_t sys_setpgid(int pid, int pgid)
{
	if (pgid < 0)
		return -EINVAL;
	struct proc *p = pid ? proc_find(pid) : current;
	if (!p || !p->group)
		return -ESRCH;
	p = proc_leader(p);
	bool self = p->group == current->group;
	if (!self && p->parent != proc_leader(current))
		return -ESRCH;
	if (p->sid != current->sid)
		return -EPERM;
	if (!self && p->did_exec)
		return -EACCES;                 /* a child may be moved only before it execs */
	if (p->pid == p->sid)
		return -EPERM;                  /* a session leader keeps its group */
	if (!pgid)
		pgid = p->pid;
	if (pgid != p->pid) {
		bool exists = false;            /* joining a group: it must be in this session */
		struct list_head *it;
		list_for_each(it, &all_procs) {
			struct proc *q = list_entry(it, struct proc, all);
			exists |= q->pgid == pgid && q->sid == current->sid;
		}
		if (!exists)
			return -EPERM;
	}
	set_process_ids(p, pgid, p->sid);
	return 0;
}
SYSCALL_DEFINE(109, sys_setpgid);

static int64_t sys_getpgid(int pid)
{
	struct proc *p = pid ? proc_find(pid) : current;
	return p ? p->pgid : -ESRCH;
}
SYSCALL_DEFINE(121, sys_getpgid);

static int64_t sys_getpgrp(void)
{
	return current->pgid;
}
SYSCALL_DEFINE(111, sys_getpgrp);

/* A new session and process group led by the caller; EPERM for a group leader. */
static int64_t sys_setsid(void)
{
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *q = list_entry(it, struct proc, all);
		if (q->pgid == current->tgid)
			return -EPERM;
	}
	set_process_ids(current, current->tgid, current->tgid);
	return current->tgid;
}
SYSCALL_DEFINE(112, sys_setsid);

static int64_t sys_getsid(int pid)
{
	struct proc *p = pid ? proc_find(pid) : current;
	return p ? p->sid : -ESRCH;
}
SYSCALL_DEFINE(124, sys_getsid);

static int64_t sys_rt_sigaction(int sig, const struct k_sigaction *uact,
				struct k_sigaction *uold, uint64_t sigsetsize)
{
	if (sig < 1 || sig >= NSIG || sigsetsize != 8)
		return -EINVAL;
	struct k_sigaction act;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uold && copy_to_user(uold, &current->sighand->action[sig], sizeof(*uold)))
		return -EFAULT;
	if (uact)
		signal_set_action(current, sig, &act);
	return 0;
}
SYSCALL_DEFINE(13, sys_rt_sigaction);

enum { SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2 };

static int64_t sys_rt_sigprocmask(int how, const uint64_t *uset, uint64_t *uold, uint64_t size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t set = 0, old = current->sig_blocked;
	if (uset && copy_from_user(&set, uset, 8))
		return -EFAULT;
	if (uset) {
		set &= ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));  /* these cannot be blocked */
		switch (how) {
		case SIG_BLOCK: current->sig_blocked |= set; break;
		case SIG_UNBLOCK: current->sig_blocked &= ~set; break;
		case SIG_SETMASK: current->sig_blocked = set; break;
		default: return -EINVAL;
		}
	}
	return uold && copy_to_user(uold, &old, 8) ? -EFAULT : 0;
}
SYSCALL_DEFINE(14, sys_rt_sigprocmask);

/* rt_sigsuspend: waits with mask as the blocked set until a signal runs a handler or ends
 * the process; the handler's frame keeps the mask from before, so its return restores it.
 * Always -EINTR (after the handler) as on Linux. */
static int64_t sys_rt_sigsuspend(const uint64_t *umask, uint64_t size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t mask;
	if (copy_from_user(&mask, umask, 8))
		return -EFAULT;
	signal_temporary_mask(mask);
	irq_disable();
	while (!signal_pending())
		sleep_on(&current->wake_tick, UINT64_MAX);
	irq_enable();
	return -ERESTARTNOHAND;
}
SYSCALL_DEFINE(130, sys_rt_sigsuspend);

/* The signals waiting because they are blocked. */
static int64_t sys_rt_sigpending(uint64_t *uset, uint64_t size)
{
	if (size > 8)
		return -EINVAL;
	uint64_t set = signal_pending_set(current) & current->sig_blocked;
	return copy_to_user(uset, &set, size) ? -EFAULT : 0;
}
SYSCALL_DEFINE(127, sys_rt_sigpending);

enum { ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004 };

static int64_t sys_arch_prctl(int code, uint64_t addr)
{
	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (addr >= USER_TOP)
			return -EPERM;
		*(code == ARCH_SET_FS ? &current->fs_base : &current->gs_base) = addr;
		wrmsr(code == ARCH_SET_FS ? MSR_FS_BASE : MSR_GS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void *)addr, &current->fs_base, 8);
	case ARCH_GET_GS:
		return copy_to_user((void *)addr, &current->gs_base, 8);
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

/* sched_getaffinity: the CPUs pid (0: the caller) may run on, as a bit mask: here the one
 * CPU, 0. As Linux's: len must hold a bit per CPU and be a multiple of a long; it returns
 * the bytes written, one long (Linux's cpumask_size for up to 64 CPUs). */
static int64_t sys_sched_getaffinity(int pid, uint32_t len, uint64_t *umask)
{
	if (len * 8ULL < 1 || (len & (sizeof(uint64_t) - 1)))
		return -EINVAL;
	if (pid < 0 || (pid && !proc_find(pid)))
		return -ESRCH;                  /* a zombie not yet waited for is found */
	uint64_t mask = 1;
	return copy_to_user(umask, &mask, sizeof(mask)) ? -EFAULT : (int64_t)sizeof(mask);
}
SYSCALL_DEFINE(204, sys_sched_getaffinity);

/* getcpu: the CPU the caller runs on and its NUMA node, each where a pointer is given: here
 * both 0, the one CPU. The third argument, a cache, has been unused since Linux 2.6.24.
 * EFAULT when either cannot be written, as Linux (both are tried). */
static int64_t sys_getcpu(uint32_t *ucpu, uint32_t *unode)
{
	uint32_t zero = 0;
	int err = 0;
	if (ucpu)
		err |= copy_to_user(ucpu, &zero, sizeof(zero));
	if (unode)
		err |= copy_to_user(unode, &zero, sizeof(zero));
	return err ? -EFAULT : 0;
}
SYSCALL_DEFINE(309, sys_getcpu);

static int64_t sys_prlimit64(int pid, unsigned resource, const struct linux_rlimit *unew,
			     struct linux_rlimit *uold)
{
	struct proc *p = pid ? proc_find(pid) : current;
	if (!p || !p->group)
		return -ESRCH;
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (uold && copy_to_user(uold, &p->rlimits[resource], sizeof(*uold)))
		return -EFAULT;
	if (!unew)
		return 0;
	struct linux_rlimit r;
	if (copy_from_user(&r, unew, sizeof(r)))
		return -EFAULT;
	if (r.rlim_cur > r.rlim_max)
		return -EINVAL;
	if (r.rlim_max > p->rlimits[resource].rlim_max && current_cred()->euid != 0)
		return -EPERM;                  /* raising a hard limit (CAP_SYS_RESOURCE) */
	struct proc *t;
	for_each_thread(p->group, t)            /* the process's: every thread holds them */
		t->rlimits[resource] = r;
	proc_sync_mm_limits(p);
	return 0;
}
SYSCALL_DEFINE(302, sys_prlimit64);

static int64_t sys_getrlimit(unsigned resource, struct linux_rlimit *uold)
{
	return sys_prlimit64(0, resource, NULL, uold);
}
SYSCALL_DEFINE(97, sys_getrlimit);

static int64_t sys_setrlimit(unsigned resource, const struct linux_rlimit *unew)
{
	return sys_prlimit64(0, resource, unew, NULL);
}
SYSCALL_DEFINE(160, sys_setrlimit);

enum { RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1 };

/* RUSAGE_THREAD is RUSAGE_SELF: every process has one thread. */
static int64_t sys_getrusage(int who, struct linux_rusage *uru)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	struct linux_rusage ru;
	if (who == RUSAGE_THREAD)
		proc_rusage_thread(current, &ru);
	else
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
