/*
 * printf-style formatting for the kernel, independent of any output device so that the
 * same code formats for the serial console and for buffers, and is unit-tested on the host.
 */
#ifndef KERNEL_LIB_FORMAT_H
#define KERNEL_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

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

#endif
