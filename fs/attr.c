/* A file's attributes as chmod, chown and utimensat change them. */
#include "fs/vfs.h"
#include "kernel/time.h"

void inode_chmod(struct inode *ip, uint32_t mode)
{
	ip->mode = (ip->mode & S_IFMT) | (mode & 07777);
	inode_touch(ip, false, false, true);
}

void inode_chown(struct inode *ip, uint32_t uid, uint32_t gid)
{
	if (uid != (uint32_t)-1)
		ip->uid = uid;
	if (gid != (uint32_t)-1)
		ip->gid = gid;
	if (!S_ISDIR(ip->mode)) {
		/* A new owner must not inherit the old one's privileges (Linux's
		 * ATTR_KILL_SUID and ATTR_KILL_SGID, for root too). */
		ip->mode &= ~(uint32_t)S_ISUID;
		if (ip->mode & 0010)
			ip->mode &= ~(uint32_t)S_ISGID;
	}
	inode_touch(ip, false, false, true);
}

void inode_set_times(struct inode *ip, const struct timespec64 *atime,
		     const struct timespec64 *mtime)
{
	if (atime)
		ip->atime = *atime;
	if (mtime)
		ip->mtime = *mtime;
	inode_touch(ip, false, false, true);
}
