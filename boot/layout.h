/*
 * Where the kernel lives, shared by the assembly entry, the linker script and C.
 * Kept free of C syntax so that all three can include it.
 */
#ifndef BOOT_LAYOUT_H
#define BOOT_LAYOUT_H

/* The kernel image is linked in the top 2 GiB (what -mcmodel=kernel addresses). */
#define KERNEL_VMA        0xffffffff80000000
/* ... and loaded at 1 MiB physical, above the BIOS area. */
#define KERNEL_PHYS_BASE  0x100000

/* Addresses from here up are the kernel's half of every address space. */
#define KERNEL_HALF_START 0xffff800000000000

#define BOOT_STACK_SIZE   0x4000

#endif
