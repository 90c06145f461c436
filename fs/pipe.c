#include "fs/pipe.h"
#include "fs/poll.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "mm/kmalloc.h"
#include "mm/page.h"

struct pipe {
	char *data;             /* size bytes, a ring */
	uint64_t size;          /* 16 pages, or what F_SETPIPE_SZ set: a power of two */
	struct pipe_user *user; /* the real user who made it, charged size's pages */
	uint64_t head, tail;    /* bytes written and read so far: tail <= head <= tail + size */
	int readers, writers;   /* open ends */
	unsigned r_counter, w_counter;  /* opens for reading, for writing, ever: a FIFO's open
					 * waits for the other to change (Linux's) */
};

uint64_t pipe_max_size = PIPE_MAX_SIZE;
uint64_t pipe_user_pages_hard;                  /* 0: no hard limit */
uint64_t pipe_user_pages_soft = PIPE_DEF_PAGES * 1024;

/* The pages of pipe buffers one user's pipes hold, as Linux's user_struct->pipe_bufs:
 * a list, as there are few users. */
struct pipe_user {
	struct pipe_user *next;
	uint32_t uid;
	int pipes;              /* pipes charged to this user: the record goes with the last */
	uint64_t pages;
};
static struct pipe_user *pipe_users;

/* The record of the running process's real user (Linux charges current_user()), or NULL
 * when there is no memory for one. */
static struct pipe_user *pipe_user_get(void)
{
	uint32_t uid = current_cred()->uid;
	struct pipe_user *u;
	for (u = pipe_users; u; u = u->next)
		if (u->uid == uid)
			break;
	if (!u) {
		u = kzalloc(sizeof(*u));
		if (!u)
			return NULL;
		u->uid = uid;
		u->next = pipe_users;
		pipe_users = u;
	}
	u->pipes++;
	return u;
}

/* Drops a pipe's hold on its user's record, freeing it with the last. */
static void pipe_user_put(struct pipe_user *u)
{
	if (--u->pipes)
		return;
	struct pipe_user **pp = &pipe_users;
	while (*pp != u)
		pp = &(*pp)->next;
	*pp = u->next;
	kfree(u);
}

/* Moves a pipe's charge from old to new pages: the user's total after it. */
static uint64_t pipe_recharge(struct pipe_user *u, uint64_t old, uint64_t new)
{
	u->pages = u->pages - old + new;
	return u->pages;
}

/* Whether a user holding pages of pipe buffers is past the soft or the hard limit (0 means
 * no limit), as Linux's too_many_pipes_soft and too_many_pipes_hard. */
static bool past_soft_limit(uint64_t pages)
{
	return pipe_user_pages_soft && pages > pipe_user_pages_soft;
}

static bool past_hard_limit(uint64_t pages)
{
	return pipe_user_pages_hard && pages > pipe_user_pages_hard;
}

/* Whether the running process is bound by the limits: without CAP_SYS_RESOURCE or
 * CAP_SYS_ADMIN, which here means effective user 0 (Linux's pipe_is_unprivileged_user). */
static bool pipe_unprivileged(void)
{
	return current_cred()->euid != 0;
}

/* A new empty pipe for ip: 0, or -ENOMEM (no memory, or its user is past the hard limit).
 * As Linux's alloc_pipe_info: 16 pages, or pipe-max-size if that is smaller (root
 * excepted), and only 2 pages once the user is past the soft limit. */
static int pipe_alloc(struct inode *ip)
{
	struct pipe *p = kzalloc(sizeof(*p));
	struct pipe_user *u = p ? pipe_user_get() : NULL;
	if (!u) {
		kfree(p);
		return -ENOMEM;
	}
	uint64_t pages = PIPE_DEF_PAGES;
	if (pages * PAGE_SIZE > pipe_max_size && pipe_unprivileged())
		pages = pipe_max_size / PAGE_SIZE;
	uint64_t total = pipe_recharge(u, 0, pages);
	if (past_soft_limit(total) && pipe_unprivileged()) {
		total = pipe_recharge(u, pages, PIPE_MIN_DEF_PAGES);
		pages = PIPE_MIN_DEF_PAGES;
	}
	p->size = pages * PAGE_SIZE;
	if ((past_hard_limit(total) && pipe_unprivileged()) || !(p->data = kmalloc(p->size))) {
		pipe_recharge(u, pages, 0);
		pipe_user_put(u);
		kfree(p);
		return -ENOMEM;
	}
	p->user = u;
	ip->pipe = p;
	return 0;
}

int pipe_create(struct file **rd, struct file **wr, uint32_t extra_flags)
{
	struct inode *ip = inode_alloc(S_IFIFO | 0600);
	if (!ip)
		return -ENFILE;
	if (pipe_alloc(ip)) {
		inode_put(ip);
		return -ENFILE;                 /* as Linux's get_pipe_inode, whatever failed */
	}
	struct pipe *p = ip->pipe;
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
	p->r_counter = p->w_counter = 1;
	return 0;
}

/* Sleeps until *counter moves from what it was (the other end was opened): 0, or
 * -ERESTARTSYS for a signal. */
static int wait_for_partner(struct pipe *p, unsigned *counter)
{
	unsigned was = *counter;
	irq_disable();
	while (*counter == was && !signal_pending())
		sleep_on(p, 0);
	irq_enable();
	return *counter == was ? -ERESTARTSYS : 0;
}

int fifo_open(struct inode *ip, uint32_t flags)
{
	if (!ip->pipe) {
		int err = pipe_alloc(ip);
		if (err)
			return err;
	}
	struct pipe *p = ip->pipe;
	bool named = ip->nlink > 0;     /* a pipe's own ends never wait (/proc/PID/fd/N) */
	int err = 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		p->r_counter++;
		p->readers++;
		wakeup(p);
		if (named && !p->writers && !(flags & O_NONBLOCK))
			err = wait_for_partner(p, &p->w_counter);
		break;
	case O_WRONLY:
		if (named && (flags & O_NONBLOCK) && !p->readers) {
			err = -ENXIO;
			break;
		}
		p->w_counter++;
		p->writers++;
		wakeup(p);
		if (named && !p->readers)
			err = wait_for_partner(p, &p->r_counter);
		break;
	default:                        /* O_RDWR: both ends at once, never waits */
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
		wakeup(p);
		break;
	}
	if (err && err != -ENXIO)
		fifo_close(ip, flags);
	else if (err && !p->readers && !p->writers)
		pipe_free(ip);
	return err;
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
		size_t at = p->tail % p->size;
		size_t chunk = p->size - at;
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
		while (p->head - p->tail == p->size && p->readers > 0) {
			if ((f->flags & O_NONBLOCK) || signal_pending()) {
				irq_enable();
				return n ? (ssize_t)n : ((f->flags & O_NONBLOCK) ? -EAGAIN : -ERESTARTSYS);
			}
			sleep_on(p, 0);
		}
		irq_enable();
		if (p->readers == 0)
			continue;
		size_t at = p->head % p->size;
		size_t chunk = p->size - at;
		size_t room = p->size - (p->head - p->tail);
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

ssize_t pipe_splice_room(struct file *f)
{
	struct pipe *p = f->inode->pipe;
	for (;;) {
		if (p->readers == 0) {
			signal_kill(current, SIGPIPE);  /* as a write's */
			return -EPIPE;
		}
		uint64_t room = p->size - (p->head - p->tail);
		if (room >= PAGE_SIZE)
			return (ssize_t)(room / PAGE_SIZE * PAGE_SIZE);
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		irq_disable();
		if (signal_pending()) {
			irq_enable();
			return -ERESTARTSYS;
		}
		if (p->readers > 0 && p->size - (p->head - p->tail) < PAGE_SIZE)
			sleep_on(p, 0);         /* a read or the last reader's close wakes it */
		irq_enable();
	}
}

void fifo_close(struct inode *ip, uint32_t flags)
{
	struct pipe *p = ip->pipe;
	if ((flags & O_ACCMODE) != O_WRONLY)
		p->readers--;
	if ((flags & O_ACCMODE) != O_RDONLY)
		p->writers--;
	wakeup(p);                              /* readers see the end; writers see EPIPE */
	poll_notify();
	if (!p->readers && !p->writers)
		pipe_free(ip);                  /* as Linux: what was left in it is gone */
}

void pipe_release(struct file *f)
{
	fifo_close(f->inode, f->flags);
}

uint64_t pipe_unread(struct file *f)
{
	return f->inode->pipe->head - f->inode->pipe->tail;
}

uint64_t pipe_size(struct file *f)
{
	return f->inode->pipe->size;
}

int pipe_set_size(struct file *f, uint64_t want)
{
	struct pipe *p = f->inode->pipe;
	uint64_t size = PAGE_SIZE;
	while (size < want && size <= PIPE_MAX_SIZE_ROOT)
		size <<= 1;
	if (size > PIPE_MAX_SIZE_ROOT)
		return -EINVAL;
	if (size > pipe_max_size && pipe_unprivileged())
		return -EPERM;
	uint64_t had = p->size / PAGE_SIZE, pages = size / PAGE_SIZE;
	uint64_t total = pipe_recharge(p->user, had, pages);
	if (pages > had && (past_hard_limit(total) || past_soft_limit(total)) &&
	    pipe_unprivileged()) {
		pipe_recharge(p->user, pages, had);
		return -EPERM;
	}
	char *data = NULL;
	if (p->head - p->tail > size || !(data = kmalloc(size))) {
		pipe_recharge(p->user, pages, had);
		return p->head - p->tail > size ? -EBUSY : -ENOMEM;
	}
	uint64_t n = 0;
	for (uint64_t i = p->tail; i < p->head; i++)
		data[n++] = p->data[i % p->size];
	kfree(p->data);
	p->data = data;
	p->size = size;
	p->tail = 0;
	p->head = n;
	wakeup(p);                              /* writers may have room now */
	poll_notify();
	return (int)size;
}

uint32_t pipe_poll(struct file *f)
{
	struct pipe *p = f->inode->pipe;
	uint32_t mask = 0;
	if ((f->flags & O_ACCMODE) != O_WRONLY) {
		if (p->head != p->tail)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	}
	if ((f->flags & O_ACCMODE) != O_RDONLY) {
		if (p->size - (p->head - p->tail) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	return mask;
}

void pipe_free(struct inode *ip)
{
	pipe_recharge(ip->pipe->user, ip->pipe->size / PAGE_SIZE, 0);
	pipe_user_put(ip->pipe->user);
	kfree(ip->pipe->data);
	kfree(ip->pipe);
	ip->pipe = NULL;
}
