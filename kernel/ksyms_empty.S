/* The symbol table of the first link pass: empty (see tools/mksyms.sh and the Makefile). */
	.section .ksyms, "a"
	.align 8
	.globl ksyms_table, ksyms_count
ksyms_table:
ksyms_count:
	.quad 0

	.section .note.GNU-stack, "", @progbits
