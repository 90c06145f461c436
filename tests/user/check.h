/*
 * Shared by the guest test programs: CHECK prints one line per check, "ok" or "FAILED",
 * so the output shows what was checked and matches between Linux and the guest; the
 * program exits non-zero if any check failed.
 */
#ifndef TESTS_USER_CHECK_H
#define TESTS_USER_CHECK_H

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

static int check_failures;

#define CHECK(what, cond)                                                         \
	do {                                                                      \
		int ok_ = (cond);                                                 \
		printf("%-60s %s\n", what, ok_ ? "ok" : "FAILED");                \
		fflush(stdout);                                                   \
		if (!ok_)                                                         \
			check_failures++;                                         \
	} while (0)

/* True inside mmk (some facts, such as exact free-frame counts, can only be checked
 * there; on Linux other processes move them). */
static inline int on_mmk(void)
{
	struct utsname u;
	return uname(&u) == 0 && strstr(u.release, "mmk") != NULL;
}

#define CHECK_DONE() return check_failures ? 1 : 0

#endif
