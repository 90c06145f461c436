/* The kernel image: boot code at its physical address, everything else in the higher half. */
#include "boot/layout.h"

ENTRY(_start)

/* One segment per kind of permission, so that mm/ can map each section as it should be. */
PHDRS
{
	boot   PT_LOAD FLAGS(5);        /* R-X */
	text   PT_LOAD FLAGS(5);        /* R-X */
	rodata PT_LOAD FLAGS(4);        /* R-- */
	data   PT_LOAD FLAGS(6);        /* RW- */
}

SECTIONS
{
	. = KERNEL_PHYS_BASE;
	_kernel_phys_start = .;

	/* Runs before paging: linked where GRUB loads it. The multiboot2 header must come first. */
	.boot : {
		KEEP(*(.multiboot))
		*(.boot.text)
		*(.boot.data)
	} :boot

	. += KERNEL_VMA;

	.text ALIGN(4096) : AT(ADDR(.text) - KERNEL_VMA) {
		_text_start = .;
		*(.text .text.*)
		_text_end = .;
	} :text

	.rodata ALIGN(4096) : AT(ADDR(.rodata) - KERNEL_VMA) {
		_rodata_start = .;
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__ex_table_start = .;
		KEEP(*(__ex_table))
		__ex_table_end = .;
		. = ALIGN(8);
		__kopts_start = .;
		KEEP(*(.kopts))
		__kopts_end = .;
		. = ALIGN(8);
		__selftests_start = .;
		KEEP(*(.selftests))
		__selftests_end = .;
		. = ALIGN(8);
		__syscalls_start = .;
		KEEP(*(.syscalls))
		__syscalls_end = .;
	} :rodata

	/* The symbol table for backtraces; placed after .text so that adding it moves no code. */
	.ksyms ALIGN(8) : AT(ADDR(.ksyms) - KERNEL_VMA) {
		KEEP(*(.ksyms))
		_rodata_end = .;
	}

	.data ALIGN(4096) : AT(ADDR(.data) - KERNEL_VMA) {
		_data_start = .;
		*(.data .data.*)
	} :data

	.bss ALIGN(4096) : AT(ADDR(.bss) - KERNEL_VMA) {
		_bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		_bss_end = .;
	}

	. = ALIGN(4096);
	_kernel_end = .;

	/DISCARD/ : {
		*(.comment)
		*(.note*)
		*(.eh_frame*)
	}
}
