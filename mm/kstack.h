/*
 * Kernel stacks of processes, each in its own slot of a dedicated kernel area with an
 * unmapped guard page below it: a kernel stack overflow faults on the guard (and is
 * reported as such through the double-fault stack) instead of silently overwriting memory.
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include <stdint.h>

#define KSTACK_AREA  0xffffc00000000000ULL      /* PML4 slot 384 */
#define KSTACK_PAGES 4
#define KSTACK_SIZE  (KSTACK_PAGES * 4096UL)
#define KSTACK_SLOT  (KSTACK_SIZE + 4096UL)     /* the stack and its guard page */

/* Prepares the area's page tables (at boot, so every address space shares them). */
void kstack_area_init(void);

/* A new kernel stack: returns its lowest address (the top is that + KSTACK_SIZE), or 0. */
uintptr_t kstack_alloc(void);
void kstack_free(uintptr_t base);

/* True when addr is in the guard page of some kernel stack slot. */
int kstack_guard_hit(uintptr_t addr);

#endif
