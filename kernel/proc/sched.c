#include "kernel/proc/sched.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/gdt.h"
#include "kernel/arch/x86/syscall.h"
#include "kernel/arch/x86/timer.h"
#include "mm/kstack.h"
#include "mm/mm.h"
#include "mm/ptes.h"

struct proc *current;
bool need_resched;

static struct proc idle_proc = { .pid = 0, .name = "idle", .state = PROC_RUNNABLE };
static struct list_head run_queue = LIST_HEAD_INIT(run_queue);
static int slice_left;

void context_switch(uint64_t *save_rsp, uint64_t load_rsp);

void sched_init(void)
{
	list_init(&idle_proc.run);
	current = &idle_proc;
}

void sched_make_runnable(struct proc *p)
{
	p->state = PROC_RUNNABLE;
	if (p != &idle_proc && list_empty(&p->run))
		list_add_tail(&p->run, &run_queue);
}

/* Loads next's machine state: its kernel stack for traps and system calls, its address
 * space, its thread pointer; then switches stacks. */
static void switch_to(struct proc *next)
{
	struct proc *prev = current;
	slice_left = TIME_SLICE_TICKS;
	need_resched = false;
	if (next == prev)
		return;
	cpu_times.switches++;
	current = next;
	if (next != &idle_proc) {
		uint64_t top = next->kstack + KSTACK_SIZE;
		tss_set_kernel_stack(top);
		syscall_kernel_rsp = top;
		if (next->mm && (!prev->mm || prev->mm != next->mm))
			mm_switch_to(next->mm);
		wrmsr(MSR_FS_BASE, next->fs_base);
		wrmsr(MSR_GS_BASE, next->gs_base);
		fpu_switch_to(next);
	}
	context_switch(&prev->saved_rsp, next->saved_rsp);
}

void schedule(void)
{
	uint64_t flags = read_rflags();
	irq_disable();
	if (current != &idle_proc && current->state == PROC_RUNNABLE && list_empty(&current->run))
		list_add_tail(&current->run, &run_queue);
	struct proc *next = &idle_proc;
	if (!list_empty(&run_queue)) {
		next = list_entry(run_queue.next, struct proc, run);
		list_del(&next->run);
	}
	switch_to(next);
	if (flags & (1u << 9))
		irq_enable();
}

void sleep_on(const void *chan, uint64_t wake_at)
{
	if (current == &idle_proc) {
		/* The boot flow (a disk read before init exists) has nothing to switch to:
		 * it waits for the next interrupt, and its caller tests its condition again. */
		cpu_wait_for_interrupt();
		irq_disable();
		return;
	}
	current->state = PROC_SLEEPING;
	current->wait_channel = chan;
	current->wake_tick = wake_at;
	schedule();
	irq_disable();
	current->wait_channel = NULL;
	current->wake_tick = 0;
}

void wakeup(const void *chan)
{
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (p->state == PROC_SLEEPING && p->wait_channel == chan)
			sched_make_runnable(p);
	}
}

struct cpu_times cpu_times;

void sched_tick(struct trap_frame *tf)
{
	uint64_t now = timer_ticks();
	if (current == &idle_proc) {
		cpu_times.idle++;
	} else if (tf->cs & 3) {
		current->utime_ticks++;
		cpu_times.user++;
	} else {
		current->stime_ticks++;
		cpu_times.system++;
	}
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (p->state == PROC_SLEEPING && p->wake_tick && p->wake_tick <= now)
			sched_make_runnable(p);
	}
	if (--slice_left <= 0 || (current == &idle_proc && !list_empty(&run_queue)))
		need_resched = true;
}

uint64_t idle_cycles;
static uint64_t idle_since;             /* when the CPU halted, or 0 while it runs */

void sched_idle_end(void)
{
	if (idle_since) {
		idle_cycles += rdtsc() - idle_since;
		idle_since = 0;
	}
}

_Noreturn void sched_idle(void)
{
	for (;;) {
		schedule();
		irq_disable();          /* so that the halt starts before any interrupt comes */
		idle_since = rdtsc();
		cpu_wait_for_interrupt();
	}
}
