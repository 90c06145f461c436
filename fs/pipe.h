/* Pipes: a bounded buffer in the kernel between a writing and a reading open file. */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include "fs/vfs.h"

#define PIPE_SIZE 65536         /* Linux's default pipe capacity */
#define PIPE_BUF  4096          /* writes up to this size are atomic */

/* Makes the two ends of a new pipe: *rd opened O_RDONLY, *wr O_WRONLY (plus extra flags
 * such as O_NONBLOCK). 0 or -ENOMEM. */
int pipe_create(struct file **rd, struct file **wr, uint32_t extra_flags);

ssize_t pipe_read(struct file *f, struct iobuf *buf);
ssize_t pipe_write(struct file *f, const struct iobuf *buf);

/* The POLL* bits for an end: readable with data or at end of file (POLLHUP: no writer
 * left), writable with room for PIPE_BUF bytes (POLLERR: no reader left), as Linux. */
uint32_t pipe_poll(struct file *f);

/* An end is closed for good (the last reference to its struct file went away). */
void pipe_release(struct file *f);

/* Frees the pipe of an inode that is going away. */
void pipe_free(struct inode *ip);

#endif
