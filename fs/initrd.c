/*
 * The boot ramdisk: a cpio archive (newc) that GRUB loads as a module. At boot its files,
 * directories and symbolic links (busybox's applets are links to /bin/busybox) are copied
 * into the in-memory file system, after which the archive's frames are freed.
 */
#include "fs/cpio.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

struct unpack_stats {
	unsigned files, dirs, links, skipped;
	uint64_t bytes;
};

/* "/" + the entry's name, in path. */
static void entry_path(const struct cpio_entry *e, char *path)
{
	path[0] = '/';
	memcpy(path + 1, e->name, e->name_len);
	path[e->name_len + 1] = '\0';
}

/* Creates the directories leading to path that the archive did not list first. */
static void make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int err = vfs_mkdir(vfs_root, path, 0755);
		*p = '/';
		if (err && err != -EEXIST)
			panic("initrd: cannot create directory for %s (error %d)", path, err);
	}
}

static void set_times(const char *path, uint64_t mtime)
{
	struct inode *ip;
	if (path_lookup(vfs_root, path, &ip) == 0) {
		ip->mtime = ip->atime = ip->ctime = (struct timespec64){ (int64_t)mtime, 0 };
		inode_put(ip);
	}
}

static void unpack_dir(const struct cpio_entry *e, const char *path, struct unpack_stats *st)
{
	int err = vfs_mkdir(vfs_root, path, e->mode & 07777);
	if (err && err != -EEXIST)
		panic("initrd: cannot create directory %s (error %d)", path, err);
	st->dirs++;
}

static void unpack_file(const struct cpio_entry *e, const char *path, struct unpack_stats *st)
{
	struct file *f;
	int err = vfs_open(vfs_root, path, O_CREAT | O_WRONLY | O_TRUNC, e->mode & 07777, &f);
	if (err)
		panic("initrd: cannot create %s (error %d)", path, err);
	struct iobuf buf = kernel_iobuf((void *)e->data, e->size);
	ssize_t n = file_write(f, &buf);
	file_put(f);
	if (n != (ssize_t)e->size)
		panic("initrd: cannot write %s (%lu bytes): %s", path, e->size,
		      n == -ENOSPC ? "out of memory" : "error");
	st->files++;
	st->bytes += e->size;
}

/* A symbolic link: its target is the entry's data (not NUL-terminated in the archive). */
static void unpack_symlink(const struct cpio_entry *e, const char *path,
			   struct unpack_stats *st)
{
	static char target[CPIO_PATH_MAX];
	if (e->size == 0 || e->size >= sizeof(target)) {
		pr_warn("initrd: %s skipped: a link target of %lu bytes\n", path, e->size);
		st->skipped++;
		return;
	}
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	int err = vfs_symlink(vfs_root, target, path);
	if (err)
		panic("initrd: cannot create link %s (error %d)", path, err);
	st->links++;
}

void initrd_unpack(const void *archive, size_t size)
{
	struct cpio_reader r;
	struct cpio_entry e;
	struct unpack_stats st = {0};
	static char path[PATH_MAX + 2];
	int rc;
	cpio_init(&r, archive, size);
	while ((rc = cpio_next(&r, &e)) == 1) {
		if (e.name_len == 0)
			continue;                       /* "." is the root, already there */
		entry_path(&e, path);
		make_parents(path);
		switch (e.mode & CPIO_S_IFMT) {
		case CPIO_S_IFDIR:
			unpack_dir(&e, path, &st);
			break;
		case CPIO_S_IFREG:
			unpack_file(&e, path, &st);
			break;
		case CPIO_S_IFLNK:
			/* No times: a lookup would follow the link and set its target's. */
			unpack_symlink(&e, path, &st);
			continue;
		default:
			pr_warn("initrd: %s skipped: only files, directories and symbolic links "
				"are supported\n", path);
			st.skipped++;
			continue;
		}
		set_times(path, e.mtime);
	}
	if (rc < 0)
		panic("initrd: malformed ramdisk: %s", r.error);
	printk("initrd: %u files (%lu KiB), %u directories and %u symbolic links unpacked%s\n",
	       st.files, st.bytes >> 10, st.dirs, st.links,
	       st.skipped ? ", some entries skipped" : "");
}
