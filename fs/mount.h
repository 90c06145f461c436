/*
 * File system instances and mounts, as Linux's super blocks and mounts: the boot ramdisk's
 * tree is the root file system (rootfs); proc, tmpfs and ramfs instances are mounted on its
 * directories (mount(2)) and taken off again (umount2(2)). A mount covers a directory: a
 * path walk that reaches the covered directory goes on in the mounted instance's root, and
 * ".." at that root goes back out to the covered directory's parent (fs/namei.c).
 *
 * Each inode belongs to one instance (inode->sb): it gives st_dev, statfs's magic and sizes,
 * read-only (EROFS) and EXDEV between instances. Unlike Linux, an instance is not mounted
 * in several places, but for proc, whose one tree every proc mount shows (so ".." at its
 * root leads out of the first proc mount still there).
 */
#ifndef FS_MOUNT_H
#define FS_MOUNT_H

#include "fs/procfs.h"
#include "kernel/lib/list.h"

#include <stdbool.h>
#include <stdint.h>

struct inode;

/* A kind of file system: what mount's type argument names. */
struct fs_type {
	const char *name;
	uint32_t magic;                 /* statfs's f_type */
	bool counts_blocks;             /* statfs gives blocks (tmpfs, rootfs), not 0 (ramfs,
					 * proc) */
};

/* A file system instance (Linux's super block). */
struct super_block {
	const struct fs_type *type;
	uint64_t dev;                   /* st_dev of its files (an anonymous device, 0:N) */
	struct inode *root;             /* its root directory (referenced) */
	bool rdonly;                    /* MS_RDONLY: changes fail with EROFS */
	uint64_t max_pages;             /* tmpfs's size=: its files' pages at most (0: half
					 * of memory, as tmpfs's default) */
	uint64_t pages;                 /* pages its regular files hold now */
	int mounts;                     /* mounts that show it */
	bool detached;                  /* umount2(MNT_DETACH) while busy: freed once the last
					 * open file or working directory in it goes */
};

/* One mount: an instance shown at a covered directory. */
struct mount {
	struct list_head link;          /* in the mount table, in mount order */
	int id;                         /* /proc/PID/mountinfo's mount ID */
	struct super_block *sb;
	struct inode *covered;          /* the directory it covers (referenced); NULL: "/" */
	char source[64];                /* mount's source argument ("proc", "tmpfs", "none") */
	uint32_t flags;                 /* MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_NOATIME... as
					 * /proc/mounts shows them */
};

/* mount(2)'s flags (Linux's values). */
#define MS_RDONLY       1
#define MS_NOSUID       2
#define MS_NODEV        4
#define MS_NOEXEC       8
#define MS_SYNCHRONOUS  16
#define MS_REMOUNT      32
#define MS_MANDLOCK     64
#define MS_DIRSYNC      128
#define MS_NOATIME      1024
#define MS_NODIRATIME   2048
#define MS_BIND         4096
#define MS_MOVE         8192
#define MS_REC          16384
#define MS_SILENT       32768
#define MS_PRIVATE      (1 << 18)
#define MS_SLAVE        (1 << 19)
#define MS_SHARED       (1 << 20)
#define MS_UNBINDABLE   (1 << 17)
#define MS_RELATIME     (1 << 21)
#define MS_STRICTATIME  (1 << 24)
#define MS_MGC_MSK      0xffff0000u
#define MS_MGC_VAL      0xc0ed0000u

/* umount2(2)'s flags. */
#define MNT_FORCE       1
#define MNT_DETACH      2
#define MNT_EXPIRE      4
#define UMOUNT_NOFOLLOW 8

#define TMPFS_MAGIC      0x01021994
#define RAMFS_MAGIC      0x858458f6
#define PROC_SUPER_MAGIC 0x9fa0

/* proc's one instance (fs/procfs.c). */
struct super_block *procfs_sb(void);

/* The root file system (rootfs): the boot ramdisk's tree. */
extern struct super_block rootfs_sb;

/* The instance ip belongs to (rootfs for inodes made outside any tree, such as pipes;
 * proc for /proc's nameless links). */
struct super_block *inode_sb(const struct inode *ip);

/* -EROFS when ip's instance is read-only, else 0 (what Linux's mnt_want_write checks). */
int sb_want_write(const struct inode *ip);

/* A new instance of type with an empty root directory (mode), not mounted; NULL without
 * memory. */
struct super_block *sb_create(const struct fs_type *type, uint32_t mode);

/* Shows sb at directory covered (referenced here) with source and flags: the boot's /proc. */
int mount_attach(struct super_block *sb, struct inode *covered, const char *source,
		 uint32_t flags);

/* Where ".." leads from dir: from an instance's root, out of its mounts to the directory
 * they cover (repeatedly, for mounts on mounts), then the parent. Not referenced. */
struct inode *mount_dotdot(struct inode *dir);

/* What a walk that reaches ip goes on in: the root of what is mounted on it (repeatedly),
 * else ip. */
struct inode *mount_cross(struct inode *ip);

/* dir itself, or, for an instance's root, the directory its mount covers (repeatedly):
 * where getcwd finds dir's name. NULL for a root no mount shows (lazily unmounted). */
struct inode *mount_climb(struct inode *dir);

/* mount(2) and umount2(2), with their strings in kernel memory (type and data may be
 * NULL) and the caller's working directory. 0 or -errno, as Linux's. */
int do_mount(struct inode *cwd, const char *source, const char *target, const char *type,
	     uint32_t flags, const char *data);
int do_umount(struct inode *cwd, const char *target, int flags);

/* An inode of a detached instance lost a reference: frees the instance once nothing but
 * its own tree holds it (inode_put's hook). */
void mount_put_hook(struct super_block *sb);

/* Whether pages more may be added to ip's data: -ENOSPC when its tmpfs is full (size=). */
int sb_want_pages(const struct inode *ip, uint64_t pages);

/* /proc/PID/mounts: one line per mount, "source mountpoint type options 0 0". */
void mounts_show(struct textbuf *t);
/* /proc/PID/mountinfo: "ID parentID 0:dev / mountpoint mount-options - type source
 * instance-options", as Linux's (no propagation: no optional fields). */
void mountinfo_show(struct textbuf *t);

/* statfs's numbers for ip's instance. */
struct linux_statfs;
void sb_statfs(const struct inode *ip, struct linux_statfs *st);

/* Makes the mount table's first entry: rootfs at "/", whose root is vfs_root. */
void mount_init(void);

#endif
