/*
 * The exception table: pairs (address of an instruction that may fault, address to resume
 * at). A fault at a listed instruction is not a kernel bug but an expected failure, such as
 * a bad user pointer; the trap handler resumes at the fix-up instead of dying.
 */
#ifndef KERNEL_ARCH_X86_EXTABLE_H
#define KERNEL_ARCH_X86_EXTABLE_H

#include <stdint.h>

struct extable_entry {
	uint64_t fault_ip;
	uint64_t fixup_ip;
};

/* Returns the fix-up address for a fault at ip, or 0 when ip is not in the table. */
uint64_t extable_fixup(uint64_t ip);

/*
 * Reads the 8 bytes at addr into *out. Returns 0, or -1 if the read faulted (the fault is
 * absorbed through the exception table). For probing addresses that may be unmapped.
 */
int probe_read_u64(const void *addr, uint64_t *out);

/* Writes v to the 8 bytes at addr; returns 0, or -1 if the write faulted. */
int probe_write_u64(void *addr, uint64_t v);

#endif
