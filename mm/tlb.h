/*
 * Invalidating translations the CPU has cached (the TLB) after a page-table entry changes.
 * Host unit tests provide their own versions that count the calls.
 */
#ifndef MM_TLB_H
#define MM_TLB_H

#include <stdint.h>

#ifdef HOST_TEST
void tlb_flush_page(uintptr_t va);
void tlb_flush_all(void);
uint64_t tlb_current_root(void);
#else
#include "kernel/arch/x86/cpu.h"

/* Drops the cached translation of one page (in the current address space). */
static inline void tlb_flush_page(uintptr_t va)
{
	invlpg(va);
}

/* Drops every non-global cached translation, by reloading CR3. */
static inline void tlb_flush_all(void)
{
	write_cr3(read_cr3());
}

/* The physical address of the PML4 the CPU is using now. */
static inline uint64_t tlb_current_root(void)
{
	return read_cr3() & 0x000ffffffffff000ULL;
}
#endif

#endif
