#include "fs/pipe.h"
#include "fs/poll.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "mm/kmalloc.h"

struct pipe {
	char *data;             /* PIPE_SIZE bytes, a ring */
	uint64_t head, tail;    /* bytes written and read so far: tail <= head <= tail + size */
	int readers, writers;   /* open ends */
};

int pipe_create(struct file **rd, struct file **wr, uint32_t extra_flags)
{
	struct inode *ip = inode_alloc(S_IFIFO | 0600);
	struct pipe *p = kzalloc(sizeof(*p));
	char *data = kmalloc(PIPE_SIZE);
	if (!ip || !p || !data) {
		kfree(data);
		kfree(p);
		if (ip)
			inode_put(ip);
		return -ENOMEM;
	}
	p->data = data;
	ip->pipe = p;
	*rd = file_alloc(ip, O_RDONLY | extra_flags);
	*wr = file_alloc(ip, O_WRONLY | extra_flags);
	inode_put(ip);                          /* the two files hold it now */
	if (!*rd || !*wr) {
		if (*rd)
			file_put(*rd);
		if (*wr)
			file_put(*wr);
		return -ENOMEM;
	}
	p->readers = p->writers = 1;
	return 0;
}

ssize_t pipe_read(struct file *f, struct iobuf *buf)
{
	struct pipe *p = f->inode->pipe;
	if (buf->len == 0)
		return 0;
	irq_disable();
	while (p->head == p->tail && p->writers > 0) {
		if ((f->flags & O_NONBLOCK) || signal_pending()) {
			irq_enable();
			return (f->flags & O_NONBLOCK) ? -EAGAIN : -ERESTARTSYS;
		}
		sleep_on(p, 0);
	}
	irq_enable();
	size_t n = 0;
	while (n < buf->len && p->tail < p->head) {
		size_t at = p->tail % PIPE_SIZE;
		size_t chunk = PIPE_SIZE - at;
		if (chunk > p->head - p->tail)
			chunk = p->head - p->tail;
		if (chunk > buf->len - n)
			chunk = buf->len - n;
		if (iobuf_copy_out(buf, n, p->data + at, chunk))
			return n ? (ssize_t)n : -EFAULT;
		p->tail += chunk;
		n += chunk;
	}
	wakeup(p);                              /* writers waiting for room */
	poll_notify();
	return (ssize_t)n;
}

ssize_t pipe_write(struct file *f, const struct iobuf *buf)
{
	struct pipe *p = f->inode->pipe;
	size_t n = 0;
	while (n < buf->len) {
		if (p->readers == 0) {
			signal_kill(current, SIGPIPE);  /* SI_USER, from itself, as Linux */
			return n ? (ssize_t)n : -EPIPE;
		}
		irq_disable();
		while (p->head - p->tail == PIPE_SIZE && p->readers > 0) {
			if ((f->flags & O_NONBLOCK) || signal_pending()) {
				irq_enable();
				return n ? (ssize_t)n : ((f->flags & O_NONBLOCK) ? -EAGAIN : -ERESTARTSYS);
			}
			sleep_on(p, 0);
		}
		irq_enable();
		if (p->readers == 0)
			continue;
		size_t at = p->head % PIPE_SIZE;
		size_t chunk = PIPE_SIZE - at;
		size_t room = PIPE_SIZE - (p->head - p->tail);
		if (chunk > room)
			chunk = room;
		if (chunk > buf->len - n)
			chunk = buf->len - n;
		if (iobuf_copy_in(buf, n, p->data + at, chunk))
			return n ? (ssize_t)n : -EFAULT;
		p->head += chunk;
		n += chunk;
		wakeup(p);                      /* readers waiting for data */
		poll_notify();
	}
	return (ssize_t)n;
}

void pipe_release(struct file *f)
{
	struct pipe *p = f->inode->pipe;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	wakeup(p);                              /* readers see the end; writers see EPIPE */
	poll_notify();
}

uint32_t pipe_poll(struct file *f)
{
	struct pipe *p = f->inode->pipe;
	uint32_t mask = 0;
	if ((f->flags & O_ACCMODE) == O_RDONLY) {
		if (p->head != p->tail)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	} else {
		if (PIPE_SIZE - (p->head - p->tail) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

void pipe_free(struct inode *ip)
{
	kfree(ip->pipe->data);
	kfree(ip->pipe);
	ip->pipe = NULL;
}
