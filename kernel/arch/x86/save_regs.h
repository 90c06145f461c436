/*
 * Assembly side of struct trap_frame (kernel/arch/x86/trap.h): the one place that says in
 * which order the general registers are saved. Included by entry.S and syscall_entry.S.
 *
 * With call-frame information (CFI) for debuggers: where each register is saved, and how far
 * the stack moved (the CFA, the canonical frame address, is kept rsp-relative), so that gdb's
 * backtrace goes on through the trap frame into the interrupted code (TRAP_FRAME_CFI). The
 * CFI goes to .debug_frame, which the kernel keeps (it discards .eh_frame).
 */
	.cfi_sections .debug_frame

/* The CFI of the frame the CPU pushed (rip, cs, rflags, rsp, ss) above the error code and
 * the vector, with rsp at OFFSET bytes from the vector's slot (0 once it is pushed; -16 on
 * entry to a stub without an error code, -8 with one): the CFA is the end of that frame,
 * and the interrupted rip and rsp are read from it. `.cfi_signal_frame`: that rip is the
 * interrupted instruction, not a return address (gdb looks it up as is). */
.macro TRAP_FRAME_CFI offset
	.cfi_signal_frame
	.cfi_def_cfa %rsp, 56 + \offset
	.cfi_offset %rip, -40
	.cfi_offset %rsp, -16
.endm

.macro SAVE_ONE reg
	pushq \reg
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset \reg, 0
.endm

.macro RESTORE_ONE reg
	popq \reg
	.cfi_adjust_cfa_offset -8
	.cfi_restore \reg
.endm

.macro SAVE_GENERAL_REGISTERS
	SAVE_ONE %rax
	SAVE_ONE %rbx
	SAVE_ONE %rcx
	SAVE_ONE %rdx
	SAVE_ONE %rsi
	SAVE_ONE %rdi
	SAVE_ONE %rbp
	SAVE_ONE %r8
	SAVE_ONE %r9
	SAVE_ONE %r10
	SAVE_ONE %r11
	SAVE_ONE %r12
	SAVE_ONE %r13
	SAVE_ONE %r14
	SAVE_ONE %r15
.endm

.macro RESTORE_GENERAL_REGISTERS
	RESTORE_ONE %r15
	RESTORE_ONE %r14
	RESTORE_ONE %r13
	RESTORE_ONE %r12
	RESTORE_ONE %r11
	RESTORE_ONE %r10
	RESTORE_ONE %r9
	RESTORE_ONE %r8
	RESTORE_ONE %rbp
	RESTORE_ONE %rdi
	RESTORE_ONE %rsi
	RESTORE_ONE %rdx
	RESTORE_ONE %rcx
	RESTORE_ONE %rbx
	RESTORE_ONE %rax
.endm
