/* Kernel threads: a process with a kernel stack and no address space of its own. */
#include "kernel/kthread.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/thread.h"

/* kernel/arch/x86/switch.S: enables interrupts and calls r13(r12). */
void kthread_start(void);

int kthread_run(const char *name, void (*fn)(void *arg), void *arg)
{
	struct proc *p = proc_alloc(name);
	if (!p)
		return -ENOMEM;
	if (thread_init_first(p)) {
		proc_free(p);
		return -ENOMEM;
	}
	p->kthread = true;
	/* The first switch to p pops the callee-saved registers and "returns" to
	 * kthread_start, which finds fn and arg in r13 and r12. */
	uint64_t *sp = (uint64_t *)p->tf;
	*--sp = (uint64_t)kthread_start;
	*--sp = 0;                              /* rbp */
	*--sp = 0;                              /* rbx */
	*--sp = (uint64_t)arg;                  /* r12 */
	*--sp = (uint64_t)fn;                   /* r13 */
	*--sp = 0;                              /* r14 */
	*--sp = 0;                              /* r15 */
	p->saved_rsp = (uint64_t)sp;
	sched_make_runnable(p);
	return 0;
}
