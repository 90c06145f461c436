/* Starting processes: fork, vfork and clone. */
#ifndef KERNEL_PROC_FORK_H
#define KERNEL_PROC_FORK_H

#include "kernel/proc/proc.h"

/* clone(2)'s flags (Linux's include/uapi/linux/sched.h); the low byte is the signal the
 * parent gets when the child ends. */
#define CSIGNAL              0x000000ffu
#define CLONE_VM             0x00000100u
#define CLONE_FS             0x00000200u
#define CLONE_FILES          0x00000400u
#define CLONE_SIGHAND        0x00000800u
#define CLONE_PIDFD          0x00001000u
#define CLONE_PTRACE         0x00002000u
#define CLONE_VFORK          0x00004000u
#define CLONE_PARENT         0x00008000u
#define CLONE_THREAD         0x00010000u
#define CLONE_NEWNS          0x00020000u
#define CLONE_SYSVSEM        0x00040000u
#define CLONE_SETTLS         0x00080000u
#define CLONE_PARENT_SETTID  0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_DETACHED       0x00400000u
#define CLONE_UNTRACED       0x00800000u
#define CLONE_CHILD_SETTID   0x01000000u
#define CLONE_CLEAR_SIGHAND  0x100000000ull     /* clone3 only: handlers back to SIG_DFL */
#define CLONE_INTO_CGROUP    0x200000000ull     /* clone3 only */

/* What clone(2) was asked for, in the order of its arguments on x86-64. */
struct clone_req {
	uint64_t flags;
	uint64_t stack;                 /* the child's stack pointer; 0: the parent's */
	uint64_t parent_tid;            /* CLONE_PARENT_SETTID: the child's pid, in the parent */
	uint64_t child_tid;             /* CLONE_CHILD_SETTID/CLEARTID: in the child */
	uint64_t tls;                   /* CLONE_SETTLS: the child's FS base */
};

/* fork(2): a copy of current whose copy of tf returns 0. Returns the child's pid or an
 * error. */
int proc_fork(const struct trap_frame *tf);

/* clone(2) as Linux checks and does it, for the forms this kernel has: a new process with
 * its own stack, TLS and tid words, with a copy of the caller's memory, or (CLONE_VM with
 * CLONE_VFORK, as vfork and posix_spawn ask) running in the caller's memory while the
 * caller waits for it to exec or exit. Returns the child's pid, -EINVAL for a combination
 * Linux refuses, or -ENOSYS (logged) for sharing this kernel cannot do yet (threads). */
int proc_clone(const struct trap_frame *tf, const struct clone_req *req);

/* clone3(2): clone with its arguments in a struct clone_args of size bytes. */
int proc_clone3(const struct trap_frame *tf, const void *uargs, uint64_t size);

/* vfork(2): clone(CLONE_VM | CLONE_VFORK | SIGCHLD) on the caller's own stack. */
int proc_vfork(const struct trap_frame *tf);

/* A vfork child p gives its parent's memory back (it execs or exits): the parent runs
 * on. Nothing for other processes. */
void vfork_release(struct proc *p);

#endif
