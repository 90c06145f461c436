/*
 * Numbers written to /proc files, parsed exactly as Linux parses them (lib/kstrtox.c and
 * the sysctl parser), so that a program sees the same answers for the same bytes: base 0
 * means "0x" is hexadecimal, a leading 0 octal, anything else decimal.
 */
#ifndef KERNEL_LIB_KSTRTO_H
#define KERNEL_LIB_KSTRTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Linux's _parse_integer after _parse_integer_fixup_radix with base 0: reads the digits
 * at s into *res and returns how many characters it used (the "0x" prefix too), 0 when
 * there is no digit. *overflow is set when the value does not fit in 64 bits. */
size_t parse_integer_base0(const char *s, uint64_t *res, bool *overflow);

/* Linux's kstrtoint(s, 0, res): the whole string is one integer with an optional sign and
 * at most one trailing newline. 0, -EINVAL (not a number) or -ERANGE (does not fit). */
int kstrtoint(const char *s, int *res);

/* Linux's kstrtouint(s, 0, res): the same without a minus sign (a leading '+' may be). 0,
 * -EINVAL or -ERANGE. */
int kstrtouint(const char *s, unsigned int *res);

#endif
