/* Character devices: /dev/null and /dev/zero here; the terminal ones are in
 * kernel/drivers/tty.c, qrun's serial ports in kernel/drivers/qrun_serial.c. */
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/drivers/qrun_serial.h"
#include "kernel/drivers/tty.h"
#include "fs/userfaultfd.h"

static ssize_t null_read(struct file *f, struct iobuf *buf)
{
	(void)f;
	(void)buf;
	return 0;                       /* always at the end */
}

static ssize_t sink_write(struct file *f, const struct iobuf *buf)
{
	(void)f;
	return (ssize_t)buf->len;       /* everything accepted, nothing kept */
}

static ssize_t zero_read(struct file *f, struct iobuf *buf)
{
	(void)f;
	int err = iobuf_zero(buf, 0, buf->len);
	return err ? err : (ssize_t)buf->len;
}

static const struct chardev null_dev = {
	.name = "null", .major = 1, .minor = 3,
	.read = null_read, .write = sink_write, .seekable = true, .splice_write = true,
};
static const struct chardev zero_dev = {
	.name = "zero", .major = 1, .minor = 5,
	.read = zero_read, .write = sink_write, .seekable = true, .mmap_anon = true,
};

static const struct chardev *const devices[] = {
	&null_dev, &zero_dev, &tty_console_dev, &tty_ttyS0_dev, &tty_tty_dev, &ttyS1_dev, &ttyS2_dev, &kmsg_dev,
	&userfaultfd_dev,
};

const struct chardev *chardev_find(uint32_t major, uint32_t minor)
{
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (devices[i]->major == major && devices[i]->minor == minor)
			return devices[i];
	return NULL;
}

static void mkdir_or_die(const char *path, uint32_t mode)
{
	int err = vfs_mkdir(vfs_root, path, mode);
	if (err && err != -EEXIST)
		panic("vfs: cannot create %s (error %d)", path, err);
}

void vfs_init(void)
{
	vfs_root = inode_alloc(S_IFDIR | 0755);
	if (!vfs_root)
		panic("vfs: no memory for the root directory");
	vfs_root->nlink = 2;
	vfs_root->parent = vfs_root;
	mount_init();                   /* rootfs, "/" in the mount table */
	mkdir_or_die("/dev", 0755);
	mkdir_or_die("/dev/shm", 01777);
	mkdir_or_die("/tmp", 01777);
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		char path[32] = "/dev/";
		memcpy(path + 5, devices[i]->name, strlen(devices[i]->name) + 1);
		int err = vfs_mknod_chardev(vfs_root, path,
					    devices[i]->perm ? devices[i]->perm : 0666, devices[i]);
		if (err)
			panic("vfs: cannot create %s (error %d)", path, err);
	}
	userfaultfd_init();
	/* As udev makes them on Linux: a process's descriptors under /dev. */
	static const char *const links[][2] = {
		{ "/proc/self/fd", "/dev/fd" }, { "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		int err = vfs_symlink(vfs_root, links[i][0], links[i][1]);
		if (err)
			panic("vfs: cannot create %s (error %d)", links[i][1], err);
	}
}
