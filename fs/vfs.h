/*
 * The file system: inodes (regular files, directories, character and block devices) in RAM, names
 * in directories, and open files. Regular files keep their data in their page cache
 * (mm/page_cache.h): the frames of a file ARE its storage, which is what lets mmap map them.
 *
 * The API speaks in inodes, paths and struct iobuf, never in system-call terms (no file
 * descriptors, no user pointers in arguments), so the system-call layer stays thin and the
 * kernel can use files itself. Errors are negative Linux errno values.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include "fs/fs_abi.h"
#include "fs/iobuf.h"
#include "fs/procfs.h"
#include "kernel/lib/list.h"
#include "kernel/time.h"
#include "mm/object.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t ssize_t;
typedef int64_t off_t;

struct block_device;
struct file;
struct linux_stat;
struct pipe;

/* A character device: what reading and writing its inode does. */
struct chardev {
	const char *name;
	uint32_t major, minor;
	uint32_t perm;          /* its /dev node's permission bits (0: 0666) */
	bool anon;              /* no node: the inode of its open files has no name (Linux's
				 * anon inode), and readlink of /proc/PID/fd/N shows
				 * "anon_inode:NAME" */
	ssize_t (*read)(struct file *f, struct iobuf *buf);
	ssize_t (*write)(struct file *f, const struct iobuf *buf);
	bool seekable;          /* lseek succeeds (and does nothing), as on /dev/null */
	bool splice_read;       /* sendfile may read it (Linux 6.1's splice_read: the
				 * terminals; not /dev/null nor /dev/zero) */
	bool splice_write;      /* ... and write it (splice_write: the terminals and
				 * /dev/null; not /dev/zero) */
	int (*ioctl)(struct file *f, unsigned long request, uint64_t arg);     /* or NULL */
	bool mmap_anon;         /* mmap gives anonymous memory, as /dev/zero's does */
	uint32_t (*poll)(struct file *f);       /* POLL* bits (fs/poll.h); NULL: always
						 * readable and writable */
	int (*open)(struct file *f);    /* or NULL: what opening it does (a terminal may
					 * become the controlling one); 0 or an error */
	void (*release)(struct file *f);        /* or NULL: the last reference to an open
						 * file of it is gone (f->private_data) */
};

struct inode {
	uint64_t ino;
	uint32_t mode;                  /* S_IFREG/S_IFDIR/S_IFLNK/... | permission bits */
	uint32_t nlink;                 /* names (directory entries) that refer to it */
	uint32_t uid, gid;
	uint64_t nentries;              /* directories: the number of entries */
	struct timespec64 atime, mtime, ctime;
	int refcount;                   /* open files, working directories, mappings */

	struct list_head entries;       /* directories: struct dir_entry, in creation order */
	uint64_t next_dir_pos;          /* directories: the position the next entry gets */
	struct inode *parent;           /* directories: what ".." means (the root: itself) */
	struct vm_object data;          /* regular files: the data (its size in bytes, its page
					 * cache, the areas that map it), as Linux's i_data */
	const struct chardev *dev;      /* character devices */
	struct block_device *bdev;      /* block devices (S_IFBLK: /dev/vda, /dev/vda1) */
	uint64_t rdev;                  /* a device node mknod made without a driver (dev and
					 * bdev NULL): its number (linux_makedev); opens: ENXIO */
	struct pipe *pipe;              /* pipes (S_IFIFO) */
	proc_show_fn proc_show;         /* /proc text files: writes the text an open reads */
	proc_write_fn proc_write;       /* ... takes a write (NULL: none) */
	const void *proc_data;          /* ... what both are told about the file */
	proc_read_fn proc_read;         /* /proc tables: makes the part a read asks for */
	int proc_pid;                   /* ... about this process (0: the one that opens it;
					 * PROC_SYSTEM_WIDE: none) */
	bool proc_ptrace;               /* ... shows its memory (maps, pagemap): opening
					 * needs proc_may_access, as Linux's mm_access */
	char *deleted_path;             /* a mapped file's last name, kept for /proc/self/maps */
	int writers;                    /* regular files: open files that may write them;
					 * execve of one with writers is ETXTBSY, as Linux's
					 * deny_write_access */
	char *symlink;                  /* symbolic links: the target (kmalloc'ed) */
	proc_link_fn proc_link;         /* /proc's links (self, PID/exe, cwd, fd/N): made at
					 * each look, about process proc_pid */
	int proc_link_fd;               /* ... /proc/PID/fd/N: N */
	int proc_fd_pid;                /* /proc/PID/fd: lists (and looks up) this process's
					 * descriptors, which are not entries of the directory */
	int proc_task_tgid;             /* /proc/PID/task: its entries, the threads' own
					 * directories, are made when looked up or listed */
	struct list_head locks;         /* fcntl's record locks on it (fs/lock.c) */
	bool proc_sysctl;               /* /proc/sys's files: root too has only the owner's
					 * permission bits (Linux's sysctl test_perm) */
	bool proc_splice;               /* /proc text files that sendfile may read: those
					 * Linux reads through read_iter, which gives them
					 * splice_read (meminfo, mounts, /proc/sys...; not
					 * status, maps, swaps) */
	struct super_block *sb;         /* the file system instance it belongs to (fs/mount.h;
					 * NULL: rootfs, or proc for /proc's nameless links) */
	struct mount *mounted;          /* directories: the mount that covers it, or NULL */
};

/* Directory positions (what lseek and getdents64's d_off give): 0 is ".", 1 is "..". */
#define DIR_FIRST_ENTRY_POS 2

/* A name in a directory. */
struct dir_entry {
	struct list_head link;
	struct inode *inode;
	uint64_t pos;                   /* its place for getdents: never reused, so removing an
					 * entry does not shift the others under a reader */
	size_t namelen;
	char name[];                    /* NUL-terminated */
};

/* An open file: shared by file descriptors after dup and fork, with one offset. */
struct file {
	struct inode *inode;
	uint64_t offset;
	uint32_t flags;                 /* O_ACCMODE | O_APPEND | O_NONBLOCK ... */
	int refcount;
	char *text;                     /* /proc files: what was there when it was opened */
	size_t text_len;
	int proc_pid;                   /* /proc tables: the process they describe */
	void *private_data;             /* a device's own state for this open file (a
					 * userfaultfd's context), which its release frees */
};

/* A /proc file (text or table, or link, or fd directory): no pages to map, no writes, no
 * end to seek from, no hard links to it. */
static inline bool inode_is_proc(const struct inode *ip)
{
	return ip->proc_show || ip->proc_read || ip->proc_link || ip->proc_fd_pid;
}

/* --- inodes and directories (fs/inode.c) --- */

/* The root directory; vfs_init creates it. */
extern struct inode *vfs_root;

/* A new inode with refcount 1 and nlink 0, or NULL. */
struct inode *inode_alloc(uint32_t mode);
void inode_get(struct inode *ip);
/* Drops a reference; an inode with no references and no names is freed with its data. */
void inode_put(struct inode *ip);

/* The entry called name in dir, or NULL. */
struct dir_entry *dir_find(struct inode *dir, const char *name, size_t len);
/* Adds a name for ip in dir (ip->nlink++). 0 or -ENOMEM. */
int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ip);
/* Removes an entry (its inode's nlink--), freeing the inode if nothing else holds it. */
void dir_unlink(struct inode *dir, struct dir_entry *de);
/* True when dir has no entries. */
bool dir_is_empty(const struct inode *dir);

/* Sets any of the timestamps to now. */
void inode_touch(struct inode *ip, bool atime, bool mtime, bool ctime);

/* --- attributes (fs/attr.c): chmod, chown, utimensat --- */

/* Sets ip's permission bits (07777); its type stays. */
void inode_chmod(struct inode *ip, uint32_t mode);

/* Sets ip's owner and group ((uint32_t)-1: unchanged). As Linux, a file that is not a
 * directory loses set-user-ID, and set-group-ID if group-executable. */
void inode_chown(struct inode *ip, uint32_t uid, uint32_t gid);

/* Sets the access and modification times (NULL: unchanged); the change time is now. */
void inode_set_times(struct inode *ip, const struct timespec64 *atime,
		     const struct timespec64 *mtime);

/* --- permissions (fs/perm.c), with the running process's credentials --- */

#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4

/* 0 when the process may do mask (MAY_*) to ip, else -EACCES. */
int inode_permission(const struct inode *ip, int mask);
/* Who owns ip: its uid and gid, but for a process's /proc files, the process's effective
 * IDs, or root's when it is undumpable (as Linux's task_dump_owner). */
void inode_owner(const struct inode *ip, uint32_t *uid, uint32_t *gid);
/* Whether the process owns ip or is root (chmod, utimensat's own times: else EPERM). */
bool inode_owner_or_root(const struct inode *ip);
/* Whether a name may be added to dir (write and search): 0 or -EACCES. */
int may_create(const struct inode *dir);
/* Whether victim's name may be removed from dir: -EACCES, or -EPERM in a sticky directory
 * for one who owns neither. */
int may_delete(const struct inode *dir, const struct inode *victim);
/* A new inode in dir belongs to the process's file system IDs (the directory's group
 * when it is set-group-ID, which a new directory inherits). */
void inode_init_owner(struct inode *ip, const struct inode *dir);

/* --- paths (fs/namei.c) --- */

/* The inode that path names, looked up from cwd (relative) or the root; referenced. A
 * symbolic link at the end is followed (as stat and open do). */
int path_lookup(struct inode *cwd, const char *path, struct inode **out);
/* The same, following a link at the end only when follow_last (lstat, O_NOFOLLOW: not). */
int path_walk(struct inode *cwd, const char *path, bool follow_last, struct inode **out);
/* What following the symbolic link `link` leads to: its target text in buf (PATH_MAX
 * bytes), or, for /proc's magic links, the inode itself in *target (referenced; buf holds
 * the text readlink shows). 0 or -errno. */
int link_follow(struct inode *link, char *buf, struct inode **target);

/* The last component of a path, and the directory that holds it. */
struct path_last {
	struct inode *dir;              /* referenced */
	char name[NAME_MAX + 1];        /* "." or ".." too, when the path ends so */
	size_t len;
	bool trailing_slash;            /* the path ended in '/': it must name a directory */
};

/* Resolves every component of path but the last. */
int path_parent(struct inode *cwd, const char *path, struct path_last *last);
void path_last_release(struct path_last *last);

/* Creates an inode of mode called last->name in last->dir (referenced in *out): -EEXIST
 * when the name (or "." or "..") exists, -ENOENT when the directory was removed. */
int dir_add_node(struct path_last *last, uint32_t mode, struct inode **out);

/* --- regular file data (fs/ramfs.c) --- */

/* Makes a regular file's data an empty VM object that holds the inode while mapped. */
void inode_init_data(struct inode *ip);

/* The inode whose data obj is, or NULL (shared anonymous memory). */
struct inode *vm_object_inode(struct vm_object *obj);

ssize_t ramfs_read(struct inode *ip, struct iobuf *buf, uint64_t off);
ssize_t ramfs_write(struct inode *ip, const struct iobuf *buf, uint64_t off);
int ramfs_truncate(struct inode *ip, uint64_t size);
/* Frees every page of the file. */
void ramfs_evict(struct inode *ip);
/* fallocate: gives [off, off + len) zeroed pages where there are none; the size grows to
 * cover them unless keep_size. 0, -ENOSPC, -EFBIG. */
int ramfs_allocate(struct inode *ip, uint64_t off, uint64_t len, bool keep_size);
/* lseek's SEEK_DATA (hole false) and SEEK_HOLE (true), by page, as tmpfs: where the next
 * page with data (or without) starts, at least off; -ENXIO at or past the end. */
int64_t ramfs_seek_data(struct inode *ip, uint64_t off, bool hole);

/* --- block special files (fs/blkdev.c) --- */

/* Creates /dev/NAME for bdev (a disk or partition), a block special file. 0 or an errno. */
int blkdev_create(struct block_device *bdev);
/* Reading and writing one at byte offset off, as Linux does: reads stop at the device's
 * end (0 there), a write at or past it is -ENOSPC, one that crosses it is cut short. */
ssize_t blkdev_read(struct inode *ip, struct iobuf *buf, uint64_t off);
ssize_t blkdev_write(struct inode *ip, const struct iobuf *buf, uint64_t off);
/* The device's size in bytes (what lseek's SEEK_END counts from). */
uint64_t blkdev_size(const struct inode *ip);

/* --- open files (fs/file.c) --- */

/* Opens (and with O_CREAT maybe creates, with mode) the file at path. */
int vfs_open(struct inode *cwd, const char *path, int flags, uint32_t mode, struct file **out);
/* An open file for an inode already in hand (devices, pipes later). */
struct file *file_alloc(struct inode *ip, uint32_t flags);
void file_get(struct file *f);
void file_put(struct file *f);
/* A descriptor for f in table `owner` is closed: the table's record locks on the file go
 * (as Linux's filp_close), then the descriptor's reference. */
void file_close(struct file *f, const void *owner);

ssize_t file_read(struct file *f, struct iobuf *buf);
ssize_t file_write(struct file *f, const struct iobuf *buf);
ssize_t file_pread(struct file *f, struct iobuf *buf, off_t off);
ssize_t file_pwrite(struct file *f, const struct iobuf *buf, off_t off);
/* Linux's rw_verify_area: -EINVAL for a negative count or position, or for a transfer
 * that would end past the largest offset; else 0. */
int rw_verify_area(int64_t pos, uint64_t count);
/* Whether f has positions to read at (pread, sendfile's offset; Linux's FMODE_PREAD,
 * and FMODE_LSEEK): not pipes, nor terminals. */
bool file_positional(const struct file *f);
/* sendfile(2) past its descriptor checks (fs/sendfile.c): up to count bytes of in, from
 * *pos on (advanced by what moved), written to out, as Linux 6.1's do_sendfile. Returns
 * the bytes moved, or an error when none moved. */
ssize_t file_sendfile(struct file *out, struct file *in, int64_t *pos, size_t count);
off_t file_lseek(struct file *f, off_t off, int whence);
int file_truncate(struct file *f, off_t size);
/* Whether f was opened for reading, for writing. */
bool file_readable(const struct file *f);
bool file_writable(const struct file *f);
/* Fills buf with struct linux_dirent64 records from the directory's position on. */
ssize_t file_getdents(struct file *f, struct iobuf *buf);
void file_stat(struct file *f, struct linux_stat *st);
/* Device-specific control: FIONREAD of a pipe or a regular file; else the device's own
 * ioctl, -ENOTTY for anything that is not a terminal. */
int file_ioctl(struct file *f, unsigned long request, uint64_t arg);

/* --- names (fs/vfs.c) --- */

void inode_stat(const struct inode *ip, struct linux_stat *st);
/* stat (follow_last) and lstat. */
int vfs_stat(struct inode *cwd, const char *path, bool follow_last, struct linux_stat *st);
/* mknod(2) of a regular file, a FIFO or a socket (mode: its type and permission bits). */
int vfs_mknod(struct inode *cwd, const char *path, uint32_t mode);
/* symlink(2): a new link called path whose target is the text target. */
int vfs_symlink(struct inode *cwd, const char *target, const char *path);
/* readlink(2) of the link path names: its target into buf (PATH_MAX bytes, NUL-terminated);
 * returns the length without the NUL, -EINVAL when path is not a link. */
int vfs_readlink(struct inode *cwd, const char *path, char *buf);
int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode);
int vfs_rmdir(struct inode *cwd, const char *path);
int vfs_unlink(struct inode *cwd, const char *path);
int vfs_rename(struct inode *cwd, const char *from, const char *to);
/* link(2): a new name, to (from new_cwd), for the inode from names (from old_cwd); a link
 * at the end of from is linked itself unless follow (linkat's AT_SYMLINK_FOLLOW). */
int vfs_link(struct inode *old_cwd, const char *from, struct inode *new_cwd, const char *to,
	     bool follow);
int vfs_mknod_chardev(struct inode *cwd, const char *path, uint32_t mode,
		      const struct chardev *dev);
/* The character device with that number (fs/dev.c), or NULL. */
const struct chardev *chardev_find(uint32_t major, uint32_t minor);
/* mknod(2) of a device node: the character device driver with that number, else a node
 * that only records it (its opens fail with ENXIO, as Linux's without a driver). */
int vfs_mknod_device(struct inode *cwd, const char *path, uint32_t mode, uint32_t major,
		     uint32_t minor);
int vfs_mknod_blkdev(struct inode *cwd, const char *path, uint32_t mode,
		     struct block_device *bdev, struct inode **out);
/* Replaces *cwd with the directory path names. */
int vfs_chdir(struct inode **cwd, const char *path);
/* Writes an absolute path naming file ip into buf (NUL-terminated), found by walking the
 * tree (for /proc/self/maps). Returns its length with the NUL, -ENOENT when ip has no name
 * (unlinked), -ERANGE when size is too small. */
int vfs_path_of(struct inode *ip, char *buf, size_t size);
/* Writes the absolute path of cwd into buf (NUL-terminated). Returns its length with the
 * NUL, -ERANGE when size is too small, -ENOENT when cwd was removed. */
int vfs_getcwd(struct inode *cwd, char *buf, size_t size);

/* Creates the root and the usual tree: /dev (null, zero, console, tty), /tmp, /dev/shm. */
void vfs_init(void);

/* Unpacks the boot ramdisk (a cpio archive) into the tree; a malformed one stops boot. */
void initrd_unpack(const void *archive, size_t size);

#endif
