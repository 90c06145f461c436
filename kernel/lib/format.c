#include "kernel/lib/format.h"

#include <stdbool.h>
#include <stdint.h>

struct spec {
	bool left;          /* '-': pad on the right */
	bool zero;          /* '0': pad numbers with zeros */
	bool alt;           /* '#': the alternate form (0x before hex, 0 before octal) */
	int width;
	int precision;      /* '.N': at most N characters of a string; -1 when not given */
	int length;         /* 0: int, 1: long, 2: long long, 3: size_t */
};

struct out {
	format_sink_t sink;
	void *arg;
	int count;
};

static void emit(struct out *o, char c)
{
	o->sink(c, o->arg);
	o->count++;
}

static void emit_padding(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

/* Emits s (len characters) in a field of the spec's width; prefix goes before zero padding. */
static void emit_field(struct out *o, const struct spec *sp, const char *prefix,
		       const char *s, int len)
{
	int plen = 0;
	while (prefix[plen])
		plen++;
	int pad = sp->width - len - plen;
	if (!sp->left && !sp->zero)
		emit_padding(o, ' ', pad);
	for (int i = 0; i < plen; i++)
		emit(o, prefix[i]);
	if (!sp->left && sp->zero)
		emit_padding(o, '0', pad);
	for (int i = 0; i < len; i++)
		emit(o, s[i]);
	if (sp->left)
		emit_padding(o, ' ', pad);
}

static void emit_unsigned(struct out *o, const struct spec *sp, const char *prefix,
			  unsigned long long v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int i = sizeof(buf);
	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v);
	emit_field(o, sp, prefix, buf + i, (int)sizeof(buf) - i);
}

static long long signed_arg(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, long);
	case 2: return va_arg(*ap, long long);
	case 3: return (long long)va_arg(*ap, size_t);
	default: return va_arg(*ap, int);
	}
}

static unsigned long long unsigned_arg(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 1: return va_arg(*ap, unsigned long);
	case 2: return va_arg(*ap, unsigned long long);
	case 3: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* Reads flags, width and length after a '%'; returns the conversion character's position. */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){0};
	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '0')
			sp->zero = true;
		else if (*p == '#')
			sp->alt = true;
		else
			break;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		p++;
	}
	while (*p >= '0' && *p <= '9')
		sp->width = sp->width * 10 + (*p++ - '0');
	sp->precision = -1;
	if (*p == '.') {
		p++;
		sp->precision = 0;
		if (*p == '*') {
			sp->precision = va_arg(*ap, int);
			p++;
		}
		while (*p >= '0' && *p <= '9')
			sp->precision = sp->precision * 10 + (*p++ - '0');
	}
	if (*p == 'z') {
		sp->length = 3;
		p++;
	}
	while (*p == 'l' && sp->length < 2) {
		sp->length++;
		p++;
	}
	if (sp->left)
		sp->zero = false;
	return p;
}

/* Handles one conversion; returns false if c is not a conversion we know. */
static bool convert(struct out *o, struct spec *sp, char c, va_list *ap)
{
	switch (c) {
	case 'd':
	case 'i': {
		long long v = signed_arg(sp, ap);
		unsigned long long mag = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
		emit_unsigned(o, sp, v < 0 ? "-" : "", mag, 10, false);
		return true;
	}
	case 'u':
		emit_unsigned(o, sp, "", unsigned_arg(sp, ap), 10, false);
		return true;
	case 'x':
	case 'X': {
		/* '#': C's alternate form, a prefix for any value but 0. */
		unsigned long long v = unsigned_arg(sp, ap);
		const char *prefix = sp->alt && v ? (c == 'X' ? "0X" : "0x") : "";
		emit_unsigned(o, sp, prefix, v, 16, c == 'X');
		return true;
	}
	case 'o': {
		unsigned long long v = unsigned_arg(sp, ap);
		emit_unsigned(o, sp, sp->alt && v ? "0" : "", v, 8, false);
		return true;
	}
	case 'p':
		sp->length = 1;
		emit_unsigned(o, sp, "0x", (uintptr_t)va_arg(*ap, void *), 16, false);
		return true;
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		sp->zero = false;
		emit_field(o, sp, "", &ch, 1);
		return true;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		int len = 0;
		while ((sp->precision < 0 || len < sp->precision) && s[len])
			len++;
		sp->zero = false;
		emit_field(o, sp, "", s, len);
		return true;
	}
	case '%':
		emit(o, '%');
		return true;
	default:
		return false;
	}
}

int format(format_sink_t sink, void *arg, const char *fmt, va_list ap)
{
	struct out o = { sink, arg, 0 };
	va_list args;
	va_copy(args, ap);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			emit(&o, *p);
			continue;
		}
		const char *start = p;
		struct spec sp;
		p = parse_spec(p + 1, &sp, &args);
		if (!*p) {              /* a lone '%' at the end */
			for (const char *q = start; q < p; q++)
				emit(&o, *q);
			break;
		}
		if (!convert(&o, &sp, *p, &args)) {
			for (const char *q = start; q <= p; q++)
				emit(&o, *q);
		}
	}
	va_end(args);
	return o.count;
}

struct buf_sink {
	char *buf;
	size_t size;
	size_t len;
};

static void buf_put(char c, void *arg)
{
	struct buf_sink *b = arg;
	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { buf, size, 0 };
	int n = format(buf_put, &b, fmt, ap);
	if (size > 0)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void format_size(char *buf, size_t size, uint64_t nblocks, uint64_t blk_size, bool binary)
{
	static const char *const units_10[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB" };
	static const char *const units_2[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	static const unsigned rounding[] = { 500, 50, 5 };
	const uint64_t divisor = binary ? 1024 : 1000;
	unsigned i = 0, j = 0;
	uint64_t remainder = 0;
	char frac[8] = "";
	if (blk_size == 0)
		nblocks = 0;
	if (nblocks != 0) {
		/* Both factors under 32 bits so that their product fits in 64; the precision
		 * is in what is kept, as Linux reasons. */
		while (blk_size >> 32) {
			blk_size /= divisor;
			i++;
		}
		while (nblocks >> 32) {
			nblocks /= divisor;
			i++;
		}
		nblocks *= blk_size;
		while (nblocks >= divisor) {
			remainder = nblocks % divisor;
			nblocks /= divisor;
			i++;
		}
		/* j: how many decimals make three significant digits. */
		uint64_t sf_cap = nblocks;
		for (j = 0; sf_cap * 10 < 1000; j++)
			sf_cap *= 10;
		if (binary)
			remainder = (remainder * 1000) >> 10;
		remainder += rounding[j];
		if (remainder >= 1000) {
			remainder -= 1000;
			nblocks += 1;
		}
		if (j) {
			ksnprintf(frac, sizeof(frac), ".%03u", (unsigned)remainder);
			frac[j + 1] = '\0';
		}
	}
	const char *unit = i < sizeof(units_2) / sizeof(units_2[0])
				   ? (binary ? units_2[i] : units_10[i]) : "UNK";
	ksnprintf(buf, size, "%u%s %s", (unsigned)nblocks, frac, unit);
}
