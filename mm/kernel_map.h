/*
 * The kernel's address space, built at boot in place of the boot page tables:
 *
 *   0xffff800000000000  direct map: all usable RAM, read-write, no-execute (phys_to_virt)
 *   0xffffffff80000000  the kernel image, each section with its own permissions:
 *                       .text read-execute, .rodata read-only, .data/.bss read-write
 *
 * Nothing else is mapped: not the null page, not the low identity mapping boot used, not
 * the guard page below each kernel stack.
 */
#ifndef MM_KERNEL_MAP_H
#define MM_KERNEL_MAP_H

#include <stdbool.h>
#include <stdint.h>

/* Builds kernel_pmap, switches to it, and moves phys_to_virt to the direct map. */
void kernel_map_init(void);

/* The name of the kernel stack whose guard page holds addr, or NULL. */
const char *kernel_stack_guard_hit(uintptr_t addr);

#endif
