#include "kernel/arch/x86/timer.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/ktimer.h"
#include "kernel/proc/sched.h"

#define PIT_CH0       0x40
#define PIT_CMD       0x43
#define PIT_HZ        1193182
#define PIT_CH0_RATE  0x34      /* channel 0, low then high byte, mode 2 (rate generator) */
#define PIT_CH2       0x42
#define PIT_CH2_ONCE  0xB0      /* channel 2, low then high byte, mode 0 (count to zero) */
#define PIT_GATE_PORT 0x61      /* bit 0: channel 2's gate; bit 1: the speaker; bit 5: its output */

static volatile uint64_t ticks;

static void timer_interrupt(struct trap_frame *tf)
{
	ticks++;
	ktimer_tick();                  /* a safety net: the local APIC's interrupt runs them */
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

void pit_stopwatch_start(void)
{
	unsigned count = (unsigned)((uint64_t)PIT_HZ * PIT_STOPWATCH_US / 1000000);
	outb(PIT_GATE_PORT, (inb(PIT_GATE_PORT) & ~0x02) | 0x01);     /* gate on, speaker off */
	outb(PIT_CMD, PIT_CH2_ONCE);
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);      /* counting starts now */
}

void pit_stopwatch_wait(void)
{
	while (!(inb(PIT_GATE_PORT) & 0x20))
		cpu_relax();
}
