/*
 * A process's file-descriptor table: small integers naming open files. Several descriptors
 * (after dup, or in parent and child after fork) may share one struct file and its offset.
 * The threads of a process (clone with CLONE_FILES) share one table: it is counted.
 */
#ifndef FS_FDTABLE_H
#define FS_FDTABLE_H

#include "fs/vfs.h"

#define FD_DEFAULT_LIMIT 1024   /* RLIMIT_NOFILE's default, as Linux's soft limit */

struct fdtable {
	struct file **files;    /* files[fd], NULL when fd is free */
	uint8_t *cloexec;       /* cloexec[fd]: close it at execve */
	int size;               /* slots allocated; grows on demand */
	int refs;               /* the processes (threads) using it */
};

/* A new empty table with one reference, or NULL. */
struct fdtable *fdtable_new(void);

/* A copy of src with every descriptor (fork, or clone without CLONE_FILES), or NULL. */
struct fdtable *fdtable_dup(const struct fdtable *src);

/* One more user of t (clone with CLONE_FILES). */
void fdtable_get(struct fdtable *t);

/* One user fewer: the last one closes every descriptor and frees the table. */
void fdtable_put(struct fdtable *t);

/* Installs f (taking over the caller's reference) at the lowest free fd >= min that is
 * below limit. Returns the fd, -EMFILE, or -ENOMEM. */
int fd_install(struct fdtable *t, struct file *f, int min, bool cloexec, int limit);

/* The file at fd (no reference taken), or NULL when fd is not open. */
struct file *fd_file(const struct fdtable *t, int fd);

/* Closes fd. Returns 0 or -EBADF. */
int fd_close(struct fdtable *t, int fd);

/* Makes newfd refer to oldfd's file (closing what newfd had). Returns newfd, -EBADF,
 * -EMFILE or -ENOMEM. */
int fd_dup2(struct fdtable *t, int oldfd, int newfd, bool cloexec, int limit);

/* Closes the descriptors marked close-on-exec. */
void fdtable_close_on_exec(struct fdtable *t);

#endif
