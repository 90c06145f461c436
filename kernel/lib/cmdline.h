/*
 * The kernel command line: space-separated options, each "key=value" or a bare "key",
 * with double quotes allowed around a value that holds spaces (key="a b"), as Linux's.
 * A bad command line never stops boot: an unknown key or a rejected value is a warning.
 * After a word "--", the words are init's arguments, not options (cmdline_init_args).
 */
#ifndef KERNEL_LIB_CMDLINE_H
#define KERNEL_LIB_CMDLINE_H

#include <stddef.h>

/* Longest key or value we accept; a longer one is reported and skipped, never truncated. */
#define CMDLINE_TOKEN_MAX 256

/*
 * One option the kernel understands. set() gets the value after '=', or NULL when the key
 * stood alone, and returns NULL when it took the value or a short reason why it did not.
 */
struct kopt {
	const char *name;
	const char *(*set)(const char *value);
};

/* Called for each problem: the offending key (or token) and why it was ignored. */
typedef void (*cmdline_warn_t)(const char *key, const char *why);

/*
 * Applies every option in cmdline to the matching entry of opts[0..nopts). Returns the
 * number of warnings given; everything that could be applied has been.
 */
int cmdline_parse(const char *cmdline, const struct kopt *opts, size_t nopts,
		  cmdline_warn_t warn);

/*
 * As Linux's: the options end at a word "--" (cmdline_parse stops there), and the words
 * after it are init's arguments. Copies them into buf (size bytes) and points argv[0..max)
 * at them; returns how many. Words that do not fit are left out.
 */
int cmdline_init_args(const char *cmdline, char *buf, size_t size, char **argv, int max);

/*
 * Parses a size such as "32M", "4096", "2G" or "512k" into bytes, with Linux's memparse
 * suffixes K, M, G, T, P, E (either case) for powers of 1024. Returns 0 on success,
 * -1 if s is not a size or does not fit in 64 bits.
 */
int parse_size(const char *s, unsigned long long *bytes);

/* Parses a decimal unsigned number; returns 0 on success, -1 otherwise. */
int parse_uint(const char *s, unsigned long long *out);

#endif
