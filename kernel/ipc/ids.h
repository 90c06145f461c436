/*
 * What SysV shared memory (shm.c) and message queues (msg.c) share (ids.c): an object's
 * owner, creator and mode (Linux's kern_ipc_perm), the table that finds it by id or key
 * (Linux's struct ipc_ids), and the checks and requests every kind makes of it alike.
 */
#ifndef KERNEL_IPC_IDS_H
#define KERNEL_IPC_IDS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/linux_abi.h"

#define IPCMNI 32768                    /* an id is seq * IPCMNI + index (SEQ_MULTIPLIER) */

/* <linux/ipc.h>: the flags of *get, and the commands every *ctl has. */
#define IPC_PRIVATE 0
#define IPC_CREAT   01000
#define IPC_EXCL    02000
#define IPC_NOWAIT  04000
#define IPC_RMID 0
#define IPC_SET  1
#define IPC_STAT 2
#define IPC_INFO 3
#define S_IRWXUGO 0777

/* One object in a table: embedded in a segment or a queue (Linux's kern_ipc_perm). */
struct ipc_object {
	struct linux_ipc64_perm perm;   /* key, owner, creator, mode, seq */
	int id;
	bool in_table;                  /* false once removed (Linux's deleted, inverted) */
};

/* The objects of one kind, by index (an id's low 15 bits). The array grows as indices
 * are given (most systems use a few), up to IPCMNI entries, and goes with the last
 * object. */
struct ipc_ids {
	struct ipc_object **entries;
	int capacity;                   /* entries' length; indices above it are free */
	int in_use;
	int table_end;                  /* one past the highest index ever given */
	int last_index;                 /* the last index given; -1 before the first */
	int cursor;                     /* where the cyclic search goes on (Linux's idr_next) */
	int seq;                        /* the sequence number new ids get */
	int next_id;                    /* the kernel.*_next_id sysctl: the next id, or -1 */
};

#define IPC_IDS_INIT { .last_index = -1, .next_id = -1 }

/* Puts obj in the table under key with the mode's permission bits, owned and created by
 * the running process's effective user and group, and gives it its id: the next_id
 * sysctl's (its index or the first free one above it, with its sequence number; the
 * sysctl goes back to -1), or the next free index cyclically with the sequence number
 * stepped when the indices wrap (Linux's ipc_addid and ipc_idr_alloc). -ENOSPC when
 * limit objects are in the table already, -ENOMEM when the table cannot grow. */
int ipc_add(struct ipc_ids *ids, struct ipc_object *obj, int key, int mode, int limit);

/* Takes obj out of the table: its id and key are free again. Harmless twice. */
void ipc_remove(struct ipc_ids *ids, struct ipc_object *obj);

/* The object with this id (index and sequence number both right), or NULL. */
struct ipc_object *ipc_find_id(const struct ipc_ids *ids, int id);

/* The object at the index in the number's low bits (Linux's ipcid_to_idx: *_STAT takes an
 * index, and an id works as its own), or NULL. */
struct ipc_object *ipc_find_index(const struct ipc_ids *ids, int number);

/* The highest index in use, or 0 with none: IPC_INFO's return value (ipc_get_maxid). */
int ipc_max_index(const struct ipc_ids *ids);

/* Whether the running process may have the access flag asks (its low nine bits, as
 * mode bits for anyone) to obj: Linux's ipcperms. Root (CAP_IPC_OWNER) may always. */
bool ipc_may_access(const struct ipc_object *obj, int flag);

/* The object of id for IPC_SET and IPC_RMID: NULL with *err -EINVAL when there is none,
 * -EPERM when the running process neither owns nor created it and is not root
 * (Linux's ipcctl_obtain_check). */
struct ipc_object *ipc_find_for_change(const struct ipc_ids *ids, int id, int *err);

/* IPC_SET's part every kind has: the owner and the permission bits from perm; -EINVAL
 * for an owner or group of -1 (Linux's ipc_update_perm). */
int ipc_update_perm(struct ipc_object *obj, const struct linux_ipc64_perm *perm);

/* What *get does that each kind does its own way. */
struct ipc_get_ops {
	/* Makes a new object; returns its id or an error. */
	int64_t (*create)(int key, int flg, void *arg);
	/* An existing object asked for again: 0, or an error (shm: a size too large). */
	int (*check)(struct ipc_object *obj, void *arg);
};

/* shmget and msgget: the id of key's object, made by ops->create when IPC_CREAT asks
 * (IPC_PRIVATE: always a new one); ENOENT, EEXIST (IPC_CREAT | IPC_EXCL), ops->check's
 * error, EACCES, in Linux's order (ipcget). */
int64_t ipc_get(struct ipc_ids *ids, int key, int flg, const struct ipc_get_ops *ops,
		void *arg);

#endif
