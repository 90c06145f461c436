/*
 * Reading a cpio archive in the "newc" format (GNU cpio -H newc), the format of the boot
 * ramdisk. The reader trusts nothing: every size and offset is checked against the buffer,
 * and a malformed archive yields a message naming the bad entry, never a wild read.
 */
#ifndef FS_CPIO_H
#define FS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_S_IFMT  0170000
#define CPIO_S_IFREG 0100000
#define CPIO_S_IFDIR 0040000
#define CPIO_S_IFLNK 0120000
#define CPIO_S_IFCHR 0020000

#define CPIO_PATH_MAX 4096      /* bytes in a whole name, as Linux's PATH_MAX */
#define CPIO_NAME_MAX 255       /* bytes in one component, as NAME_MAX */

struct cpio_entry {
	const char *name;       /* normalized: no leading "./" or "/", no trailing "/";
				 * "" for the root "."; NOT NUL-terminated in general */
	size_t name_len;
	uint32_t mode;          /* type and permission bits */
	uint32_t uid, gid, nlink;
	uint64_t mtime;
	uint32_t rdev_major, rdev_minor;
	const void *data;       /* the file's bytes (or a symbolic link's target) */
	size_t size;
};

struct cpio_reader {
	const uint8_t *buf;
	size_t len;
	size_t off;             /* where the next header starts */
	size_t index;           /* entries read so far */
	char error[160];
};

void cpio_init(struct cpio_reader *r, const void *buf, size_t len);

/* 1: *e is the next entry; 0: the end ("TRAILER!!!"); -1: malformed, see r->error. */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

#endif
