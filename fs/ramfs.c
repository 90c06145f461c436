/*
 * Regular files whose data is their page cache: the VM object embedded in the inode
 * (ip->data). A read copies out of the cached frames (a missing frame is a hole: zeros);
 * a write puts the bytes into the frame at that page offset, made (zeroed) the first time
 * a page is written. Areas that map the file hold the inode through the object.
 */
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "mm/frame.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static struct inode *data_inode(struct vm_object *obj)
{
	return container_of(obj, struct inode, data);
}

static void data_hold(struct vm_object *obj)
{
	inode_get(data_inode(obj));
}

static void data_release(struct vm_object *obj)
{
	inode_put(data_inode(obj));
}

/* The file's path, or its last name if it has none now, as /proc/self/maps shows it. */
static void data_name(struct vm_object *obj, char *buf, size_t size)
{
	struct inode *ip = data_inode(obj);
	if (vfs_path_of(ip, buf, size) < 0)
		ksnprintf(buf, size, "%s (deleted)", ip->deleted_path ? ip->deleted_path : "");
}

static const struct vm_object_ops inode_data_ops = {
	.hold = data_hold, .release = data_release, .name = data_name,
};

void inode_init_data(struct inode *ip)
{
	vm_object_init(&ip->data, &inode_data_ops);
}

struct inode *vm_object_inode(struct vm_object *obj)
{
	return obj->ops == &inode_data_ops ? data_inode(obj) : NULL;
}

ssize_t ramfs_read(struct inode *ip, struct iobuf *buf, uint64_t off)
{
	uint64_t size = ip->data.size;
	if (off >= size)
		return 0;
	uint64_t n = min_u64(buf->len, size - off);
	uint64_t done = 0;
	while (done < n) {
		uint64_t pos = off + done;
		uint64_t in_page = pos & (PAGE_SIZE - 1);
		uint64_t chunk = min_u64(PAGE_SIZE - in_page, n - done);
		struct page *pg = vm_object_get_page(&ip->data, pos >> PAGE_SHIFT, false);
		int err = pg ? iobuf_copy_out(buf, done, (char *)page_address(pg) + in_page, chunk)
			     : iobuf_zero(buf, done, chunk);
		if (pg)
			frame_put(pg);
		if (err)
			return done ? (ssize_t)done : err;
		done += chunk;
	}
	inode_touch(ip, true, false, false);
	return (ssize_t)done;
}

/* Whether the file has data (a page, in memory or in swap) at page index idx. */
static bool has_data(struct inode *ip, uint64_t idx)
{
	return vm_object_has_page(&ip->data, idx) || vm_object_swap_entry(&ip->data, idx);
}

/* Whether a new page may be given to the file at idx: not past its tmpfs's size=. */
static int may_add_page(struct inode *ip, uint64_t idx)
{
	return has_data(ip, idx) ? 0 : sb_want_pages(ip, 1);
}

ssize_t ramfs_write(struct inode *ip, const struct iobuf *buf, uint64_t off)
{
	if (buf->len > (uint64_t)INT64_MAX - off)
		return -EFBIG;
	uint64_t done = 0;
	int err = 0;
	while (done < buf->len) {
		uint64_t pos = off + done;
		uint64_t in_page = pos & (PAGE_SIZE - 1);
		uint64_t chunk = min_u64(PAGE_SIZE - in_page, buf->len - done);
		if ((err = may_add_page(ip, pos >> PAGE_SHIFT)))
			break;                  /* its tmpfs is full */
		struct page *pg = vm_object_get_page(&ip->data, pos >> PAGE_SHIFT, true);
		if (!pg) {
			err = -ENOSPC;          /* no frame left to hold the data */
			break;
		}
		err = iobuf_copy_in(buf, done, (char *)page_address(pg) + in_page, chunk);
		frame_put(pg);
		if (err)
			break;
		done += chunk;
		if (off + done > ip->data.size)
			ip->data.size = off + done;
	}
	if (done)
		inode_touch(ip, false, true, true);
	return done ? (ssize_t)done : err;
}

int ramfs_truncate(struct inode *ip, uint64_t size)
{
	if (size > (uint64_t)INT64_MAX)
		return -EFBIG;
	vm_object_resize(&ip->data, size);
	inode_touch(ip, false, true, true);
	return 0;
}

int ramfs_allocate(struct inode *ip, uint64_t off, uint64_t len, bool keep_size)
{
	if (off + len < off || off + len > (uint64_t)INT64_MAX)
		return -EFBIG;
	for (uint64_t idx = off >> PAGE_SHIFT; idx <= (off + len - 1) >> PAGE_SHIFT; idx++) {
		int err = may_add_page(ip, idx);
		if (err)
			return err;             /* its tmpfs is full */
		struct page *pg = vm_object_get_page(&ip->data, idx, true);
		if (!pg)
			return -ENOSPC;
		frame_put(pg);
	}
	if (!keep_size && off + len > ip->data.size)
		ip->data.size = off + len;
	inode_touch(ip, false, !keep_size, true);
	return 0;
}

int64_t ramfs_seek_data(struct inode *ip, uint64_t off, bool hole)
{
	uint64_t size = ip->data.size;
	if (off >= size)
		return -ENXIO;
	for (uint64_t idx = off >> PAGE_SHIFT; (idx << PAGE_SHIFT) < size; idx++) {
		if (has_data(ip, idx) != hole) {
			uint64_t at = idx << PAGE_SHIFT;
			return (int64_t)(at > off ? at : off);
		}
	}
	return hole ? (int64_t)size : -ENXIO;   /* the end is a hole, as Linux says */
}

void ramfs_evict(struct inode *ip)
{
	vm_object_free_pages(&ip->data);
}
