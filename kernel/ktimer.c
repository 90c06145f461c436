#include "kernel/ktimer.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/lapic.h"
#include "kernel/time.h"

static struct list_head timers = LIST_HEAD_INIT(timers);

/* Arms the one-shot timer for the first deadline (or stops it when none is left). */
static void arm_first(void)
{
	if (list_empty(&timers)) {
		lapic_timer_arm(0);
		return;
	}
	struct ktimer *first = list_entry(timers.next, struct ktimer, node);
	uint64_t now = time_ns();
	lapic_timer_arm(first->deadline > now ? first->deadline - now : 1);
}

void ktimer_add(struct ktimer *t, uint64_t deadline, ktimer_fn fn)
{
	uint64_t flags = read_rflags();
	irq_disable();
	t->deadline = deadline;
	t->fn = fn;
	t->pending = true;
	struct list_head *it = timers.next;
	while (it != &timers && list_entry(it, struct ktimer, node)->deadline <= deadline)
		it = it->next;
	list_add_tail(&t->node, it);            /* before the first later one */
	if (timers.next == &t->node)
		arm_first();
	if (flags & (1u << 9))
		irq_enable();
}

bool ktimer_del(struct ktimer *t)
{
	uint64_t flags = read_rflags();
	irq_disable();
	bool was = t->pending;
	if (was) {
		list_del(&t->node);
		t->pending = false;
	}
	if (flags & (1u << 9))
		irq_enable();
	return was;
}

void ktimer_run_expired(void)
{
	uint64_t now = time_ns();
	while (!list_empty(&timers)) {
		struct ktimer *t = list_entry(timers.next, struct ktimer, node);
		if (t->deadline > now)
			break;
		list_del(&t->node);
		t->pending = false;
		t->fn(t);
		now = time_ns();
	}
	arm_first();
}

void ktimer_tick(void)
{
	if (!list_empty(&timers) &&
	    list_entry(timers.next, struct ktimer, node)->deadline <= time_ns())
		ktimer_run_expired();
}
