/*
 * Self-tests of the in-memory file system, through the same API the system calls use.
 * Expected values follow Linux (checked there with the equivalent system calls).
 */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/selftest.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

static uint64_t free_frames(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	return s.free;
}

static struct file *open_ok(const char *path, int flags)
{
	struct file *f = NULL;
	int err = vfs_open(vfs_root, path, flags, 0644, &f);
	EXPECT_EQ(err, 0);
	return f;
}

static int open_err(const char *path, int flags)
{
	struct file *f = NULL;
	int err = vfs_open(vfs_root, path, flags, 0644, &f);
	if (!err)
		file_put(f);
	return err;
}

static ssize_t write_str(struct file *f, const char *s)
{
	struct iobuf b = kernel_iobuf((void *)s, strlen(s));
	return file_write(f, &b);
}

static ssize_t read_into(struct file *f, char *buf, size_t n)
{
	struct iobuf b = kernel_iobuf(buf, n);
	return file_read(f, &b);
}

static int64_t stat_size(const char *path)
{
	struct linux_stat st;
	return vfs_stat(vfs_root, path, true, &st) == 0 ? st.st_size : -1;
}

SELFTEST(fs_create_write_read)
{
	struct file *f = open_ok("/tmp/a", O_CREAT | O_RDWR);
	EXPECT_EQ(write_str(f, "hello"), 5);
	EXPECT_EQ(file_lseek(f, 0, SEEK_SET), 0);
	char buf[16] = {0};
	EXPECT_EQ(read_into(f, buf, sizeof(buf)), 5);
	EXPECT(memcmp(buf, "hello", 5) == 0);
	EXPECT_EQ(read_into(f, buf, sizeof(buf)), 0);           /* at the end */
	struct linux_stat st;
	file_stat(f, &st);
	EXPECT_EQ(st.st_size, 5);
	EXPECT_EQ(st.st_nlink, 1);
	EXPECT_EQ(st.st_mode, S_IFREG | 0644);
	EXPECT_EQ(st.st_blocks, 8);
	file_put(f);
	EXPECT_EQ(open_err("/tmp/a", O_CREAT | O_EXCL | O_RDWR), -EEXIST);
	f = open_ok("/tmp/a", O_WRONLY | O_TRUNC);
	EXPECT_EQ(stat_size("/tmp/a"), 0);
	EXPECT_EQ(read_into(f, buf, 1), -EBADF);                /* opened write-only */
	file_put(f);
	f = open_ok("/tmp/a", O_RDONLY);
	EXPECT_EQ(write_str(f, "x"), -EBADF);
	file_put(f);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/a"), 0);
}

SELFTEST(fs_seek_past_end_makes_a_hole)
{
	uint64_t before = free_frames();
	struct file *f = open_ok("/tmp/hole", O_CREAT | O_RDWR);
	EXPECT_EQ(file_lseek(f, 10000, SEEK_SET), 10000);
	EXPECT_EQ(write_str(f, "tail"), 4);
	EXPECT_EQ(stat_size("/tmp/hole"), 10004);
	struct linux_stat st;
	file_stat(f, &st);
	EXPECT_EQ(st.st_blocks, 8);                             /* one page holds data */
	static char buf[10004];
	memset(buf, 'x', sizeof(buf));
	struct iobuf b = kernel_iobuf(buf, sizeof(buf));
	EXPECT_EQ(file_pread(f, &b, 0), 10004);
	int nonzero = 0;
	for (int i = 0; i < 10000; i++)
		nonzero += buf[i] != 0;
	EXPECT_EQ(nonzero, 0);
	EXPECT(memcmp(buf + 10000, "tail", 4) == 0);
	EXPECT_EQ(file_lseek(f, -5, SEEK_END), 9999);
	EXPECT_EQ(file_lseek(f, -1, SEEK_SET), -EINVAL);
	EXPECT_EQ(file_lseek(f, 0, 7), -EINVAL);
	EXPECT_EQ(file_lseek(f, 3, SEEK_CUR), 10002);
	file_put(f);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/hole"), 0);
	EXPECT_EQ(free_frames(), before);
}

SELFTEST(fs_truncate_down_and_up)
{
	struct file *f = open_ok("/tmp/t", O_CREAT | O_RDWR);
	static char page[5000];
	memset(page, 'a', sizeof(page));
	struct iobuf b = kernel_iobuf(page, sizeof(page));
	EXPECT_EQ(file_write(f, &b), 5000);
	EXPECT_EQ(file_truncate(f, 3), 0);
	EXPECT_EQ(stat_size("/tmp/t"), 3);
	struct linux_stat st;
	file_stat(f, &st);
	EXPECT_EQ(st.st_blocks, 8);
	EXPECT_EQ(file_truncate(f, 6000), 0);                   /* grows with zeros */
	char buf[8];
	struct iobuf rb = kernel_iobuf(buf, 8);
	EXPECT_EQ(file_pread(f, &rb, 0), 8);
	EXPECT(memcmp(buf, "aaa\0\0\0\0\0", 8) == 0);
	EXPECT_EQ(file_pread(f, &rb, 4999), 8);
	EXPECT(memcmp(buf, "\0\0\0\0\0\0\0\0", 8) == 0);
	EXPECT_EQ(file_truncate(f, -1), -EINVAL);
	file_put(f);
	f = open_ok("/tmp/t", O_RDONLY);
	EXPECT_EQ(file_truncate(f, 0), -EINVAL);                /* not open for writing */
	file_put(f);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/t"), 0);
}

SELFTEST(fs_unlink_while_open)
{
	uint64_t before = free_frames();
	struct file *f = open_ok("/tmp/u", O_CREAT | O_RDWR);
	static char data[3 * 4096];
	memset(data, 'u', sizeof(data));
	struct iobuf b = kernel_iobuf(data, sizeof(data));
	EXPECT_EQ(file_write(f, &b), (ssize_t)sizeof(data));
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/u"), 0);
	EXPECT_EQ(stat_size("/tmp/u"), -1);
	EXPECT_EQ(open_err("/tmp/u", O_RDONLY), -ENOENT);
	/* The open file still reaches its data. */
	char c = 0;
	struct iobuf one = kernel_iobuf(&c, 1);
	EXPECT_EQ(file_pread(f, &one, 8000), 1);
	EXPECT_EQ(c, 'u');
	struct linux_stat st;
	file_stat(f, &st);
	EXPECT_EQ(st.st_nlink, 0);
	EXPECT(free_frames() < before);
	file_put(f);                                            /* the last user: data freed */
	EXPECT_EQ(free_frames(), before);
}

/* Reads a directory into names joined by spaces, e.g. ". .. a b". */
static void list_dir(const char *path, char *out, size_t size, size_t bufsize)
{
	struct file *f = open_ok(path, O_RDONLY | O_DIRECTORY);
	static char buf[512];
	size_t at = 0;
	out[0] = '\0';
	ssize_t n;
	struct iobuf b = kernel_iobuf(buf, bufsize);
	while ((n = file_getdents(f, &b)) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
			size_t len = strlen(d->d_name);
			if (at + len + 2 < size) {
				if (at)
					out[at++] = ' ';
				memcpy(out + at, d->d_name, len + 1);
				at += len;
			}
			off += d->d_reclen;
		}
	}
	EXPECT_EQ(n, 0);
	file_put(f);
}

SELFTEST(fs_directory_listing)
{
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/d", 0755), 0);
	const char *names[] = { "/tmp/d/x", "/tmp/d/y", "/tmp/d/zz" };
	for (int i = 0; i < 3; i++)
		file_put(open_ok(names[i], O_CREAT | O_WRONLY));
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/d/sub", 0700), 0);
	char list[128];
	list_dir("/tmp/d", list, sizeof(list), 512);
	EXPECT(strcmp(list, ". .. x y zz sub") == 0);
	list_dir("/tmp/d", list, sizeof(list), 32);             /* one record per call */
	EXPECT(strcmp(list, ". .. x y zz sub") == 0);
	struct file *f = open_ok("/tmp/d", O_RDONLY);
	char tiny[8];
	struct iobuf tb = kernel_iobuf(tiny, sizeof(tiny));
	EXPECT_EQ(file_getdents(f, &tb), -EINVAL);
	file_put(f);
	struct linux_stat st;
	EXPECT_EQ(vfs_stat(vfs_root, "/tmp/d", true, &st), 0);
	EXPECT_EQ(st.st_nlink, 3);                              /* ".", its name, sub's ".." */
	EXPECT_EQ(st.st_mode, S_IFDIR | 0755);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/d"), -ENOTEMPTY);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/d/x"), -ENOTDIR);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/d/sub"), -EISDIR);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/d/sub"), 0);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(vfs_unlink(vfs_root, names[i]), 0);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/d"), 0);
	EXPECT_EQ(vfs_stat(vfs_root, "/tmp/d", true, &st), -ENOENT);
}

SELFTEST(fs_path_edge_cases)
{
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/p", 0755), 0);
	file_put(open_ok("/tmp/p/f", O_CREAT | O_WRONLY));
	struct inode *a, *b;
	EXPECT_EQ(path_lookup(vfs_root, "/tmp/p/f", &a), 0);
	EXPECT_EQ(path_lookup(vfs_root, "//tmp/./p/../p///f", &b), 0);
	EXPECT(a == b);
	inode_put(b);
	struct inode *tmp;
	EXPECT_EQ(path_lookup(vfs_root, "/tmp", &tmp), 0);
	EXPECT_EQ(path_lookup(tmp, "p/f", &b), 0);              /* relative to a directory */
	EXPECT(a == b);
	inode_put(b);
	inode_put(a);
	EXPECT_EQ(path_lookup(vfs_root, "/../..", &b), 0);      /* the root's parent is the root */
	EXPECT(b == vfs_root);
	inode_put(b);
	EXPECT_EQ(path_lookup(tmp, "..", &b), 0);
	EXPECT(b == vfs_root);
	inode_put(b);
	inode_put(tmp);
	EXPECT_EQ(path_lookup(vfs_root, "", &b), -ENOENT);
	EXPECT_EQ(path_lookup(vfs_root, "/tmp/p/f/", &b), -ENOTDIR);
	EXPECT_EQ(path_lookup(vfs_root, "/tmp/p/f/x", &b), -ENOTDIR);
	EXPECT_EQ(path_lookup(vfs_root, "/tmp/p/nope", &b), -ENOENT);
	EXPECT_EQ(open_err("/tmp/p/f", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	EXPECT_EQ(open_err("/tmp/p", O_WRONLY), -EISDIR);
	EXPECT_EQ(open_err("/tmp/p/new/", O_CREAT | O_WRONLY), -EISDIR);
	EXPECT_EQ(open_err("/tmp/nodir/x", O_CREAT | O_WRONLY), -ENOENT);
	static char name[300];
	memcpy(name, "/tmp/", 5);
	memset(name + 5, 'n', 256);
	name[261] = '\0';
	EXPECT_EQ(open_err(name, O_CREAT | O_WRONLY), -ENAMETOOLONG);
	name[260] = '\0';                                       /* 255 bytes: allowed */
	EXPECT_EQ(open_err(name, O_CREAT | O_WRONLY), 0);
	EXPECT_EQ(vfs_unlink(vfs_root, name), 0);
	static char longpath[PATH_MAX + 8];
	for (int i = 0; i < PATH_MAX + 4; i += 2)
		memcpy(longpath + i, "./", 2);
	longpath[PATH_MAX + 4] = '\0';
	EXPECT_EQ(path_lookup(vfs_root, longpath, &b), -ENAMETOOLONG);
	EXPECT_EQ(vfs_mkdir(vfs_root, "/", 0755), -EEXIST);
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/p/.", 0755), -EEXIST);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/"), -EBUSY);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/p/."), -EINVAL);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/p/.."), -ENOTEMPTY);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/p/f/"), -ENOTDIR);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/p/f"), 0);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/p/"), 0);           /* a trailing slash is fine */
}

SELFTEST(fs_rename)
{
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/r", 0755), 0);
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/r/d1", 0755), 0);
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/r/d2", 0755), 0);
	struct file *f = open_ok("/tmp/r/a", O_CREAT | O_WRONLY);
	EXPECT_EQ(write_str(f, "AAA"), 3);
	file_put(f);
	file_put(open_ok("/tmp/r/b", O_CREAT | O_WRONLY));
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/a", "/tmp/r/b"), 0);     /* replaces b */
	EXPECT_EQ(stat_size("/tmp/r/a"), -1);
	EXPECT_EQ(stat_size("/tmp/r/b"), 3);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/b", "/tmp/r/b"), 0);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/b", "/tmp/r/d1"), -EISDIR);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/d1", "/tmp/r/b"), -ENOTDIR);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/d1", "/tmp/r/d1/x"), -EINVAL);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/nope", "/tmp/r/x"), -ENOENT);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/b", "/tmp/r/d1/b"), 0);  /* into a directory */
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/d1", "/tmp/r/d2/moved"), 0);
	EXPECT_EQ(stat_size("/tmp/r/d2/moved/b"), 3);
	struct linux_stat st;
	EXPECT_EQ(vfs_stat(vfs_root, "/tmp/r", true, &st), 0);
	EXPECT_EQ(st.st_nlink, 3);                              /* only d2 is left in /tmp/r */
	struct inode *moved, *up;
	EXPECT_EQ(path_lookup(vfs_root, "/tmp/r/d2/moved", &moved), 0);
	EXPECT_EQ(path_lookup(moved, "..", &up), 0);            /* ".." follows the move */
	struct inode *d2;
	EXPECT_EQ(path_lookup(vfs_root, "/tmp/r/d2", &d2), 0);
	EXPECT(up == d2);
	inode_put(d2);
	inode_put(up);
	inode_put(moved);
	EXPECT_EQ(vfs_mkdir(vfs_root, "/tmp/r/empty", 0755), 0);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/empty", "/tmp/r/d2"), -ENOTEMPTY);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/r/d2/moved/b"), 0);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/r/d2/moved"), 0);
	EXPECT_EQ(vfs_rename(vfs_root, "/tmp/r/empty", "/tmp/r/d2"), 0);    /* over an empty dir */
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/r/d2"), 0);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/r"), 0);
}

SELFTEST(fs_chdir_getcwd)
{
	struct inode *cwd = vfs_root;
	inode_get(cwd);
	char buf[64];
	EXPECT_EQ(vfs_getcwd(cwd, buf, sizeof(buf)), 2);
	EXPECT(strcmp(buf, "/") == 0);
	EXPECT_EQ(vfs_mkdir(cwd, "/tmp/c", 0755), 0);
	EXPECT_EQ(vfs_mkdir(cwd, "tmp/c/deeper", 0755), 0);
	EXPECT_EQ(vfs_chdir(&cwd, "/tmp/c/deeper"), 0);
	EXPECT_EQ(vfs_getcwd(cwd, buf, sizeof(buf)), 14);
	EXPECT(strcmp(buf, "/tmp/c/deeper") == 0);
	EXPECT_EQ(vfs_getcwd(cwd, buf, 10), -ERANGE);
	EXPECT_EQ(vfs_chdir(&cwd, ".."), 0);
	EXPECT_EQ(vfs_getcwd(cwd, buf, sizeof(buf)), 7);
	file_put(open_ok("/tmp/c/file", O_CREAT | O_WRONLY));
	EXPECT_EQ(vfs_chdir(&cwd, "/tmp/c/file"), -ENOTDIR);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/c/file"), 0);
	EXPECT_EQ(vfs_chdir(&cwd, "deeper"), 0);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/c/deeper"), 0);     /* removed while it is the cwd */
	EXPECT_EQ(vfs_getcwd(cwd, buf, sizeof(buf)), -ENOENT);
	struct file *f;
	EXPECT_EQ(vfs_open(cwd, "x", O_CREAT | O_WRONLY, 0644, &f), -ENOENT);  /* not in it */
	EXPECT_EQ(vfs_chdir(&cwd, ".."), 0);
	EXPECT_EQ(vfs_getcwd(cwd, buf, sizeof(buf)), 7);
	inode_put(cwd);
	EXPECT_EQ(vfs_rmdir(vfs_root, "/tmp/c"), 0);
}

SELFTEST(fs_devices)
{
	struct file *f = open_ok("/dev/null", O_RDWR);
	char buf[16];
	memset(buf, 'q', sizeof(buf));
	EXPECT_EQ(read_into(f, buf, sizeof(buf)), 0);
	EXPECT_EQ(write_str(f, "gone"), 4);
	EXPECT_EQ(file_lseek(f, 100, SEEK_SET), 0);
	struct linux_stat st;
	file_stat(f, &st);
	EXPECT_EQ(st.st_mode, S_IFCHR | 0666);
	EXPECT_EQ(st.st_rdev, 0x103);                           /* makedev(1, 3) */
	file_put(f);
	f = open_ok("/dev/zero", O_RDONLY);
	EXPECT_EQ(read_into(f, buf, sizeof(buf)), 16);
	EXPECT(memcmp(buf, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
	file_put(f);
	f = open_ok("/dev/console", O_WRONLY);
	const char *msg = "selftest: (written through /dev/console)\n";
	EXPECT_EQ(write_str(f, msg), (ssize_t)strlen(msg));
	EXPECT_EQ(file_lseek(f, 0, SEEK_SET), -ESPIPE);
	file_put(f);
	EXPECT_EQ(vfs_stat(vfs_root, "/dev/shm", true, &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 01777);
}

SELFTEST(fs_initrd_contents)
{
	const char motd[] = "Welcome to mmk, a kernel for learning how memory mapping works.\n";
	struct file *f = open_ok("/etc/motd", O_RDONLY);
	if (!f)
		return;
	char buf[128] = {0};
	EXPECT_EQ(read_into(f, buf, sizeof(buf)), (ssize_t)sizeof(motd) - 1);
	EXPECT(strcmp(buf, motd) == 0);
	struct linux_stat st;
	file_stat(f, &st);
	EXPECT_EQ(st.st_uid, 0);
	EXPECT(st.st_mtime_sec > 1000000000);                   /* from the archive, not 0 */
	file_put(f);
	EXPECT_EQ(vfs_stat(vfs_root, "/etc", true, &st), 0);
	EXPECT(S_ISDIR(st.st_mode));
}

SELFTEST(fs_append_and_timestamps)
{
	struct file *f = open_ok("/tmp/ap", O_CREAT | O_WRONLY | O_APPEND);
	EXPECT_EQ(write_str(f, "one"), 3);
	EXPECT_EQ(file_lseek(f, 0, SEEK_SET), 0);
	EXPECT_EQ(write_str(f, "two"), 3);                      /* still at the end */
	EXPECT_EQ(stat_size("/tmp/ap"), 6);
	struct linux_stat a, b;
	file_stat(f, &a);
	struct timespec64 t0 = time_now();
	while (time_now().tv_nsec == t0.tv_nsec && time_now().tv_sec == t0.tv_sec)
		__asm__ volatile("sti; hlt");
	EXPECT_EQ(write_str(f, "!"), 1);
	file_stat(f, &b);
	EXPECT(b.st_mtime_sec > a.st_mtime_sec ||
	       (b.st_mtime_sec == a.st_mtime_sec && b.st_mtime_nsec > a.st_mtime_nsec));
	EXPECT(b.st_ctime_sec == b.st_mtime_sec && b.st_ctime_nsec == b.st_mtime_nsec);
	EXPECT(a.st_mtime_sec > 1000000000);                    /* the RTC gave a real date */
	file_put(f);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/ap"), 0);
}

SELFTEST(fs_descriptor_table)
{
	struct fdtable *t = fdtable_new();
	EXPECT(t != NULL && t->refs == 1);
	struct file *f = open_ok("/dev/null", O_RDONLY);
	EXPECT_EQ(fd_install(t, f, 0, false, 4), 0);
	EXPECT_EQ(fd_dup2(t, 0, 3, false, 4), 3);
	EXPECT_EQ(f->refcount, 2);
	EXPECT_EQ(fd_dup2(t, 0, 4, false, 4), -EBADF);          /* beyond the limit */
	file_get(f);
	EXPECT_EQ(fd_install(t, f, 0, true, 4), 1);             /* lowest free */
	file_get(f);
	EXPECT_EQ(fd_install(t, f, 0, false, 4), 2);
	file_get(f);
	EXPECT_EQ(fd_install(t, f, 0, false, 4), -EMFILE);
	file_put(f);
	EXPECT_EQ(fd_close(t, 2), 0);
	EXPECT_EQ(fd_close(t, 2), -EBADF);
	EXPECT(fd_file(t, 9) == NULL && fd_file(t, -1) == NULL);
	struct fdtable *child = fdtable_dup(t);                 /* fork */
	EXPECT(child != NULL);
	EXPECT_EQ(f->refcount, 6);                              /* 0, 1, 3 in both tables */
	fdtable_close_on_exec(child);
	EXPECT(fd_file(child, 1) == NULL && fd_file(child, 0) == f);
	fdtable_get(t);                                         /* a thread shares t */
	fdtable_put(t);
	EXPECT_EQ(f->refcount, 5);                              /* still open in t */
	fdtable_put(child);
	fdtable_put(t);
}

SELFTEST(fs_8mib_file_returns_its_frames)
{
	uint64_t before = free_frames();
	struct file *f = open_ok("/tmp/big", O_CREAT | O_RDWR);
	static uint32_t chunk[1024];                            /* 4 KiB */
	const uint64_t total = 8u << 20;
	for (uint64_t off = 0; off < total; off += sizeof(chunk)) {
		for (int i = 0; i < 1024; i++)
			chunk[i] = (uint32_t)(off / 4 + (uint64_t)i);
		struct iobuf b = kernel_iobuf(chunk, sizeof(chunk));
		if (file_write(f, &b) != (ssize_t)sizeof(chunk)) {
			EXPECT(!"write failed");
			break;
		}
	}
	EXPECT_EQ(stat_size("/tmp/big"), total);
	EXPECT(before - free_frames() >= total / 4096);
	int bad = 0;
	EXPECT_EQ(file_lseek(f, 0, SEEK_SET), 0);
	for (uint64_t off = 0; off < total; off += sizeof(chunk)) {
		struct iobuf b = kernel_iobuf(chunk, sizeof(chunk));
		EXPECT_EQ(file_read(f, &b), (ssize_t)sizeof(chunk));
		for (int i = 0; i < 1024; i++)
			bad += chunk[i] != (uint32_t)(off / 4 + (uint64_t)i);
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(file_truncate(f, 4096 * 3 + 5), 0);
	EXPECT_EQ(file_truncate(f, 0), 0);
	file_put(f);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/big"), 0);
	EXPECT_EQ(free_frames(), before);
}

SELFTEST(fs_write_until_no_frames_left)
{
	uint64_t before = free_frames();
	struct file *f = open_ok("/tmp/fill", O_CREAT | O_RDWR);
	static char chunk[65536];
	memset(chunk, 'z', sizeof(chunk));
	ssize_t n = 0;
	uint64_t written = 0;
	for (;;) {
		struct iobuf b = kernel_iobuf(chunk, sizeof(chunk));
		n = file_write(f, &b);
		if (n <= 0)
			break;
		written += (uint64_t)n;
	}
	EXPECT_EQ(n, -ENOSPC);                                  /* Linux's answer for a full tmpfs */
	EXPECT(written > (before - 64) * PAGE_SIZE / 2);        /* it really used the memory */
	EXPECT_EQ(stat_size("/tmp/fill"), written);
	file_put(f);
	EXPECT_EQ(vfs_unlink(vfs_root, "/tmp/fill"), 0);
	EXPECT_EQ(free_frames(), before);
}
