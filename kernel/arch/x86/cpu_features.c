#include "kernel/arch/x86/cpu_features.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

#define CPUID_EXT_NX      (1u << 20)    /* leaf 0x80000001, EDX */
#define CPUID_7_SMEP      (1u << 7)     /* leaf 7, EBX */
#define CPUID_7_SMAP      (1u << 20)
#define CR4_SMEP          (1ULL << 20)
#define CR4_SMAP          (1ULL << 21)

struct cpu_features cpu_features;

void cpu_features_init(void)
{
	uint32_t a, b, c, d;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	cpu_features.nx = d & CPUID_EXT_NX;
	if (!cpu_features.nx || !(rdmsr(MSR_EFER) & EFER_NXE))
		panic("this kernel needs a CPU with NX (no-execute) pages");

	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		cpu_features.smep = b & CPUID_7_SMEP;
		cpu_features.smap = b & CPUID_7_SMAP;
	}
	uint64_t cr4 = read_cr4();
	if (cpu_features.smep)
		cr4 |= CR4_SMEP;
	if (cpu_features.smap)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	printk("CPU: NX yes, SMEP %s, SMAP %s, CR0.WP on\n", cpu_features.smep ? "on" : "absent",
	       cpu_features.smap ? "on" : "absent");
}
