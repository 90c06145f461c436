/* fcntl's record-lock commands (F_GETLK, F_SETLK, F_SETLKW and the F_OFD_ forms): struct
 * flock read in and turned into a byte range, as Linux's flock_to_posix_lock; the locks
 * themselves are fs/lock.c's. */
#include "fs/lock.h"
#include "kernel/errno.h"
#include "kernel/linux_abi.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/sys_fs.h"
#include "mm/uaccess.h"

#define OFFSET_MAX INT64_MAX

/* The bytes [*start, *end] fl names in f. */
static int flock_range(struct file *f, const struct linux_flock *fl, int64_t *start, int64_t *end)
{
	int64_t base;
	switch (fl->l_whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->offset; break;
	case SEEK_END: base = S_ISREG(f->inode->mode) ? (int64_t)f->inode->data.size : 0; break;
	default: return -EINVAL;
	}
	if ((fl->l_start > 0 && base > OFFSET_MAX - fl->l_start) || base + fl->l_start < 0)
		return -EINVAL;
	int64_t s = base + fl->l_start;
	if (fl->l_len > 0) {
		if (fl->l_len - 1 > OFFSET_MAX - s)
			return -EOVERFLOW;
		*end = s + fl->l_len - 1;
	} else if (fl->l_len < 0) {
		if (s + fl->l_len < 0)
			return -EINVAL;
		*end = s - 1;
		s += fl->l_len;
	} else {
		*end = OFFSET_MAX;
	}
	*start = s;
	return 0;
}

int64_t fcntl_lock(struct file *f, int cmd, struct linux_flock *ufl)
{
	struct linux_flock fl;
	if (copy_from_user(&fl, ufl, sizeof(fl)))
		return -EFAULT;
	bool ofd = cmd >= F_OFD_GETLK;
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	struct lock_owner o = { ofd ? (const void *)f : (const void *)current->fds, ofd,
				ofd ? -1 : current->pid };
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && (get || fl.l_type != F_UNLCK))
		return -EINVAL;
	int64_t start, end;
	int err = flock_range(f, &fl, &start, &end);
	if (err)
		return err;
	if (get) {
		int type = fl.l_type, pid = 0;
		lock_get(f->inode, &o, &type, &start, &end, &pid);
		fl.l_type = (int16_t)type;
		if (type != F_UNLCK) {
			fl.l_whence = SEEK_SET;
			fl.l_start = start;
			fl.l_len = end == OFFSET_MAX ? 0 : end - start + 1;
			fl.l_pid = pid;
		}
		return copy_to_user(ufl, &fl, sizeof(fl)) ? -EFAULT : 0;
	}
	if ((fl.l_type == F_RDLCK && !file_readable(f)) || (fl.l_type == F_WRLCK && !file_writable(f)))
		return -EBADF;
	return lock_set(f->inode, &o, fl.l_type, start, end, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}
