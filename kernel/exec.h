/* execve: replacing a process's program (CS:APP 9.8.4, "execve revisited"). */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <stddef.h>

/* The argument and environment strings of an execve, copied into the kernel. */
struct exec_args {
	char *buf;              /* argc strings, then envc strings, each NUL-terminated */
	size_t size, used;
	int argc, envc;
};

#define MAX_ARG_STRLEN (32 * 4096)      /* the longest one string may be, as Linux */

/* Copies argv and envp (user pointers; either may be NULL) into a. 0, -EFAULT, -E2BIG,
 * -ENOMEM. */
int exec_args_from_user(struct exec_args *a, const char *const *argv, const char *const *envp);

/* The same from kernel arrays (for starting init). */
int exec_args_from_kernel(struct exec_args *a, char *const argv[], char *const envp[]);

void exec_args_free(struct exec_args *a);

/*
 * Replaces the current process's program with the executable at path: nothing is read
 * from the file but its headers; its segments become private file areas (paged in on first
 * touch), bss, heap and stack demand-zero areas. Returns 0 with current's registers set to
 * start the program, or an error, in which case the old program goes on untouched.
 */
int do_execve(const char *path, struct exec_args *args);

#endif
