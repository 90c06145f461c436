/* execve: replacing a process's program (CS:APP 9.8.4, "execve revisited"). */
#ifndef KERNEL_EXEC_EXEC_H
#define KERNEL_EXEC_EXEC_H

#include "kernel/exec/exec_args.h"

/*
 * Replaces the current process's program with the executable at path: nothing is read
 * from the file but its headers; its segments become private file areas (paged in on first
 * touch), bss, heap and stack demand-zero areas. Returns 0 with current's registers set to
 * start the program, or an error, in which case the old program goes on untouched.
 */
int do_execve(const char *path, struct exec_args *args);

#endif
