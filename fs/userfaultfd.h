/*
 * userfaultfd, the file: userfaultfd(2) (fs/userfaultfd.c) and /dev/userfaultfd, and the
 * setting that says who may have one. The memory side is mm/userfault.h.
 */
#ifndef FS_USERFAULTFD_H
#define FS_USERFAULTFD_H

#include "fs/vfs.h"

/* /proc/sys/vm/unprivileged_userfaultfd: 1 lets a process that is not root have a
 * userfaultfd that handles the kernel's faults too (Linux's default: 0). */
extern int sysctl_unprivileged_userfaultfd;

/* /dev/userfaultfd: its ioctl USERFAULTFD_IOC_NEW makes a userfaultfd (Linux 6.1). */
extern const struct chardev userfaultfd_dev;

/* Makes the inode userfaultfds' open files share (vfs_init). */
void userfaultfd_init(void);

#endif
