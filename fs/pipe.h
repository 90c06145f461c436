/* Pipes: a bounded buffer in the kernel between a writing and a reading open file. */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include "fs/vfs.h"

#define PIPE_DEF_PAGES 16       /* Linux's default pipe capacity: 65536 bytes */
#define PIPE_MIN_DEF_PAGES 2    /* ... and a user's past pipe-user-pages-soft */
#define PIPE_MAX_SIZE 1048576   /* pipe-max-size's default */
#define PIPE_MAX_SIZE_ROOT (1u << 24)   /* F_SETPIPE_SZ's limit for root here (Linux: memory
					 * permitting) */
#define PIPE_BUF  4096          /* writes up to this size are atomic */

/* Makes the two ends of a new pipe: *rd opened O_RDONLY, *wr O_WRONLY (plus extra flags
 * such as O_NONBLOCK). 0 or -ENOMEM. */
int pipe_create(struct file **rd, struct file **wr, uint32_t extra_flags);

ssize_t pipe_read(struct file *f, struct iobuf *buf);
ssize_t pipe_write(struct file *f, const struct iobuf *buf);

/* sendfile into the pipe f (its write end): how many bytes it may put in at once, as
 * Linux's splice, whose pipe holds one page of a file per slot: the free room in whole
 * pages. While no page is free it waits, as Linux's wait_for_space: -EAGAIN instead when
 * f is O_NONBLOCK, -ERESTARTSYS for a signal; -EPIPE (and SIGPIPE) without a reader. */
ssize_t pipe_splice_room(struct file *f);

/* The POLL* bits for an end: readable with data or at end of file (POLLHUP: no writer
 * left), writable with room for PIPE_BUF bytes (POLLERR: no reader left), as Linux. */
uint32_t pipe_poll(struct file *f);

/* An end is closed for good (the last reference to its struct file went away). */
void pipe_release(struct file *f);

/* Opening a FIFO (or a pipe through /proc/PID/fd/N) with open's flags, before its struct
 * file exists: counts the new end, making the pipe on the first open. As Linux, a named
 * FIFO's O_RDONLY open waits for a writer and O_WRONLY for a reader (-ERESTARTSYS for a
 * signal), unless O_NONBLOCK: a reader goes on, a writer gets -ENXIO without a reader;
 * O_RDWR never waits. */
int fifo_open(struct inode *ip, uint32_t flags);
/* Uncounts an end opened with flags; the last one frees the pipe and what it held. */
void fifo_close(struct inode *ip, uint32_t flags);

/* /proc/sys/fs: the largest capacity F_SETPIPE_SZ gives a user other than root
 * (pipe-max-size: a power of two, at least a page), and the pages of pipe buffers a user
 * may hold (0: no limit): past pipe-user-pages-soft, new pipes get 2 pages and
 * F_SETPIPE_SZ may not grow one; past pipe-user-pages-hard, pipe() gives ENFILE. Root is
 * bound by none of them (Linux's CAP_SYS_RESOURCE). */
extern uint64_t pipe_max_size, pipe_user_pages_hard, pipe_user_pages_soft;

/* F_GETPIPE_SZ and F_SETPIPE_SZ: the capacity, and a new one (rounded up to a power of two
 * of pages, at least one page): the new size, -EPERM past pipe-max-size or growing past a
 * user limit without privilege, -EBUSY when the data in it would not fit. */
uint64_t pipe_size(struct file *f);
/* The bytes written to the pipe and not read yet (FIONREAD). */
uint64_t pipe_unread(struct file *f);
int pipe_set_size(struct file *f, uint64_t want);

/* Frees the pipe of an inode that is going away. */
void pipe_free(struct inode *ip);

#endif
