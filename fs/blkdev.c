/* Block special files: /dev/vda and its partitions read and written at any byte offset
 * through the block layer (block_rw_bytes), the way a program inspects a disk. */
#include "fs/vfs.h"
#include "kernel/drivers/block.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/frame.h"

#define DISK_GID 6              /* the "disk" group that owns Linux's disk nodes */

int blkdev_create(struct block_device *bdev)
{
	char path[8 + BLOCK_NAME_MAX] = "/dev/";
	memcpy(path + 5, bdev->name, strlen(bdev->name) + 1);
	struct inode *ip;
	int err = vfs_mknod_blkdev(vfs_root, path, 0660, bdev, &ip);
	if (err)
		return err;
	ip->gid = DISK_GID;
	inode_put(ip);
	return 0;
}

uint64_t blkdev_size(const struct inode *ip)
{
	return ip->bdev->nr_sectors << SECTOR_SHIFT;
}

/* Moves len bytes at off between the device and buf, a page at a time through a kernel
 * frame (block_rw_bytes takes kernel memory; buf may be the user's). */
static ssize_t transfer(struct inode *ip, const struct iobuf *buf, uint64_t off, bool write)
{
	uint64_t size = blkdev_size(ip);
	size_t len = buf->len;
	if (off >= size)
		return write && len ? -ENOSPC : 0;
	if (len > size - off)
		len = size - off;
	struct page *pg = frame_alloc(0);
	if (!pg)
		return -ENOMEM;
	char *k = page_address(pg);
	size_t done = 0;
	ssize_t err = 0;
	while (done < len) {
		size_t n = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
		if (write && (err = iobuf_copy_in(buf, done, k, n)))
			break;
		ssize_t got = block_rw_bytes(ip->bdev, off + done, k, n, write);
		if (got <= 0) {
			err = got ? got : -EIO;
			break;
		}
		if (!write && (err = iobuf_copy_out(buf, done, k, (size_t)got)))
			break;
		done += (size_t)got;
		if ((size_t)got < n)
			break;
	}
	frame_put(pg);
	return done ? (ssize_t)done : err;
}

ssize_t blkdev_read(struct inode *ip, struct iobuf *buf, uint64_t off)
{
	return transfer(ip, buf, off, false);
}

ssize_t blkdev_write(struct inode *ip, const struct iobuf *buf, uint64_t off)
{
	/* Linux's answers: a read-only disk refuses with EPERM, a device in use as swap
	 * (claimed by swapon) with ETXTBSY. */
	if (ip->bdev->read_only)
		return -EPERM;
	if (ip->bdev->holders)
		return -ETXTBSY;
	return transfer(ip, buf, off, true);
}
