#include "kernel/arch/x86/lapic.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/ktimer.h"
#include "kernel/printk.h"
#include "mm/kernel_map.h"

#define MSR_APIC_BASE     0x1B
#define APIC_BASE_ENABLE  (1ULL << 11)
#define APIC_BASE_ADDR    0xFFFFFFFFFF000ULL

/* Register offsets (Intel SDM vol. 3, 11.4.1). */
#define LAPIC_TPR         0x080
#define LAPIC_EOI         0x0B0
#define LAPIC_SVR         0x0F0
#define LAPIC_LVT_TIMER   0x320
#define LAPIC_TIMER_INIT  0x380
#define LAPIC_TIMER_CUR   0x390
#define LAPIC_TIMER_DIV   0x3E0

#define SVR_ENABLE        0x100
#define LVT_MASKED        (1u << 16)    /* one-shot mode is bits 17-18 = 0 */
#define DIV_BY_16         0x3
#define MAX_ARM_NS        1000000000ULL /* a longer wait is re-armed when this one ends */

static volatile uint32_t *regs;
static uint64_t mult;                   /* counts per ns, times 2^32 */

static uint32_t lapic_read(unsigned reg)
{
	return regs[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	regs[reg / 4] = v;
}

bool lapic_init(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & (1u << 9))) {
		pr_warn("lapic: the CPU has no local APIC: sleeps end at timer ticks\n");
		return false;
	}
	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	regs = kernel_map_mmio(base & APIC_BASE_ADDR, 4096);
	if (!regs)
		return false;
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | T_LAPIC_SPURIOUS);
	lapic_write(LAPIC_TIMER_DIV, DIV_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | T_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFF);      /* counts down, masked: for calibration */
	return true;
}

uint32_t lapic_timer_count(void)
{
	return regs ? lapic_read(LAPIC_TIMER_CUR) : 0;
}

void lapic_timer_set_rate(uint64_t rate)
{
	mult = (rate << 32) / 1000000000;
	if (regs) {
		lapic_write(LAPIC_TIMER_INIT, 0);
		lapic_write(LAPIC_LVT_TIMER, T_LAPIC_TIMER);    /* one-shot, unmasked */
	}
}

void lapic_timer_arm(uint64_t ns)
{
	if (!regs || !mult)
		return;
	if (ns == 0) {
		lapic_write(LAPIC_TIMER_INIT, 0);       /* stopped */
		return;
	}
	if (ns > MAX_ARM_NS)
		ns = MAX_ARM_NS;
	uint64_t count = (uint64_t)(((unsigned __int128)ns * mult) >> 32) + 1;  /* not early */
	if (count > 0xFFFFFFFF)
		count = 0xFFFFFFFF;
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)count);
}

void lapic_timer_interrupt(void)
{
	lapic_write(LAPIC_EOI, 0);
	ktimer_run_expired();
}
