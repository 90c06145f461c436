/*
 * A file's attributes and names: chmod, chown, utimensat (and utimes, utime, futimesat),
 * link, symlink, readlink, extended attributes (none: EOPNOTSUPP, as Linux's ramfs); and a process's nice
 * value (getpriority, setpriority). Who may change what is Linux's: the owner or root
 * (fs/perm.c, kernel/proc/cred.h).
 */
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/sys_fs.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

/* The inode a path names from dirfd (referenced; a link at its end followed when follow),
 * or the file at dirfd itself when the path is empty and empty_ok: 0 or -errno. */
static int lookup_at(int dirfd, const char *upath, bool empty_ok, bool follow,
		     struct inode **out)
{
	char *path;
	int err = get_path(upath, &path);
	if (err)
		return err;
	if (path[0] == '\0' && empty_ok) {
		struct file *f = dirfd == AT_FDCWD ? NULL : fget_raw(dirfd);
		*out = dirfd == AT_FDCWD ? current->fs->cwd : f ? f->inode : NULL;
		err = *out ? 0 : -EBADF;
		if (!err)
			inode_get(*out);
	} else {
		struct inode *dir;
		err = at_dir(dirfd, path, &dir);
		if (!err) {
			err = path_walk(dir, path, follow, out);
			inode_put(dir);
		}
	}
	put_path(path);
	return err;
}

/* The inode of an open file (referenced), or -EBADF. */
static int lookup_fd(int fd, struct inode **out)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	*out = f->inode;
	inode_get(*out);
	return 0;
}

/* --- chmod --- */

/* After a lookup (err, else ip referenced): chmod it, if the process owns it or is root
 * (else EPERM). As Linux, one outside the file's group cannot make it set-group-ID. */
static int64_t chmod_inode(int err, struct inode *ip, uint32_t mode)
{
	if (err)
		return err;
	const struct cred *c = current_cred();
	if ((err = sb_want_write(ip)))
		;
	else if (!inode_owner_or_root(ip))
		err = -EPERM;
	else if (!cred_is_root_fs(c) && !cred_in_group(c, ip->gid))
		mode &= ~(uint32_t)S_ISGID;
	if (!err)
		inode_chmod(ip, mode);
	inode_put(ip);
	return err;
}

static int64_t sys_fchmodat(int dirfd, const char *upath, uint32_t mode)
{
	struct inode *ip = NULL;
	int err = lookup_at(dirfd, upath, false, true, &ip);     /* before ip is read */
	return chmod_inode(err, ip, mode);
}
SYSCALL_DEFINE(268, sys_fchmodat);

static int64_t sys_chmod(const char *upath, uint32_t mode)
{
	return sys_fchmodat(AT_FDCWD, upath, mode);
}
SYSCALL_DEFINE(90, sys_chmod);

static int64_t sys_fchmod(int fd, uint32_t mode)
{
	struct inode *ip = NULL;
	int err = lookup_fd(fd, &ip);
	return chmod_inode(err, ip, mode);
}
SYSCALL_DEFINE(91, sys_fchmod);

/* --- chown --- */

/* Whether the process may give ip owner uid and group gid ((uint32_t)-1: unchanged), as
 * Linux's chown_ok and chgrp_ok: root may; the owner may only give it one of its groups. */
static bool may_chown(const struct inode *ip, uint32_t uid, uint32_t gid)
{
	const struct cred *c = current_cred();
	if (cred_is_root_fs(c))
		return true;
	if (uid != (uint32_t)-1 && uid != ip->uid)
		return false;
	if (gid != (uint32_t)-1 && gid != ip->gid && !cred_in_group(c, gid))
		return false;
	return (uid == (uint32_t)-1 && gid == (uint32_t)-1) || c->fsuid == ip->uid;
}

/* After a lookup (err, else ip referenced): chown it, if allowed (else EPERM). */
static int64_t chown_inode(int err, struct inode *ip, uint32_t uid, uint32_t gid)
{
	if (err)
		return err;
	if ((err = sb_want_write(ip)))
		;
	else if (may_chown(ip, uid, gid))
		inode_chown(ip, uid, gid);
	else
		err = -EPERM;
	inode_put(ip);
	return err;
}

static int64_t sys_fchownat(int dirfd, const char *upath, uint32_t uid, uint32_t gid, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *ip = NULL;
	int err = lookup_at(dirfd, upath, flags & AT_EMPTY_PATH, !(flags & AT_SYMLINK_NOFOLLOW),
			    &ip);
	return chown_inode(err, ip, uid, gid);
}
SYSCALL_DEFINE(260, sys_fchownat);

static int64_t sys_chown(const char *upath, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, upath, uid, gid, 0);
}
SYSCALL_DEFINE(92, sys_chown);

static int64_t sys_lchown(const char *upath, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW);
}
SYSCALL_DEFINE(94, sys_lchown);

static int64_t sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
	struct inode *ip = NULL;
	int err = lookup_fd(fd, &ip);
	return chown_inode(err, ip, uid, gid);
}
SYSCALL_DEFINE(93, sys_fchown);

/* --- times --- */

#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

/* One of utimensat's times: now, left alone (NULL), or as given; false if invalid. */
static bool pick_time(const struct timespec64 *t, const struct timespec64 *now,
		      const struct timespec64 **out)
{
	if (t->tv_nsec == UTIME_OMIT)
		*out = NULL;
	else if (t->tv_nsec == UTIME_NOW)
		*out = now;
	else if (t->tv_nsec < 0 || t->tv_nsec >= 1000000000L)
		return false;
	else
		*out = t;
	return true;
}

/* utimensat with its times already read (NULL: both now): Linux's do_utimes. A NULL
 * path changes dirfd's own file (futimens). */
static int64_t set_times(int dirfd, const char *upath, const struct timespec64 *times,
			 int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct timespec64 now = time_now();
	const struct timespec64 *atime = &now, *mtime = &now;
	if (times && (!pick_time(&times[0], &now, &atime) || !pick_time(&times[1], &now, &mtime)))
		return -EINVAL;
	if (times && !atime && !mtime)
		return 0;                       /* both left alone: nothing to look up */
	struct inode *ip = NULL;
	int err = upath ? lookup_at(dirfd, upath, flags & AT_EMPTY_PATH,
				    !(flags & AT_SYMLINK_NOFOLLOW), &ip)
			: dirfd == AT_FDCWD ? -EFAULT : lookup_fd(dirfd, &ip);
	if (err)
		return err;
	/* Now (both times): the owner, or one who may write it (else EACCES); given times:
	 * the owner or root (else EPERM), as Linux. */
	if ((err = sb_want_write(ip)))
		;
	else if (inode_owner_or_root(ip))
		err = 0;
	else if ((!times || (atime == &now && mtime == &now)))
		err = inode_permission(ip, MAY_WRITE);
	else
		err = -EPERM;
	if (!err)
		inode_set_times(ip, atime, mtime);
	inode_put(ip);
	return err;
}

static int64_t sys_utimensat(int dirfd, const char *upath, const struct timespec64 *utimes,
			     int flags)
{
	struct timespec64 t[2];
	if (utimes && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	return set_times(dirfd, upath, utimes ? t : NULL, flags);
}
SYSCALL_DEFINE(280, sys_utimensat);

/* futimesat and utimes: times in microseconds (NULL: now). */
static int64_t sys_futimesat(int dirfd, const char *upath, const struct linux_timeval *utv)
{
	struct linux_timeval tv[2];
	if (!utv)
		return set_times(dirfd, upath, NULL, 0);
	if (copy_from_user(tv, utv, sizeof(tv)))
		return -EFAULT;
	struct timespec64 t[2];
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		t[i] = (struct timespec64){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
	}
	return set_times(dirfd, upath, t, 0);
}
SYSCALL_DEFINE(261, sys_futimesat);

static int64_t sys_utimes(const char *upath, const struct linux_timeval *utv)
{
	return sys_futimesat(AT_FDCWD, upath, utv);
}
SYSCALL_DEFINE(235, sys_utimes);

/* utime: whole seconds, struct utimbuf { actime, modtime } (NULL: now). */
static int64_t sys_utime(const char *upath, const int64_t *ubuf)
{
	int64_t b[2];
	if (!ubuf)
		return set_times(AT_FDCWD, upath, NULL, 0);
	if (copy_from_user(b, ubuf, sizeof(b)))
		return -EFAULT;
	struct timespec64 t[2] = { { b[0], 0 }, { b[1], 0 } };
	return set_times(AT_FDCWD, upath, t, 0);
}
SYSCALL_DEFINE(132, sys_utime);

/* --- link --- */

static int64_t sys_linkat(int olddirfd, const char *uold, int newdirfd, const char *unew,
			  int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *from, *to;
	int err = get_path(uold, &from);
	if (err)
		return err;
	if ((err = get_path(unew, &to))) {
		put_path(from);
		return err;
	}
	struct inode *a = NULL, *b = NULL;
	err = at_dir(olddirfd, from, &a);
	if (!err)
		err = at_dir(newdirfd, to, &b);
	if (!err)
		err = vfs_link(a, from, b, to, flags & AT_SYMLINK_FOLLOW);
	if (a)
		inode_put(a);
	if (b)
		inode_put(b);
	put_path(from);
	put_path(to);
	return err;
}
SYSCALL_DEFINE(265, sys_linkat);

static int64_t sys_link(const char *uold, const char *unew)
{
	return sys_linkat(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}
SYSCALL_DEFINE(86, sys_link);

/* --- symbolic links --- */

static int64_t sys_symlinkat(const char *utarget, int dirfd, const char *upath)
{
	char *target, *path;
	int err = get_path(utarget, &target);
	if (err)
		return err;
	if ((err = get_path(upath, &path))) {
		put_path(target);
		return err;
	}
	struct inode *dir;
	err = at_dir(dirfd, path, &dir);
	if (!err) {
		err = vfs_symlink(dir, target, path);
		inode_put(dir);
	}
	put_path(path);
	put_path(target);
	return err;
}
SYSCALL_DEFINE(266, sys_symlinkat);

static int64_t sys_symlink(const char *utarget, const char *upath)
{
	return sys_symlinkat(utarget, AT_FDCWD, upath);
}
SYSCALL_DEFINE(88, sys_symlink);

/* readlinkat: the target's first bufsiz bytes, without a NUL, as Linux. */
static int64_t sys_readlinkat(int dirfd, const char *upath, char *ubuf, int bufsiz)
{
	if (bufsiz <= 0)
		return -EINVAL;
	char *path, *text = NULL;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct inode *dir;
	bool empty = path[0] == '\0' && dirfd != AT_FDCWD;
	struct file *f = empty ? fget_raw(dirfd) : NULL;
	if (empty && (!f || !S_ISLNK(f->inode->mode))) {
		/* As Linux: an empty path reads the link dirfd names (an O_PATH | O_NOFOLLOW
		 * open of it); on anything else it is ENOENT, as an empty path is. */
		err = f ? -ENOENT : -EBADF;
	} else if (empty) {
		struct inode *target = NULL;
		err = (text = kmalloc(PATH_MAX)) ? link_follow(f->inode, text, &target) : -ENOMEM;
		if (target)
			inode_put(target);
		if (!err)
			err = (int)strlen(text);
	} else if (!(err = at_dir(dirfd, path, &dir))) {
		err = (text = kmalloc(PATH_MAX)) ? vfs_readlink(dir, path, text) : -ENOMEM;
		inode_put(dir);
	}
	put_path(path);
	if (err >= 0) {
		size_t n = (size_t)err < (size_t)bufsiz ? (size_t)err : (size_t)bufsiz;
		err = copy_to_user(ubuf, text, n) ? -EFAULT : (int)n;
	}
	kfree(text);
	return err;
}
SYSCALL_DEFINE(267, sys_readlinkat);

static int64_t sys_readlink(const char *upath, char *ubuf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, upath, ubuf, bufsiz);
}
SYSCALL_DEFINE(89, sys_readlink);

/* --- mknod --- */

/* mknodat: regular files, FIFOs, sockets (a name only: nothing listens) and, for root,
 * device nodes (dev: Linux's 32-bit encoding); a directory is EPERM and an unknown type
 * EINVAL, checked first, as Linux's may_mknod. */
static int64_t sys_mknodat(int dirfd, const char *upath, uint32_t mode, uint32_t dev)
{
	uint32_t type = mode & S_IFMT;
	if (type == S_IFDIR)
		return -EPERM;
	if (type != 0 && type != S_IFREG && type != S_IFIFO && type != S_IFSOCK &&
	    type != S_IFCHR && type != S_IFBLK)
		return -EINVAL;
	char *path;
	int err = get_path(upath, &path);
	if (err)
		return err;
	struct inode *dir = NULL;
	err = at_dir(dirfd, path, &dir);
	uint32_t perm = mode & 07777 & ~current->fs->umask;
	if (!err && (type == S_IFCHR || type == S_IFBLK)) {
		/* new_decode_dev: major in bits 8-19, minor in 0-7 and 20-31 */
		uint32_t major = (dev & 0xfff00) >> 8, minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
		err = current->cred.euid != 0 ? -EPERM       /* CAP_MKNOD */
		      : vfs_mknod_device(dir, path, type | perm, major, minor);
	} else if (!err) {
		err = vfs_mknod(dir, path, (type ? type : S_IFREG) | perm);
	}
	if (dir)
		inode_put(dir);
	put_path(path);
	return err;
}
SYSCALL_DEFINE(259, sys_mknodat);

static int64_t sys_mknod(const char *upath, uint32_t mode, uint32_t dev)
{
	return sys_mknodat(AT_FDCWD, upath, mode, dev);
}
SYSCALL_DEFINE(133, sys_mknod);

/* --- nice values --- */

enum { PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2 };

/* Does p match getpriority/setpriority's which and who (PRIO_USER: a real user ID)? */
static bool prio_match(const struct proc *p, int which, int who)
{
	if (p->state == PROC_ZOMBIE || p->kthread)
		return false;
	switch (which) {
	case PRIO_PROCESS: return p->pid == (who ? who : current->pid);
	case PRIO_PGRP: return p->pgid == (who ? who : current->pgid);
	default: return p->cred.uid == (who ? (uint32_t)who : current->cred.uid);
	}
}

/* getpriority: 20 - the lowest nice value among the matches (the C library turns it back
 * into a nice value), -ESRCH for none. */
static int64_t sys_getpriority(int which, int who)
{
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	int best = -1;
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (prio_match(p, which, who) && 20 - p->nice > best)
			best = 20 - p->nice;
	}
	return best < 0 ? -ESRCH : best;
}
SYSCALL_DEFINE(140, sys_getpriority);

/* setpriority: as Linux's set_one_prio, a process that is not root may only change its own
 * user's processes (EPERM) and only raise their nice value (EACCES: RLIMIT_NICE is 0). */
static int64_t sys_setpriority(int which, int who, int nice)
{
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
	const struct cred *c = &current->cred;
	bool found = false;
	int err = 0;
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (!prio_match(p, which, who))
			continue;
		found = true;
		if (c->euid != 0 && p->cred.uid != c->euid && p->cred.euid != c->euid)
			err = -EPERM;
		else if (c->euid != 0 && nice < p->nice)
			err = -EACCES;
		else
			p->nice = nice;
	}
	return found ? err : -ESRCH;
}
SYSCALL_DEFINE(141, sys_setpriority);

/* --- extended attributes: this file system has none, as Linux's ramfs --- */

/* The file a path (or fd) names must exist; then, as on a file system without extended
 * attributes: getxattr, setxattr and removexattr EOPNOTSUPP, listxattr an empty list. */
static int64_t xattr_path(const char *upath, int64_t answer)
{
	struct inode *ip = NULL;
	int err = lookup_at(AT_FDCWD, upath, false, true, &ip);
	if (err)
		return err;
	inode_put(ip);
	return answer;
}

static int64_t xattr_fd(int fd, int64_t answer)
{
	return fget(fd) ? answer : -EBADF;
}

static int64_t sys_getxattr(const char *upath)
{
	return xattr_path(upath, -EOPNOTSUPP);
}
SYSCALL_DEFINE(191, sys_getxattr);
SYSCALL_DEFINE(192, sys_getxattr);     /* lgetxattr (a link: the same answers) */
SYSCALL_DEFINE(188, sys_getxattr);     /* setxattr */
SYSCALL_DEFINE(189, sys_getxattr);     /* lsetxattr */
SYSCALL_DEFINE(197, sys_getxattr);     /* removexattr */
SYSCALL_DEFINE(198, sys_getxattr);     /* lremovexattr */

static int64_t sys_fgetxattr(int fd)
{
	return xattr_fd(fd, -EOPNOTSUPP);
}
SYSCALL_DEFINE(193, sys_fgetxattr);
SYSCALL_DEFINE(190, sys_fgetxattr);    /* fsetxattr */
SYSCALL_DEFINE(199, sys_fgetxattr);    /* fremovexattr */

static int64_t sys_listxattr(const char *upath)
{
	return xattr_path(upath, 0);
}
SYSCALL_DEFINE(194, sys_listxattr);
SYSCALL_DEFINE(195, sys_listxattr);    /* llistxattr */

static int64_t sys_flistxattr(int fd)
{
	return xattr_fd(fd, 0);
}
SYSCALL_DEFINE(196, sys_flistxattr);
