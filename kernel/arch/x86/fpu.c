#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"

#define CR0_MP (1ULL << 1)
#define CR0_EM (1ULL << 2)
#define CR0_NE (1ULL << 5)
#define CR4_OSFXSR     (1ULL << 9)
#define CR4_OSXMMEXCPT (1ULL << 10)
#define MXCSR_DEFAULT  0x1f80   /* all exceptions masked, round to nearest */

static uint8_t initial_state[FPU_STATE_SIZE] __attribute__((aligned(16)));

#define MXCSR_OFFSET      24            /* in the fxsave area */
#define MXCSR_MASK_OFFSET 28            /* the MXCSR bits this CPU supports; 0: 0xffbf */
static uint32_t mxcsr_mask;

void fpu_init(void)
{
	uint64_t cr0 = read_cr0();
	cr0 = (cr0 & ~CR0_EM) | CR0_MP | CR0_NE;
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	uint32_t mxcsr = MXCSR_DEFAULT;
	__asm__ volatile("fninit; ldmxcsr %0; fxsave64 %1" : : "m"(mxcsr), "m"(initial_state));
	memcpy(&mxcsr_mask, initial_state + MXCSR_MASK_OFFSET, 4);
	if (!mxcsr_mask)
		mxcsr_mask = 0xffbf;
}

/* The process whose registers the CPU holds now. */
static struct proc *owner;

void fpu_reset(struct proc *p)
{
	memcpy(p->fpu, initial_state, FPU_STATE_SIZE);
	if (owner == p)
		__asm__ volatile("fxrstor64 %0" : : "m"(*p->fpu) : "memory");
}

void fpu_switch_to(struct proc *next)
{
	if (owner == next)
		return;
	if (owner)
		__asm__ volatile("fxsave64 %0" : "=m"(*owner->fpu) : : "memory");
	__asm__ volatile("fxrstor64 %0" : : "m"(*next->fpu) : "memory");
	owner = next;
}

void fpu_forget(struct proc *p)
{
	if (owner == p)
		owner = NULL;
}

void fpu_copy(struct proc *dst, struct proc *src)
{
	if (owner == src)
		__asm__ volatile("fxsave64 %0" : "=m"(*src->fpu) : : "memory");
	memcpy(dst->fpu, src->fpu, FPU_STATE_SIZE);
}

void fpu_save(struct proc *p, void *buf)
{
	if (owner == p)
		__asm__ volatile("fxsave64 %0" : "=m"(*p->fpu) : : "memory");
	memcpy(buf, p->fpu, FPU_STATE_SIZE);
}

int fpu_restore(struct proc *p, const void *buf)
{
	uint32_t mxcsr;
	memcpy(&mxcsr, (const uint8_t *)buf + MXCSR_OFFSET, 4);
	if (mxcsr & ~mxcsr_mask)
		return -EINVAL;                 /* fxrstor would fault in the kernel */
	memcpy(p->fpu, buf, FPU_STATE_SIZE);
	if (owner == p)
		__asm__ volatile("fxrstor64 %0" : : "m"(*p->fpu) : "memory");
	return 0;
}
