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

/* A process's /proc files belong to it (Linux: to its effective IDs), whoever made them. */
void inode_owner(const struct inode *ip, uint32_t *uid, uint32_t *gid)
{
	int pid = ip->proc_fd_pid ? ip->proc_fd_pid : ip->proc_pid;
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	*uid = p ? p->cred.euid : ip->uid;
	*gid = p ? p->cred.egid : ip->gid;
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
	return -EACCES;
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
