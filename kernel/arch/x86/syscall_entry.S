/*
 * The `syscall` instruction lands here (MSR LSTAR) in ring 0 with interrupts off (MSR FMASK),
 * RCX = the user's RIP, R11 = the user's RFLAGS, and RSP still the user's stack.
 * We move to the current process's kernel stack and save the user registers as the same
 * struct trap_frame that traps build, so a system call can block, fork or exec like any
 * other kernel path, and leave through trap_return (iretq).
 */
#include "kernel/arch/x86/gdt.h"
#include "kernel/arch/x86/save_regs.h"

#define SYSCALL_VECTOR 0x80     /* trap_frame.vector of a system call (no IDT gate uses it) */

	.text
	.globl syscall_entry
syscall_entry:
	movq %rsp, syscall_user_rsp(%rip)
	movq syscall_kernel_rsp(%rip), %rsp
	pushq $SEG_UDATA                /* ss */
	pushq syscall_user_rsp(%rip)    /* rsp */
	pushq %r11                      /* rflags */
	pushq $SEG_UCODE                /* cs */
	pushq %rcx                      /* rip */
	pushq $0                        /* error code */
	pushq $SYSCALL_VECTOR
	SAVE_GENERAL_REGISTERS
	xorl %ebp, %ebp                 /* backtraces stop here */
	movq %rsp, %rdi
	sti
	call syscall_dispatch
	cli
	jmp trap_return

	.section .note.GNU-stack, "", @progbits
