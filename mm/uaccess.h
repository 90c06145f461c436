/*
 * The only way the kernel touches user memory. A bad user pointer (outside the user half,
 * unmapped, or not writable) makes these return -EFAULT instead of crashing the kernel:
 * the copy loops are in the exception table, and the range is checked first so a user
 * pointer can never name kernel memory. Under SMAP the copies open a stac/clac window.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The end of the user half, as Linux's TASK_SIZE: the last canonical page is left out. */
#define USER_TOP 0x00007ffffffff000ULL

/* True when [addr, addr + len) lies inside the user half. */
static inline bool user_range_ok(uintptr_t addr, size_t len)
{
	return addr <= USER_TOP && len <= USER_TOP - addr;
}

/* Each returns 0, or -EFAULT when some byte could not be copied. */
int copy_to_user(void *user_dst, const void *src, size_t n);
int copy_from_user(void *dst, const void *user_src, size_t n);
int clear_user(void *user_dst, size_t n);

/*
 * Copies a NUL-terminated string of at most max bytes (with the NUL) from user memory.
 * Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL came within max bytes.
 */
long strncpy_from_user(char *dst, const char *user_src, size_t max);

struct mm;

/*
 * Reads n bytes at user address src of address space mm, which need not be the running
 * one (Linux's access_remote_vm, for /proc/PID/cmdline), through the frames that hold
 * them. Only pages in memory are read: it never faults a page in, so it never sleeps and
 * mm cannot go away under it. Returns the bytes copied, fewer than n at the first page
 * that is not in memory.
 */
size_t copy_from_mm_resident(struct mm *mm, void *dst, uintptr_t src, size_t n);

#endif
