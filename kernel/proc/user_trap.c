#include "kernel/proc/user_trap.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/printk.h"
#include "kernel/proc/oom.h"
#include "kernel/proc/proc.h"
#include "kernel/signal/signal.h"
#include "mm/fault.h"
#include "mm/uaccess.h"

/* The CPU's page-fault error code and CR2 as the mm layer's struct fault. */
static struct fault fault_of(const struct trap_frame *tf, uint64_t addr)
{
	uint64_t err = tf->error_code;
	enum fault_access access = (err & PF_W) ? FAULT_WRITE : (err & PF_I) ? FAULT_EXEC
									 : FAULT_READ;
	return (struct fault){ addr, access, err & PF_U, err & PF_P };
}

/* Resolves fault f; when no frame could be had, the OOM killer frees another process's
 * memory and the fault is tried again (Linux's pagefault_out_of_memory). */
static enum fault_result resolve(struct fault *f)
{
	enum fault_result r;
	while ((r = handle_page_fault(current->mm, f)) == FAULT_OOM && oom_kill())
		;
	return r;
}

static void page_fault(struct trap_frame *tf)
{
	uint64_t addr = read_cr2();
	struct fault f = fault_of(tf, addr);
	enum fault_result r = resolve(&f);
	if (r >= 0) {
		if (r == FAULT_MAJOR)
			current->maj_flt++;     /* getrusage: it waited for the disk */
		else
			current->min_flt++;
		return;
	}
	if (r == FAULT_OOM && (current->pending.set & sig_bit(SIGKILL)))
		return;                 /* the OOM killer chose this process: it dies now */
	if (r == FAULT_INTERRUPTED)
		return;                 /* a signal came while a userfaultfd's handler was awaited:
					 * it is delivered now, and the access then faults again */
	if (r == FAULT_OOM) {
		pr_err("Out of memory: killed %s[%d] (no frame for a page fault at %lx)\n",
		       current->name, current->pid, addr);
		signal_force_fault(tf, SIGKILL, SI_KERNEL, 0);
		return;
	}
	if (r == FAULT_SIGBUS) {
		signal_force_fault(tf, SIGBUS, BUS_ADRERR, addr);       /* past a mapped file's end */
		return;
	}
	/* The same line as Linux's show_signal_msg, when nothing will catch the signal. */
	if (!(current->sighand->handled & sig_bit(SIGSEGV)))
		printk("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx\n", current->name,
		       current->pid, addr, tf->rip, tf->rsp, tf->error_code);
	signal_force_fault(tf, SIGSEGV, r == FAULT_ACCESS ? SEGV_ACCERR : SEGV_MAPERR, addr);
}

void handle_user_exception(struct trap_frame *tf)
{
	switch (tf->vector) {
	case T_PF:
		page_fault(tf);
		return;
	case T_GP:
		if (!(current->sighand->handled & sig_bit(SIGSEGV)))
			printk("traps: %s[%d] general protection fault ip:%lx sp:%lx error:%lx\n",
			       current->name, current->pid, tf->rip, tf->rsp, tf->error_code);
		signal_force_fault(tf, SIGSEGV, SI_KERNEL, 0);
		return;
	case T_UD:
		signal_force_fault(tf, SIGILL, ILL_ILLOPN, tf->rip);
		return;
	case T_DE:
		signal_force_fault(tf, SIGFPE, FPE_INTDIV, tf->rip);
		return;
	case T_MF:
	case T_XM:
		signal_force_fault(tf, SIGFPE, FPE_FLTINV, tf->rip);
		return;
	case T_BP:
	case T_DB:
		signal_force_fault(tf, SIGTRAP, SI_KERNEL, 0);
		return;
	case T_AC:
		signal_force_fault(tf, SIGBUS, 1 /* BUS_ADRALN */, tf->rip);
		return;
	default:
		printk("traps: %s[%d] %s (vector %lu) ip:%lx\n", current->name, current->pid,
		       trap_name(tf->vector), tf->vector, tf->rip);
		signal_force_fault(tf, SIGSEGV, SI_KERNEL, 0);
	}
}

bool user_page_fault_in_kernel(struct trap_frame *tf)
{
	uint64_t addr = read_cr2();
	if (!current || !current->mm || addr >= USER_TOP)
		return false;
	/* The access is judged as the program's own: the area's rules apply. */
	struct fault f = fault_of(tf, addr);
	enum fault_result r = resolve(&f);
	if (r < 0)
		return false;
	current->min_flt++;         /* getrusage: none waited for a disk */
	return true;
}
