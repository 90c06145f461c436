/*
 * sendfile(2): bytes from one open file to another without passing through user memory.
 * Linux 6.1 splices the input's pages into a pipe (the output itself, or a private one);
 * here they pass through one page of the kernel's, read from the input and written to the
 * output with the files' own read and write. What Linux's splice allows is kept: which
 * files it reads and writes, how much goes into a pipe at once, where it stops.
 */
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "mm/kmalloc.h"
#include "mm/page.h"

#define MAX_NON_LFS 0x7fffffffL /* the largest offset in proc's files (its s_maxbytes) */

/* Whether sendfile may read f: the files Linux 6.1 gives a splice_read. Regular files
 * and block devices; /proc's text files read through read_iter, not its tables; the
 * character devices that say so (the terminals); not pipes, nor directories. */
static bool splice_readable(const struct file *f)
{
	const struct inode *ip = f->inode;
	if (S_ISCHR(ip->mode))
		return ip->dev->splice_read;
	if (inode_is_proc(ip))
		return ip->proc_splice;
	return S_ISREG(ip->mode) || S_ISBLK(ip->mode);
}

/* Whether sendfile may write f: the files Linux 6.1 gives a splice_write. Regular files,
 * block devices, pipes; of /proc's files, the sysctls; the character devices that say
 * so. */
static bool splice_writable(const struct file *f)
{
	const struct inode *ip = f->inode;
	if (S_ISCHR(ip->mode))
		return ip->dev->splice_write;
	if (inode_is_proc(ip))
		return ip->proc_sysctl;
	return true;
}

/* Whether f's data is a page cache, which Linux splices page by page (a pipe slot each). */
static bool paged(const struct file *f)
{
	const struct inode *ip = f->inode;
	return (S_ISREG(ip->mode) && !inode_is_proc(ip)) || S_ISBLK(ip->mode);
}

/* Reads from in at *pos (at its own place when it has no positions: a terminal). */
static ssize_t read_from(struct file *in, struct iobuf *b, int64_t pos)
{
	return file_positional(in) ? file_pread(in, b, pos) : file_read(in, b);
}

/* Moves up to count bytes from in at *pos to out, a page at a time, as Linux's
 * splice_direct_to_actor: it ends at a short read (the end of in) or a short write, and
 * *pos has advanced by what was written. An error ends it too: the bytes already moved
 * are returned, else the error. An out that splice cannot write fails once there is
 * something to write (Linux's do_splice_from). */
static ssize_t copy_through_page(struct file *out, struct file *in, int64_t *pos,
				 size_t count)
{
	if (count == 0)
		return 0;
	char *page = kmalloc(PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	size_t done = 0;
	ssize_t err = 0;
	while (done < count) {
		size_t want = count - done < PAGE_SIZE ? count - done : PAGE_SIZE;
		struct iobuf b = kernel_iobuf(page, want);
		ssize_t got = read_from(in, &b, *pos);
		if (got > 0 && !splice_writable(out))
			got = -EINVAL;
		if (got <= 0) {
			err = got;
			break;
		}
		b.len = (size_t)got;
		ssize_t put = file_write(out, &b);
		if (put <= 0) {
			err = put;
			break;
		}
		done += (size_t)put;
		*pos += put;
		if (put < got || (size_t)got < want)
			break;
	}
	kfree(page);
	return done ? (ssize_t)done : err;
}

/* Into a pipe, as Linux's splice_file_to_pipe: one transfer, of what fits in the pipe's
 * free pages when it starts (waiting for one, or -EAGAIN, -EPIPE), less the part of the
 * first page of in before *pos, which a slot holds too. */
static ssize_t send_to_pipe(struct file *out, struct file *in, int64_t *pos, size_t count)
{
	ssize_t room = pipe_splice_room(out);
	if (room < 0)
		return room;
	if (!splice_readable(in))
		return -EINVAL;
	if (paged(in))
		room -= (ssize_t)((uint64_t)*pos % PAGE_SIZE);
	return copy_through_page(out, in, pos, count < (size_t)room ? count : (size_t)room);
}

/* Into any other file, as Linux's do_splice_direct: at out's offset, never O_APPEND, and
 * only from a file with positions (Linux's splice_direct_to_actor asks for FMODE_LSEEK). */
static ssize_t send_direct(struct file *out, struct file *in, int64_t *pos, size_t count)
{
	int err = rw_verify_area((int64_t)out->offset, count);
	if (err)
		return err;
	if (out->flags & O_APPEND)
		return -EINVAL;
	if (!file_positional(in))
		return -EINVAL;
	if (count > 0 && !splice_readable(in))
		return -EINVAL;
	return copy_through_page(out, in, pos, count);
}

ssize_t file_sendfile(struct file *out, struct file *in, int64_t *pos, size_t count)
{
	/* Past the largest offset of either file system, EOVERFLOW (do_sendfile's max). */
	int64_t max = inode_is_proc(in->inode) || inode_is_proc(out->inode) ? MAX_NON_LFS
									      : INT64_MAX;
	if ((uint64_t)*pos + count > (uint64_t)max) {
		if (*pos >= max)
			return -EOVERFLOW;
		count = (size_t)(max - *pos);
	}
	if (S_ISFIFO(out->inode->mode))
		return send_to_pipe(out, in, pos, count);
	return send_direct(out, in, pos, count);
}
