/*
 * Kernel timers on the local APIC's one-shot timer: they run in the order of their
 * deadlines, never before them, and a deleted one does not run. The clock they use,
 * time_ns(), never goes back.
 */
#include "kernel/arch/x86/cpu.h"
#include "kernel/ktimer.h"
#include "kernel/selftest.h"
#include "kernel/time.h"

#define MS 1000000ULL

static struct ktimer timers[4];
static int order[4], runs;
static uint64_t ran_at[4];

static void record(struct ktimer *t)
{
	int i = (int)(t - timers);
	ran_at[i] = time_ns();
	order[runs++] = i;
}

/* Waits with interrupts on until n timers ran, or a second passed. */
static void wait_runs(int n)
{
	uint64_t limit = time_ns() + 1000 * MS;
	irq_enable();
	while (runs < n && time_ns() < limit)
		cpu_relax();
}

SELFTEST(ktimer_runs_in_deadline_order_not_early)
{
	runs = 0;
	irq_disable();                          /* none may run before all are in */
	uint64_t now = time_ns();
	uint64_t deadline[4] = { now + 3 * MS, now + 1 * MS, now + 2 * MS, now + 2 * MS + 1 };
	for (int i = 0; i < 4; i++)
		ktimer_add(&timers[i], deadline[i], record);
	EXPECT(ktimer_del(&timers[3]));         /* pending: taken out, will not run */
	EXPECT(!ktimer_del(&timers[3]));        /* not pending any more */
	wait_runs(3);                           /* interrupts on again */
	EXPECT_EQ(runs, 3);
	EXPECT_EQ(order[0], 1);
	EXPECT_EQ(order[1], 2);
	EXPECT_EQ(order[2], 0);
	for (int i = 0; i < 3; i++)
		EXPECT(ran_at[i] >= deadline[i]);
	EXPECT(!timers[0].pending);
	EXPECT(!ktimer_del(&timers[0]));        /* it ran: nothing to take out */
}

SELFTEST(ktimer_deadline_already_past_runs_at_once)
{
	runs = 0;
	ktimer_add(&timers[0], time_ns() - 1, record);
	wait_runs(1);
	EXPECT_EQ(runs, 1);
}

SELFTEST(time_ns_never_goes_back)
{
	uint64_t prev = time_ns();
	bool monotonic = true;
	for (int i = 0; i < 10000; i++) {
		uint64_t t = time_ns();
		monotonic &= t >= prev;
		prev = t;
	}
	EXPECT(monotonic);
}
