/*
 * The local APIC's timer, used as a one-shot alarm clock: the kernel timers
 * (kernel/ktimer.c) program it for their earliest deadline, so a sleep ends when it
 * should, not at the next tick of the periodic PIT. The legacy interrupts stay on the
 * 8259A PICs (the local APIC passes them through, in the virtual-wire mode the firmware
 * left it in).
 */
#ifndef KERNEL_ARCH_X86_LAPIC_H
#define KERNEL_ARCH_X86_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define T_LAPIC_TIMER    48     /* the IDT vectors of the timer and of spurious interrupts */
#define T_LAPIC_SPURIOUS 49

/* Maps and enables the local APIC and starts its timer counting down from its maximum,
 * so that clock_init can measure its rate. False when the CPU has none (then sleeps end
 * at the PIT's ticks). */
bool lapic_init(void);

/* The timer's current count, for calibration. */
uint32_t lapic_timer_count(void);

/* Tells the timer how many of its counts make a second (measured by clock_init). */
void lapic_timer_set_rate(uint64_t counts_per_sec);

/* Interrupts once, ns nanoseconds from now (at most about a second: a later deadline is
 * reached in steps); 0 stops the timer. No-op without a local APIC. */
void lapic_timer_arm(uint64_t ns);

/* The timer interrupt's entry from trap_dispatch: acknowledges it and runs the expired
 * kernel timers. */
void lapic_timer_interrupt(void);

#endif
