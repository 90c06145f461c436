/*
 * The signal frame: what the kernel pushes on a program's stack to run a handler, laid out
 * exactly as Linux's x86-64 struct rt_sigframe, so that programs (and musl, and gdb) find
 * the registers, the mask and siginfo where they expect them. The handler returns to
 * sa_restorer, which calls rt_sigreturn; that reads the frame back and resumes the program
 * where the signal found it. Also sigaltstack, the stack such frames may go on.
 */
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/gdt.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rseq.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/uaccess.h"

#include <stddef.h>

struct rt_sigframe {
	uint64_t pretcode;                      /* the handler's return address */
	struct linux_ucontext uc;
	struct linux_siginfo info;
};

_Static_assert(sizeof(struct linux_sigcontext) == 256, "struct sigcontext");
_Static_assert(offsetof(struct linux_ucontext, uc_mcontext) == 40, "uc_mcontext");
_Static_assert(sizeof(struct linux_ucontext) == 304, "struct ucontext");
_Static_assert(sizeof(struct linux_siginfo) == 128, "siginfo_t");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "rt_sigframe.info");

#define UC_SIGCONTEXT_SS     0x2
#define UC_STRICT_RESTORE_SS 0x4
#define SS_ONSTACK  1
#define SS_DISABLE  2
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ 2048
#define RED_ZONE    128                         /* the SysV ABI's, below the stack pointer */

#define RFLAGS_TF (1u << 8)
#define RFLAGS_DF (1u << 10)
#define RFLAGS_RF (1u << 16)
/* The flags a program may restore with rt_sigreturn (Linux's FIX_EFLAGS). */
#define RFLAGS_USER (0x1u | 0x4u | 0x10u | 0x40u | 0x80u | RFLAGS_TF | RFLAGS_DF | 0x800u | \
		     RFLAGS_RF | 0x40000u)

/* Is sp within the alternate stack (Linux's __on_sig_stack)? */
static bool within_altstack(const struct proc *p, uint64_t sp)
{
	return sp > p->sig_altstack.sp && sp - p->sig_altstack.sp <= p->sig_altstack.size;
}

/* Is the program running on its alternate stack? With SS_AUTODISARM it never counts as
 * such: the stack was disarmed when the handler was entered (Linux's on_sig_stack). */
static bool on_altstack(const struct proc *p, uint64_t sp)
{
	return !(p->sig_altstack.flags & SS_AUTODISARM) && within_altstack(p, sp);
}

/* sigaltstack's ss_flags for a program at sp: SS_DISABLE, SS_ONSTACK, or 0. */
static int32_t altstack_flags(const struct proc *p, uint64_t sp)
{
	if (!p->sig_altstack.size)
		return SS_DISABLE;
	return on_altstack(p, sp) ? SS_ONSTACK : 0;
}

static void save_registers(struct linux_sigcontext *sc, const struct trap_frame *tf)
{
	*sc = (struct linux_sigcontext){
		.r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11, .r12 = tf->r12,
		.r13 = tf->r13, .r14 = tf->r14, .r15 = tf->r15, .rdi = tf->rdi, .rsi = tf->rsi,
		.rbp = tf->rbp, .rbx = tf->rbx, .rdx = tf->rdx, .rax = tf->rax, .rcx = tf->rcx,
		.rsp = tf->rsp, .rip = tf->rip, .eflags = tf->rflags, .cs = (uint16_t)tf->cs,
		.ss = (uint16_t)tf->ss,
	};
}

void signal_fill_siginfo(struct linux_siginfo *si, int sig, const struct sig_info *info)
{
	*si = (struct linux_siginfo){ .si_signo = sig, .si_code = info->code };
	if (info->code == SI_TIMER) {
		si->u.timer.tid = info->timerid;
		si->u.timer.overrun = info->overrun;
		si->u.timer.sigval = info->value;
	} else if (info->code < 0 && info->code != SI_TKILL) {
		si->u.rt.pid = info->pid;       /* sigqueue and its kin: what the sender gave */
		si->u.rt.value = info->value;
	} else if (sig == SIGCHLD) {
		si->u.child.pid = info->pid;
		si->u.child.status = info->status;
	} else if (info->code == SI_USER || info->code == SI_TKILL)
		si->u.kill.pid = info->pid;
	else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE)
		si->u.addr = info->addr;
}

int signal_setup_frame(struct trap_frame *tf, int sig, const struct k_sigaction *ka,
		       const struct sig_info *info, uint64_t old_mask)
{
	/* An interrupted rseq critical section aborts first, so that the frame saves
	 * abort_ip and the handler returns there (Linux's setup_rt_frame). */
	rseq_signal_deliver(tf, sig);
	if (!(ka->flags & SA_RESTORER))
		return -EFAULT;                 /* x86-64 Linux has no default return path */
	bool altstack = on_altstack(current, tf->rsp);
	uint64_t sp = tf->rsp - RED_ZONE;
	if ((ka->flags & SA_ONSTACK) && altstack_flags(current, sp) == 0) {
		sp = current->sig_altstack.sp + current->sig_altstack.size;
		altstack = true;
	}
	uint64_t fpstate = (sp - FPU_STATE_SIZE) & ~(uint64_t)63;
	uint64_t frame_at = ((fpstate - sizeof(struct rt_sigframe)) & ~(uint64_t)15) - 8;
	if (altstack && !within_altstack(current, frame_at))
		return -EFAULT;                 /* it would overflow the alternate stack */

	static uint8_t fx[FPU_STATE_SIZE] __attribute__((aligned(16)));
	struct rt_sigframe f = { .pretcode = ka->restorer };
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.uc_stack = (struct linux_stack){ .ss_sp = current->sig_altstack.sp,
					      .ss_flags = current->sig_altstack.flags,
					      .ss_size = current->sig_altstack.size };
	save_registers(&f.uc.uc_mcontext, tf);
	f.uc.uc_mcontext.oldmask = old_mask;
	f.uc.uc_mcontext.fpstate = fpstate;
	f.uc.uc_mcontext.err = current->fault_error;       /* of the last trap, as Linux */
	f.uc.uc_mcontext.trapno = current->fault_trapno;
	f.uc.uc_mcontext.cr2 = current->fault_cr2;
	f.uc.uc_sigmask = old_mask;
	signal_fill_siginfo(&f.info, sig, info);
	fpu_save(current, fx);
	if (copy_to_user((void *)fpstate, fx, sizeof(fx)) ||
	    copy_to_user((void *)frame_at, &f, sizeof(f)))
		return -EFAULT;

	/* The handler's entry: handler(sig, &info, &uc), returning to pretcode. */
	tf->rdi = (uint64_t)sig;
	tf->rsi = frame_at + offsetof(struct rt_sigframe, info);
	tf->rdx = frame_at + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rsp = frame_at;
	tf->rip = ka->handler;
	tf->rflags &= ~(uint64_t)(RFLAGS_DF | RFLAGS_RF | RFLAGS_TF);
	fpu_reset(current);                     /* the handler starts with a clean FPU */
	if (current->sig_altstack.flags & SS_AUTODISARM)
		current->sig_altstack = (struct sig_altstack){ .flags = SS_DISABLE };
	return 0;
}

/* Sets the alternate signal stack from a stack_t, as sigaltstack does; 0 or -errno. */
static int set_altstack(const struct linux_stack *ss, uint64_t sp)
{
	if (on_altstack(current, sp))
		return -EPERM;
	uint32_t flags = (uint32_t)ss->ss_flags & ~SS_AUTODISARM;
	if (flags != 0 && flags != SS_ONSTACK && flags != SS_DISABLE)
		return -EINVAL;
	if (flags == SS_DISABLE) {
		current->sig_altstack = (struct sig_altstack){ .flags = ss->ss_flags };
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	current->sig_altstack = (struct sig_altstack){ ss->ss_sp, ss->ss_size, ss->ss_flags };
	return 0;
}

static int64_t sys_sigaltstack(const struct linux_stack *uss, struct linux_stack *uoss)
{
	uint64_t sp = current->tf->rsp;
	struct linux_stack old = { .ss_sp = current->sig_altstack.sp,
				   .ss_flags = altstack_flags(current, sp) |
					       (current->sig_altstack.flags & (int32_t)SS_AUTODISARM),
				   .ss_size = current->sig_altstack.size };
	if (uss) {
		struct linux_stack ss;
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		int err = set_altstack(&ss, sp);
		if (err)
			return err;
	}
	return uoss && copy_to_user(uoss, &old, sizeof(old)) ? -EFAULT : 0;
}
SYSCALL_DEFINE(131, sys_sigaltstack);

/* The registers from a frame's sigcontext; only the flags a program may change. */
static void restore_registers(struct trap_frame *tf, const struct linux_sigcontext *sc)
{
	tf->r8 = sc->r8; tf->r9 = sc->r9; tf->r10 = sc->r10; tf->r11 = sc->r11;
	tf->r12 = sc->r12; tf->r13 = sc->r13; tf->r14 = sc->r14; tf->r15 = sc->r15;
	tf->rdi = sc->rdi; tf->rsi = sc->rsi; tf->rbp = sc->rbp; tf->rbx = sc->rbx;
	tf->rdx = sc->rdx; tf->rax = sc->rax; tf->rcx = sc->rcx; tf->rsp = sc->rsp;
	tf->rip = sc->rip;
	tf->rflags = (tf->rflags & ~(uint64_t)RFLAGS_USER) | (sc->eflags & RFLAGS_USER);
	tf->cs = SEG_UCODE;
	tf->ss = SEG_UDATA;
	tf->vector = SIGRETURN_VECTOR;          /* not a system call to restart any more */
}

/* rt_sigreturn: the handler has returned (through sa_restorer, which popped pretcode): the
 * frame's registers, mask and FPU state become the program's again. A frame that cannot be
 * read gets SIGSEGV, as on Linux. */
static int64_t sys_rt_sigreturn(void)
{
	struct trap_frame *tf = current->tf;
	uint64_t frame_at = tf->rsp - 8;
	static struct linux_ucontext uc;
	static uint8_t fx[FPU_STATE_SIZE] __attribute__((aligned(16)));
	if (copy_from_user(&uc, (void *)(frame_at + offsetof(struct rt_sigframe, uc)),
			   sizeof(uc)) ||
	    (uc.uc_mcontext.fpstate && copy_from_user(fx, (void *)uc.uc_mcontext.fpstate, sizeof(fx)))) {
		signal_force_fault(tf, SIGSEGV, SI_KERNEL, 0);
		return (int64_t)tf->rax;
	}
	if (uc.uc_mcontext.fpstate && fpu_restore(current, fx) != 0) {
		signal_force_fault(tf, SIGSEGV, SI_KERNEL, 0);  /* reserved MXCSR bits */
		return (int64_t)tf->rax;
	}
	if (!uc.uc_mcontext.fpstate)
		fpu_reset(current);
	current->sig_blocked = uc.uc_sigmask & ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP));
	restore_registers(tf, &uc.uc_mcontext);
	set_altstack(&uc.uc_stack, tf->rsp);       /* as Linux: errors here are ignored */
	return (int64_t)tf->rax;                /* what rax was when the signal came */
}
SYSCALL_DEFINE(15, sys_rt_sigreturn);
