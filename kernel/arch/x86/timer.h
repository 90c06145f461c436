/* The periodic timer: the 8254 PIT on IRQ 0, ticking HZ times a second; and the PIT's
 * channel 2, a stopwatch to measure the other clocks' rates against at boot. */
#ifndef KERNEL_ARCH_X86_TIMER_H
#define KERNEL_ARCH_X86_TIMER_H

#include <stdint.h>

#define HZ 100

/* Starts the PIT and registers its interrupt. */
void timer_init(void);

/* Ticks since timer_init. */
uint64_t timer_ticks(void);

/* Milliseconds since timer_init (0 before it). */
unsigned long timer_uptime_ms(void);

/* The stopwatch: starts channel 2 counting down PIT_STOPWATCH_US microseconds... */
#define PIT_STOPWATCH_US 50000
void pit_stopwatch_start(void);
/* ...and returns once it reached zero (polling: interrupts play no part). */
void pit_stopwatch_wait(void);

#endif
