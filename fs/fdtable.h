/*
 * A process's file-descriptor table: small integers naming open files. Several descriptors
 * (after dup, or in parent and child after fork) may share one struct file and its offset.
 */
#ifndef FS_FDTABLE_H
#define FS_FDTABLE_H

#include "fs/vfs.h"

#define FD_DEFAULT_LIMIT 1024   /* RLIMIT_NOFILE's default, as Linux's soft limit */

struct fdtable {
	struct file **files;    /* files[fd], NULL when fd is free */
	uint8_t *cloexec;       /* cloexec[fd]: close it at execve */
	int size;               /* slots allocated; grows on demand */
};

void fdtable_init(struct fdtable *t);

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

/* Copies every descriptor into an empty table dst (fork). 0 or -ENOMEM. */
int fdtable_copy(struct fdtable *dst, const struct fdtable *src);

/* Closes the descriptors marked close-on-exec. */
void fdtable_close_on_exec(struct fdtable *t);

/* Closes everything and frees the table. */
void fdtable_release(struct fdtable *t);

#endif
