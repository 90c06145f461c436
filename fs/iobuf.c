#include "fs/iobuf.h"
#include "kernel/lib/string.h"
#include "mm/uaccess.h"

int iobuf_copy_out(const struct iobuf *b, size_t at, const void *src, size_t n)
{
	if (b->user)
		return copy_to_user(b->base + at, src, n);
	memcpy(b->base + at, src, n);
	return 0;
}

int iobuf_copy_in(const struct iobuf *b, size_t at, void *dst, size_t n)
{
	if (b->user)
		return copy_from_user(dst, b->base + at, n);
	memcpy(dst, b->base + at, n);
	return 0;
}

int iobuf_zero(const struct iobuf *b, size_t at, size_t n)
{
	if (b->user)
		return clear_user(b->base + at, n);
	memset(b->base + at, 0, n);
	return 0;
}
