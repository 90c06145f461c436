/* What the file system calls share (kernel/syscall/sys_fs.c): their arguments read in. */
#ifndef KERNEL_SYSCALL_SYS_FS_H
#define KERNEL_SYSCALL_SYS_FS_H

#include "fs/vfs.h"

/* The *at() calls' dirfd and flags (Linux's values). */
#define AT_FDCWD            -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000

#define MAX_RW_COUNT 0x7ffff000L        /* Linux's cap on one read or write (or getrandom) */

/* A path copied in from user memory (kmalloc'ed; free with put_path): 0 or -errno. */
int get_path(const char *upath, char **out);
void put_path(char *p);

/* The open file at fd in current's table, or NULL. It stays open until the system call
 * returns, even if another thread of the process closes fd meanwhile: fget holds a
 * reference, which the system-call dispatcher drops (fget_release_all). */
struct file *fget(int fd);
void fget_release_all(void);
/* The same, but for O_PATH files too (fget: NULL for them, so that the calls that act on
 * an open file give EBADF): for fstat, fstatfs, fchdir, dup, fcntl's descriptor commands
 * and a dirfd (Linux's fdget_raw). */
struct file *fget_raw(int fd);

/* The directory a *at() call resolves path from (referenced): current's working
 * directory for AT_FDCWD or an absolute path, else dirfd's; -EBADF or -ENOTDIR. */
int at_dir(int dirfd, const char *path, struct inode **dir);

/* The number of descriptors a new one must stay under: RLIMIT_NOFILE (at most 2^20). */
int nofile_limit(void);

/* fcntl's record-lock commands (kernel/syscall/sys_lock.c). */
enum { F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37,
       F_OFD_SETLKW = 38 };
struct linux_flock;
int64_t fcntl_lock(struct file *f, int cmd, struct linux_flock *ufl);

#endif
