/*
 * Segments: in long mode they no longer translate addresses, but the CPU still needs a code
 * segment for each privilege level and a TSS, which names the stacks to switch to on a trap.
 */
#ifndef KERNEL_ARCH_X86_GDT_H
#define KERNEL_ARCH_X86_GDT_H

/* Selectors. The order of user data then user code is what sysret requires. */
#define SEG_KCODE  0x08
#define SEG_KDATA  0x10
#define SEG_UCODE32 0x18
#define SEG_UDATA  (0x20 | 3)
#define SEG_UCODE  (0x28 | 3)
#define SEG_TSS    0x30

/* Interrupt-stack-table slots: traps that must not trust the current stack. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2
#define IST_MACHINE_CHECK 3

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Loads the GDT and TSS on this CPU, with a fresh stack for each IST slot. */
void gdt_init(void);

/* Sets the stack the CPU switches to when a trap arrives from user mode. */
void tss_set_kernel_stack(uint64_t rsp0);

/* Returns the top of the stack for IST slot `ist`, and its size through *size. */
uint64_t tss_ist_stack(int ist, uint64_t *size);

#endif /* __ASSEMBLER__ */

#endif
