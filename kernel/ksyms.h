/*
 * The kernel's own symbol table, generated at build time from the linked kernel (nm) by
 * tools/mksyms.sh, so that a backtrace can name functions.
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

/*
 * Finds the function containing addr. Returns its name and sets *offset (addr minus the
 * function's start) and *size; returns NULL when addr is in no known function.
 */
const char *ksym_lookup(uint64_t addr, uint64_t *offset, uint64_t *size);

/* Returns the address of the function called name, or 0. */
uint64_t ksym_address(const char *name);

#endif
