#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "fs/pipe.h"
#include "mm/kmalloc.h"

struct inode *vfs_root;
static uint64_t next_ino = 1;

void inode_touch(struct inode *ip, bool atime, bool mtime, bool ctime)
{
	struct timespec64 now = time_now();
	if (atime)
		ip->atime = now;
	if (mtime)
		ip->mtime = now;
	if (ctime)
		ip->ctime = now;
}

struct inode *inode_alloc(uint32_t mode)
{
	struct inode *ip = kzalloc(sizeof(*ip));
	if (!ip)
		return NULL;
	ip->ino = next_ino++;
	ip->mode = mode;
	ip->refcount = 1;
	list_init(&ip->entries);
	list_init(&ip->locks);
	ip->next_dir_pos = DIR_FIRST_ENTRY_POS;
	inode_init_data(ip);            /* empty, but for regular files */
	inode_touch(ip, true, true, true);
	return ip;
}

void inode_get(struct inode *ip)
{
	ip->refcount++;
}

/* Frees an inode that nothing refers to any more: its data, then itself. */
static void inode_free(struct inode *ip)
{
	BUG_ON(S_ISDIR(ip->mode) && !list_empty(&ip->entries));
	BUG_ON(!list_empty(&ip->locks));        /* every owner's close dropped its locks */
	if (S_ISREG(ip->mode))
		ramfs_evict(ip);
	if (S_ISFIFO(ip->mode) && ip->pipe)
		pipe_free(ip);
	if (S_ISDIR(ip->mode) && ip->parent && ip->parent != ip)
		inode_put(ip->parent);
	kfree(ip->deleted_path);
	kfree(ip->symlink);
	kfree(ip);
}

void inode_put(struct inode *ip)
{
	BUG_ON(ip->refcount <= 0);
	struct super_block *sb = ip->sb;
	if (--ip->refcount == 0 && ip->nlink == 0)
		inode_free(ip);
	if (sb && sb->detached)
		mount_put_hook(sb);             /* a lazily unmounted instance may go now */
}

struct dir_entry *dir_find(struct inode *dir, const char *name, size_t len)
{
	struct list_head *pos;
	list_for_each(pos, &dir->entries) {
		struct dir_entry *de = list_entry(pos, struct dir_entry, link);
		if (de->namelen == len && memcmp(de->name, name, len) == 0)
			return de;
	}
	return NULL;
}

int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
	struct dir_entry *de = kmalloc(sizeof(*de) + len + 1);
	if (!de)
		return -ENOMEM;
	memcpy(de->name, name, len);
	de->name[len] = '\0';
	de->namelen = len;
	de->inode = ip;
	de->pos = dir->next_dir_pos++;
	list_add_tail(&de->link, &dir->entries);
	ip->nlink++;
	dir->nentries++;
	inode_touch(dir, false, true, true);
	return 0;
}

void dir_unlink(struct inode *dir, struct dir_entry *de)
{
	struct inode *ip = de->inode;
	list_del(&de->link);
	kfree(de);
	dir->nentries--;
	inode_touch(dir, false, true, true);
	ip->nlink--;
	inode_touch(ip, false, false, true);
	/* Still open or mapped somewhere: it lives on, nameless, until the last user is gone. */
	if (ip->nlink == 0 && ip->refcount == 0)
		inode_free(ip);
}

bool dir_is_empty(const struct inode *dir)
{
	return list_empty(&dir->entries);
}
