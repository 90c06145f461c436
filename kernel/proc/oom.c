/*
 * The OOM killer, as Linux's mm/oom_kill.c: when RAM (and swap) are exhausted and nothing
 * can be reclaimed, the kernel frees memory the only way left, by killing the process
 * whose death frees the most (its badness: resident pages, swapped pages and page tables,
 * biased by /proc/PID/oom_score_adj). The caller then waits until the victim has exited
 * and its frames are back, and tries its allocation again; no other process loses data.
 */
#include "kernel/proc/oom.h"
#include "kernel/proc/thread.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/ptes.h"
#include "mm/swap.h"

#define KB(pages) ((pages) * (PAGE_SIZE / 1024))

/* What the OOM killer's caller sleeps on until its victim has exited. */
static const char victim_exited;

/* RAM plus swap, in pages: what badness is measured against. */
static uint64_t total_pages(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	return s.total + swap_total_pages();
}

static bool sigkill_pending(const struct proc *p)
{
	return p->pending.set & sig_bit(SIGKILL);
}

/* A process is weighed once, by its first thread that still has its memory. */
static bool weighs_for_process(const struct proc *p)
{
	struct proc *t;
	for_each_thread(p->group, t)
		if (t->mm && t->state != PROC_ZOMBIE)
			return t == p;
	return false;
}

int64_t oom_badness(struct proc *p, uint64_t totalpages)
{
	/* init must live; a process without an address space (a zombie, a kernel thread)
	 * has nothing to give back. */
	if (p == init_proc || !p->mm || p->state == PROC_ZOMBIE || !weighs_for_process(p))
		return OOM_BADNESS_NEVER;
	int64_t adj = p->oom_score_adj;
	if (adj == OOM_SCORE_ADJ_MIN)
		return OOM_BADNESS_NEVER;
	int64_t points = (int64_t)(p->mm->rss + p->mm->swap_ents + mm_table_pages(p->mm));
	/* In thousandths of RAM plus swap, rounded down first, as Linux. */
	return points + adj * (int64_t)(totalpages / 1000);
}

uint64_t oom_score(struct proc *p)
{
	int64_t total = (int64_t)total_pages();
	int64_t badness = oom_badness(p, (uint64_t)total);
	if (badness == OOM_BADNESS_NEVER)
		return 0;
	return (uint64_t)((1000 + badness * 1000 / total) * 2 / 3);
}

/* The table Linux's dump_tasks prints: every process the killer could weigh. */
static void dump_tasks(void)
{
	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem "
		"pgtables_bytes swapents oom_score_adj name\n");
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (p == init_proc || !p->mm)
			continue;
		struct mm_usage u;
		mm_get_usage(p->mm, &u);
		pr_info("[%7d] %5d %5d %8lu %8lu %8lu %8lu %9lu %8lu %8lu         %5d %s\n",
			p->pid, 0, p->pid, mm_total_size(p->mm) >> PAGE_SHIFT, p->mm->rss,
			u.anon, u.file, u.shmem, u.tables * PAGE_SIZE, p->mm->swap_ents,
			p->oom_score_adj, p->name);
	}
}

/* Kills victim with Linux's report. */
static void kill_victim(struct proc *victim)
{
	pr_warn("%s invoked oom-killer: order=0, oom_score_adj=%d\n", current->name,
		current->oom_score_adj);
	dump_tasks();
	struct mm_usage u;
	mm_get_usage(victim->mm, &u);
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
	       "file-rss:%lukB, shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%d\n",
	       victim->pid, victim->name, KB(mm_total_size(victim->mm) >> PAGE_SHIFT),
	       KB(u.anon), KB(u.file), KB(u.shmem), 0, KB(u.tables), victim->oom_score_adj);
	victim->oom_victim = true;
	signal_send(victim, SIGKILL);
}

/* The process to kill, as Linux's select_bad_process: the highest badness, the later one
 * on a tie. A victim chosen before that still holds its memory is chosen again (it is
 * on its way out: killing another would free more than needed). NULL if none. */
static struct proc *select_victim(bool *already_dying)
{
	uint64_t totalpages = total_pages();
	struct proc *chosen = NULL;
	int64_t chosen_points = OOM_BADNESS_NEVER;
	*already_dying = false;
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (p->oom_victim && p->mm) {
			*already_dying = true;
			return p;
		}
		int64_t points = oom_badness(p, totalpages);
		if (points == OOM_BADNESS_NEVER || points < chosen_points)
			continue;
		chosen = p;
		chosen_points = points;
	}
	return chosen;
}

bool oom_kill(void)
{
	if (sigkill_pending(current))
		return false;                   /* dying already: its own exit frees memory */
	bool dying;
	struct proc *victim = select_victim(&dying);
	if (!victim) {
		pr_err("Out of memory and no killable processes...\n");
		return false;
	}
	if (!dying)
		kill_victim(victim);
	if (victim == current)
		return false;
	/* Wait for the victim to run, see SIGKILL and free its address space. A SIGKILL
	 * wakes it from any sleep that a signal ends, and makes a stopped one run. */
	int pid = victim->pid;
	for (;;) {
		irq_disable();
		struct proc *v = proc_find(pid);
		if (!v || !v->mm || sigkill_pending(current)) {
			irq_enable();
			return !sigkill_pending(current);
		}
		sleep_on(&victim_exited, 0);
		irq_enable();
	}
}

void oom_victim_exited(struct proc *p)
{
	if (p->oom_victim)
		wakeup(&victim_exited);
}
