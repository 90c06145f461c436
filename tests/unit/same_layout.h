/*
 * Checks that one of our ABI structures (kernel/linux_abi.h, fs/fs_abi.h, elfcore.h) is laid
 * out as Linux's from its UAPI or libc header: the ABI tests (test_abi*.c, test_elfcore.c)
 * share them. Include after tests/unit/unit.h (CHECK).
 */
#ifndef TESTS_UNIT_SAME_LAYOUT_H
#define TESTS_UNIT_SAME_LAYOUT_H

#include <stddef.h>

#define FIELD_SIZE(type, field) sizeof(((type *)0)->field)

/* Ours and Linux's structure have the same size. */
#define SAME_SIZE(ours, linux) CHECK(sizeof(ours) == sizeof(linux))

/* A field of ours lies where Linux's does, and is as wide. */
#define SAME_FIELD(ours, f, linux, lf)                                                \
	do {                                                                          \
		CHECK(offsetof(ours, f) == offsetof(linux, lf));                      \
		CHECK(FIELD_SIZE(ours, f) == FIELD_SIZE(linux, lf));                  \
	} while (0)

#endif
