/*
 * /proc's symbolic links, whose targets are made each time they are looked at:
 *   /proc/self        -> "PID" of the process looking (an ordinary link then: /proc/PID)
 *   /proc/PID/exe     -> the program it runs (the file exec opened, kept by its mm)
 *   /proc/PID/cwd     -> its working directory
 *   /proc/PID/fd/N    -> what descriptor N has open (the directory lists the open ones)
 * exe, cwd and fd/N are Linux's "magic" links: readlink shows a path ("/a/b (deleted)" for
 * a file without a name, "pipe:[INO]" for a pipe), and following one goes to the inode
 * itself, path or no path (fs/namei.c), so `exec /proc/self/exe` runs the same program
 * (busybox does so) and /proc/self/fd/N (/dev/fd/N) opens the same file again.
 */
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/proc/proc.h"
#include "mm/mm.h"

/* The live process a link or fd directory is about (its proc_pid; 0: the looker). */
static struct proc *about(const struct inode *ip)
{
	struct proc *p = ip->proc_pid ? proc_find(ip->proc_pid) : current;
	return p && p->state != PROC_ZOMBIE ? p : NULL;
}

/* The live process a magic link (exe, cwd, fd/N) is about, in *p: 0, or -EACCES when the
 * looker may not look into it (Linux's proc_fd_access_allowed). */
static int about_allowed(const struct inode *link, struct proc **p)
{
	*p = about(link);
	return *p && !proc_may_access(*p) ? -EACCES : 0;
}

/* The text readlink shows for ip, as Linux's d_path: its path, "pipe:[INO]" for a pipe,
 * "anon_inode:NAME" for an anonymous inode (a userfaultfd), "PATH (deleted)" for a file
 * without a name. */
static void inode_text(struct inode *ip, char *buf, size_t size)
{
	int n = S_ISDIR(ip->mode) ? vfs_getcwd(ip, buf, size) : vfs_path_of(ip, buf, size);
	if (n >= 0)
		return;
	if (S_ISFIFO(ip->mode))
		ksnprintf(buf, size, "pipe:[%lu]", (unsigned long)ip->ino);
	else if (S_ISCHR(ip->mode) && ip->dev && ip->dev->anon)
		ksnprintf(buf, size, "anon_inode:%s", ip->dev->name);
	else
		ksnprintf(buf, size, "%s (deleted)", ip->deleted_path ? ip->deleted_path : "");
}

/* Gives ip (referenced) as the link's target, and its text. */
static int magic(struct inode *ip, char *buf, size_t size, struct inode **target)
{
	if (!ip)
		return -ENOENT;
	inode_text(ip, buf, size);
	inode_get(ip);
	*target = ip;
	return 0;
}

static int link_self(struct inode *link, char *buf, size_t size, struct inode **target)
{
	(void)link;
	*target = NULL;
	ksnprintf(buf, size, "%d", current->tgid);        /* the process, not the thread */
	return 0;
}

static int link_exe(struct inode *link, char *buf, size_t size, struct inode **target)
{
	struct proc *p;
	if (about_allowed(link, &p))
		return -EACCES;
	struct vm_object *exe = p && p->mm ? p->mm->exe : NULL;
	return magic(exe ? vm_object_inode(exe) : NULL, buf, size, target);
}

static int link_cwd(struct inode *link, char *buf, size_t size, struct inode **target)
{
	struct proc *p;
	if (about_allowed(link, &p))
		return -EACCES;
	return magic(p && p->fs ? p->fs->cwd : NULL, buf, size, target);
}

static int link_fd(struct inode *link, char *buf, size_t size, struct inode **target)
{
	struct proc *p;
	if (about_allowed(link, &p))
		return -EACCES;
	struct file *f = p ? fd_file(p->fds, link->proc_link_fd) : NULL;
	return magic(f ? f->inode : NULL, buf, size, target);
}

int procfs_name_to_int(const char *name, size_t len)
{
	if (len == 0 || len > 9 || (len > 1 && name[0] == '0'))
		return -1;
	int fd = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		fd = fd * 10 + (name[i] - '0');
	}
	return fd;
}

int procfs_fd_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct proc *p = about(dir);
	int fd = procfs_name_to_int(name, len);
	struct file *f = p && fd >= 0 ? fd_file(p->fds, fd) : NULL;
	if (!f)
		return -ENOENT;
	/* As Linux: the link's permission bits say how the descriptor was opened (an O_PATH
	 * one neither reads nor writes). */
	uint32_t mode = (file_readable(f) ? 0500 : 0) | (file_writable(f) ? 0300 : 0);
	struct inode *ip = inode_alloc(S_IFLNK | mode);         /* nameless: freed with its */
	if (!ip)                                                /* last reference */
		return -ENOMEM;
	ip->proc_link = link_fd;
	ip->proc_link_fd = fd;
	ip->proc_pid = dir->proc_fd_pid;
	*out = ip;
	return 0;
}

int procfs_fd_next(struct inode *dir, int from)
{
	struct proc *p = about(dir);
	for (int fd = from; p && fd < p->fds->size; fd++)
		if (fd_file(p->fds, fd))
			return fd;
	return -1;
}

/* Makes the link at path (its directory exists) made by fn, about process pid. */
static int make_link(const char *path, proc_link_fn fn, int pid)
{
	struct path_last last;
	int err = path_parent(procfs_root(), procfs_rel(path), &last);
	if (err)
		return err;
	struct inode *ip;
	err = dir_add_node(&last, S_IFLNK | 0777, &ip);
	if (!err) {
		ip->proc_link = fn;
		ip->proc_pid = pid;
		inode_put(ip);
	}
	path_last_release(&last);
	return err;
}

int procfs_link_add_pid(const char *dir, int pid)
{
	char path[48];
	ksnprintf(path, sizeof(path), "%s/exe", dir);
	int err = make_link(path, link_exe, pid);
	ksnprintf(path, sizeof(path), "%s/cwd", dir);
	if (!err)
		err = make_link(path, link_cwd, pid);
	ksnprintf(path, sizeof(path), "%s/fd", dir);
	if (!err)
		err = vfs_mkdir(procfs_root(), procfs_rel(path), 0500);
	struct inode *fds;
	if (!err && !(err = path_lookup(procfs_root(), procfs_rel(path), &fds))) {
		fds->proc_fd_pid = pid;
		inode_put(fds);
	}
	return err;
}

void procfs_link_init(void)
{
	int err = make_link("/proc/self", link_self, PROC_SYSTEM_WIDE);
	if (err)
		panic("procfs: cannot create /proc/self (error %d)", err);
}
