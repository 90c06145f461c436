/*
 * The `syscall` instruction lands here (MSR LSTAR) in ring 0 with interrupts off (MSR FMASK),
 * RCX = the user's RIP, R11 = the user's RFLAGS, and RSP still the user's stack.
 * We move to the current process's kernel stack and save the user registers as the same
 * struct trap_frame that traps build, so a system call can block, fork or exec like any
 * other kernel path.
 *
 * The way back is `sysret` when the frame still looks like the one `syscall` made (RCX = RIP,
 * R11 = RFLAGS, user segments, no TF/RF, RIP in the user half), as Linux does; otherwise (after
 * execve, or a frame that a signal will rewrite) the general path, trap_return and iretq.
 * RIP must be checked: on Intel CPUs a sysret to a non-canonical RIP faults in ring 0 with
 * the user's stack, a classic kernel hole.
 */
#include "kernel/arch/x86/gdt.h"
#include "kernel/arch/x86/save_regs.h"
#include "kernel/arch/x86/trap.h"


#define RFLAGS_TF  (1 << 8)
#define RFLAGS_RF  (1 << 16)
/* The highest RIP sysret may return to, plus one: the user half less its last page (Linux's
 * TASK_SIZE_MAX), so a `syscall` in the last page cannot return to a non-canonical RIP. */
#define USER_RIP_LIMIT 0x7ffffffff000

	.text
	.globl syscall_entry
syscall_entry:
	/* CFI (save_regs.h): none until the frame is built (the user's rip is in rcx, its rsp
	 * moves to memory), then the trap frame's, so gdb's backtrace from a system call goes on
	 * into the program that made it. */
	.cfi_startproc simple
	.cfi_def_cfa %rsp, 0
	.cfi_undefined %rip
	movq %rsp, syscall_user_rsp(%rip)
	movq syscall_kernel_rsp(%rip), %rsp
	pushq $SEG_UDATA                /* ss */
	pushq syscall_user_rsp(%rip)    /* rsp */
	pushq %r11                      /* rflags */
	pushq $SEG_UCODE                /* cs */
	pushq %rcx                      /* rip */
	TRAP_FRAME_CFI -16
	pushq %rax                      /* error-code slot: the call's number, to restart it */
	.cfi_adjust_cfa_offset 8
	pushq $SYSCALL_VECTOR
	.cfi_adjust_cfa_offset 8
	SAVE_GENERAL_REGISTERS
	xorl %ebp, %ebp                 /* backtraces stop here */
	movq %rsp, %rdi
	sti
	call syscall_dispatch
	cli
	movq TF_RIP(%rsp), %rcx
	cmpq %rcx, TF_RCX(%rsp)
	jne trap_return
	movq $USER_RIP_LIMIT, %r11
	cmpq %r11, %rcx
	jae trap_return
	movq TF_RFLAGS(%rsp), %r11
	cmpq %r11, TF_R11(%rsp)
	jne trap_return
	testq $(RFLAGS_TF | RFLAGS_RF), %r11
	jnz trap_return
	cmpq $SEG_UCODE, TF_CS(%rsp)
	jne trap_return
	cmpq $SEG_UDATA, TF_SS(%rsp)
	jne trap_return
	RESTORE_GENERAL_REGISTERS       /* RCX and R11 come back as RIP and RFLAGS */
	movq TF_RSP - TF_VECTOR(%rsp), %rsp
	.cfi_undefined %rip
	sysretq
	.cfi_endproc

	.section .note.GNU-stack, "", @progbits
