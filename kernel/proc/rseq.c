/*
 * rseq(2): registering a thread's area, and keeping it true on the way back to user mode
 * (kernel/proc/rseq.h says when). The checks that need no user memory are in
 * rseq_check.c, shared with the host tests.
 */
#include "kernel/proc/rseq.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/proc/fork.h"
#include "kernel/proc/rseq_check.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/uaccess.h"

#include <stddef.h>

/* The one CPU's number, what cpu_id_start and cpu_id say. */
#define THIS_CPU 0u

/* The address of field f of p's registered area. */
#define AREA_FIELD(p, f) ((void *)((p)->rseq_area + offsetof(struct linux_rseq, f)))

/* Reads the critical section p's area points to into cs, checked as Linux's
 * rseq_get_rseq_cs: 0 (cs all zero when rseq_cs is 0), -EFAULT when the area, the
 * descriptor or the signature cannot be read, -EINVAL when the descriptor is not valid or
 * the 4 bytes before abort_ip are not p's signature. */
static int read_cs(const struct proc *p, struct linux_rseq_cs *cs)
{
	uint64_t ptr;
	if (copy_from_user(&ptr, AREA_FIELD(p, rseq_cs), sizeof(ptr)))
		return -EFAULT;
	if (!ptr) {
		*cs = (struct linux_rseq_cs){ 0 };
		return 0;
	}
	if (ptr >= USER_TOP)
		return -EINVAL;
	if (copy_from_user(cs, (const void *)ptr, sizeof(*cs)))
		return -EFAULT;
	int err = rseq_check_cs(cs, USER_TOP);
	if (err)
		return err;
	uint32_t sig;
	if (copy_from_user(&sig, (const void *)(cs->abort_ip - sizeof(sig)), sizeof(sig)))
		return -EFAULT;
	if (sig != p->rseq_sig) {
		/* Linux's warning: a jump to an abort_ip the program did not mark. */
		pr_warn("rseq: %s[%d]: signature 0x%x before abort_ip 0x%lx, expected 0x%x\n",
			p->name, p->pid, sig, cs->abort_ip, p->rseq_sig);
		return -EINVAL;
	}
	return 0;
}

/* Warns, once per kind, of flags Linux 6.0 deprecated (the NO_RESTART ones) or never had;
 * true when there are any: they make a section invalid, as Linux's rseq_warn_flags. */
static bool flags_refused(const char *where, uint32_t flags)
{
	static bool warned;
	if (!flags)
		return false;
	if (!warned) {
		warned = true;
		pr_warn("rseq: flags 0x%x in struct %s are not supported (deprecated since Linux "
			"6.0)\n", flags, where);
	}
	return true;
}

/* Whether p's interrupted section must abort (Linux's rseq_need_restart): 1 if anything
 * happened to p since the last look (and forgets it), 0 if not, -EINVAL for flags in the
 * descriptor or the area, -EFAULT when the area's flags cannot be read. */
static int need_restart(struct proc *p, uint32_t cs_flags)
{
	if (flags_refused("rseq_cs", cs_flags))
		return -EINVAL;
	uint32_t flags;
	if (copy_from_user(&flags, AREA_FIELD(p, flags), sizeof(flags)))
		return -EFAULT;
	if (flags_refused("rseq", flags))
		return -EINVAL;
	uint8_t events = p->rseq_events;
	p->rseq_events = 0;
	return events != 0;
}

/* Sets p's rseq_cs to 0, as Linux's clear_rseq_cs: the section is over, run or aborted.
 * 0 or -EFAULT. */
static int clear_cs(const struct proc *p)
{
	uint64_t zero = 0;
	return copy_to_user(AREA_FIELD(p, rseq_cs), &zero, sizeof(zero));
}

/* Moves tf's instruction pointer to abort_ip when it lies in the critical section p's
 * area points to and something interrupted it, and clears rseq_cs either way (Linux's
 * rseq_ip_fixup). 0 or -errno. */
static int ip_fixup(struct proc *p, struct trap_frame *tf)
{
	struct linux_rseq_cs cs;
	int err = read_cs(p, &cs);
	if (err)
		return err;
	if (!rseq_in_section(tf->rip, &cs))
		return clear_cs(p);
	err = need_restart(p, cs.flags);
	if (err <= 0)
		return err;
	err = clear_cs(p);
	if (err)
		return err;
	tf->rip = cs.abort_ip;
	return 0;
}

/* Writes the CPU number into p's area: cpu_id_start, then cpu_id. 0 or -EFAULT. */
static int update_cpu_id(const struct proc *p)
{
	uint32_t ids[2] = { THIS_CPU, THIS_CPU };
	_Static_assert(offsetof(struct linux_rseq, cpu_id) == sizeof(uint32_t), "cpu_id");
	return copy_to_user(AREA_FIELD(p, cpu_id_start), ids, sizeof(ids));
}

/* The fix-up and the update for a registered current, or SIGSEGV when either fails
 * (Linux's __rseq_handle_notify_resume); sig: the signal being delivered, or 0. */
static void handle_resume(struct trap_frame *tf, int sig)
{
	struct proc *p = current;
	if (ip_fixup(p, tf) < 0 || update_cpu_id(p)) {
		/* Linux's force_sigsegv: if SIGSEGV's own handler was being set up, the
		 * next SIGSEGV takes the default action. */
		if (sig == SIGSEGV)
			signal_set_action(p, SIGSEGV, &(struct k_sigaction){ .handler = SIG_DFL });
		signal_force_fault(tf, SIGSEGV, SI_KERNEL, 0);
	}
}

void rseq_notify_resume(struct trap_frame *tf)
{
	current->rseq_notify = false;
	if (current->rseq_area)
		handle_resume(tf, 0);
}

void rseq_signal_deliver(struct trap_frame *tf, int sig)
{
	current->rseq_events |= RSEQ_EVENT_SIGNAL;
	if (current->rseq_area)
		handle_resume(tf, sig);
}

void rseq_fork(struct proc *child, uint64_t clone_flags)
{
	if (clone_flags & CLONE_VM) {
		child->rseq_area = 0;
		child->rseq_sig = 0;
		child->rseq_events = 0;
		child->rseq_notify = false;
		return;
	}
	child->rseq_area = current->rseq_area;
	child->rseq_sig = current->rseq_sig;
	/* Linux's wake_up_new_task counts the child's first run as a migration. */
	child->rseq_events = current->rseq_events | RSEQ_EVENT_MIGRATE;
	child->rseq_notify = child->rseq_area != 0;
}

void rseq_execve(struct proc *p)
{
	p->rseq_area = 0;
	p->rseq_sig = 0;
	p->rseq_events = 0;
	p->rseq_notify = false;
}

/* Unregistering: cpu_id_start back to 0 and cpu_id to RSEQ_CPU_ID_UNINITIALIZED, so that
 * whoever reads the area sees nobody keeps it (Linux's rseq_reset_rseq_cpu_id); 0, or
 * -EFAULT with the registration left as it was. */
static int64_t unregister(struct proc *p)
{
	uint32_t start = 0, id = RSEQ_CPU_ID_UNINITIALIZED;
	if (copy_to_user(AREA_FIELD(p, cpu_id_start), &start, sizeof(start)) ||
	    copy_to_user(AREA_FIELD(p, cpu_id), &id, sizeof(id)))
		return -EFAULT;
	p->rseq_area = 0;
	p->rseq_sig = 0;
	return 0;
}

/* rseq(area, len, flags, sig): registers area (len 32, 32-byte aligned) for the calling
 * thread, with the signature that must precede each abort_ip, or with RSEQ_FLAG_UNREGISTER
 * forgets it. Errors as Linux 6.1, in its order (rseq_check_call), then EFAULT for an area
 * it cannot read. A new registration writes the CPU number on the way back to user mode:
 * an area that is not writable is then the caller's SIGSEGV. */
static int64_t sys_rseq(uint64_t area, uint32_t len, int flags, uint32_t sig)
{
	struct proc *p = current;
	struct rseq_reg reg = { p->rseq_area, p->rseq_sig };
	int op = rseq_check_call(&reg, area, len, flags, sig, USER_TOP);
	if (op < 0)
		return op;
	if (op == RSEQ_UNREGISTER)
		return unregister(p);
	/* A C library may reuse an area whose rseq_cs still names a section of the thread
	 * that had it; the first look would find it not valid. So it is cleared, as Linux
	 * 6.13 does and its stable kernels since (6.1.y among them): an area that cannot be
	 * read is EFAULT here rather than SIGSEGV later. */
	uint64_t cs;
	if (copy_from_user(&cs, (const void *)(area + offsetof(struct linux_rseq, rseq_cs)),
			   sizeof(cs)))
		return -EFAULT;
	uint64_t zero = 0;
	if (cs && copy_to_user((void *)(area + offsetof(struct linux_rseq, rseq_cs)), &zero,
			       sizeof(zero)))
		return -EFAULT;
	p->rseq_area = area;
	p->rseq_sig = sig;
	p->rseq_notify = true;
	return 0;
}
SYSCALL_DEFINE(334, sys_rseq);
