#include "kernel/syscall/syscall.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rseq.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/sys_fs.h"

struct trap_frame *syscall_frame;

/* Each sys_*.c declares its calls with SYSCALL_DEFINE into this section. */
extern const struct syscall_entry_def __syscalls_start[], __syscalls_end[];

static syscall_fn table[SYSCALL_MAX + 1];
static uint8_t reported[(SYSCALL_MAX + 1 + 7) / 8 + 1];

static void build_table(void)
{
	for (const struct syscall_entry_def *d = __syscalls_start; d < __syscalls_end; d++)
		table[d->nr] = d->fn;
}

/* Logs an unimplemented call once per number, so a missing one is easy to find. */
static int64_t unknown(uint64_t nr)
{
	uint64_t slot = nr <= SYSCALL_MAX ? nr : SYSCALL_MAX + 1;
	if (!(reported[slot / 8] & (1u << (slot % 8)))) {
		reported[slot / 8] |= (uint8_t)(1u << (slot % 8));
		pr_warn("syscall: %s[%d] called unimplemented system call %lu: -ENOSYS\n",
			current->name, current->pid, nr);
	}
	return -ENOSYS;
}

void syscall_dispatch(struct trap_frame *tf)
{
	static bool ready;
	if (!ready) {
		build_table();
		ready = true;
	}
	syscall_frame = tf;
	uint64_t nr = tf->rax;
	if (nr <= SYSCALL_MAX && table[nr])
		tf->rax = (uint64_t)table[nr](tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9);
	else
		tf->rax = (uint64_t)unknown(nr);
	fget_release_all();
	return_to_user(tf);
}

/* True for an address the CPU cannot jump to: not sign-extended from bit 47. */
static bool non_canonical(uint64_t addr)
{
	return ((addr + (1ULL << 47)) >> 48) != 0;
}

void return_to_user(struct trap_frame *tf)
{
	for (;;) {
		/* The common case, nothing pending and nothing to restart, costs two tests. */
		if (current->pending.set || current->group->shared.set || current->group->stopped ||
		    (uint64_t)(-(int64_t)tf->rax - ERESTARTSYS) <= 2)
			signal_deliver(tf);
		if (non_canonical(tf->rip)) {
			/* iretq would fault in the kernel (execve of a bad entry point, a bad
			 * rt_sigreturn, a handler at a bad address): the program gets SIGSEGV,
			 * which no handler can catch, as on Linux. */
			signal_set_action(current, SIGSEGV, &(struct k_sigaction){ .handler = SIG_DFL });
			signal_force_fault(tf, SIGSEGV, SI_KERNEL, 0);
			continue;
		}
		if (need_resched) {
			schedule();
			continue;
		}
		if (!current->rseq_notify)
			return;
		/* Switched out (or just registered, or new): rseq's area is updated, and an
		 * interrupted critical section aborts; a failure leaves SIGSEGV pending. */
		rseq_notify_resume(tf);
	}
}
