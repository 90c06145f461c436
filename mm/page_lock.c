#include "mm/page_lock.h"
#include "kernel/panic.h"
#include "kernel/wait.h"
#ifndef HOST_TEST
#include "kernel/arch/x86/cpu.h"
#else
static void irq_disable(void) {}
static void irq_enable(void) {}
#endif

void page_lock(struct page *pg)
{
	BUG_ON(page_locked(pg));
	pg->flags |= PG_LOCKED;
}

void page_unlock(struct page *pg)
{
	BUG_ON(!page_locked(pg));
	pg->flags &= (uint16_t)~PG_LOCKED;
	wakeup(pg);
}

void page_wait_unlocked(struct page *pg)
{
	irq_disable();                  /* so that the unlock cannot come between test and sleep */
	while (page_locked(pg))
		sleep_on(pg, 0);
	irq_enable();
}
