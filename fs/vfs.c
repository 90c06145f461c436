/* Operations on names: stat, mkdir, rmdir, unlink, rename, chdir, getcwd; and the tree. */
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/drivers/block.h"
#include "mm/kmalloc.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"

static bool is_dot(const struct path_last *l)
{
	return l->len == 1 && l->name[0] == '.';
}

static bool is_dotdot(const struct path_last *l)
{
	return l->len == 2 && l->name[0] == '.' && l->name[1] == '.';
}

void inode_stat(const struct inode *ip, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = inode_sb(ip)->dev;
	st->st_ino = ip->ino;
	st->st_nlink = ip->nlink;
	st->st_mode = ip->mode;
	inode_owner(ip, &st->st_uid, &st->st_gid);
	if (S_ISCHR(ip->mode) || S_ISBLK(ip->mode))     /* st_size stays 0, as Linux's */
		st->st_rdev = ip->dev ? linux_makedev(ip->dev->major, ip->dev->minor)
			    : ip->bdev ? linux_makedev(ip->bdev->major, ip->bdev->minor) : ip->rdev;
	st->st_blksize = 4096;
	if (S_ISREG(ip->mode)) {
		st->st_size = (int64_t)ip->data.size;
		st->st_blocks = (int64_t)ip->data.pages.nr_pages * (4096 / 512);
	} else if (S_ISDIR(ip->mode)) {
		st->st_size = (int64_t)(ip->nentries + 2) * 20;     /* as tmpfs: 20 bytes an entry */
	} else if (S_ISLNK(ip->mode) && ip->symlink) {
		st->st_size = (int64_t)strlen(ip->symlink);     /* /proc's links: 0, as Linux */
	}
	st->st_atime_sec = ip->atime.tv_sec;
	st->st_atime_nsec = ip->atime.tv_nsec;
	st->st_mtime_sec = ip->mtime.tv_sec;
	st->st_mtime_nsec = ip->mtime.tv_nsec;
	st->st_ctime_sec = ip->ctime.tv_sec;
	st->st_ctime_nsec = ip->ctime.tv_nsec;
}

int vfs_stat(struct inode *cwd, const char *path, bool follow_last, struct linux_stat *st)
{
	struct inode *ip;
	int err = path_walk(cwd, path, follow_last, &ip);
	if (err)
		return err;
	inode_stat(ip, st);
	inode_put(ip);
	return 0;
}

int dir_add_node(struct path_last *last, uint32_t mode, struct inode **out)
{
	if (is_dot(last) || is_dotdot(last) || dir_find(last->dir, last->name, last->len))
		return -EEXIST;
	if (last->dir->nlink == 0)
		return -ENOENT;
	int err = sb_want_write(last->dir);
	if (!err)
		err = may_create(last->dir);
	if (err)
		return err;
	struct inode *ip = inode_alloc(mode);
	if (!ip)
		return -ENOMEM;
	ip->sb = last->dir->sb;
	inode_init_owner(ip, last->dir);
	err = dir_link(last->dir, last->name, last->len, ip);
	if (err) {
		inode_put(ip);
		return err;
	}
	*out = ip;
	return 0;
}

int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode)
{
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	struct inode *dir;
	err = dir_add_node(&last, S_IFDIR | (mode & 07777), &dir);
	if (!err) {
		dir->nlink++;                   /* its "." */
		last.dir->nlink++;              /* its ".." */
		dir->parent = last.dir;
		inode_get(last.dir);
		inode_put(dir);
	}
	path_last_release(&last);
	return err;
}

int vfs_mknod_chardev(struct inode *cwd, const char *path, uint32_t mode,
		      const struct chardev *dev)
{
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	struct inode *ip;
	err = dir_add_node(&last, S_IFCHR | (mode & 07777), &ip);
	if (!err) {
		ip->dev = dev;
		inode_put(ip);
	}
	path_last_release(&last);
	return err;
}

int vfs_mknod_device(struct inode *cwd, const char *path, uint32_t mode, uint32_t major,
		     uint32_t minor)
{
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	struct inode *ip;
	err = dir_add_node(&last, mode, &ip);
	if (!err) {
		ip->dev = S_ISCHR(mode) ? chardev_find(major, minor) : NULL;
		ip->rdev = linux_makedev(major, minor);
		inode_put(ip);
	}
	path_last_release(&last);
	return err;
}

int vfs_mknod_blkdev(struct inode *cwd, const char *path, uint32_t mode,
		     struct block_device *bdev, struct inode **out)
{
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	struct inode *ip;
	err = dir_add_node(&last, S_IFBLK | (mode & 07777), &ip);
	if (!err) {
		ip->bdev = bdev;
		if (out)
			*out = ip;
		else
			inode_put(ip);
	}
	path_last_release(&last);
	return err;
}

int vfs_mknod(struct inode *cwd, const char *path, uint32_t mode)
{
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	struct inode *ip;
	if (last.trailing_slash && !is_dot(&last) && !is_dotdot(&last) &&
	    !dir_find(last.dir, last.name, last.len))
		err = -ENOENT;                  /* "new/": only a directory may end so */
	else
		err = dir_add_node(&last, mode, &ip);
	if (!err)
		inode_put(ip);
	path_last_release(&last);
	return err;
}

int vfs_symlink(struct inode *cwd, const char *target, const char *path)
{
	if (target[0] == '\0')
		return -ENOENT;                 /* as Linux: an empty target is no name at all */
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1);
	struct inode *ip;
	if (!copy)
		err = -ENOMEM;
	else if (last.trailing_slash && !is_dot(&last) && !is_dotdot(&last) &&
		 !dir_find(last.dir, last.name, last.len))
		err = -ENOENT;                  /* "new/": only a directory may end so */
	else
		err = dir_add_node(&last, S_IFLNK | 0777, &ip);
	if (!err) {
		memcpy(copy, target, len + 1);
		ip->symlink = copy;
		inode_put(ip);
	} else {
		kfree(copy);
	}
	path_last_release(&last);
	return err;
}

int vfs_readlink(struct inode *cwd, const char *path, char *buf)
{
	struct inode *ip, *target;
	int err = path_walk(cwd, path, false, &ip);
	if (err)
		return err;
	if (!S_ISLNK(ip->mode))
		err = -EINVAL;
	else
		err = link_follow(ip, buf, &target);
	if (!err && target)
		inode_put(target);
	inode_put(ip);
	return err ? err : (int)strlen(buf);
}

int vfs_rmdir(struct inode *cwd, const char *path)
{
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	struct dir_entry *de = NULL;
	if (is_dot(&last))
		err = last.dir == vfs_root ? -EBUSY : -EINVAL;
	else if (is_dotdot(&last))
		err = -ENOTEMPTY;
	else if ((err = sb_want_write(last.dir)))
		;
	else if (!(de = dir_find(last.dir, last.name, last.len)))
		err = -ENOENT;
	else if (!S_ISDIR(de->inode->mode))
		err = -ENOTDIR;
	else if ((err = may_delete(last.dir, de->inode)))
		;
	else if (de->inode->mounted)
		err = -EBUSY;                   /* a mount point */
	else if (!dir_is_empty(de->inode))
		err = -ENOTEMPTY;
	if (!err) {
		de->inode->nlink--;             /* its "." */
		last.dir->nlink--;              /* its ".." */
		dir_unlink(last.dir, de);
	}
	path_last_release(&last);
	return err;
}

/* A mapped file about to lose its last name keeps it, so that /proc/self/maps can show
 * "path (deleted)" as Linux does. Without memory for it, the name is simply not shown. */
static void remember_name(struct inode *ip)
{
	if (ip->nlink != 1 || list_empty(&ip->data.areas) || ip->deleted_path)
		return;
	char *path = kmalloc(PATH_MAX);
	if (path && vfs_path_of(ip, path, PATH_MAX) > 0)
		ip->deleted_path = path;
	else
		kfree(path);
}

int vfs_unlink(struct inode *cwd, const char *path)
{
	struct path_last last;
	int err = path_parent(cwd, path, &last);
	if (err)
		return err;
	struct dir_entry *de = NULL;
	if (is_dot(&last) || is_dotdot(&last))
		err = -EISDIR;
	else if ((err = sb_want_write(last.dir)))
		;
	else if (!(de = dir_find(last.dir, last.name, last.len)))
		err = -ENOENT;
	else if (S_ISDIR(de->inode->mode))
		err = -EISDIR;
	else if (last.trailing_slash)
		err = -ENOTDIR;
	else
		err = may_delete(last.dir, de->inode);
	if (!err)
		remember_name(de->inode);
	if (!err)
		dir_unlink(last.dir, de);
	path_last_release(&last);
	return err;
}

/* True when dir is ancestor or the same as ip: moving ip into it would cut it loose. */
static bool is_within(struct inode *dir, struct inode *ip)
{
	for (struct inode *d = dir;; d = d->parent) {
		if (d == ip)
			return true;
		if (d == vfs_root || d->parent == d)
			return false;
	}
}

/* Checks that the entry `to` (which exists) may be replaced by `from`. */
static int replace_ok(struct inode *from, struct inode *to)
{
	if (S_ISDIR(from->mode) && !S_ISDIR(to->mode))
		return -ENOTDIR;
	if (!S_ISDIR(from->mode) && S_ISDIR(to->mode))
		return -EISDIR;
	if (S_ISDIR(to->mode) && !dir_is_empty(to))
		return -ENOTEMPTY;
	return 0;
}

/* Moves entry de from its directory `from` to the name described by `to`. */
static int move(struct path_last *from, struct dir_entry *de, struct path_last *to)
{
	struct inode *ip = de->inode;
	struct dir_entry *old = dir_find(to->dir, to->name, to->len);
	if (old == de)
		return 0;                       /* renaming a name to itself */
	if (old && old->inode == ip)
		return 0;                       /* two names of one file: POSIX says do nothing */
	int err = may_delete(from->dir, ip);
	if (!err)
		err = old ? may_delete(to->dir, old->inode) : may_create(to->dir);
	if (!err && old)
		err = replace_ok(ip, old->inode);
	if (!err && S_ISDIR(ip->mode) && is_within(to->dir, ip))
		err = -EINVAL;
	if (!err && (ip->mounted || (old && old->inode->mounted)))
		err = -EBUSY;                   /* a mount point */
	if (!err && S_ISDIR(ip->mode) && to->dir != from->dir)
		err = inode_permission(ip, MAY_WRITE);  /* its ".." changes */
	if (err)
		return err;
	inode_get(ip);                          /* keep it alive between the two names */
	if (old) {
		if (S_ISDIR(old->inode->mode)) {
			old->inode->nlink--;
			to->dir->nlink--;
		}
		dir_unlink(to->dir, old);
	}
	err = dir_link(to->dir, to->name, to->len, ip);
	if (!err) {
		dir_unlink(from->dir, de);
		if (S_ISDIR(ip->mode) && from->dir != to->dir) {
			from->dir->nlink--;
			to->dir->nlink++;
			inode_put(ip->parent);
			ip->parent = to->dir;
			inode_get(to->dir);
		}
	}
	inode_put(ip);
	return err;
}

int vfs_link(struct inode *old_cwd, const char *from, struct inode *new_cwd, const char *to,
	     bool follow)
{
	struct inode *ip;
	int err = path_walk(old_cwd, from, follow, &ip);
	if (err)
		return err;
	struct path_last b;
	err = path_parent(new_cwd, to, &b);
	if (err) {
		inode_put(ip);
		return err;
	}
	/* Linux's order: the new name first, then what may be linked. */
	if (is_dot(&b) || is_dotdot(&b) || dir_find(b.dir, b.name, b.len))
		err = -EEXIST;
	else if (b.trailing_slash || b.dir->nlink == 0)
		err = -ENOENT;
	else if ((err = sb_want_write(b.dir)))
		;
	else if (inode_sb(ip) != inode_sb(b.dir) && !inode_is_proc(ip))
		err = -EXDEV;                   /* another file system */
	else if ((err = may_create(b.dir)))
		;
	else if (S_ISDIR(ip->mode))
		err = -EPERM;
	else if (ip->nlink == 0 && !inode_is_proc(ip))
		err = -ENOENT;                  /* a deleted file, reached through /proc/PID/fd */
	else if (inode_is_proc(ip))
		err = -EXDEV;                   /* /proc is another file system */
	else if (!(err = dir_link(b.dir, b.name, b.len, ip)))
		inode_touch(ip, false, false, true);
	path_last_release(&b);
	inode_put(ip);
	return err;
}

int vfs_rename(struct inode *cwd, const char *from, const char *to)
{
	struct path_last a, b;
	int err = path_parent(cwd, from, &a);
	if (err)
		return err;
	err = path_parent(cwd, to, &b);
	if (err) {
		path_last_release(&a);
		return err;
	}
	struct dir_entry *de = NULL;
	if (inode_sb(a.dir) != inode_sb(b.dir))
		err = -EXDEV;                   /* another file system */
	else if (is_dot(&a) || is_dotdot(&a) || is_dot(&b) || is_dotdot(&b))
		err = -EBUSY;
	else if ((err = sb_want_write(a.dir)))
		;
	else if (!(de = dir_find(a.dir, a.name, a.len)))
		err = -ENOENT;
	else if ((a.trailing_slash || b.trailing_slash) && !S_ISDIR(de->inode->mode))
		err = -ENOTDIR;
	else if (b.dir->nlink == 0)
		err = -ENOENT;
	else
		err = move(&a, de, &b);
	path_last_release(&a);
	path_last_release(&b);
	return err;
}

int vfs_chdir(struct inode **cwd, const char *path)
{
	struct inode *ip;
	int err = path_lookup(*cwd, path, &ip);
	if (err)
		return err;
	err = S_ISDIR(ip->mode) ? inode_permission(ip, MAY_EXEC) : -ENOTDIR;
	if (err) {
		inode_put(ip);
		return err;
	}
	inode_put(*cwd);
	*cwd = ip;
	return 0;
}

/* The entry of dir's parent that names dir. */
static struct dir_entry *name_in_parent(struct inode *dir)
{
	struct list_head *it;
	list_for_each(it, &dir->parent->entries) {
		struct dir_entry *de = list_entry(it, struct dir_entry, link);
		if (de->inode == dir)
			return de;
	}
	return NULL;
}

int vfs_getcwd(struct inode *cwd, char *buf, size_t size)
{
	if (cwd->nlink == 0)
		return -ENOENT;
	/* Build the path backwards from the end of buf, one name per level. */
	size_t at = size;
	if (at == 0)
		return -ERANGE;
	buf[--at] = '\0';
	for (struct inode *d = cwd; d != vfs_root; d = d->parent) {
		d = mount_climb(d);             /* a mounted root's name is its mount point's */
		if (!d)
			return -ENOENT;         /* unmounted (MNT_DETACH) */
		if (d == vfs_root)
			break;
		struct dir_entry *de = name_in_parent(d);
		if (!de)
			return -ENOENT;
		if (at < de->namelen + 1)
			return -ERANGE;
		at -= de->namelen;
		memcpy(buf + at, de->name, de->namelen);
		buf[--at] = '/';
	}
	if (at == size - 1) {                   /* the root itself */
		if (at == 0)
			return -ERANGE;
		buf[--at] = '/';
	}
	size_t len = size - at;
	memmove(buf, buf + at, len);
	return (int)len;
}

/* The directory holding a name for ip, and that name: a depth-first walk of the whole
 * tree, without recursion (a program may nest directories as deep as it likes), climbing
 * back up through each directory's parent. */
static struct inode *find_name(const struct inode *ip, struct dir_entry **out)
{
	struct inode *root = inode_sb(ip)->root;        /* within its own file system */
	struct inode *dir = root;
	struct list_head *pos = dir->entries.next;
	for (;;) {
		if (pos == &dir->entries) {             /* this directory is done: go up */
			if (dir == root)
				return NULL;
			struct dir_entry *up = name_in_parent(dir);
			if (!up)
				return NULL;
			pos = up->link.next;
			dir = dir->parent;
			continue;
		}
		struct dir_entry *de = list_entry(pos, struct dir_entry, link);
		if (de->inode == ip) {
			*out = de;
			return dir;
		}
		if (S_ISDIR(de->inode->mode) && !list_empty(&de->inode->entries)) {
			dir = de->inode;                /* go down */
			pos = dir->entries.next;
		} else {
			pos = pos->next;
		}
	}
}

int vfs_path_of(struct inode *ip, char *buf, size_t size)
{
	struct dir_entry *de;
	struct inode *dir = ip->nlink ? find_name(ip, &de) : NULL;
	if (!dir)
		return -ENOENT;
	int len = vfs_getcwd(dir, buf, size);
	if (len < 0)
		return len;
	size_t at = (size_t)len - 1;            /* at the NUL */
	if (at > 1 || buf[0] != '/')
		buf[at++] = '/';
	else
		at = 1;                         /* the root: "/" then the name */
	if (at + de->namelen + 1 > size)
		return -ERANGE;
	memcpy(buf + at, de->name, de->namelen + 1);
	return (int)(at + de->namelen + 1);
}
