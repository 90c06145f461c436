/*
 * The id tables of SysV IPC (Linux's ipc/util.c): an object (a shared memory segment, a
 * message queue) is found by a number, its id, or by a key its creator chose. An id is
 * seq * IPCMNI + index: the index is the object's place in its table, and the sequence
 * number, stepped each time the indices wrap, keeps an old id from naming a newer object
 * at the same place. Permissions are a mode for owner, group and others, as a file's.
 */
#include <stddef.h>

#include "kernel/ipc/ids.h"
#include "kernel/errno.h"
#include "kernel/proc/cred.h"
#include "mm/kmalloc.h"

/* The sequence numbers an id can carry (Linux's ipcid_seq_max: INT_MAX >> 15). */
#define SEQ_MAX (0x7fffffff / IPCMNI)
/* The cyclic search's smallest range (Linux's ipc_min_cycle, RADIX_TREE_MAP_SIZE). */
#define MIN_CYCLE 64

/* The object at index, or NULL (also past the array's end). */
static struct ipc_object *at(const struct ipc_ids *ids, int index)
{
	return index < ids->capacity ? ids->entries[index] : NULL;
}

/* The first free index in [from, end), or -1. */
static int free_index_from(const struct ipc_ids *ids, int from, int end)
{
	for (int i = from; i < end; i++)
		if (!at(ids, i))
			return i;
	return -1;
}

/* Makes the array long enough for index (doubling it, from 64); false without memory.
 * The allocation may sleep, and the table change meanwhile: callers look again. */
static bool make_room(struct ipc_ids *ids, int index)
{
	int capacity = ids->capacity ? ids->capacity : MIN_CYCLE;
	while (capacity <= index)
		capacity *= 2;
	struct ipc_object **entries = kzalloc(sizeof(*entries) * (size_t)capacity);
	if (!entries)
		return false;
	if (capacity <= ids->capacity) {        /* another grew it while this one slept */
		kfree(entries);
		return true;
	}
	for (int i = 0; i < ids->capacity; i++)
		entries[i] = ids->entries[i];
	kfree(ids->entries);
	ids->entries = entries;
	ids->capacity = capacity;
	return true;
}

/* The free index a new object gets (see ipc_add), or -1: from next_id when it is 0 or
 * more, else cyclically within a range a little larger than what is in use, so that ids
 * stay small but an index just freed is not given again at once. */
static int choose_index(const struct ipc_ids *ids, int next_id)
{
	if (next_id >= 0)
		return free_index_from(ids, next_id % IPCMNI, IPCMNI);
	int end = ids->in_use * 3 / 2;
	end = end < MIN_CYCLE ? MIN_CYCLE : end > IPCMNI ? IPCMNI : end;
	int from = ids->cursor < end ? ids->cursor : 0;
	int index = free_index_from(ids, from, end);
	return index >= 0 ? index : free_index_from(ids, 0, end);
}

/* An index and a sequence number for a new object, as Linux's ipc_idr_alloc (next_id is
 * used once, whatever happens): -ENOSPC when no index is free, -ENOMEM when the array
 * cannot grow. */
static int alloc_index(struct ipc_ids *ids, int *seq)
{
	int next_id = ids->next_id;
	ids->next_id = -1;
	int index;
	while ((index = choose_index(ids, next_id)) >= ids->capacity)
		if (!make_room(ids, index))
			return -ENOMEM;
	if (index < 0)
		return -ENOSPC;
	if (next_id >= 0) {
		*seq = next_id / IPCMNI;
		return index;
	}
	ids->cursor = index + 1;
	if (index <= ids->last_index && ++ids->seq >= SEQ_MAX)
		ids->seq = 0;
	ids->last_index = index;
	*seq = ids->seq;
	return index;
}

int ipc_add(struct ipc_ids *ids, struct ipc_object *obj, int key, int mode, int limit)
{
	if (limit > IPCMNI)
		limit = IPCMNI;
	if (ids->in_use >= limit)
		return -ENOSPC;
	int seq;
	int index = alloc_index(ids, &seq);
	if (index < 0)
		return index;
	const struct cred *c = current_cred();
	obj->perm = (struct linux_ipc64_perm){
		.key = key, .uid = c->euid, .gid = c->egid, .cuid = c->euid, .cgid = c->egid,
		.mode = (uint32_t)mode & S_IRWXUGO, .seq = (uint16_t)seq };
	obj->id = seq * IPCMNI + index;
	obj->in_table = true;
	ids->entries[index] = obj;
	ids->in_use++;
	if (index >= ids->table_end)
		ids->table_end = index + 1;
	return index;
}

void ipc_remove(struct ipc_ids *ids, struct ipc_object *obj)
{
	if (!obj->in_table)
		return;
	obj->in_table = false;
	ids->entries[obj->id % IPCMNI] = NULL;
	if (--ids->in_use == 0) {
		/* The last one: the array goes too, so that a program that made and removed
		 * objects leaves the memory as it found it. */
		kfree(ids->entries);
		ids->entries = NULL;
		ids->capacity = 0;
		ids->table_end = 0;
	}
}

struct ipc_object *ipc_find_id(const struct ipc_ids *ids, int id)
{
	if (id < 0)
		return NULL;
	struct ipc_object *obj = at(ids, id % IPCMNI);
	return obj && obj->id == id ? obj : NULL;
}

struct ipc_object *ipc_find_index(const struct ipc_ids *ids, int number)
{
	return number >= 0 ? at(ids, number % IPCMNI) : NULL;
}

/* The object with this key (not IPC_PRIVATE), or NULL. */
static struct ipc_object *find_key(const struct ipc_ids *ids, int key)
{
	for (int i = 0; i < ids->table_end; i++)
		if (ids->entries[i] && ids->entries[i]->perm.key == key)
			return ids->entries[i];
	return NULL;
}

int ipc_max_index(const struct ipc_ids *ids)
{
	for (int i = ids->table_end - 1; i >= 0; i--)
		if (ids->entries[i])
			return i;
	return 0;
}

bool ipc_may_access(const struct ipc_object *obj, int flag)
{
	const struct cred *c = current_cred();
	int requested = (flag >> 6) | (flag >> 3) | flag;
	uint32_t granted = obj->perm.mode;
	if (c->euid == obj->perm.cuid || c->euid == obj->perm.uid)
		granted >>= 6;
	else if (cred_in_group(c, obj->perm.cgid) || cred_in_group(c, obj->perm.gid))
		granted >>= 3;
	return !(requested & ~granted & 7) || c->euid == 0;
}

struct ipc_object *ipc_find_for_change(const struct ipc_ids *ids, int id, int *err)
{
	struct ipc_object *obj = ipc_find_id(ids, id);
	const struct cred *c = current_cred();
	*err = 0;
	if (!obj)
		*err = -EINVAL;
	else if (c->euid != obj->perm.cuid && c->euid != obj->perm.uid && c->euid != 0)
		*err = -EPERM;
	return *err ? NULL : obj;
}

int ipc_update_perm(struct ipc_object *obj, const struct linux_ipc64_perm *perm)
{
	if (perm->uid == (uint32_t)-1 || perm->gid == (uint32_t)-1)
		return -EINVAL;
	obj->perm.uid = perm->uid;
	obj->perm.gid = perm->gid;
	obj->perm.mode = (obj->perm.mode & ~S_IRWXUGO) | (perm->mode & S_IRWXUGO);
	return 0;
}

int64_t ipc_get(struct ipc_ids *ids, int key, int flg, const struct ipc_get_ops *ops,
		void *arg)
{
	if (key == IPC_PRIVATE)
		return ops->create(key, flg, arg);
	struct ipc_object *obj = find_key(ids, key);
	if (!obj)
		return (flg & IPC_CREAT) ? ops->create(key, flg, arg) : -ENOENT;
	if ((flg & IPC_CREAT) && (flg & IPC_EXCL))
		return -EEXIST;
	int err = ops->check ? ops->check(obj, arg) : 0;
	if (err)
		return err;
	if (!ipc_may_access(obj, flg))
		return -EACCES;
	return obj->id;
}
