#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"

#include <stdbool.h>

/* Copies one key or value from *pp into out, stopping at stop or a space; returns false
 * when it does not fit. Quotes delimit and are dropped. */
static bool take(const char **pp, char *out, char stop)
{
	const char *p = *pp;
	size_t n = 0;
	bool quoted = false;
	bool ok = true;
	for (; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (*p == ' ' || *p == '\t' || *p == '\n' || *p == stop))
			break;
		if (n + 1 < CMDLINE_TOKEN_MAX)
			out[n++] = *p;
		else
			ok = false;
	}
	out[n] = '\0';
	*pp = p;
	return ok;
}

static const struct kopt *find(const struct kopt *opts, size_t nopts, const char *key)
{
	for (size_t i = 0; i < nopts; i++)
		if (strcmp(opts[i].name, key) == 0)
			return &opts[i];
	return NULL;
}

/* Applies one "key[=value]" pair; returns the number of warnings (0 or 1). */
static int apply(const struct kopt *opts, size_t nopts, const char *key,
		 const char *value, cmdline_warn_t warn)
{
	if (!key[0]) {
		warn(value ? value : "", "an option with no name");
		return 1;
	}
	const struct kopt *o = find(opts, nopts, key);
	if (!o) {
		warn(key, "unknown option");
		return 1;
	}
	const char *why = o->set(value);
	if (why) {
		warn(key, why);
		return 1;
	}
	return 0;
}

int cmdline_parse(const char *cmdline, const struct kopt *opts, size_t nopts,
		  cmdline_warn_t warn)
{
	static char key[CMDLINE_TOKEN_MAX], value[CMDLINE_TOKEN_MAX];
	int warnings = 0;
	const char *p = cmdline ? cmdline : "";
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		bool ok = take(&p, key, '=');
		bool has_value = (*p == '=');
		if (ok && !has_value && strcmp(key, "--") == 0)
			break;                  /* the rest is init's (cmdline_init_args) */
		if (has_value) {
			p++;
			ok = take(&p, value, '\0') && ok;
		}
		if (!ok) {
			warn(key, "too long");
			warnings++;
			continue;
		}
		warnings += apply(opts, nopts, key, has_value ? value : NULL, warn);
	}
	return warnings;
}

int cmdline_init_args(const char *cmdline, char *buf, size_t size, char **argv, int max)
{
	static char word[CMDLINE_TOKEN_MAX];
	const char *p = cmdline ? cmdline : "";
	bool after = false;
	int n = 0;
	size_t used = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		bool ok = take(&p, word, '\0');
		if (!after) {
			after = ok && strcmp(word, "--") == 0;
			continue;
		}
		size_t len = strlen(word) + 1;
		if (!ok || n == max || len > size - used)
			break;
		memcpy(buf + used, word, len);
		argv[n++] = buf + used;
		used += len;
	}
	return n;
}

int parse_uint(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		unsigned d = (unsigned)(*s - '0');
		if (v > (~0ULL - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int parse_size(const char *s, unsigned long long *bytes)
{
	char digits[24];
	size_t n = s ? strlen(s) : 0;
	unsigned shift = 0;
	if (n == 0 || n >= sizeof(digits))
		return -1;
	switch (s[n - 1]) {
	case 'k': case 'K': shift = 10; n--; break;
	case 'm': case 'M': shift = 20; n--; break;
	case 'g': case 'G': shift = 30; n--; break;
	case 't': case 'T': shift = 40; n--; break;
	case 'p': case 'P': shift = 50; n--; break;
	case 'e': case 'E': shift = 60; n--; break;
	default: break;
	}
	memcpy(digits, s, n);
	digits[n] = '\0';
	unsigned long long v;
	if (parse_uint(digits, &v) != 0 || v > (~0ULL >> shift))
		return -1;
	*bytes = v << shift;
	return 0;
}
