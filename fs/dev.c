/* Character devices: /dev/null, /dev/zero, and the console (/dev/console, /dev/tty). */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

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

#define CONSOLE_CHUNK 256

/* Writes to the serial console, a chunk at a time through a kernel buffer. */
static ssize_t console_write_dev(struct file *f, const struct iobuf *buf)
{
	(void)f;
	char chunk[CONSOLE_CHUNK];
	size_t done = 0;
	while (done < buf->len) {
		size_t n = buf->len - done < CONSOLE_CHUNK ? buf->len - done : CONSOLE_CHUNK;
		int err = iobuf_copy_in(buf, done, chunk, n);
		if (err)
			return done ? (ssize_t)done : err;
		console_write(chunk, n);
		done += n;
	}
	return (ssize_t)done;
}

/* Keyboard input comes with the terminal line discipline (user processes); until then a
 * read has nothing to wait for. */
static ssize_t console_read_dev(struct file *f, struct iobuf *buf)
{
	(void)f;
	(void)buf;
	return -EAGAIN;
}

static const struct chardev devices[] = {
	{ "null", 1, 3, null_read, sink_write, true },
	{ "zero", 1, 5, zero_read, sink_write, true },
	{ "tty", 5, 0, console_read_dev, console_write_dev, false },
	{ "console", 5, 1, console_read_dev, console_write_dev, false },
};

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
	mkdir_or_die("/dev", 0755);
	mkdir_or_die("/dev/shm", 01777);
	mkdir_or_die("/tmp", 01777);
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		char path[32] = "/dev/";
		memcpy(path + 5, devices[i].name, strlen(devices[i].name) + 1);
		int err = vfs_mknod_chardev(vfs_root, path, 0666, &devices[i]);
		if (err)
			panic("vfs: cannot create %s (error %d)", path, err);
	}
}
