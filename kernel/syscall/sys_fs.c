/*
 * File system calls: thin wrappers that copy arguments in and out of user memory and call
 * the file API (fs/vfs.h) with the process's descriptor table and working directory.
 */
#include "fs/fdtable.h"
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/sys_fs.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#define AT_REMOVEDIR        0x200
#define UIO_MAXIOV          1024

int get_path(const char *upath, char **out)
{
	char *p = kmalloc(PATH_MAX);
	if (!p)
		return -ENOMEM;
	long len = strncpy_from_user(p, upath, PATH_MAX);
	if (len < 0) {
		kfree(p);
		return (int)len;
	}
	*out = p;
	return 0;
}

void put_path(char *p)
{
	kfree(p);
}

struct file *fget_raw(int fd)
{
	struct file *f = fd_file(current->fds, fd);
	if (f && current->nheld < (int)(sizeof(current->held_files) / sizeof(f))) {
		file_get(f);
		current->held_files[current->nheld++] = f;
	}
	return f;
}

struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);
	return f && !(f->flags & O_PATH) ? f : NULL;
}

void fget_release_all(void)
{
	while (current->nheld > 0)
		file_put(current->held_files[--current->nheld]);
}

int nofile_limit(void)
{
	uint64_t lim = current->rlimits[RLIMIT_NOFILE].rlim_cur;
	return lim > (1u << 20) ? (1 << 20) : (int)lim;
}

int at_dir(int dirfd, const char *path, struct inode **dir)
{
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*dir = current->fs->cwd;
	} else {
		struct file *f = fget_raw(dirfd);
		if (!f)
			return -EBADF;
		if (!S_ISDIR(f->inode->mode))
			return -ENOTDIR;
		*dir = f->inode;
	}
	inode_get(*dir);
	return 0;
}

static size_t clamp_count(uint64_t n)
{
	return n > (uint64_t)MAX_RW_COUNT ? (size_t)MAX_RW_COUNT : (size_t)n;
}

/* Linux's checks before a transfer moves anything, in its order (vfs_read, access_ok,
 * rw_verify_area): -EBADF when f is not open that way, -EFAULT when the buffer is not all in
 * user memory, -EINVAL when the transfer would end past the largest offset (pos NULL: the
 * file's own offset, not checked here). */
static int check_rw(const struct file *f, bool write, const void *ubuf, uint64_t count,
		    const int64_t *pos)
{
	if (!(write ? file_writable(f) : file_readable(f)))
		return -EBADF;
	if (!user_range_ok((uintptr_t)ubuf, count))
		return -EFAULT;
	return pos ? rw_verify_area(*pos, count) : 0;
}

static int64_t sys_read(int fd, char *ubuf, uint64_t count)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	int err = check_rw(f, false, ubuf, count, NULL);
	if (err)
		return err;
	struct iobuf b = user_iobuf(ubuf, clamp_count(count));
	return file_read(f, &b);
}
SYSCALL_DEFINE(0, sys_read);

static int64_t sys_write(int fd, const char *ubuf, uint64_t count)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	int err = check_rw(f, true, ubuf, count, NULL);
	if (err)
		return err;
	struct iobuf b = user_iobuf((char *)ubuf, clamp_count(count));
	return file_write(f, &b);
}
SYSCALL_DEFINE(1, sys_write);

/* readv/writev: the whole vector is checked first, as Linux's import_iovec does (-EINVAL
 * for a negative length, -EFAULT for a buffer outside user memory) and its total cut to
 * MAX_RW_COUNT; then one transfer per vector until one falls short. */
static int64_t vector_io(int fd, const struct linux_iovec *uiov, int iovcnt, bool write)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	int mode_err = check_rw(f, write, NULL, 0, NULL);      /* the file's mode only */
	if (mode_err)
		return mode_err;
	if (iovcnt == 0)
		return 0;
	struct linux_iovec *iov = kmalloc((size_t)iovcnt * sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	int64_t err = copy_from_user(iov, uiov, (size_t)iovcnt * sizeof(*iov));
	uint64_t room = MAX_RW_COUNT;
	for (int i = 0; i < iovcnt && !err; i++) {
		if ((int64_t)iov[i].iov_len < 0)
			err = -EINVAL;
		else if (!user_range_ok((uintptr_t)iov[i].iov_base, iov[i].iov_len))
			err = -EFAULT;
		iov[i].iov_len = iov[i].iov_len < room ? iov[i].iov_len : room;
		room -= iov[i].iov_len;
	}
	int64_t total = 0;
	for (int i = 0; i < iovcnt && !err; i++) {
		struct iobuf b = user_iobuf(iov[i].iov_base, iov[i].iov_len);
		ssize_t n = write ? file_write(f, &b) : file_read(f, &b);
		if (n < 0) {
			err = total ? 0 : n;
			break;
		}
		total += n;
		if ((size_t)n < b.len)
			break;
	}
	kfree(iov);
	return err ? err : total;
}

static int64_t sys_readv(int fd, const struct linux_iovec *iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, false);
}
SYSCALL_DEFINE(19, sys_readv);

static int64_t sys_writev(int fd, const struct linux_iovec *iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, true);
}
SYSCALL_DEFINE(20, sys_writev);

static int64_t sys_pread64(int fd, char *ubuf, uint64_t count, int64_t off)
{
	if (off < 0)
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	int err = check_rw(f, false, ubuf, count, &off);
	if (err)
		return err;
	struct iobuf b = user_iobuf(ubuf, clamp_count(count));
	return file_pread(f, &b, off);
}
SYSCALL_DEFINE(17, sys_pread64);

static int64_t sys_pwrite64(int fd, const char *ubuf, uint64_t count, int64_t off)
{
	if (off < 0)
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	int err = check_rw(f, true, ubuf, count, &off);
	if (err)
		return err;
	struct iobuf b = user_iobuf((char *)ubuf, clamp_count(count));
	return file_pwrite(f, &b, off);
}
SYSCALL_DEFINE(18, sys_pwrite64);

/* sendfile's checks of its descriptors and counts, in Linux 6.1's order (do_sendfile):
 * in_fd open for reading, with positions when ppos is given, the range read; then out_fd
 * open for writing. The rest is the file layer's (file_sendfile). ppos NULL: in_fd's
 * own offset, which moves by what was sent. */
static int64_t do_sendfile(int out_fd, int in_fd, int64_t *ppos, uint64_t count)
{
	struct file *in = fget(in_fd);
	if (!in || !file_readable(in))
		return -EBADF;
	if (ppos && !file_positional(in))
		return -ESPIPE;
	int64_t pos = ppos ? *ppos : (int64_t)in->offset;
	int err = rw_verify_area(pos, count);
	if (err)
		return err;
	struct file *out = fget(out_fd);
	if (!out || !file_writable(out))
		return -EBADF;
	ssize_t n = file_sendfile(out, in, &pos, clamp_count(count));
	if (n > 0 && ppos)
		*ppos = pos;
	else if (n > 0)
		in->offset = (uint64_t)pos;
	return n;
}

/* x86-64's sendfile is Linux's sendfile64: the offset is read in first and written back
 * after, even when the transfer failed (-EFAULT then, whatever was sent). */
static int64_t sys_sendfile(int out_fd, int in_fd, int64_t *uoffset, uint64_t count)
{
	int64_t pos;
	if (!uoffset)
		return do_sendfile(out_fd, in_fd, NULL, count);
	if (copy_from_user(&pos, uoffset, sizeof(pos)))
		return -EFAULT;
	int64_t n = do_sendfile(out_fd, in_fd, &pos, count);
	if (copy_to_user(uoffset, &pos, sizeof(pos)))
		return -EFAULT;
	return n;
}
SYSCALL_DEFINE(40, sys_sendfile);

static int64_t sys_openat(int dirfd, const char *upath, int flags, uint32_t mode)
{
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct inode *dir;
	err = at_dir(dirfd, path, &dir);
	struct file *f = NULL;
	if (!err) {
		err = vfs_open(dir, path, flags, mode & ~current->fs->umask, &f);
		inode_put(dir);
	}
	put_path(path);
	if (err)
		return err;
	int fd = fd_install(current->fds, f, 0, flags & O_CLOEXEC, nofile_limit());
	if (fd < 0)
		file_put(f);
	return fd;
}
SYSCALL_DEFINE(257, sys_openat);

static int64_t sys_open(const char *upath, int flags, uint32_t mode)
{
	return sys_openat(AT_FDCWD, upath, flags, mode);
}
SYSCALL_DEFINE(2, sys_open);

static int64_t sys_creat(const char *upath, uint32_t mode)
{
	return sys_openat(AT_FDCWD, upath, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
SYSCALL_DEFINE(85, sys_creat);

static int64_t sys_close(int fd)
{
	return fd_close(current->fds, fd);
}
SYSCALL_DEFINE(3, sys_close);

static int64_t put_stat(struct linux_stat *ust, const struct linux_stat *st)
{
	return copy_to_user(ust, st, sizeof(*st));
}

#define AT_NO_AUTOMOUNT 0x800
#define AT_STATX_SYNC_TYPE 0x6000       /* statx's sync modes, accepted by fstatat too */

static int64_t sys_newfstatat(int dirfd, const char *upath, struct linux_stat *ust, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct linux_stat st;
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
		struct file *f = dirfd == AT_FDCWD ? NULL : fget_raw(dirfd);
		if (dirfd == AT_FDCWD)
			inode_stat(current->fs->cwd, &st);
		else if (f)
			file_stat(f, &st);
		else
			err = -EBADF;
	} else {
		struct inode *dir;
		err = at_dir(dirfd, path, &dir);
		if (!err) {
			err = vfs_stat(dir, path, !(flags & AT_SYMLINK_NOFOLLOW), &st);
			inode_put(dir);
		}
	}
	put_path(path);
	return err ? err : put_stat(ust, &st);
}
SYSCALL_DEFINE(262, sys_newfstatat);

static int64_t sys_stat(const char *upath, struct linux_stat *ust)
{
	return sys_newfstatat(AT_FDCWD, upath, ust, 0);
}
SYSCALL_DEFINE(4, sys_stat);

static int64_t sys_lstat(const char *upath, struct linux_stat *ust)
{
	return sys_newfstatat(AT_FDCWD, upath, ust, AT_SYMLINK_NOFOLLOW);
}
SYSCALL_DEFINE(6, sys_lstat);

static int64_t sys_fstat(int fd, struct linux_stat *ust)
{
	struct file *f = fget_raw(fd);
	if (!f)
		return -EBADF;
	struct linux_stat st;
	file_stat(f, &st);
	return put_stat(ust, &st);
}
SYSCALL_DEFINE(5, sys_fstat);

static int64_t sys_lseek(int fd, int64_t off, int whence)
{
	struct file *f = fget(fd);
	return f ? file_lseek(f, off, whence) : -EBADF;
}
SYSCALL_DEFINE(8, sys_lseek);

static int64_t sys_ftruncate(int fd, int64_t len)
{
	struct file *f = fget(fd);
	return f ? file_truncate(f, len) : -EBADF;
}
SYSCALL_DEFINE(77, sys_ftruncate);

#define FALLOC_FL_KEEP_SIZE 1

/* fallocate: mode 0 and FALLOC_FL_KEEP_SIZE, on regular files; the other modes (punching
 * holes, zeroing, collapsing and inserting ranges) are EOPNOTSUPP, as on a file system
 * without them. Linux's checks, in its order. */
static int64_t sys_fallocate(int fd, int mode, int64_t off, int64_t len)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	if (off < 0 || len <= 0)
		return -EINVAL;
	if (!file_writable(f))
		return -EBADF;
	struct inode *ip = f->inode;
	if (S_ISFIFO(ip->mode))
		return -ESPIPE;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode) || inode_is_proc(ip))
		return -ENODEV;
	if (off + len < 0)
		return -EFBIG;
	if (mode & ~FALLOC_FL_KEEP_SIZE) {
		printk("fallocate: mode %#x is not supported\n", (unsigned)mode);
		return -EOPNOTSUPP;
	}
	return ramfs_allocate(ip, (uint64_t)off, (uint64_t)len, mode & FALLOC_FL_KEEP_SIZE);
}
SYSCALL_DEFINE(285, sys_fallocate);

static int64_t sys_truncate(const char *upath, int64_t len)
{
	if (len < 0)
		return -EINVAL;
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct file *f;
	err = vfs_open(current->fs->cwd, path, O_WRONLY, 0, &f);
	put_path(path);
	if (err)
		return err;
	err = file_truncate(f, len);
	file_put(f);
	return err;
}
SYSCALL_DEFINE(76, sys_truncate);

/* Runs op on a user path relative to the working directory. */
static int64_t path_op(const char *upath, int (*op)(struct inode *cwd, const char *path))
{
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	err = op(current->fs->cwd, path);
	put_path(path);
	return err;
}

static int64_t sys_unlink(const char *upath)
{
	return path_op(upath, vfs_unlink);
}
SYSCALL_DEFINE(87, sys_unlink);

static int64_t sys_rmdir(const char *upath)
{
	return path_op(upath, vfs_rmdir);
}
SYSCALL_DEFINE(84, sys_rmdir);

static int64_t sys_unlinkat(int dirfd, const char *upath, int flags)
{
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct inode *dir;
	err = at_dir(dirfd, path, &dir);
	if (!err) {
		err = (flags & AT_REMOVEDIR) ? vfs_rmdir(dir, path) : vfs_unlink(dir, path);
		inode_put(dir);
	}
	put_path(path);
	return err;
}
SYSCALL_DEFINE(263, sys_unlinkat);

static int64_t sys_mkdir(const char *upath, uint32_t mode)
{
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	err = vfs_mkdir(current->fs->cwd, path, mode & ~current->fs->umask & 07777);
	put_path(path);
	return err;
}
SYSCALL_DEFINE(83, sys_mkdir);

static int64_t sys_rename(const char *ufrom, const char *uto)
{
	char *from = NULL, *to = NULL;
	int err = get_path(ufrom, &from);
	if (err)
		return err;
	err = get_path(uto, &to);
	if (!err) {
		err = vfs_rename(current->fs->cwd, from, to);
		put_path(to);
	}
	put_path(from);
	return err;
}
SYSCALL_DEFINE(82, sys_rename);

static int64_t sys_getdents64(int fd, char *ubuf, uint64_t count)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	struct iobuf b = user_iobuf(ubuf, clamp_count(count));
	return file_getdents(f, &b);
}
SYSCALL_DEFINE(217, sys_getdents64);

static int64_t sys_dup(int fd)
{
	struct file *f = fget_raw(fd);
	if (!f)
		return -EBADF;
	file_get(f);
	int nfd = fd_install(current->fds, f, 0, false, nofile_limit());
	if (nfd < 0)
		file_put(f);
	return nfd;
}
SYSCALL_DEFINE(32, sys_dup);

static int64_t sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fget_raw(oldfd) ? newfd : -EBADF;
	return fd_dup2(current->fds, oldfd, newfd, false, nofile_limit());
}
SYSCALL_DEFINE(33, sys_dup2);

static int64_t sys_dup3(int oldfd, int newfd, int flags)
{
	if (oldfd == newfd || (flags & ~O_CLOEXEC))
		return -EINVAL;
	return fd_dup2(current->fds, oldfd, newfd, flags & O_CLOEXEC, nofile_limit());
}
SYSCALL_DEFINE(292, sys_dup3);

static int64_t sys_pipe2(int *ufds, int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	struct file *rd, *wr;
	int err = pipe_create(&rd, &wr, (uint32_t)flags & O_NONBLOCK);
	if (err)
		return err;
	int fds[2];
	fds[0] = fd_install(current->fds, rd, 0, flags & O_CLOEXEC, nofile_limit());
	fds[1] = fds[0] < 0 ? fds[0] : fd_install(current->fds, wr, 0, flags & O_CLOEXEC,
						 nofile_limit());
	if (fds[1] < 0 || copy_to_user(ufds, fds, sizeof(fds))) {
		err = fds[1] < 0 ? fds[1] : -EFAULT;
		if (fds[0] >= 0)
			fd_close(current->fds, fds[0]);
		else
			file_put(rd);
		if (fds[1] >= 0)
			fd_close(current->fds, fds[1]);
		else
			file_put(wr);
		return err;
	}
	return 0;
}
SYSCALL_DEFINE(293, sys_pipe2);

static int64_t sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}
SYSCALL_DEFINE(22, sys_pipe);

static int64_t sys_getcwd(char *ubuf, uint64_t size)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	int len = vfs_getcwd(current->fs->cwd, buf, size < PATH_MAX ? size : PATH_MAX);
	if (len > 0 && copy_to_user(ubuf, buf, (size_t)len))
		len = -EFAULT;
	kfree(buf);
	return len;
}
SYSCALL_DEFINE(79, sys_getcwd);

static int chdir_op(struct inode *cwd, const char *path)
{
	(void)cwd;
	return vfs_chdir(&current->fs->cwd, path);
}

static int64_t sys_chdir(const char *upath)
{
	return path_op(upath, chdir_op);
}
SYSCALL_DEFINE(80, sys_chdir);

static int64_t sys_fchdir(int fd)
{
	struct file *f = fget_raw(fd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	int err = inode_permission(f->inode, MAY_EXEC);
	if (err)
		return err;
	inode_get(f->inode);
	inode_put(current->fs->cwd);
	current->fs->cwd = f->inode;
	return 0;
}
SYSCALL_DEFINE(81, sys_fchdir);

#define AT_EACCESS 0x200

/* faccessat2: whether the process could open path for mode (R_OK 4, W_OK 2, X_OK 1; F_OK 0:
 * it exists), judged with its real user and group IDs (AT_EACCESS: the effective ones), as
 * Linux: root may read and write anything and execute what has an x bit. */
static int64_t sys_faccessat2(int dirfd, const char *upath, int mode, int flags)
{
	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct cred real = current->cred;
	if (!(flags & AT_EACCESS)) {
		real.fsuid = real.uid;
		real.fsgid = real.gid;
	}
	const struct cred *old = cred_override(&real);
	struct inode *dir, *ip;
	err = at_dir(dirfd, path, &dir);
	if (!err) {
		err = path_walk(dir, path, !(flags & AT_SYMLINK_NOFOLLOW), &ip);
		inode_put(dir);
	}
	if (!err) {
		err = inode_permission(ip, mode);
		inode_put(ip);
	}
	cred_restore(old);
	put_path(path);
	return err;
}
SYSCALL_DEFINE(439, sys_faccessat2);

static int64_t sys_faccessat(int dirfd, const char *upath, int mode)
{
	return sys_faccessat2(dirfd, upath, mode, 0);
}
SYSCALL_DEFINE(269, sys_faccessat);

static int64_t sys_access(const char *upath, int mode)
{
	return sys_faccessat(AT_FDCWD, upath, mode);
}
SYSCALL_DEFINE(21, sys_access);

/* The request is an unsigned int, as Linux's: a C library passing an int (musl) sign-
 * extends requests with bit 31 set (the _IOR and _IOWR ones), and the high half is not
 * part of them. */
static int64_t sys_ioctl(int fd, unsigned long request, uint64_t arg)
{
	struct file *f = fget(fd);
	return f ? file_ioctl(f, (uint32_t)request, arg) : -EBADF;
}
SYSCALL_DEFINE(16, sys_ioctl);

enum { F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4,
       F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032, FD_CLOEXEC = 1 };

static int64_t sys_fcntl(int fd, int cmd, uint64_t arg)
{
	struct file *f = fget_raw(fd);
	if (!f)
		return -EBADF;
	if ((f->flags & O_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC && cmd != F_GETFD &&
	    cmd != F_SETFD && cmd != F_GETFL)
		return -EBADF;                  /* an O_PATH file: descriptor commands only */
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if ((int64_t)arg < 0 || arg >= (uint64_t)nofile_limit())
			return -EINVAL;
		file_get(f);
		int nfd = fd_install(current->fds, f, (int)arg, cmd == F_DUPFD_CLOEXEC,
				     nofile_limit());
		if (nfd < 0)
			file_put(f);
		return nfd;
	}
	case F_GETFD:
		return current->fds->cloexec[fd] ? FD_CLOEXEC : 0;
	case F_SETFD:
		current->fds->cloexec[fd] = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL: {
		const uint32_t changeable = O_APPEND | O_NONBLOCK;
		f->flags = (f->flags & ~changeable) | ((uint32_t)arg & changeable);
		return 0;
	}
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_lock(f, cmd, (struct linux_flock *)arg);
	case F_GETPIPE_SZ:
		return S_ISFIFO(f->inode->mode) ? (int64_t)pipe_size(f) : -EBADF;
	case F_SETPIPE_SZ:
		if (!S_ISFIFO(f->inode->mode))
			return -EBADF;
		return pipe_set_size(f, (uint32_t)arg);     /* an unsigned int, as Linux */
	default:
		return -EINVAL;
	}
}
SYSCALL_DEFINE(72, sys_fcntl);

/* Files live in RAM: once written, their data is as durable as it will ever be. */
static int64_t sys_fsync(int fd)
{
	return fget(fd) ? 0 : -EBADF;
}
SYSCALL_DEFINE(74, sys_fsync);
SYSCALL_DEFINE(75, sys_fsync);

static int64_t sys_sync(void)
{
	return 0;
}
SYSCALL_DEFINE(162, sys_sync);

static int64_t sys_umask(uint32_t mask)
{
	uint32_t old = current->fs->umask;
	current->fs->umask = mask & 0777;
	return old;
}
SYSCALL_DEFINE(95, sys_umask);

/* statfs of a file ip: its file system instance's magic and sizes (fs/mount.c). */
static int64_t put_statfs(struct inode *ip, struct linux_statfs *ubuf)
{
	struct linux_statfs st;
	sb_statfs(ip, &st);
	return copy_to_user(ubuf, &st, sizeof(st));
}

static int64_t sys_statfs(const char *upath, struct linux_statfs *ubuf)
{
	char *path = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct inode *ip;
	err = path_lookup(current->fs->cwd, path, &ip);
	put_path(path);
	if (err)
		return err;
	err = (int)put_statfs(ip, ubuf);
	inode_put(ip);
	return err;
}
SYSCALL_DEFINE(137, sys_statfs);

static int64_t sys_fstatfs(int fd, struct linux_statfs *ubuf)
{
	struct file *f = fget_raw(fd);
	return f ? put_statfs(f->inode, ubuf) : -EBADF;
}
SYSCALL_DEFINE(138, sys_fstatfs);

/* Copies an optional string argument of mount (type, data) in: NULL stays NULL. */
static int get_opt_string(const char *ustr, char **out)
{
	*out = NULL;
	return ustr ? get_path(ustr, out) : 0;
}

/* mount(2): new proc, tmpfs and ramfs instances, and MS_REMOUNT's ro and rw (fs/mount.c);
 * bind mounts, moves and shared or slave propagation are not there (ENOSYS, with a log
 * line); MS_PRIVATE is what every mount is already. */
static int64_t sys_mount(const char *usource, const char *utarget, const char *utype,
			 uint64_t flags, const char *udata)
{
	char *source = NULL, *target = NULL, *type = NULL, *data = NULL;
	int err = get_opt_string(usource, &source);
	if (!err)
		err = get_path(utarget, &target);
	if (!err)
		err = get_opt_string(utype, &type);
	if (!err)
		err = get_opt_string(udata, &data);
	if (!err) {
		if (!(flags & MS_REMOUNT) &&
		    (flags & (MS_BIND | MS_MOVE | MS_SHARED | MS_SLAVE | MS_UNBINDABLE)))
			printk("mount: flags %#lx (bind, move, propagation) are not supported\n",
			       (unsigned long)flags);
		err = do_mount(current->fs->cwd, source, target, type, (uint32_t)flags, data);
	}
	put_path(source);
	put_path(target);
	put_path(type);
	put_path(data);
	return err;
}
SYSCALL_DEFINE(165, sys_mount);

static int64_t sys_umount2(const char *utarget, int flags)
{
	char *target = NULL;
	int err = get_path(utarget, &target);
	if (err)
		return err;
	err = do_umount(current->fs->cwd, target, flags);
	put_path(target);
	return err;
}
SYSCALL_DEFINE(166, sys_umount2);
