/*
 * A helper for self-tests that provoke exceptions on purpose: between trap_expect_begin()
 * and trap_expect_end(), every kernel-mode exception is recorded in trap_seen and the code
 * resumes after the faulting instruction (see trap_expect.c for how).
 */
#ifndef TESTS_KERNEL_TRAP_EXPECT_H
#define TESTS_KERNEL_TRAP_EXPECT_H

#include <stdint.h>

struct trap_record {
	int count;
	uint64_t vector, error_code, cr2, rip;
};

extern struct trap_record trap_seen;

void trap_expect_begin(void);
void trap_expect_end(void);

#endif
