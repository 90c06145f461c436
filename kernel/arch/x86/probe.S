/*
 * Memory probes that may fault. The load or store is listed in the exception table, so a
 * fault there resumes at the fix-up, which returns -1 instead of 0.
 */
	.text

/* int probe_read_u64(const void *addr, uint64_t *out) */
	.globl probe_read_u64
probe_read_u64:
1:	movq (%rdi), %rax
	movq %rax, (%rsi)
	xorl %eax, %eax
	ret

/* int probe_write_u64(void *addr, uint64_t v) */
	.globl probe_write_u64
probe_write_u64:
2:	movq %rsi, (%rdi)
	xorl %eax, %eax
	ret

probe_failed:
	movl $-1, %eax
	ret

	.section __ex_table, "a"
	.align 8
	.quad 1b, probe_failed
	.quad 2b, probe_failed

	.section .note.GNU-stack, "", @progbits
