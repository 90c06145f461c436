/*
 * Readiness of open files, for poll and select: what a read or write could do now without
 * waiting. A process in poll or select sleeps on one channel that every change of a
 * pipe's or the terminal's state wakes (poll_notify), and then looks at its files again:
 * simpler than Linux's per-file wait queues, and as correct with one CPU.
 */
#ifndef FS_POLL_H
#define FS_POLL_H

#include "fs/vfs.h"

/* poll(2)'s event bits, as Linux's asm-generic/poll.h. */
#define POLLIN     0x0001
#define POLLPRI    0x0002
#define POLLOUT    0x0004
#define POLLERR    0x0008
#define POLLHUP    0x0010
#define POLLNVAL   0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200

/* What files without waits report: always readable and writable (regular files, /dev/null,
 * directories, /proc), as Linux's DEFAULT_POLLMASK. */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* The POLL* bits that describe f now. */
uint32_t file_poll(struct file *f);

/* The channel processes in poll and select sleep on. */
extern const char poll_channel;

/* A file's readiness may have changed: processes in poll or select look again. */
void poll_notify(void);

#endif
