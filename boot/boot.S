/*
 * The first code that runs: GRUB jumps here in 32-bit protected mode with paging off,
 * EAX = multiboot2 magic and EBX = physical address of the multiboot2 information.
 *
 * We build just enough page tables to reach the kernel where it is linked (the top 2 GiB of
 * the address space, KERNEL_VMA), switch to long mode, and call kernel_main. The real page
 * tables, with per-section permissions and a direct map of all RAM, come later (mm/).
 *
 * Early mapping (2 MiB pages, first 1 GiB of physical memory):
 *   virtual 0                   -> physical 0   (identity: we are running here right now)
 *   virtual KERNEL_VMA          -> physical 0   (where the kernel is linked)
 */
#include "boot/layout.h"

#define MB2_MAGIC_HEADER  0xE85250D6
#define MB2_ARCH_I386     0
#define MB2_HEADER_LEN    (mb2_header_end - mb2_header)

#define CR0_PG   (1 << 31)
#define CR0_WP   (1 << 16)
#define CR4_PAE  (1 << 5)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

#define PTE_P    0x1
#define PTE_W    0x2
#define PTE_PS   0x80

#define PHYS(sym) ((sym) - KERNEL_VMA)

/* The multiboot2 header: GRUB searches the first 32 KiB of the image for it. */
	.section .multiboot, "a"
	.align 8
mb2_header:
	.long MB2_MAGIC_HEADER
	.long MB2_ARCH_I386
	.long MB2_HEADER_LEN
	.long 0x100000000 - (MB2_MAGIC_HEADER + MB2_ARCH_I386 + MB2_HEADER_LEN)
	/* end tag: type 0, flags 0, size 8 */
	.align 8
	.short 0
	.short 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl $PHYS(boot_stack_top), %esp
	movl %eax, %edi                 /* keep magic and info for kernel_main(magic, info) */
	movl %ebx, %esi

	/* Long mode needs CPUID leaf 0x80000001 bit 29; without it, say so on COM1 and stop. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx
	jz no_long_mode
	movl %edx, %ebp                 /* bit 20: NX available */

	/* PD: 512 x 2 MiB pages covering the first 1 GiB. */
	movl $PHYS(boot_pd), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P | PTE_W | PTE_PS), %eax
	movl %eax, (%ebx, %ecx, 8)
	movl $0, 4(%ebx, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	/* PDPT_low[0] and PDPT_high[510] both point at the PD. */
	movl $PHYS(boot_pd), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pdpt_low)
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8

	/* PML4[0] -> PDPT_low (identity), PML4[511] -> PDPT_high (kernel). */
	movl $PHYS(boot_pdpt_low), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4)
	movl $PHYS(boot_pdpt_high), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4

	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	testl $(1 << 20), %ebp
	jz 2f
	orl $EFER_NXE, %eax
2:	wrmsr

	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $long_mode_low

no_long_mode:
	movl $no_lm_msg, %esi
3:	lodsb
	testb %al, %al
	jz 5f
	movb %al, %bl
	movw $0x3FD, %dx                /* wait for the UART's transmit holding register */
4:	inb %dx, %al
	testb $0x20, %al
	jz 4b
	movw $0x3F8, %dx
	movb %bl, %al
	outb %al, %dx
	jmp 3b
5:	hlt
	jmp 5b

	.code64
long_mode_low:
	/* Still running at the identity mapping; jump to where we are linked. */
	movabsq $long_mode_high, %rax
	jmp *%rax

	.section .boot.data, "a"
no_lm_msg:
	.asciz "boot: this CPU has no 64-bit long mode; this kernel needs x86-64\r\n"
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00209A0000000000        /* 64-bit code, ring 0 */
	.quad 0x0000920000000000        /* data, ring 0 */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.cfi_sections .debug_frame
	/* The 64-bit entry, linked in the higher half. */
	.text
	.globl long_mode_high
long_mode_high:
	.cfi_startproc
	.cfi_undefined rip              /* tell debuggers this is the outermost frame */
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp                 /* the end of every backtrace */
	/* edi = magic, esi = info physical address: already the SysV argument registers. */
	call kernel_main
6:	cli
	hlt
	jmp 6b
	.cfi_endproc

	.bss
	.align 4096
	.globl boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096
	/* Left unmapped by mm/kernel_map.c: overflowing the boot stack faults here. */
	.globl boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
	.skip 4096
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
