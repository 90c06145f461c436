#include "fs/fdtable.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/kmalloc.h"

struct fdtable *fdtable_new(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));
	if (t)
		t->refs = 1;
	return t;
}

void fdtable_get(struct fdtable *t)
{
	t->refs++;
}

/* Makes room for fd, doubling the table as needed. */
static int grow(struct fdtable *t, int fd)
{
	if (fd < t->size)
		return 0;
	int size = t->size ? t->size : 16;
	while (size <= fd)
		size *= 2;
	struct file **files = kzalloc((size_t)size * sizeof(*files));
	uint8_t *cloexec = kzalloc((size_t)size);
	if (!files || !cloexec) {
		kfree(files);
		kfree(cloexec);
		return -ENOMEM;
	}
	if (t->size) {
		memcpy(files, t->files, (size_t)t->size * sizeof(*files));
		memcpy(cloexec, t->cloexec, (size_t)t->size);
	}
	kfree(t->files);
	kfree(t->cloexec);
	t->files = files;
	t->cloexec = cloexec;
	t->size = size;
	return 0;
}

int fd_install(struct fdtable *t, struct file *f, int min, bool cloexec, int limit)
{
	int fd = min;
	while (fd < t->size && t->files[fd])
		fd++;
	if (fd >= limit)
		return -EMFILE;
	int err = grow(t, fd);
	if (err)
		return err;
	t->files[fd] = f;
	t->cloexec[fd] = cloexec;
	return fd;
}

struct file *fd_file(const struct fdtable *t, int fd)
{
	if (fd < 0 || fd >= t->size)
		return NULL;
	return t->files[fd];
}

int fd_close(struct fdtable *t, int fd)
{
	struct file *f = fd_file(t, fd);
	if (!f)
		return -EBADF;
	t->files[fd] = NULL;
	file_close(f, t);
	return 0;
}

int fd_dup2(struct fdtable *t, int oldfd, int newfd, bool cloexec, int limit)
{
	struct file *f = fd_file(t, oldfd);
	if (!f || newfd < 0)
		return -EBADF;
	if (newfd >= limit)
		return -EBADF;          /* as Linux: dup2 beyond RLIMIT_NOFILE is EBADF */
	int err = grow(t, newfd);
	if (err)
		return err;
	file_get(f);
	if (t->files[newfd])
		file_close(t->files[newfd], t);
	t->files[newfd] = f;
	t->cloexec[newfd] = cloexec;
	return newfd;
}

struct fdtable *fdtable_dup(const struct fdtable *src)
{
	struct fdtable *dst = fdtable_new();
	if (!dst || (src->size && grow(dst, src->size - 1))) {
		if (dst)
			fdtable_put(dst);
		return NULL;
	}
	for (int fd = 0; fd < src->size; fd++) {
		dst->files[fd] = src->files[fd];
		dst->cloexec[fd] = src->cloexec[fd];
		if (dst->files[fd])
			file_get(dst->files[fd]);
	}
	return dst;
}

void fdtable_close_on_exec(struct fdtable *t)
{
	for (int fd = 0; fd < t->size; fd++)
		if (t->files[fd] && t->cloexec[fd])
			fd_close(t, fd);
}

void fdtable_put(struct fdtable *t)
{
	if (--t->refs > 0)
		return;
	for (int fd = 0; fd < t->size; fd++)
		if (t->files[fd])
			fd_close(t, fd);
	kfree(t->files);
	kfree(t->cloexec);
	kfree(t);
}
