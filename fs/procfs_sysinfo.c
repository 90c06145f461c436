/*
 * System-wide /proc files that ps, top, uptime and nproc-like tools read, in Linux's
 * formats: /proc/loadavg (the scheduler's load average) and /proc/cpuinfo (what CPUID
 * says of the one CPU).
 */
#include "fs/procfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/lib/list.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/panic.h"

/* The average as Linux's LOAD_INT and LOAD_FRAC print it: two decimals. */
static void load_value(struct textbuf *t, uint64_t avg, const char *after)
{
	uint64_t frac = ((avg & ((1UL << LOAD_FSHIFT) - 1)) * 100) >> LOAD_FSHIFT;
	text_printf(t, "%lu.%02lu%s", avg >> LOAD_FSHIFT, frac, after);
}

/* /proc/loadavg, as Linux's loadavg_proc_show: the three averages, runnable/all
 * processes (threads, Linux's nr_threads), and the pid handed out last. */
static void show_loadavg(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	int all = 0;
	struct list_head *it;
	list_for_each(it, &all_procs)
		all++;
	for (int i = 0; i < 3; i++)
		load_value(t, avenrun[i], " ");
	text_printf(t, "%d/%d %d\n", sched_nr_running(), all, proc_last_pid());
}

/* CPUID feature bits and Linux's names for them (arch/x86/include/asm/cpufeatures.h):
 * leaf 1's EDX and ECX, and leaf 0x80000001's EDX and ECX. */
struct cpu_flag {
	uint8_t word, bit;      /* word: 0 leaf 1 EDX, 1 leaf 1 ECX, 2 0x80000001 EDX, 3 ECX */
	const char *name;
};

static const struct cpu_flag cpu_flags[] = {
	{0, 0, "fpu"}, {0, 1, "vme"}, {0, 2, "de"}, {0, 3, "pse"}, {0, 4, "tsc"},
	{0, 5, "msr"}, {0, 6, "pae"}, {0, 7, "mce"}, {0, 8, "cx8"}, {0, 9, "apic"},
	{0, 11, "sep"}, {0, 12, "mtrr"}, {0, 13, "pge"}, {0, 14, "mca"}, {0, 15, "cmov"},
	{0, 16, "pat"}, {0, 17, "pse36"}, {0, 19, "clflush"}, {0, 23, "mmx"},
	{0, 24, "fxsr"}, {0, 25, "sse"}, {0, 26, "sse2"}, {0, 27, "ss"}, {0, 28, "ht"},
	{2, 11, "syscall"}, {2, 20, "nx"}, {2, 26, "pdpe1gb"}, {2, 27, "rdtscp"},
	{2, 29, "lm"},
	{1, 0, "pni"}, {1, 1, "pclmulqdq"}, {1, 9, "ssse3"}, {1, 12, "fma"}, {1, 13, "cx16"},
	{1, 17, "pcid"}, {1, 19, "sse4_1"}, {1, 20, "sse4_2"}, {1, 21, "x2apic"},
	{1, 22, "movbe"}, {1, 23, "popcnt"}, {1, 25, "aes"}, {1, 26, "xsave"},
	{1, 28, "avx"}, {1, 29, "f16c"}, {1, 30, "rdrand"}, {1, 31, "hypervisor"},
	{3, 0, "lahf_lm"}, {3, 5, "abm"}, {3, 8, "3dnowprefetch"},
};

/* /proc/cpuinfo, as Linux's show_cpuinfo for the one CPU (processor 0): CPUID's vendor,
 * family, model, stepping and brand string, the feature flags this kernel knows the names
 * of, and the cache line size. Fields that need more than CPUID (the clock rate, bugs,
 * bogomips) are left out rather than made up. */
static void show_cpuinfo(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	uint32_t a, b, c, d, max_leaf, max_ext;
	char vendor[13], brand[49] = "";
	cpuid(0, 0, &max_leaf, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	uint32_t words[4] = {0};
	cpuid(1, 0, &a, &b, &words[1], &words[0]);
	uint32_t family = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;
	if (family >= 6)
		model += ((a >> 16) & 0xf) << 4;
	uint32_t clflush = ((b >> 8) & 0xff) * 8;
	cpuid(0x80000000, 0, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000001)
		cpuid(0x80000001, 0, &a, &b, &words[3], &words[2]);
	if (max_ext >= 0x80000004) {
		for (uint32_t i = 0; i < 3; i++) {
			uint32_t r[4];
			cpuid(0x80000002 + i, 0, &r[0], &r[1], &r[2], &r[3]);
			memcpy(brand + 16 * i, r, 16);
		}
		brand[48] = '\0';
	}
	uint32_t sig;
	cpuid(1, 0, &sig, &b, &c, &d);
	text_printf(t, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n",
		    vendor, family, model);
	const char *name = brand;
	while (*name == ' ')
		name++;
	text_printf(t, "model name\t: %s\nstepping\t: %u\n", name, sig & 0xf);
	text_printf(t, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
	text_printf(t, "apicid\t\t: 0\ninitial apicid\t: 0\nfpu\t\t: yes\nfpu_exception\t: yes\n");
	text_printf(t, "cpuid level\t: %u\nwp\t\t: yes\nflags\t\t:", max_leaf);
	for (size_t i = 0; i < sizeof(cpu_flags) / sizeof(cpu_flags[0]); i++)
		if (words[cpu_flags[i].word] & (1u << cpu_flags[i].bit))
			text_printf(t, " %s", cpu_flags[i].name);
	text_printf(t, "\nclflush size\t: %u\ncache_alignment\t: %u\n\n", clflush, clflush);
}

void procfs_sysinfo_init(void)
{
	if (procfs_make_file("/proc/loadavg", 0444, show_loadavg, NULL, PROC_SYSTEM_WIDE, NULL) ||
	    procfs_make_file("/proc/cpuinfo", 0444, show_cpuinfo, NULL, PROC_SYSTEM_WIDE, NULL))
		panic("procfs: cannot create /proc/loadavg and /proc/cpuinfo");
}
