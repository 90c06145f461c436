/* fcntl's record locks (fs/lock.c): POSIX locks, owned by a process's descriptor table,
 * and open file description locks, owned by an open file. */
#ifndef FS_LOCK_H
#define FS_LOCK_H

#include "fs/vfs.h"

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

/* Who holds a lock: a descriptor table (POSIX; pid for F_GETLK to show) or an open file. */
struct lock_owner {
	const void *id;
	bool ofd;
	int pid;
};

/* Gives o a lock of type (F_RDLCK, F_WRLCK; F_UNLCK unlocks) over bytes [start, end] of
 * ip. A conflicting lock of another owner: -EAGAIN, or with wait a sleep until it goes
 * (-ERESTARTSYS for a signal, -EDEADLK when that would wait for o itself). -ENOLCK
 * without memory. */
int lock_set(struct inode *ip, const struct lock_owner *o, int type, int64_t start, int64_t end,
	     bool wait);

/* F_GETLK: the first lock of another owner that would keep o from locking *type over
 * [*start, *end]: its type, range and owner's pid (-1: an open file's); or *type F_UNLCK. */
int lock_get(struct inode *ip, const struct lock_owner *o, int *type, int64_t *start,
	     int64_t *end, int *pid);

/* Drops every lock o holds on ip (a descriptor closed; an open file's last close). */
void lock_release(struct inode *ip, const struct lock_owner *o);

#endif
