/*
 * The argument and environment strings of an execve, held by the kernel between the old
 * program and the new one. They are kept as one byte stream (argv's strings, then envp's,
 * each NUL-terminated) in whole frames, the way Linux keeps them in the new program's stack
 * pages: even Linux's largest argument lists need no physically contiguous memory.
 */
#ifndef KERNEL_EXEC_EXEC_ARGS_H
#define KERNEL_EXEC_EXEC_ARGS_H

#include <stddef.h>

struct page;

struct exec_args {
	struct page **pages;    /* pages[i] holds stream bytes [i * PAGE_SIZE, (i + 1) * PAGE_SIZE) */
	size_t npages;          /* frames in pages[] */
	size_t used;            /* bytes in the stream */
	size_t argv_bytes;      /* of which argv's strings (the first argc), NULs included */
	int argc, envc;
};

#define MAX_ARG_STRLEN (32 * 4096)      /* the longest one string may be, with its NUL, as Linux */
#define ARG_MAX_CAP    (6u << 20)       /* Linux: strings and pointers take at most 3/4 of 8 MiB */

/* Copies argv and envp (user pointers; either may be NULL) into a. 0, -EFAULT, -E2BIG (a
 * string over MAX_ARG_STRLEN, or all of them over Linux's limit), -ENOMEM. */
int exec_args_from_user(struct exec_args *a, const char *const *argv, const char *const *envp);

/* The same from kernel arrays (for starting init). */
int exec_args_from_kernel(struct exec_args *a, char *const argv[], char *const envp[]);

/* For a script: replaces argv[0] by the n strings front[] (the interpreter, its argument,
 * the script's path). 0, -E2BIG past Linux's limit, -ENOMEM; a is unchanged on failure. */
int exec_args_replace_argv0(struct exec_args *a, const char *const front[], int n);

/* The stream's bytes from offset off to the end of their frame; their count in *len. */
const char *exec_args_bytes(const struct exec_args *a, size_t off, size_t *len);

void exec_args_free(struct exec_args *a);

#endif
