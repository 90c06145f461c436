/*
 * Declaring system calls. Each is an ordinary C function with the arguments it uses, then
 * SYSCALL_DEFINE(number, function) after it puts it in the table. The dispatcher always
 * passes six register values; as in Linux, a function with fewer parameters ignores the
 * rest, which the x86-64 calling convention makes safe.
 */
#ifndef KERNEL_SYSCALL_SYSCALL_DEF_H
#define KERNEL_SYSCALL_SYSCALL_DEF_H

#include "kernel/syscall/syscall.h"

#define SYSCALL_DEFINE(number, fn)                                                 \
	_Static_assert((number) <= SYSCALL_MAX, "system call number above SYSCALL_MAX"); \
	static const struct syscall_entry_def syscall_def_##fn##_##number          \
	__attribute__((used, section(".syscalls"), aligned(8))) =                  \
		{ number, #fn, (syscall_fn)(void (*)(void))fn }

#endif
