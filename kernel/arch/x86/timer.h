/* The periodic timer: the 8254 PIT on IRQ 0, ticking HZ times a second. */
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

#endif
