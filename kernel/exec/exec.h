/* execve: replacing a process's program (CS:APP 9.8.4, "execve revisited"). */
#ifndef KERNEL_EXEC_EXEC_H
#define KERNEL_EXEC_EXEC_H

#include "kernel/exec/exec_args.h"

#include <stdbool.h>

struct inode;

/*
 * Replaces the current process's program with the executable at path: nothing is read
 * from the file but its headers; its segments become private file areas (paged in on first
 * touch), bss, heap and stack demand-zero areas. Returns 0 with current's registers set to
 * start the program, or an error, in which case the old program goes on untouched.
 */
int do_execve(const char *path, struct exec_args *args);

/* Where execveat finds the program: path looked up from dir, or with AT_EMPTY_PATH the
 * inode ip itself; a symbolic link at the end is ELOOP with nofollow. */
struct exec_file {
	struct inode *dir;      /* NULL: the working directory */
	struct inode *ip;       /* the open file fexecve runs, or NULL */
	bool nofollow;          /* AT_SYMLINK_NOFOLLOW */
	bool script_lost;       /* the descriptor closes at exec: a script's interpreter
				 * could not open it, so a script is ENOENT, as Linux */
};

/* execveat: as do_execve, the program found through at; name is the program's name for
 * its argv (scripts), AT_EXECFN and the process name ("/dev/fd/N/path" as Linux makes). */
int do_execveat(const struct exec_file *at, const char *path, const char *name,
		struct exec_args *args);

#endif
