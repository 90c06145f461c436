/*
 * The copy loops of mm/uaccess.c. Each returns the number of bytes NOT copied: 0 on
 * success. A fault inside the loop resumes at the fix-up through the exception table,
 * where rcx still counts the bytes left.
 */
	.text

/* size_t uaccess_copy(void *dst, const void *src, size_t n) */
	.globl uaccess_copy
uaccess_copy:
	movq %rdx, %rcx
1:	rep movsb
	movq %rcx, %rax
	ret

/* size_t uaccess_clear(void *dst, size_t n) */
	.globl uaccess_clear
uaccess_clear:
	movq %rsi, %rcx
	xorl %eax, %eax
2:	rep stosb
	movq %rcx, %rax
	ret

/* long uaccess_strncpy(char *dst, const char *src, size_t max): the length of the string
 * copied (without its NUL), max when no NUL came within max bytes, -1 on a fault. */
	.globl uaccess_strncpy
uaccess_strncpy:
	xorl %eax, %eax
4:	cmpq %rdx, %rax
	je 5f
3:	movb (%rsi, %rax), %cl
	movb %cl, (%rdi, %rax)
	testb %cl, %cl
	jz 5f
	incq %rax
	jmp 4b
5:	ret

copy_fault:
	movq %rcx, %rax
	ret

strncpy_fault:
	movq $-1, %rax
	ret

	.section __ex_table, "a"
	.align 8
	.quad 1b, copy_fault
	.quad 2b, copy_fault
	.quad 3b, strncpy_fault

	.section .note.GNU-stack, "", @progbits
