#include "kernel/arch/x86/gdt.h"
#include "kernel/arch/x86/trap.h"

#define IDT_ENTRIES 256
#define TRAP_STUBS  50       /* exceptions, PIC lines, local APIC timer and spurious */
#define GATE_INTERRUPT 0x8E     /* present, DPL 0, 64-bit interrupt gate (clears IF) */
#define GATE_USER_DPL  0x60     /* DPL 3: user code may raise it (int3, int $4) */

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t trap_stubs[TRAP_STUBS];

static struct idt_gate idt[IDT_ENTRIES];

static void set_gate(int vector, uint64_t handler, int ist)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xFFFF,
		.selector = SEG_KCODE,
		.ist = (uint8_t)ist,
		.type_attr = GATE_INTERRUPT,
		.offset_mid = (handler >> 16) & 0xFFFF,
		.offset_high = (uint32_t)(handler >> 32),
	};
}

void idt_init(void)
{
	for (int v = 0; v < TRAP_STUBS; v++)
		set_gate(v, trap_stubs[v], 0);
	/* A program's breakpoint (int3, as debuggers plant) must reach its SIGTRAP, not
	 * raise a general protection fault; the overflow vector too, as on Linux. */
	idt[T_BP].type_attr |= GATE_USER_DPL;
	idt[T_OF].type_attr |= GATE_USER_DPL;
	/* These three may arrive when the current stack is unusable (a kernel stack overflow
	 * is a double fault), so each gets a known-good stack of its own. */
	set_gate(T_DF, trap_stubs[T_DF], IST_DOUBLE_FAULT);
	set_gate(T_NMI, trap_stubs[T_NMI], IST_NMI);
	set_gate(T_MC, trap_stubs[T_MC], IST_MACHINE_CHECK);

	struct idt_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
