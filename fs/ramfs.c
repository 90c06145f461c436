/*
 * Regular files whose data is their page cache. A read copies out of the cached frames
 * (a missing frame is a hole: zeros); a write puts the bytes into the frame at that page
 * offset, allocating a zeroed frame the first time a page is written.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/frame.h"
#include "mm/mm.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

ssize_t ramfs_read(struct inode *ip, struct iobuf *buf, uint64_t off)
{
	if (off >= ip->size)
		return 0;
	uint64_t n = min_u64(buf->len, ip->size - off);
	uint64_t done = 0;
	while (done < n) {
		uint64_t pos = off + done;
		uint64_t in_page = pos & (PAGE_SIZE - 1);
		uint64_t chunk = min_u64(PAGE_SIZE - in_page, n - done);
		struct page *pg = page_cache_lookup(&ip->pages, pos >> PAGE_SHIFT);
		int err = pg ? iobuf_copy_out(buf, done, (char *)page_address(pg) + in_page, chunk)
			     : iobuf_zero(buf, done, chunk);
		if (err)
			return done ? (ssize_t)done : err;
		done += chunk;
	}
	inode_touch(ip, true, false, false);
	return (ssize_t)done;
}

/* The frame holding page `index` of the file, allocated (zeroed) if the page was a hole. */
static struct page *page_for_write(struct inode *ip, uint64_t index)
{
	struct page *pg = page_cache_lookup(&ip->pages, index);
	if (pg)
		return pg;
	pg = frame_alloc(FRAME_ZERO);
	if (!pg)
		return NULL;
	if (page_cache_insert(&ip->pages, index, pg) != 0) {
		frame_put(pg);
		return NULL;
	}
	return pg;
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
		struct page *pg = page_for_write(ip, pos >> PAGE_SHIFT);
		if (!pg) {
			err = -ENOSPC;          /* no frame left to hold the data */
			break;
		}
		err = iobuf_copy_in(buf, done, (char *)page_address(pg) + in_page, chunk);
		if (err)
			break;
		done += chunk;
		if (off + done > ip->size)
			ip->size = off + done;
	}
	if (done)
		inode_touch(ip, false, true, true);
	return done ? (ssize_t)done : err;
}

static void drop_page(struct page_cache *pc, uint64_t index, struct page *pg, void *arg)
{
	(void)arg;
	page_cache_remove(pc, index);
	frame_put(pg);
}

int ramfs_truncate(struct inode *ip, uint64_t size)
{
	if (size > (uint64_t)INT64_MAX)
		return -EFBIG;
	if (size < ip->size) {
		/* Whole pages past the end go; the tail of the last page is zeroed, so that
		 * growing the file again shows zeros there, as POSIX requires. */
		mm_unmap_file_pages(ip, PAGE_ALIGN_UP(size) >> PAGE_SHIFT);
		page_cache_for_each(&ip->pages, PAGE_ALIGN_UP(size) >> PAGE_SHIFT, drop_page, NULL);
		uint64_t in_page = size & (PAGE_SIZE - 1);
		struct page *last = in_page ? page_cache_lookup(&ip->pages, size >> PAGE_SHIFT) : NULL;
		if (last)
			memset((char *)page_address(last) + in_page, 0, PAGE_SIZE - in_page);
	}
	ip->size = size;
	inode_touch(ip, false, true, true);
	return 0;
}

void ramfs_evict(struct inode *ip)
{
	page_cache_for_each(&ip->pages, 0, drop_page, NULL);
}
