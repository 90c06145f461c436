/* Open files: the offset, the access mode, and reading and writing through the inode. */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "fs/lock.h"
#include "fs/pipe.h"
#include "kernel/proc/proc.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

/* True for an open file that may write a regular file's data: counted in the inode's
 * writers, which execve refuses (ETXTBSY). */
static bool writes_data(const struct inode *ip, uint32_t flags)
{
	return S_ISREG(ip->mode) && (flags & O_ACCMODE) != O_RDONLY;
}

struct file *file_alloc(struct inode *ip, uint32_t flags)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	inode_get(ip);
	f->inode = ip;
	f->flags = flags;
	f->refcount = 1;
	if (writes_data(ip, flags))
		ip->writers++;
	return f;
}

void file_get(struct file *f)
{
	f->refcount++;
}

void file_put(struct file *f)
{
	if (--f->refcount > 0)
		return;
	struct lock_owner ofd = { f, true, -1 };
	lock_release(f->inode, &ofd);           /* its open file description locks */
	if (S_ISFIFO(f->inode->mode) && !(f->flags & O_PATH))
		pipe_release(f);
	if (S_ISCHR(f->inode->mode) && f->inode->dev && f->inode->dev->release)
		f->inode->dev->release(f);
	if (writes_data(f->inode, f->flags))
		f->inode->writers--;
	inode_put(f->inode);
	kfree(f->text);
	kfree(f);
}

void file_close(struct file *f, const void *owner)
{
	struct lock_owner posix = { owner, false, 0 };
	lock_release(f->inode, &posix);
	file_put(f);
}

#define FIONREAD 0x541b

/* FIONREAD of a pipe (the bytes waiting in it) or of a regular file (those from the offset
 * to its end), as Linux's pipe_ioctl and do_vfs_ioctl answer it; 1 when f is neither. */
static int fionread(struct file *f, uint64_t arg)
{
	int n;
	if (S_ISFIFO(f->inode->mode) && f->inode->pipe)
		n = (int)pipe_unread(f);
	else if (S_ISREG(f->inode->mode))
		n = (int)(f->inode->data.size - f->offset);
	else
		return 1;
	return copy_to_user((void *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

int file_ioctl(struct file *f, unsigned long request, uint64_t arg)
{
	int err;
	if (request == FIONREAD && (err = fionread(f, arg)) <= 0)
		return err;
	const struct chardev *dev = S_ISCHR(f->inode->mode) ? f->inode->dev : NULL;
	if (!dev || !dev->ioctl)
		return -ENOTTY;
	return dev->ioctl(f, request, arg);
}

/* Follows the symbolic link an O_CREAT open met at the end of its path: the target inode
 * (magic links) in *out, or the target's text in *text (PATH_MAX bytes, made on the first
 * link), to look up next from the link's directory. */
static int follow_created(struct inode *link, int *links, char **text, struct inode **out)
{
	if (++*links > MAXSYMLINKS)
		return -ELOOP;
	if (!*text && !(*text = kmalloc(PATH_MAX)))
		return -ENOMEM;
	return link_follow(link, *text, out);
}

/* Finds or (with O_CREAT) creates the inode an open names; referenced. O_CREAT follows a
 * symbolic link at the end and creates what a dangling one names, as Linux, but not with
 * O_EXCL (EEXIST) or O_NOFOLLOW (the link itself: vfs_open says ELOOP). */
static int open_inode(struct inode *cwd, const char *path, int flags, uint32_t mode,
		      struct inode **out, bool *created)
{
	if (!(flags & O_CREAT))
		return path_walk(cwd, path, !(flags & O_NOFOLLOW), out);
	int links = 0, err;
	char *text = NULL;              /* the target of the last link followed */
	struct inode *dir = cwd;
	inode_get(dir);
	for (;;) {
		struct path_last last;
		err = path_parent(dir, path, &last);
		inode_put(dir);
		if (err)
			break;
		bool dots = (last.len == 1 && last.name[0] == '.') ||
			    (last.len == 2 && last.name[0] == '.' && last.name[1] == '.');
		struct dir_entry *de = dots ? NULL : dir_find(last.dir, last.name, last.len);
		if (de && S_ISLNK(de->inode->mode) && !(flags & (O_EXCL | O_NOFOLLOW))) {
			*out = NULL;
			err = follow_created(de->inode, &links, &text, out);
			dir = last.dir;         /* the text is looked up from the link's directory */
			inode_get(dir);
			path_last_release(&last);
			if (err || *out) {
				inode_put(dir);
				break;
			}
			path = text;
			continue;
		}
		if (last.trailing_slash) {
			err = -EISDIR;                  /* O_CREAT makes regular files only */
		} else if (dots || de) {
			err = (flags & O_EXCL) ? -EEXIST : 0;
			if (!err && dots)
				err = path_lookup(last.dir, last.name, out);
			else if (!err) {
				*out = de->inode;
				inode_get(*out);
			}
		} else {
			err = dir_add_node(&last, S_IFREG | (mode & 07777), out);
			*created = !err;
		}
		path_last_release(&last);
		break;
	}
	kfree(text);
	return err;
}

/* A /proc file's text, written now: reads see this moment, however long they take. */
static int take_snapshot(struct file *f)
{
	struct textbuf t = {0};
	int pid = f->inode->proc_pid;
	f->inode->proc_show(&t, pid ? proc_find(pid) : current, f->inode->proc_data);
	if (t.failed) {
		kfree(t.buf);
		file_put(f);
		return -ENOMEM;
	}
	f->text = t.buf;
	f->text_len = t.len;
	return 0;
}

/* open with O_PATH: a file that only names the inode path leads to (the link itself with
 * O_NOFOLLOW). Nothing about the file is checked or opened: not its permissions, not a
 * FIFO's other end, not a device's driver. As Linux, every other flag is ignored. */
static int open_path(struct inode *cwd, const char *path, int flags, struct file **out)
{
	struct inode *ip;
	int err = path_walk(cwd, path, !(flags & O_NOFOLLOW), &ip);
	if (err)
		return err;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (!(*out = file_alloc(ip, (uint32_t)flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW))))
		err = -ENOMEM;
	inode_put(ip);
	return err;
}

int vfs_open(struct inode *cwd, const char *path, int flags, uint32_t mode, struct file **out)
{
	if (flags & O_PATH)
		return open_path(cwd, path, flags, out);
	struct inode *ip;
	bool created = false;
	int err = open_inode(cwd, path, flags, mode, &ip, &created);
	if (err)
		return err;
	int acc = flags & O_ACCMODE;
	/* What the open asks of the file (not of one it just made, whatever its mode). */
	int want = created ? 0 : (acc != O_WRONLY ? MAY_READ : 0) |
		   (acc != O_RDONLY || (flags & O_TRUNC) ? MAY_WRITE : 0);
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		err = -ENOTDIR;
	else if (S_ISDIR(ip->mode) && (acc != O_RDONLY || (flags & O_CREAT)))
		err = -EISDIR;
	else if (S_ISLNK(ip->mode))
		err = -ELOOP;                   /* O_NOFOLLOW met a link */
	else if (acc != O_ACCMODE && (err = inode_permission(ip, want)))
		;
	else if (ip->proc_ptrace && (err = procfs_may_open(ip)))
		;                               /* another's memory: Linux's mm_access */
	else if (S_ISSOCK(ip->mode))
		err = -ENXIO;                   /* no socket listens here */
	else if ((S_ISCHR(ip->mode) && !ip->dev) || (S_ISBLK(ip->mode) && !ip->bdev))
		err = -ENXIO;                   /* a device number without a driver */
	else if (acc == O_ACCMODE)
		err = -EINVAL;
	else if ((flags & O_TRUNC) && S_ISREG(ip->mode) && acc != O_RDONLY)
		err = ramfs_truncate(ip, 0);
	uint32_t fflags = ((uint32_t)flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)) |
			  O_LARGEFILE;  /* as on 64-bit Linux, every file is (F_GETFL shows it) */
	if (!err && S_ISFIFO(ip->mode))
		err = fifo_open(ip, fflags);
	if (!err) {
		*out = file_alloc(ip, fflags);
		if (!*out && S_ISFIFO(ip->mode))
			fifo_close(ip, fflags);
		if (!*out)
			err = -ENOMEM;
		else if (ip->proc_show)
			err = take_snapshot(*out);
		else if (ip->proc_read)
			(*out)->proc_pid = ip->proc_pid ? ip->proc_pid : current->pid;
		else if (S_ISCHR(ip->mode) && ip->dev->open && (err = ip->dev->open(*out)))
			file_put(*out);
	}
	inode_put(ip);
	return err;
}

bool file_readable(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && !(f->flags & O_PATH);
}

bool file_writable(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && !(f->flags & O_PATH);
}

/* Reads at off without touching f->offset, for read and pread alike. */
static ssize_t read_at(struct file *f, struct iobuf *buf, uint64_t off)
{
	struct inode *ip = f->inode;
	if (!file_readable(f))
		return -EBADF;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (S_ISCHR(ip->mode))
		return ip->dev->read(f, buf);
	if (ip->proc_show) {
		if (off >= f->text_len)
			return 0;
		size_t n = f->text_len - off < buf->len ? f->text_len - off : buf->len;
		int err = iobuf_copy_out(buf, 0, f->text + off, n);
		return err ? err : (ssize_t)n;
	}
	if (ip->proc_read)
		return ip->proc_read(f->proc_pid, buf, off);
	if (S_ISFIFO(ip->mode))
		return pipe_read(f, buf);
	if (S_ISBLK(ip->mode))
		return blkdev_read(ip, buf, off);
	return ramfs_read(ip, buf, off);
}

static ssize_t write_at(struct file *f, const struct iobuf *buf, uint64_t off)
{
	struct inode *ip = f->inode;
	if (!file_writable(f))
		return -EBADF;
	if (ip->proc_show && ip->proc_write)
		return procfs_write(f, buf, off);
	if (inode_is_proc(ip))                  /* a file that takes no writes, as Linux says */
		return ip->proc_pid == PROC_SYSTEM_WIDE ? -EIO : -EINVAL;
	if (S_ISCHR(ip->mode))
		return ip->dev->write(f, buf);
	if (S_ISFIFO(ip->mode))
		return pipe_write(f, buf);
	if (S_ISBLK(ip->mode))
		return blkdev_write(ip, buf, off);
	return ramfs_write(ip, buf, off);
}

/* Files whose reads and writes move the offset: those with positions in them. */
static bool has_offset(const struct inode *ip)
{
	return S_ISREG(ip->mode) || S_ISBLK(ip->mode);
}

ssize_t file_read(struct file *f, struct iobuf *buf)
{
	ssize_t n = read_at(f, buf, f->offset);
	if (n > 0 && has_offset(f->inode))
		f->offset += (uint64_t)n;
	return n;
}

ssize_t file_write(struct file *f, const struct iobuf *buf)
{
	if ((f->flags & O_APPEND) && S_ISREG(f->inode->mode))
		f->offset = f->inode->data.size;
	ssize_t n = write_at(f, buf, f->offset);
	if (n > 0 && has_offset(f->inode))
		f->offset += (uint64_t)n;
	return n;
}

bool file_positional(const struct file *f)
{
	const struct inode *ip = f->inode;
	return !(S_ISCHR(ip->mode) && !ip->dev->seekable) && !S_ISFIFO(ip->mode);
}

int rw_verify_area(int64_t pos, uint64_t count)
{
	if ((int64_t)count < 0 || pos < 0 || (int64_t)((uint64_t)pos + count) < 0)
		return -EINVAL;
	return 0;
}

ssize_t file_pread(struct file *f, struct iobuf *buf, off_t off)
{
	if (off < 0)
		return -EINVAL;
	if (!file_positional(f))
		return -ESPIPE;
	return read_at(f, buf, (uint64_t)off);
}

ssize_t file_pwrite(struct file *f, const struct iobuf *buf, off_t off)
{
	if (off < 0)
		return -EINVAL;
	if (!file_positional(f))
		return -ESPIPE;
	return write_at(f, buf, (uint64_t)off);
}

off_t file_lseek(struct file *f, off_t off, int whence)
{
	struct inode *ip = f->inode;
	if (inode_is_proc(ip) && whence == SEEK_END)
		return -EINVAL;                 /* a /proc file has no end to seek from (Linux) */
	if (S_ISCHR(ip->mode))
		return ip->dev->seekable ? 0 : -ESPIPE;
	if (S_ISFIFO(ip->mode))
		return -ESPIPE;
	if ((whence == SEEK_DATA || whence == SEEK_HOLE) && S_ISREG(ip->mode)) {
		int64_t at = off < 0 ? -ENXIO : ramfs_seek_data(ip, (uint64_t)off, whence == SEEK_HOLE);
		if (at >= 0)
			f->offset = (uint64_t)at;
		return at;
	}
	int64_t base;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->offset; break;
	case SEEK_END:
		base = (int64_t)(S_ISDIR(ip->mode) ? ip->nentries
			: S_ISBLK(ip->mode) ? blkdev_size(ip) : ip->data.size);
		break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	/* A device has a fixed size, and Linux refuses a position past it. */
	if (S_ISBLK(ip->mode) && (uint64_t)(base + off) > blkdev_size(ip))
		return -EINVAL;
	f->offset = (uint64_t)(base + off);
	return (off_t)f->offset;
}

int file_truncate(struct file *f, off_t size)
{
	if (size < 0 || !S_ISREG(f->inode->mode) || !file_writable(f))
		return -EINVAL;
	return ramfs_truncate(f->inode, (uint64_t)size);
}

void file_stat(struct file *f, struct linux_stat *st)
{
	inode_stat(f->inode, st);
}

static uint8_t dirent_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return DT_DIR;
	case S_IFREG: return DT_REG;
	case S_IFCHR: return DT_CHR;
	case S_IFBLK: return DT_BLK;
	case S_IFIFO: return DT_FIFO;
	case S_IFLNK: return DT_LNK;
	case S_IFSOCK: return DT_SOCK;
	default: return DT_UNKNOWN;
	}
}

/* Writes one record at *at; false (writing nothing) when it does not fit. */
static int put_record(struct iobuf *buf, size_t *at, const char *name, size_t len,
		      uint64_t ino, uint8_t type, uint64_t next_pos)
{
	char rec[sizeof(struct linux_dirent64) + NAME_MAX + 1 + 8];
	size_t reclen = (sizeof(struct linux_dirent64) + len + 1 + 7) & ~(size_t)7;
	if (*at + reclen > buf->len)
		return 0;
	memset(rec, 0, reclen);
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
	d->d_ino = ino;
	d->d_off = (int64_t)next_pos;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = type;
	memcpy(d->d_name, name, len);
	int err = iobuf_copy_out(buf, *at, rec, reclen);
	if (err)
		return err;
	*at += reclen;
	return 1;
}

static int put_dirent(struct iobuf *buf, size_t *at, const char *name, size_t len,
		      const struct inode *ip, uint64_t next_pos)
{
	return put_record(buf, at, name, len, ip->ino, dirent_type(ip->mode), next_pos);
}

/* /proc/PID/fd's entries after "." and "..": one link per open descriptor N, at position
 * N + 2 (their inode numbers are made up: they are made anew at each lookup). */
static int put_fd_entries(struct file *f, struct iobuf *buf, size_t *at)
{
	int r = 1;
	for (int fd = procfs_fd_next(f->inode, (int)f->offset - DIR_FIRST_ENTRY_POS);
	     fd >= 0 && r > 0; fd = procfs_fd_next(f->inode, fd + 1)) {
		char name[12];
		size_t len = (size_t)ksnprintf(name, sizeof(name), "%d", fd);
		uint64_t pos = (uint64_t)fd + DIR_FIRST_ENTRY_POS;
		r = put_record(buf, at, name, len, 0x10000 + (uint64_t)fd, DT_LNK, pos + 1);
		if (r > 0)
			f->offset = pos + 1;
	}
	return r;
}

/* The directory position: 0 is ".", 1 is "..", then each entry's pos (in creation order,
 * never reused); the offset is the position of the next record to return. */
ssize_t file_getdents(struct file *f, struct iobuf *buf)
{
	struct inode *dir = f->inode;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	size_t at = 0;
	int r = 1;
	if (f->offset == 0 && (r = put_dirent(buf, &at, ".", 1, dir, 1)) > 0)
		f->offset = 1;
	if (r > 0 && f->offset == 1 && (r = put_dirent(buf, &at, "..", 2, dir->parent, 2)) > 0)
		f->offset = 2;
	if (r > 0 && dir->proc_fd_pid)
		r = put_fd_entries(f, buf, &at);
	if (dir->proc_task_tgid && f->offset <= DIR_FIRST_ENTRY_POS)
		procfs_task_fill(dir);          /* each live thread's directory, made now */
	struct list_head *it;
	list_for_each(it, &dir->entries) {
		if (r <= 0)
			break;
		struct dir_entry *de = list_entry(it, struct dir_entry, link);
		if (de->pos < f->offset)
			continue;
		r = put_dirent(buf, &at, de->name, de->namelen, de->inode, de->pos + 1);
		if (r > 0)
			f->offset = de->pos + 1;
	}
	if (r < 0)
		return at ? (ssize_t)at : r;
	if (r == 0 && at == 0)
		return -EINVAL;                 /* the buffer cannot hold even one record */
	inode_touch(dir, true, false, false);
	return (ssize_t)at;
}
