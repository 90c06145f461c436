#include "kernel/proc/sched.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/gdt.h"
#include "kernel/arch/x86/syscall.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/running.h"
#include "kernel/ktimer.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/rseq.h"
#include "kernel/proc/thread.h"
#include "kernel/time.h"
#include "mm/kstack.h"
#include "mm/mm.h"
#include "mm/ptes.h"

struct proc *current;
bool need_resched;

static struct proc idle_proc = { .pid = 0, .name = "idle", .state = PROC_RUNNABLE };
static struct list_head run_queue = LIST_HEAD_INIT(run_queue);
static int slice_left;

void context_switch(uint64_t *save_rsp, uint64_t load_rsp);

int running_pid(void)
{
	return current->pid;
}

const char *running_name(void)
{
	return current->name;
}

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
	rseq_preempt(prev);                     /* its critical section, if any, aborts */
	uint64_t now = time_ns();
	prev->cpu_ns += now - prev->run_since_ns;
	next->run_since_ns = now;
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
	thread_reap_dead();                     /* off the stacks of threads that exited */
	if (flags & (1u << 9))
		irq_enable();
}

/* The end of a timed sleep: wakes its process unless something else did. */
static void sleep_timeout(struct ktimer *t)
{
	struct proc *p = container_of(t, struct proc, sleep_timer);
	if (p->state == PROC_SLEEPING)
		sched_make_runnable(p);
}

void sleep_on(const void *chan, uint64_t deadline)
{
	if (current == &idle_proc) {
		/* The boot flow (a disk read before init exists) has nothing to switch to:
		 * it waits for the next interrupt, and its caller tests its condition again. */
		cpu_wait_for_interrupt();
		irq_disable();
		return;
	}
	bool timed = deadline != 0 && deadline != SLEEP_FOREVER;
	if (timed && deadline <= time_ns())
		return;
	current->state = PROC_SLEEPING;
	current->wait_channel = chan;
	if (timed)
		ktimer_add(&current->sleep_timer, deadline, sleep_timeout);
	schedule();
	irq_disable();
	if (timed)
		ktimer_del(&current->sleep_timer);
	current->wait_channel = NULL;
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

int sched_nr_running(void)
{
	/* Forward through the queue only: an interrupted list_add_tail or list_del leaves
	 * the next pointers consistent; the bound guards against anything else. */
	int n = current != &idle_proc && current->state == PROC_RUNNABLE;
	for (struct list_head *it = run_queue.next; it != &run_queue && n < 4096; it = it->next)
		n++;
	return n;
}

/* Linux's fixed-point decay factors for 5-second samples: 2048 / e^(5s / 1, 5, 15 min). */
#define LOAD_FIXED_1 (1UL << LOAD_FSHIFT)
#define LOAD_FREQ (5 * HZ + 1)
static const uint64_t load_exp[3] = { 1884, 2014, 2037 };
uint64_t avenrun[3];

/* Every LOAD_FREQ ticks, folds the number of runnable processes into the three averages,
 * as Linux's calc_load. */
static void loadavg_tick(void)
{
	static int count = LOAD_FREQ;
	if (--count > 0)
		return;
	count = LOAD_FREQ;
	uint64_t active = (uint64_t)sched_nr_running() * LOAD_FIXED_1;
	for (int i = 0; i < 3; i++) {
		uint64_t load = avenrun[i] * load_exp[i] + active * (LOAD_FIXED_1 - load_exp[i]);
		if (active >= avenrun[i])
			load += LOAD_FIXED_1 - 1;
		avenrun[i] = load / LOAD_FIXED_1;
	}
}

void sched_tick(struct trap_frame *tf)
{
	loadavg_tick();
	if (current == &idle_proc) {
		cpu_times.idle++;
	} else {
		bool user = tf->cs & 3;
		if (user) {
			current->utime_ticks++;
			cpu_times.user++;
		} else {
			current->stime_ticks++;
			cpu_times.system++;
		}
		ptimer_cpu_tick(current, user);
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
