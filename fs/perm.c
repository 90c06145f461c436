/*
 * Who may do what to a file, as Linux's generic_permission and its friends decide, with the
 * credentials the running process acts with (kernel/proc/cred.h): the owner's bits for its
 * owner, the group's for a member of its group (supplementary groups too), the others'
 * for the rest; root (file system user 0) may read and write anything, search any
 * directory, and execute a file that has at least one x bit.
 */
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "mm/mm.h"

/* Who owns a /proc file or directory of process p, as Linux's task_dump_owner: its effective
 * IDs; but root, for all except its world-readable directories (/proc/PID, task), when it
 * is undumpable or has no memory (a zombie), so that its own user cannot open them. */
static void dump_owner(const struct proc *p, uint32_t mode, uint32_t *uid, uint32_t *gid)
{
	bool root = mode != (S_IFDIR | 0555) && (!p->mm || p->mm->undumpable);
	*uid = root ? 0 : p->cred.euid;
	*gid = root ? 0 : p->cred.egid;
}

/* A process's /proc files belong to it (dump_owner), whoever made them. */
void inode_owner(const struct inode *ip, uint32_t *uid, uint32_t *gid)
{
	int pid = ip->proc_fd_pid ? ip->proc_fd_pid : ip->proc_pid;
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	if (p) {
		dump_owner(p, ip->mode, uid, gid);
	} else {
		*uid = ip->uid;
		*gid = ip->gid;
	}
}

/* Whether ip is a /proc/PID/fd directory of the running process's own (Linux's
 * proc_fd_permission lets a thread into its process's fd/ whoever owns it). */
static bool own_fd_dir(const struct inode *ip)
{
	struct proc *p = ip->proc_fd_pid ? proc_find(ip->proc_fd_pid) : NULL;
	return p && p->tgid == current->tgid;
}

int inode_permission(const struct inode *ip, int mask)
{
	const struct cred *c = current_cred();
	uint32_t uid, gid, mode = ip->mode;
	/* As Linux's sb_permission: no writing to files, directories and links of a
	 * read-only file system (devices and FIFOs write elsewhere). */
	if ((mask & MAY_WRITE) && (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)) &&
	    sb_want_write(ip))
		return -EROFS;
	inode_owner(ip, &uid, &gid);
	if (c->fsuid == uid)
		mode >>= 6;
	else if (cred_in_group(c, gid))
		mode >>= 3;
	if ((mask & ~mode & 7) == 0)
		return 0;
	if (ip->proc_sysctl)
		return -EACCES;                 /* no overrides for root in /proc/sys */
	if (cred_is_root_fs(c) && (S_ISDIR(ip->mode) || !(mask & MAY_EXEC) || (ip->mode & 0111)))
		return 0;
	return own_fd_dir(ip) ? 0 : -EACCES;
}

bool inode_owner_or_root(const struct inode *ip)
{
	const struct cred *c = current_cred();
	uint32_t uid, gid;
	inode_owner(ip, &uid, &gid);
	return c->fsuid == uid || cred_is_root_fs(c);
}

int may_create(const struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

int may_delete(const struct inode *dir, const struct inode *victim)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	/* A sticky directory (/tmp): only the file's owner, the directory's, or root. */
	const struct cred *c = current_cred();
	if ((dir->mode & S_ISVTX) && c->fsuid != victim->uid && c->fsuid != dir->uid &&
	    !cred_is_root_fs(c))
		return -EPERM;
	return 0;
}

void inode_init_owner(struct inode *ip, const struct inode *dir)
{
	const struct cred *c = current_cred();
	ip->uid = c->fsuid;
	ip->gid = c->fsgid;
	if (dir->mode & S_ISGID) {              /* a set-group-ID directory gives its group */
		ip->gid = dir->gid;
		if (S_ISDIR(ip->mode))
			ip->mode |= S_ISGID;
	}
}
