#include "kernel/arch/x86/syscall.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/gdt.h"

#define MSR_STAR   0xC0000081
#define MSR_LSTAR  0xC0000082
#define MSR_FMASK  0xC0000084
#define EFER_SCE   (1ULL << 0)

/* Flags cleared on entry: IF (no interrupts until the stack is switched), TF, DF, AC (so
 * SMAP is enforced in the kernel), NT. */
#define FMASK_BITS ((1u << 9) | (1u << 8) | (1u << 10) | (1u << 18) | (1u << 14))

uint64_t syscall_kernel_rsp;
uint64_t syscall_user_rsp;

void syscall_entry(void);

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* STAR: kernel CS in 47:32; user base in 63:48 (sysret uses base+16 as CS, base+8 as
	 * SS, which is why the GDT has user data before user code). */
	wrmsr(MSR_STAR, ((uint64_t)SEG_KCODE << 32) | ((uint64_t)(SEG_UCODE32 | 3) << 48));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, FMASK_BITS);
}
