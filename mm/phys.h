/*
 * Physical <-> virtual addresses for kernel code. All RAM is mapped at one fixed offset
 * (the direct map), so the kernel reaches any frame by adding that offset.
 *
 * phys_offset is a variable, not a constant, for two reasons: during early boot, before
 * the direct map exists, the boot page tables reach the first 1 GiB at KERNEL_VMA; and
 * host unit tests point it at a buffer that plays the role of physical memory.
 */
#ifndef MM_PHYS_H
#define MM_PHYS_H

#include "boot/layout.h"
#include "mm/page.h"

/* Where the direct map of all physical memory starts (the bottom of the kernel half). */
#define DIRECT_MAP_BASE KERNEL_HALF_START
/* Its size: 64 TiB, the span of 128 PML4 entries. */
#define DIRECT_MAP_SIZE (64ULL << 40)

extern uintptr_t phys_offset;

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + phys_offset);
}

/* The physical address of a direct-map or kernel-image address. */
static inline phys_addr_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;
#ifndef HOST_TEST
	if (v >= KERNEL_VMA)
		return v - KERNEL_VMA;
#endif
	return v - phys_offset;
}

#endif
