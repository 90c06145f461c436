/* swapon(2) and swapoff(2): the file checks as Linux makes them, then mm/swapfile.c. */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/kmalloc.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

/* The block device that the file at upath is, as swapon and swapoff open it: -ENOENT (no
 * such file), -EISDIR (Linux opens it for writing), -EINVAL (a regular file: this ramdisk
 * has no blocks to swap to, as tmpfs on Linux; anything else that is not a block device).
 * Its canonical path goes to path. */
static int swap_device(const char *upath, char *path, size_t size, struct block_device **out)
{
	long len = strncpy_from_user(path, upath, size);
	if (len < 0)
		return (int)len;
	if (len == 0)
		return -ENOENT;
	struct inode *ip;
	int err = path_lookup(current->fs->cwd, path, &ip);
	if (err)
		return err;
	if (S_ISDIR(ip->mode))
		err = -EISDIR;
	else if (!S_ISBLK(ip->mode) || !ip->bdev)
		err = -EINVAL;
	else
		*out = ip->bdev;
	if (!err)
		vfs_path_of(ip, path, size);
	inode_put(ip);
	return err;
}

static int64_t sys_swapon(const char *upath, int flags)
{
	if ((unsigned)flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	struct block_device *bdev;
	int err = swap_device(upath, path, PATH_MAX, &bdev);
	if (!err)
		err = swap_on(bdev, path, flags);
	kfree(path);
	return err;
}
SYSCALL_DEFINE(167, sys_swapon);

static int64_t sys_swapoff(const char *upath)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	struct block_device *bdev;
	int err = swap_device(upath, path, PATH_MAX, &bdev);
	if (!err)
		err = swap_off(bdev);
	kfree(path);
	return err;
}
SYSCALL_DEFINE(168, sys_swapoff);
