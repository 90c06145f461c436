/*
 * printf-style formatting for the kernel, independent of any output device so that the
 * same code formats for the serial console and for buffers, and is unit-tested on the host.
 */
#ifndef KERNEL_LIB_FORMAT_H
#define KERNEL_LIB_FORMAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Receives each formatted character in order. */
typedef void (*format_sink_t)(char c, void *arg);

/*
 * Formats fmt with its arguments, passing each character to sink, and returns how many
 * characters were produced. Conversions: %d %i %u %x %X %o %p %s %c %%, with the length
 * modifiers l, ll and z, the flags '-' and '0', a field width (digits or '*'), and a
 * precision for strings (%.5s, %.*s: at most that many characters are read).
 * An unknown conversion is printed as it was written, so a mistake is visible, not silent.
 */
int format(format_sink_t sink, void *arg, const char *fmt, va_list ap);

/* Like C's vsnprintf/snprintf: always terminates buf (when size > 0), returns the full length. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Writes the size of nblocks blocks of blk_size bytes as Linux's string_get_size does, to
 * three significant digits: "268 MB" (binary false: powers of 1000) or "256 MiB" (binary
 * true: powers of 1024), "1.07 GB", "4.00 MiB". What a disk's boot line shows.
 */
void format_size(char *buf, size_t size, uint64_t nblocks, uint64_t blk_size, bool binary);

#endif
