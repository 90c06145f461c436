/*
 * fcntl's record locks, as Linux has them: byte ranges of a file locked for reading
 * (shared) or writing (exclusive). Two kinds of owner:
 *   - POSIX locks (F_SETLK, F_SETLKW) belong to a process (its descriptor table): closing
 *     ANY of its descriptors for the file drops all of them, fork does not pass them on,
 *     exec keeps them;
 *   - open file description locks (F_OFD_SETLK, F_OFD_SETLKW) belong to the open file:
 *     they go when its last descriptor closes, and fork's children share them.
 * An owner's locks never conflict with each other: a new lock replaces the ranges it
 * covers (splitting one it falls inside) and merges with touching ones of the same type.
 * A waiter (F_SETLKW) that would wait, through a chain of POSIX owners each waiting for
 * the next, for a lock of its own gets EDEADLK instead.
 */
#include "fs/lock.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/arch/x86/cpu.h"
#include "mm/kmalloc.h"

#define OFFSET_MAX INT64_MAX

struct file_lock {
	struct list_head link;          /* in the inode's locks, in no particular order */
	struct lock_owner owner;
	int type;                       /* F_RDLCK or F_WRLCK */
	int64_t start, end;             /* bytes [start, end]; end OFFSET_MAX: to the end */
};

/* A POSIX owner waiting in F_SETLKW, and for whom (for the deadlock check). */
struct lock_waiter {
	struct list_head link;
	const void *owner, *blocker;
};
static struct list_head waiters = LIST_HEAD_INIT(waiters);

static bool same_owner(const struct lock_owner *a, const struct lock_owner *b)
{
	return a->id == b->id && a->ofd == b->ofd;
}

static bool overlap(const struct file_lock *l, int64_t start, int64_t end)
{
	return l->start <= end && start <= l->end;
}

/* The first lock of another owner that a lock of type over [start, end] conflicts with. */
static struct file_lock *conflict(struct inode *ip, const struct lock_owner *o, int type,
				  int64_t start, int64_t end)
{
	struct list_head *it;
	list_for_each(it, &ip->locks) {
		struct file_lock *l = list_entry(it, struct file_lock, link);
		if (!same_owner(&l->owner, o) && overlap(l, start, end) &&
		    (type == F_WRLCK || l->type == F_WRLCK))
			return l;
	}
	return NULL;
}

static struct file_lock *new_lock(const struct lock_owner *o, int type, int64_t s, int64_t e)
{
	struct file_lock *l = kmalloc(sizeof(*l));
	if (l) {
		l->owner = *o;
		l->type = type;
		l->start = s;
		l->end = e;
	}
	return l;
}

/*
 * Gives owner o type (F_UNLCK: nothing) over [start, end], replacing what it had there.
 * The memory a split needs is taken first, so that a failure (-ENOLCK) changes nothing.
 */
static int apply(struct inode *ip, const struct lock_owner *o, int type, int64_t start,
		 int64_t end)
{
	struct file_lock *mine = type != F_UNLCK ? new_lock(o, type, start, end) : NULL;
	struct file_lock *spare = new_lock(o, type, 0, 0);      /* for a split */
	if ((type != F_UNLCK && !mine) || !spare) {
		kfree(mine);
		kfree(spare);
		return -ENOLCK;
	}
	struct list_head *it, *next;
	for (it = ip->locks.next; it != &ip->locks; it = next) {
		next = it->next;
		struct file_lock *l = list_entry(it, struct file_lock, link);
		if (!same_owner(&l->owner, o))
			continue;
		/* A lock of the same type that touches or overlaps merges into the new one. */
		bool touches = l->start <= (end == OFFSET_MAX ? end : end + 1) &&
			       start <= (l->end == OFFSET_MAX ? l->end : l->end + 1);
		if (mine && l->type == type && touches) {
			mine->start = l->start < mine->start ? l->start : mine->start;
			mine->end = l->end > mine->end ? l->end : mine->end;
			list_del(&l->link);
			kfree(l);
			continue;
		}
		if (!overlap(l, start, end))
			continue;
		if (l->start < start && l->end > end) {         /* split: keep both sides */
			*spare = *l;
			spare->start = end + 1;
			list_add(&spare->link, &l->link);
			spare = NULL;
			l->end = start - 1;
		} else if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			list_del(&l->link);
			kfree(l);
		}
	}
	if (mine)
		list_add_tail(&mine->link, &ip->locks);
	kfree(spare);
	wakeup(&ip->locks);                     /* waiters may go now */
	return 0;
}

/* Whether owner o, about to wait for blocker, would wait for itself: Linux's
 * posix_locks_deadlock, following the chain of POSIX owners waiting for one another. */
static bool deadlock(const void *o, const void *blocker)
{
	for (int hops = 0; hops < 10 && blocker; hops++) {
		if (blocker == o)
			return true;
		const void *next = NULL;
		struct list_head *it;
		list_for_each(it, &waiters) {
			struct lock_waiter *w = list_entry(it, struct lock_waiter, link);
			if (w->owner == blocker)
				next = w->blocker;
		}
		blocker = next;
	}
	return false;
}

int lock_set(struct inode *ip, const struct lock_owner *o, int type, int64_t start, int64_t end,
	     bool wait)
{
	struct lock_waiter me = { .owner = o->id };
	bool waiting = false;
	int err = 0;
	for (;;) {
		struct file_lock *l = type == F_UNLCK ? NULL : conflict(ip, o, type, start, end);
		if (!l)
			break;
		if (!wait) {
			err = -EAGAIN;
			break;
		}
		if (!o->ofd && !l->owner.ofd && deadlock(o->id, l->owner.id)) {
			err = -EDEADLK;
			break;
		}
		if (signal_pending()) {
			err = -ERESTARTSYS;
			break;
		}
		me.blocker = l->owner.ofd ? NULL : l->owner.id;
		if (!waiting && !o->ofd) {
			list_add(&me.link, &waiters);
			waiting = true;
		}
		irq_disable();
		sleep_on(&ip->locks, 0);
		irq_enable();
	}
	if (waiting)
		list_del(&me.link);
	return err ? err : apply(ip, o, type, start, end);
}

int lock_get(struct inode *ip, const struct lock_owner *o, int *type, int64_t *start,
	     int64_t *end, int *pid)
{
	struct file_lock *l = conflict(ip, o, *type, *start, *end);
	if (!l) {
		*type = F_UNLCK;
		return 0;
	}
	*type = l->type;
	*start = l->start;
	*end = l->end;
	*pid = l->owner.ofd ? -1 : l->owner.pid;
	return 0;
}

void lock_release(struct inode *ip, const struct lock_owner *o)
{
	if (list_empty(&ip->locks))
		return;
	struct list_head *it, *next;
	bool any = false;
	for (it = ip->locks.next; it != &ip->locks; it = next) {
		next = it->next;
		struct file_lock *l = list_entry(it, struct file_lock, link);
		if (same_owner(&l->owner, o)) {
			list_del(&l->link);
			kfree(l);
			any = true;
		}
	}
	if (any)
		wakeup(&ip->locks);
}
