/*
 * The kernel's address space, built at boot in place of the boot page tables:
 *
 *   0xffff800000000000  direct map: all usable RAM, read-write, no-execute (phys_to_virt)
 *   0xffffd00000000000  device memory (PCI BARs), uncached, mapped as drivers ask
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

/* Where device memory is mapped: one PML4 slot (512 GiB), handed out upwards. */
#define MMIO_AREA      0xffffd00000000000ULL      /* PML4 slot 416 */
#define MMIO_AREA_SIZE (1ULL << 39)

/*
 * Maps size bytes of device memory (MMIO, e.g. a PCI BAR) at physical address phys,
 * read-write, no-execute and uncached (PCD|PWT: a device register must see every access,
 * in order, never a cached copy; the direct map covers RAM only). Returns the kernel
 * address of phys, or NULL when the area or memory for page tables ran out. Never unmapped:
 * devices stay for the life of the machine.
 */
void *kernel_map_mmio(uint64_t phys, uint64_t size);

/* The name of the kernel stack whose guard page holds addr, or NULL. */
const char *kernel_stack_guard_hit(uintptr_t addr);

#endif
