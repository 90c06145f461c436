#include "kernel/lib/kstrto.h"
#include "kernel/errno.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

size_t parse_integer_base0(const char *s, uint64_t *res, bool *overflow)
{
	const char *start = s;
	unsigned base = 10;
	if (s[0] == '0') {
		base = 8;
		if ((s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16) {
			base = 16;
			s += 2;
		}
	}
	*res = 0;
	*overflow = false;
	const char *digits = s;
	for (int d; (d = digit_value(*s)) < (int)base; s++) {
		if (*res > (UINT64_MAX - (uint64_t)d) / base)
			*overflow = true;
		*res = *res * base + (uint64_t)d;
	}
	return s == digits ? 0 : (size_t)(s - start);
}

int kstrtoint(const char *s, int *res)
{
	bool neg = s[0] == '-';
	if (neg || s[0] == '+')
		s++;
	uint64_t v;
	bool overflow;
	size_t n = parse_integer_base0(s, &v, &overflow);
	if (n == 0)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	if (neg ? v > (uint64_t)INT32_MAX + 1 : v > INT32_MAX)
		return -ERANGE;
	*res = neg ? (int)(0 - v) : (int)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int *res)
{
	if (s[0] == '+')
		s++;
	uint64_t v;
	bool overflow;
	size_t n = parse_integer_base0(s, &v, &overflow);
	if (overflow)
		return -ERANGE;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	if (v > UINT32_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}
