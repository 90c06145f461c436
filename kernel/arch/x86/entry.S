/*
 * Entry points for every trap. Each stub makes the stack look the same (an error code, real
 * or 0, then the vector number) and jumps to trap_common, which saves the general registers
 * as a struct trap_frame (trap.h), calls trap_dispatch(frame), and returns with iretq.
 */
#include "kernel/arch/x86/save_regs.h"

	.text

/* Pushes 0 in place of an error code unless the CPU pushed one for this exception. Each
 * stub, and trap_common, has its CFI (save_regs.h), for gdb's backtraces through them. */
.macro trap_stub vector
	.align 16
trap_stub_\vector:
	.cfi_startproc simple
	.if !(\vector == 8 || (\vector >= 10 && \vector <= 14) || \vector == 17 || \vector == 21 || \vector == 29 || \vector == 30)
	TRAP_FRAME_CFI -16
	pushq $0
	.cfi_adjust_cfa_offset 8
	.else
	TRAP_FRAME_CFI -8
	.endif
	pushq $\vector
	.cfi_adjust_cfa_offset 8
	jmp trap_common
	.cfi_endproc
.endm

	.globl trap_common
trap_common:
	.cfi_startproc simple
	TRAP_FRAME_CFI 0
	SAVE_GENERAL_REGISTERS
	cld
	movq %rsp, %rdi
	call trap_dispatch
	.globl trap_return
trap_return:
	RESTORE_GENERAL_REGISTERS
	addq $16, %rsp          /* vector and error code */
	.cfi_adjust_cfa_offset -16
	iretq
	.cfi_endproc

/* Stubs for the 32 exceptions, the 16 PIC lines, and the local APIC timer and spurious
 * vectors. (.altmacro: %v is v's value; only here, since `%rax` would be taken as one.) */
	.altmacro
.set v, 0
.rept 50
	trap_stub %v
	.set v, v + 1
.endr
	.noaltmacro

/* Their addresses, in vector order, for idt_init. */
	.section .rodata
	.align 8
	.globl trap_stubs
trap_stubs:
.macro stub_address vector
	.quad trap_stub_\vector
.endm
	.altmacro
.set v, 0
.rept 50
	stub_address %v
	.set v, v + 1
.endr
	.noaltmacro

	.section .note.GNU-stack, "", @progbits
