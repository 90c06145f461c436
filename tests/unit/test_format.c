/* The kernel's printf formatting, compared with what the C library prints. */
#include "tests/unit/unit.h"
#include "kernel/lib/format.c"

#include <stdint.h>

static char buf[256];

#define FMT(...) (ksnprintf(buf, sizeof(buf), __VA_ARGS__), buf)

/* Formats without the compiler's format checking, for deliberately odd formats. */
static const char *unchecked(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

TEST(integers)
{
	CHECK_STR(FMT("%d %i %u", -5, 42, 7u), "-5 42 7");
	CHECK_STR(FMT("%d", (int)-2147483647 - 1), "-2147483648");
	CHECK_STR(FMT("%ld", (long)INT64_MIN), "-9223372036854775808");
	CHECK_STR(FMT("%lu", (unsigned long)UINT64_MAX), "18446744073709551615");
	CHECK_STR(FMT("%llx %lx", 0x1234ULL, 0xffffffff80000000UL), "1234 ffffffff80000000");
	CHECK_STR(FMT("%x %X %o", 255u, 255u, 8u), "ff FF 10");
	CHECK_STR(FMT("%zu", (size_t)123), "123");
	CHECK_STR(FMT("%u", 0u), "0");
}

TEST(width_and_padding)
{
	char want[64];
	snprintf(want, sizeof(want), "[%5d][%-5d][%05d][%08lx][%3s][%-3s|][%05d]", 42, 42, 42,
		 0xbeefUL, "a", "b", -42);
	CHECK_STR(FMT("[%5d][%-5d][%05d][%08lx][%3s][%-3s|][%05d]", 42, 42, 42, 0xbeefUL, "a",
		      "b", -42), want);
	CHECK_STR(FMT("[%*d]", 4, 7), "[   7]");
	CHECK_STR(FMT("[%*d]", -4, 7), "[7   ]");
	CHECK_STR(FMT("[%2d]", 12345), "[12345]");
}

/* '#', the alternate form, as the C library prints it: 0x or 0X before a hex value but 0,
 * 0 before an octal one, with widths and zero padding after the prefix. */
TEST(alternate_form)
{
	char want[96];
	snprintf(want, sizeof(want), "[%#x][%#X][%#lx][%#o][%#x][%#o][%#10x][%#010x][%-#8x|]",
		 255u, 255u, 0x1000UL, 8u, 0u, 0u, 0xabcu, 0xabcu, 7u);
	CHECK_STR(FMT("[%#x][%#X][%#lx][%#o][%#x][%#o][%#10x][%#010x][%-#8x|]", 255u, 255u,
		      0x1000UL, 8u, 0u, 0u, 0xabcu, 0xabcu, 7u), want);
}

TEST(strings_chars_pointers)
{
	CHECK_STR(FMT("%s|%c|%%", "hi", 'x'), "hi|x|%");
	CHECK_STR(unchecked("%s", (char *)NULL), "(null)");
	CHECK_STR(FMT("%p", (void *)0xffffffff80100000UL), "0xffffffff80100000");
	CHECK_STR(FMT("%p", (void *)0), "0x0");
}

TEST(string_precision)
{
	char unterminated[3] = { 'a', 'b', 'c' };
	CHECK_STR(FMT("[%.2s]", "hello"), "[he]");
	CHECK_STR(FMT("[%.*s]", 3, unterminated), "[abc]");     /* reads no further (ASan) */
	CHECK_STR(FMT("[%5.1s]", "xyz"), "[    x]");
	CHECK_STR(FMT("[%.0s]", "xyz"), "[]");
}

TEST(unknown_conversion_is_visible)
{
	CHECK_STR(unchecked("a%qb"), "a%qb");
	CHECK_STR(unchecked("end%"), "end%");
}

TEST(truncation_and_return_value)
{
	char small[6];
	int n = ksnprintf(small, sizeof(small), "%s", "abcdefgh");
	CHECK_EQ(n, 8);
	CHECK_STR(small, "abcde");
	CHECK_EQ(ksnprintf(small, 0, "xyz"), 3);
	n = ksnprintf(small, 1, "xyz");
	CHECK_EQ(n, 3);
	CHECK_STR(small, "");
}

/* Linux's string_get_size, as disks' boot lines show sizes (figures from Linux logs). */
TEST(format_size_as_linux)
{
	char b[32];
	format_size(b, sizeof(b), 524288, 512, false);
	CHECK_STR(b, "268 MB");
	format_size(b, sizeof(b), 524288, 512, true);
	CHECK_STR(b, "256 MiB");
	format_size(b, sizeof(b), 2097152, 512, false);
	CHECK_STR(b, "1.07 GB");
	format_size(b, sizeof(b), 2097152, 512, true);
	CHECK_STR(b, "1.00 GiB");
	format_size(b, sizeof(b), 8192, 512, false);
	CHECK_STR(b, "4.19 MB");
	format_size(b, sizeof(b), 8192, 512, true);
	CHECK_STR(b, "4.00 MiB");
	format_size(b, sizeof(b), 1, 512, false);
	CHECK_STR(b, "512 B");
	format_size(b, sizeof(b), 0, 512, true);
	CHECK_STR(b, "0 B");
}
