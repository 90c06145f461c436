/*
 * Switching kernel stacks between processes. Each process that is not running has, at the
 * top of its saved stack, the callee-saved registers and the address to resume at; the
 * C calling convention says every other register is already saved by the caller.
 */
	.text

/* void context_switch(uint64_t *save_rsp, uint64_t load_rsp) */
	.globl context_switch
context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/*
 * Where a new process starts: proc_new_stack() leaves a trap frame above the switch frame
 * whose return address is this. It leaves the kernel as any trap does.
 */
	.globl new_process_start
new_process_start:
	call process_first_run
	jmp trap_return

/*
 * Where a kernel thread starts (kthread_run): its function in r13, the argument in r12.
 * The function never returns.
 */
	.globl kthread_start
kthread_start:
	call process_first_run
	sti
	movq %r12, %rdi
	call *%r13
	ud2

	.section .note.GNU-stack, "", @progbits
