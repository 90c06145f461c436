/*
 * Shared by the guest test programs: CHECK prints one line per check, "ok" or "FAILED",
 * so the output shows what was checked and matches between Linux and the guest; the
 * program exits non-zero if any check failed.
 */
#ifndef TESTS_USER_CHECK_H
#define TESTS_USER_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

static int check_failures __attribute__((unused));      /* unused by tests that only name errors */

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

/* The name of an errno value, for lines that print which error a call gave. */
static inline const char *errno_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EINTR, "EINTR" },
		{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
		{ ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EEXIST, "EEXIST" },
		{ ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" },
		{ EINVAL, "EINVAL" }, { EMFILE, "EMFILE" }, { ESPIPE, "ESPIPE" },
		{ ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { EOVERFLOW, "EOVERFLOW" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ELOOP, "ELOOP" }, { ENFILE, "ENFILE" }, { ENOMSG, "ENOMSG" }, { EIDRM, "EIDRM" },
		{ ENOSPC, "ENOSPC" }, { EPIPE, "EPIPE" }, { EBUSY, "EBUSY" }, { EFBIG, "EFBIG" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "other";
}

#define CHECK_DONE() return check_failures ? 1 : 0

#endif
