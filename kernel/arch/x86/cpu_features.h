/* CPU features the kernel checks for, and the protections it turns on when present. */
#ifndef KERNEL_ARCH_X86_CPU_FEATURES_H
#define KERNEL_ARCH_X86_CPU_FEATURES_H

#include <stdbool.h>

struct cpu_features {
	bool nx;        /* no-execute pages (required) */
	bool smep;      /* supervisor-mode execution prevention: the kernel cannot run user pages */
	bool smap;      /* supervisor-mode access prevention: the kernel touches user pages
			 * only inside a stac/clac window (uaccess) */
};

extern struct cpu_features cpu_features;

/* Reads CPUID, stops boot without NX, and enables SMEP and SMAP when the CPU has them. */
void cpu_features_init(void);

/* Opens and closes the window in which the kernel may touch user memory under SMAP. */
static inline void user_access_begin(void)
{
	if (cpu_features.smap)
		__asm__ volatile("stac" ::: "memory");
}

static inline void user_access_end(void)
{
	if (cpu_features.smap)
		__asm__ volatile("clac" ::: "memory");
}

#endif
