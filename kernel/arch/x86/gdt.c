#include "kernel/arch/x86/gdt.h"

#include <stddef.h>

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define IST_STACK_SIZE 8192
#define IST_COUNT 3

/* Access bytes and flags, as the Intel manual names them. */
#define DESC_CODE64(dpl) (0x00209A0000000000ULL | ((uint64_t)(dpl) << 45))
#define DESC_DATA(dpl)   (0x0000920000000000ULL | ((uint64_t)(dpl) << 45))
#define DESC_CODE32(dpl) (0x00CF9A000000FFFFULL | ((uint64_t)(dpl) << 45))
#define DESC_TSS_TYPE    0x89ULL      /* present, 64-bit TSS (available) */

static struct tss tss;
static uint64_t gdt[8];
static uint8_t ist_stacks[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));

/* A TSS descriptor takes two GDT slots: base and limit split across 16 bytes. */
static void set_tss_descriptor(int slot, uint64_t base, uint32_t limit)
{
	gdt[slot] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (DESC_TSS_TYPE << 40) |
		    ((uint64_t)((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[slot + 1] = base >> 32;
}

uint64_t tss_ist_stack(int ist, uint64_t *size)
{
	*size = IST_STACK_SIZE;
	return (uint64_t)&ist_stacks[ist - 1][IST_STACK_SIZE];
}

void gdt_init(void)
{
	gdt[0] = 0;
	gdt[SEG_KCODE / 8] = DESC_CODE64(0);
	gdt[SEG_KDATA / 8] = DESC_DATA(0);
	gdt[SEG_UCODE32 / 8] = DESC_CODE32(3);
	gdt[(SEG_UDATA & ~3) / 8] = DESC_DATA(3);
	gdt[(SEG_UCODE & ~3) / 8] = DESC_CODE64(3);
	set_tss_descriptor(SEG_TSS / 8, (uint64_t)&tss, sizeof(tss) - 1);

	for (int i = 1; i <= IST_COUNT; i++) {
		uint64_t size;
		tss.ist[i - 1] = tss_ist_stack(i, &size);
	}
	tss.iomap_base = sizeof(tss);   /* no I/O permission bitmap */

	struct gdt_ptr ptr = { sizeof(gdt) - 1, (uint64_t)gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"                       /* reload CS */
		"1:\n\t"
		"movw %w2, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"ltr %w3\n\t"
		: : "m"(ptr), "i"(SEG_KCODE), "r"(SEG_KDATA), "r"(SEG_TSS) : "rax", "memory");
}

void tss_set_kernel_stack(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}
