#include "kernel/arch/x86/timer.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/proc/sched.h"

#define PIT_CH0       0x40
#define PIT_CMD       0x43
#define PIT_HZ        1193182
#define PIT_CH0_RATE  0x34      /* channel 0, low then high byte, mode 2 (rate generator) */

static volatile uint64_t ticks;

static void timer_interrupt(struct trap_frame *tf)
{
	ticks++;
	sched_tick(tf);
}

void timer_init(void)
{
	unsigned divisor = PIT_HZ / HZ;
	outb(PIT_CMD, PIT_CH0_RATE);
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	irq_register(0, timer_interrupt);
}

uint64_t timer_ticks(void)
{
	return ticks;
}

unsigned long timer_uptime_ms(void)
{
	return (unsigned long)(ticks * (1000 / HZ));
}
