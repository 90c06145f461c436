/*
 * Where the bytes of a read go, or where the bytes of a write come from: a kernel buffer
 * or a user one. File code copies through these helpers and never asks which it is, so the
 * same read path serves read(2) into user memory and the kernel's own reads (exec, tests).
 */
#ifndef FS_IOBUF_H
#define FS_IOBUF_H

#include <stdbool.h>
#include <stddef.h>

struct iobuf {
	char *base;
	size_t len;
	bool user;      /* base is a user address: go through uaccess */
};

static inline struct iobuf kernel_iobuf(void *p, size_t n)
{
	return (struct iobuf){ p, n, false };
}

static inline struct iobuf user_iobuf(void *p, size_t n)
{
	return (struct iobuf){ p, n, true };
}

/* Copy n bytes between src/dst and the buffer at offset at. 0 or -EFAULT. */
int iobuf_copy_out(const struct iobuf *b, size_t at, const void *src, size_t n);
int iobuf_copy_in(const struct iobuf *b, size_t at, void *dst, size_t n);
int iobuf_zero(const struct iobuf *b, size_t at, size_t n);

#endif
