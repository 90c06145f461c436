/*
 * SysV semaphores (semget, semop, semtimedop, semctl), as Linux's ipc/sem.c: a set is an
 * array of counters (0 to SEMVMX), found by id or key as a shared memory segment is
 * (ids.c). semop applies a list of operations to one set all at once or not at all: add
 * a positive number, take a negative one away (waiting while the counter is too small),
 * or wait for zero. A waiter sleeps on a record of its own (struct sem_queue, on its own
 * stack) listed in the set, in Linux's queues: a single operation on one semaphore waits
 * in that semaphore's list, one that alters (pending_alter) or waits for zero
 * (pending_const); anything else in the set's lists, and while such a complex operation
 * waits, every altering one does (Linux's merge_queues). Whoever changes the set tries
 * the waiters in Linux's order (do_smart_update), performs the operations of those that
 * can go on their behalf, and says in their record how it went; so a waiter never
 * touches a set that was removed while it slept.
 *
 * SEM_UNDO records the opposite of each operation in the process's adjustment for the
 * set (struct sem_undo, in an undo list that threads made with CLONE_SYSVSEM share); the
 * last thread holding the list applies them when it ends, capped to 0..SEMVMX.
 */
#include <stddef.h>

#include "kernel/ipc/sem.h"
#include "fs/procfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/lib/list.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/fork.h"
#include "kernel/proc/proc.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

/* Linux's defaults (include/uapi/linux/sem.h) and the fixed numbers IPC_INFO reports. */
#define SEMMNI 32000
#define SEMMSL 32000
#define SEMMNS (SEMMNI * SEMMSL)
#define SEMOPM 500
#define SEMVMX 32767
#define SEMAEM SEMVMX
#define SEMUME SEMOPM
#define SEMMNU SEMMNS
#define SEMMAP SEMMNS
#define SEMUSZ 20

int sem_ctls[4] = { SEMMSL, SEMMNS, SEMOPM, SEMMNI };
#define sc_semmsl sem_ctls[0]
#define sc_semmns sem_ctls[1]
#define sc_semopm sem_ctls[2]
#define sc_semmni sem_ctls[3]

#define SEM_UNDO 0x1000

#define GETPID       11
#define GETVAL       12
#define GETALL       13
#define GETNCNT      14
#define GETZCNT      15
#define SETVAL       16
#define SETALL       17
#define SEM_STAT     18
#define SEM_INFO     19
#define SEM_STAT_ANY 20

struct ipc_ids sem_ids = IPC_IDS_INIT;
static int used_sems;                   /* semaphores in all sets (Linux's used_sems) */

/* One semaphore. */
struct sem {
	int semval;
	int sempid;                     /* the process that changed it last */
	struct list_head pending_alter; /* single operations on it that alter it */
	struct list_head pending_const; /* single operations on it that wait for zero */
};

struct sem_array {
	struct ipc_object ipc;          /* id, key, owner, creator, mode */
	int64_t otime, ctime;           /* the last semop, the last change */
	int nsems;
	int complex_count;              /* waiters in the set's lists with several sops */
	struct list_head pending_alter; /* the other waiters: complex ones, and while any */
	struct list_head pending_const; /* complex one waits, every altering one */
	struct list_head undos;         /* struct sem_undo by in_array */
	struct sem sems[];
};

/* A process (or threads sharing it) waiting in semop, on its own stack. */
struct sem_queue {
	struct list_head list;
	const struct linux_sembuf *sops;
	int nsops;
	const struct linux_sembuf *blocking;    /* the operation it waits on */
	struct sem_undo *undo;
	int pid;
	bool alter;                     /* some operation changes a value */
	int status;                     /* WAITING, or what semop returns */
};

#define WAITING 1

/* The adjustments SEM_UNDO recorded for one set, in one undo list. */
struct sem_undo {
	struct list_head in_list;       /* in its undo list's undos, the newest first */
	struct list_head in_array;      /* in its set's undos */
	int semid;
	int nsems;
	int16_t semadj[];               /* -SEMAEM - 1 .. SEMAEM each */
};

/* The undo list of a process (Linux's sem_undo_list): its threads share it. */
struct sem_undo_list {
	int refs;
	struct list_head undos;
};

static int64_t now_seconds(void)
{
	return time_now().tv_sec;
}

static struct sem_array *array_of(struct ipc_object *ipc)
{
	return ipc ? container_of(ipc, struct sem_array, ipc) : NULL;
}

/* A new set of nsems semaphores, all 0, under key: Linux's newary. */
static int64_t new_array(int key, int flg, void *arg)
{
	int nsems = *(const int *)arg;
	if (nsems == 0)
		return -EINVAL;
	if (used_sems + nsems > sc_semmns)
		return -ENOSPC;
	struct sem_array *sma = kzalloc(sizeof(*sma) + sizeof(struct sem) * (size_t)nsems);
	if (!sma)
		return -ENOMEM;
	if (used_sems + nsems > sc_semmns) {    /* another made one while kzalloc slept */
		kfree(sma);
		return -ENOSPC;
	}
	int index = ipc_add(&sem_ids, &sma->ipc, key, flg, sc_semmni);
	if (index < 0) {
		kfree(sma);
		return index;
	}
	sma->nsems = nsems;
	for (int i = 0; i < nsems; i++) {
		list_init(&sma->sems[i].pending_alter);
		list_init(&sma->sems[i].pending_const);
	}
	list_init(&sma->pending_alter);
	list_init(&sma->pending_const);
	list_init(&sma->undos);
	used_sems += nsems;
	sma->ctime = now_seconds();
	return sma->ipc.id;
}

/* An existing set asked for with more semaphores than it has: EINVAL (sem_more_checks). */
static int check_nsems(struct ipc_object *obj, void *arg)
{
	return *(const int *)arg > array_of(obj)->nsems ? -EINVAL : 0;
}

/* semget: the id of key's set of nsems semaphores, made if IPC_CREAT asks. */
static int64_t sys_semget(int key, int nsems, int flg)
{
	static const struct ipc_get_ops ops = { .create = new_array, .check = check_nsems };
	if (nsems < 0 || nsems > sc_semmsl)
		return -EINVAL;
	return ipc_get(&sem_ids, key, flg, &ops, &nsems);
}
SYSCALL_DEFINE(64, sys_semget);

/* Applies q's operations in order, or none of them: 0 when done, 1 when q must wait (on
 * q->blocking), -EAGAIN when it must but IPC_NOWAIT says not to, -ERANGE past SEMVMX or
 * the adjustment's range (Linux's perform_atomic_semop_slow, which gives what the fast
 * path gives too). */
static int perform_atomic_semop(struct sem_array *sma, struct sem_queue *q)
{
	const struct linux_sembuf *sop;
	int result;
	for (sop = q->sops; sop < q->sops + q->nsops; sop++) {
		struct sem *curr = &sma->sems[sop->sem_num];
		int value = curr->semval + sop->sem_op;
		if ((sop->sem_op == 0 && curr->semval != 0) || value < 0) {
			q->blocking = sop;
			result = (sop->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
			goto undo;
		}
		if (value > SEMVMX) {
			result = -ERANGE;
			goto undo;
		}
		if (sop->sem_flg & SEM_UNDO) {
			int adj = q->undo->semadj[sop->sem_num] - sop->sem_op;
			if (adj < -SEMAEM - 1 || adj > SEMAEM) {
				result = -ERANGE;
				goto undo;
			}
			q->undo->semadj[sop->sem_num] = (int16_t)adj;
		}
		curr->semval = value;
	}
	for (sop = q->sops; sop < q->sops + q->nsops; sop++)
		sma->sems[sop->sem_num].sempid = q->pid;
	return 0;
undo:
	while (--sop >= q->sops) {
		sma->sems[sop->sem_num].semval -= sop->sem_op;
		if (sop->sem_flg & SEM_UNDO)
			q->undo->semadj[sop->sem_num] += sop->sem_op;
	}
	return result;
}

/* Takes q out of its list. */
static void unlink_queue(struct sem_array *sma, struct sem_queue *q)
{
	list_del(&q->list);
	if (q->nsops > 1)
		sma->complex_count--;
}

/* Ends q's wait with status (0: its operations were done). */
static void wake_queue(struct sem_queue *q, int status)
{
	q->status = status;
	wakeup(q);
}

/* Tries the waiters for zero of one list (semnum -1: the set's): Linux's wake_const_ops.
 * Returns whether one completed. */
static bool wake_const_ops(struct sem_array *sma, int semnum)
{
	struct list_head *list = semnum < 0 ? &sma->pending_const :
				 &sma->sems[semnum].pending_const;
	bool completed = false;
	struct list_head *n = list->next;
	while (n != list) {
		struct sem_queue *q = list_entry(n, struct sem_queue, list);
		n = n->next;
		int err = perform_atomic_semop(sma, q);
		if (err > 0)
			continue;
		unlink_queue(sma, q);
		wake_queue(q, err);
		completed |= err == 0;
	}
	return completed;
}

/* Tries the waiters for zero on the semaphores sops names (NULL: all) that are 0 now,
 * then the set's when any was (Linux's do_smart_wakeup_zero). */
static bool wakeup_zero(struct sem_array *sma, const struct linux_sembuf *sops, int nsops)
{
	bool completed = false, got_zero = false;
	int n = sops ? nsops : sma->nsems;
	for (int i = 0; i < n; i++) {
		int num = sops ? sops[i].sem_num : i;
		if (sma->sems[num].semval == 0) {
			got_zero = true;
			completed |= wake_const_ops(sma, num);
		}
	}
	if (got_zero)
		completed |= wake_const_ops(sma, -1);
	return completed;
}

/* Whether update_queue must start over after q completed (Linux's check_restart). */
static bool check_restart(struct sem_array *sma, const struct sem_queue *q)
{
	return !list_empty(&sma->pending_alter) || q->nsops > 1;
}

/* Tries the altering waiters of one list (semnum -1: the set's) in order, each that can
 * go done and woken: Linux's update_queue. Returns whether one completed. */
static bool update_queue(struct sem_array *sma, int semnum)
{
	struct list_head *list = semnum < 0 ? &sma->pending_alter :
				 &sma->sems[semnum].pending_alter;
	bool completed = false;
again:
	for (struct list_head *n = list->next; n != list;) {
		struct sem_queue *q = list_entry(n, struct sem_queue, list);
		n = n->next;
		/* A single decrement cannot go while its semaphore is 0. */
		if (semnum >= 0 && sma->sems[semnum].semval == 0)
			break;
		int err = perform_atomic_semop(sma, q);
		if (err > 0)
			continue;
		unlink_queue(sma, q);
		bool restart = false;
		if (!err) {
			completed = true;
			wakeup_zero(sma, q->sops, q->nsops);
			restart = check_restart(sma, q);
		}
		wake_queue(q, err);
		if (restart)
			goto again;
	}
	return completed;
}

/* After the values changed (by sops, or NULL: any of them): the waiters that can go now,
 * in Linux's order (do_smart_update); otime is set when asked or when one went. */
static void smart_update(struct sem_array *sma, const struct linux_sembuf *sops, int nsops,
			 bool otime)
{
	otime |= wakeup_zero(sma, sops, nsops);
	if (!list_empty(&sma->pending_alter)) {
		otime |= update_queue(sma, -1);
	} else if (!sops) {
		for (int i = 0; i < sma->nsems; i++)
			otime |= update_queue(sma, i);
	} else {
		/* Only an increase can let a waiting decrement go. */
		for (int i = 0; i < nsops; i++)
			if (sops[i].sem_op > 0)
				otime |= update_queue(sma, sops[i].sem_num);
	}
	if (otime)
		sma->otime = now_seconds();
}

/* Linux moves the waiting altering operations back into their semaphores' lists once no
 * complex one waits (unmerge_queues, when the set's lock is let go). */
static void unmerge_queues(struct sem_array *sma)
{
	if (sma->complex_count)
		return;
	while (!list_empty(&sma->pending_alter)) {
		struct sem_queue *q = list_entry(sma->pending_alter.next, struct sem_queue, list);
		list_del(&q->list);
		list_add_tail(&q->list, &sma->sems[q->sops[0].sem_num].pending_alter);
	}
}

/* The first waiting complex operation moves every altering one into the set's list, the
 * lower semaphores' nearer its end, as Linux's merge_queues (list_splice at the head). */
static void merge_queues(struct sem_array *sma)
{
	for (int i = 0; i < sma->nsems; i++) {
		struct list_head *from = &sma->sems[i].pending_alter;
		while (!list_empty(from)) {
			struct list_head *last = from->prev;
			list_del(last);
			list_add(last, &sma->pending_alter);
		}
	}
}

/* Puts q in the list it waits in (see the top of the file). */
static void enqueue(struct sem_array *sma, struct sem_queue *q)
{
	if (q->nsops == 1) {
		struct sem *curr = &sma->sems[q->sops[0].sem_num];
		if (!q->alter)
			list_add_tail(&q->list, &curr->pending_const);
		else if (sma->complex_count)
			list_add_tail(&q->list, &sma->pending_alter);
		else
			list_add_tail(&q->list, &curr->pending_alter);
		return;
	}
	if (!sma->complex_count)
		merge_queues(sma);
	list_add_tail(&q->list, q->alter ? &sma->pending_alter : &sma->pending_const);
	sma->complex_count++;
}

/* The running thread's undo list, made if it has none; NULL without memory. */
static struct sem_undo_list *get_undo_list(void)
{
	if (!current->sem_undo) {
		struct sem_undo_list *ulp = kzalloc(sizeof(*ulp));
		if (!ulp)               /* (only this thread sets its own, even if it slept) */
			return NULL;
		ulp->refs = 1;
		list_init(&ulp->undos);
		current->sem_undo = ulp;
	}
	return current->sem_undo;
}

static struct sem_undo *lookup_undo(struct sem_undo_list *ulp, int semid)
{
	for (struct list_head *n = ulp->undos.next; n != &ulp->undos; n = n->next) {
		struct sem_undo *un = list_entry(n, struct sem_undo, in_list);
		if (un->semid == semid)
			return un;
	}
	return NULL;
}

/* The running process's adjustments for the set semid, made (all 0) if it has none:
 * Linux's find_alloc_undo. -EINVAL when the set does not exist, -ENOMEM. */
static struct sem_undo *find_alloc_undo(int semid, int *err)
{
	struct sem_undo_list *ulp = get_undo_list();
	*err = -ENOMEM;
	if (!ulp)
		return NULL;
	struct sem_undo *un = lookup_undo(ulp, semid);
	if (un)
		return un;
	struct sem_array *sma = array_of(ipc_find_id(&sem_ids, semid));
	*err = -EINVAL;
	if (!sma)
		return NULL;
	int nsems = sma->nsems;
	un = kzalloc(sizeof(*un) + sizeof(int16_t) * (size_t)nsems);
	*err = -ENOMEM;
	if (!un)
		return NULL;
	/* kzalloc may have slept: the set may be gone, or another thread made one. */
	struct sem_undo *other = lookup_undo(ulp, semid);
	sma = array_of(ipc_find_id(&sem_ids, semid));
	if (other || !sma || sma->nsems != nsems) {
		kfree(un);
		*err = -EINVAL;
		return other;
	}
	un->semid = semid;
	un->nsems = nsems;
	list_add(&un->in_list, &ulp->undos);
	list_add(&un->in_array, &sma->undos);
	return un;
}

/* Sleeps until q's status changes, a signal comes, or the deadline (0: none) passes. */
static void wait_for_status(struct sem_queue *q, uint64_t deadline)
{
	irq_disable();
	if (q->status == WAITING && !signal_pending() && (!deadline || time_ns() < deadline))
		sleep_on(q, deadline);
	irq_enable();
}

/* Waits in sma for q's operations to be done by whoever makes them possible: 0, or
 * EIDRM when the set is removed, EINTR on a signal (even with SA_RESTART, as Linux's),
 * EAGAIN at the deadline (0: none); an error found for it (ERANGE) by another. */
static int wait_in_queue(struct sem_array *sma, struct sem_queue *q, uint64_t deadline)
{
	enqueue(sma, q);
	for (;;) {
		wait_for_status(q, deadline);
		if (q->status != WAITING)
			return q->status;
		if (signal_pending() || (deadline && time_ns() >= deadline)) {
			unlink_queue(sma, q);
			unmerge_queues(sma);
			return signal_pending() ? -EINTR : -EAGAIN;
		}
	}
}

/* semop's work once the operations are in the kernel: Linux's __do_semtimedop. */
static int do_semtimedop(int semid, const struct linux_sembuf *sops, int nsops,
			 const struct timespec64 *timeout)
{
	if (semid < 0)
		return -EINVAL;
	uint64_t deadline = 0;
	if (timeout) {
		if (!timespec_valid(timeout))
			return -EINVAL;
		deadline = time_deadline_in(timespec_to_ns(timeout));
		if (deadline == SLEEP_FOREVER)
			deadline = 0;
	}
	int max = 0;
	bool undos = false, alter = false;
	for (int i = 0; i < nsops; i++) {
		if (sops[i].sem_num >= max)
			max = sops[i].sem_num;
		undos |= (sops[i].sem_flg & SEM_UNDO) != 0;
		alter |= sops[i].sem_op != 0;
	}
	struct sem_undo *un = NULL;
	int err;
	if (undos && !(un = find_alloc_undo(semid, &err)))
		return err;
	struct sem_array *sma = array_of(ipc_find_id(&sem_ids, semid));
	if (!sma)
		return -EINVAL;
	if (max >= sma->nsems)
		return -EFBIG;
	if (!ipc_may_access(&sma->ipc, alter ? 0222 : 0444))
		return -EACCES;
	struct sem_queue q = { .sops = sops, .nsops = nsops, .undo = un, .pid = current->tgid,
			       .alter = alter, .status = WAITING };
	err = perform_atomic_semop(sma, &q);
	if (err > 0)    /* the set may be gone when the wait ends: not touched after it */
		return wait_in_queue(sma, &q, deadline);
	if (err == 0 && alter)
		smart_update(sma, sops, nsops, true);
	else if (err == 0)
		sma->otime = now_seconds();
	unmerge_queues(sma);
	return err;
}

/* semtimedop: semop with a timeout (NULL: none), after which it fails with EAGAIN. */
static int64_t sys_semtimedop(int semid, const struct linux_sembuf *tsops, uint32_t nsops,
			      const struct timespec64 *timeout)
{
	struct timespec64 ts;
	if (timeout && copy_from_user(&ts, timeout, sizeof(ts)))
		return -EFAULT;
	if (nsops > (uint32_t)sc_semopm)
		return -E2BIG;
	if (nsops < 1)
		return -EINVAL;
	struct linux_sembuf *sops = kmalloc(sizeof(*sops) * nsops);
	if (!sops)
		return -ENOMEM;
	int err = copy_from_user(sops, tsops, sizeof(*sops) * nsops) ? -EFAULT :
		  do_semtimedop(semid, sops, (int)nsops, timeout ? &ts : NULL);
	kfree(sops);
	return err;
}
SYSCALL_DEFINE(220, sys_semtimedop);

static int64_t sys_semop(int semid, const struct linux_sembuf *tsops, uint32_t nsops)
{
	return sys_semtimedop(semid, tsops, nsops, NULL);
}
SYSCALL_DEFINE(65, sys_semop);

/* IPC_INFO (the limits) and SEM_INFO (what sets use): returns the highest index. */
static int64_t sem_info(int cmd, void *buf)
{
	struct linux_seminfo info = {
		.semmni = sc_semmni, .semmns = sc_semmns, .semmsl = sc_semmsl,
		.semopm = sc_semopm, .semvmx = SEMVMX, .semmnu = SEMMNU, .semmap = SEMMAP,
		.semume = SEMUME,
		.semusz = cmd == SEM_INFO ? sem_ids.in_use : SEMUSZ,
		.semaem = cmd == SEM_INFO ? used_sems : SEMAEM,
	};
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return ipc_max_index(&sem_ids);
}

/* IPC_STAT (by id, returning 0) and SEM_STAT, SEM_STAT_ANY (by index, returning the id;
 * SEM_STAT_ANY without the read permission). */
static int64_t sem_stat(int semid, int cmd, void *buf)
{
	struct sem_array *sma = array_of(cmd == IPC_STAT ? ipc_find_id(&sem_ids, semid) :
					 ipc_find_index(&sem_ids, semid));
	if (!sma)
		return -EINVAL;
	if (cmd != SEM_STAT_ANY && !ipc_may_access(&sma->ipc, 0444))
		return -EACCES;
	struct linux_semid64_ds ds;
	memset(&ds, 0, sizeof(ds));
	ds.sem_perm = sma->ipc.perm;
	ds.sem_otime = sma->otime;
	ds.sem_ctime = sma->ctime;
	ds.sem_nsems = (uint64_t)sma->nsems;
	if (copy_to_user(buf, &ds, sizeof(ds)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : sma->ipc.id;
}

/* SETVAL: one semaphore's value; every process's adjustment for it is cleared. */
static int64_t sem_setval(int semid, int semnum, int val)
{
	if (val > SEMVMX || val < 0)
		return -ERANGE;
	struct sem_array *sma = array_of(ipc_find_id(&sem_ids, semid));
	if (!sma)
		return -EINVAL;
	if (semnum < 0 || semnum >= sma->nsems)
		return -EINVAL;
	if (!ipc_may_access(&sma->ipc, 0222))
		return -EACCES;
	for (struct list_head *n = sma->undos.next; n != &sma->undos; n = n->next)
		list_entry(n, struct sem_undo, in_array)->semadj[semnum] = 0;
	sma->sems[semnum].semval = val;
	sma->sems[semnum].sempid = current->tgid;
	sma->ctime = now_seconds();
	smart_update(sma, NULL, 0, false);
	unmerge_queues(sma);
	return 0;
}

/* SETALL: every value from the user's array; every adjustment is cleared. */
static int64_t sem_setall(int semid, const uint16_t *array)
{
	struct sem_array *sma = array_of(ipc_find_id(&sem_ids, semid));
	if (!sma)
		return -EINVAL;
	if (!ipc_may_access(&sma->ipc, 0222))
		return -EACCES;
	int nsems = sma->nsems;
	uint16_t *values = kmalloc(sizeof(*values) * (size_t)nsems);
	if (!values)
		return -ENOMEM;
	int err = copy_from_user(values, array, sizeof(*values) * (size_t)nsems) ? -EFAULT : 0;
	for (int i = 0; !err && i < nsems; i++)
		if (values[i] > SEMVMX)
			err = -ERANGE;
	/* The copy may have slept: the set may be gone (Linux's EIDRM). */
	if (!err && array_of(ipc_find_id(&sem_ids, semid)) != sma)
		err = -EIDRM;
	if (!err) {
		for (int i = 0; i < nsems; i++) {
			sma->sems[i].semval = values[i];
			sma->sems[i].sempid = current->tgid;
		}
		for (struct list_head *n = sma->undos.next; n != &sma->undos; n = n->next)
			memset(list_entry(n, struct sem_undo, in_array)->semadj, 0,
			       sizeof(int16_t) * (size_t)nsems);
		sma->ctime = now_seconds();
		smart_update(sma, NULL, 0, false);
		unmerge_queues(sma);
	}
	kfree(values);
	return err;
}

/* How many wait on semaphore semnum: to decrease it, or for zero (Linux's count_semcnt:
 * a complex waiter counts on the semaphore it blocks on only). */
static int count_semcnt(struct sem_array *sma, int semnum, bool count_zero)
{
	struct list_head *list = count_zero ? &sma->sems[semnum].pending_const :
				 &sma->sems[semnum].pending_alter;
	int count = 0;
	for (struct list_head *n = list->next; n != list; n = n->next)
		count++;
	for (int k = 0; k < (count_zero ? 2 : 1); k++) {
		list = k ? &sma->pending_const : &sma->pending_alter;
		for (struct list_head *n = list->next; n != list; n = n->next) {
			const struct linux_sembuf *sop =
				list_entry(n, struct sem_queue, list)->blocking;
			if (sop->sem_num == semnum &&
			    (count_zero ? sop->sem_op == 0 : sop->sem_op < 0))
				count++;
		}
	}
	return count;
}

/* GETALL, GETVAL, GETPID, GETNCNT, GETZCNT, SETALL: Linux's semctl_main. */
static int64_t sem_main(int semid, int semnum, int cmd, void *p)
{
	struct sem_array *sma = array_of(ipc_find_id(&sem_ids, semid));
	if (!sma)
		return -EINVAL;
	if (!ipc_may_access(&sma->ipc, cmd == SETALL ? 0222 : 0444))
		return -EACCES;
	if (cmd == SETALL)
		return sem_setall(semid, p);
	if (cmd == GETALL) {
		int nsems = sma->nsems;
		uint16_t *values = kmalloc(sizeof(*values) * (size_t)nsems);
		if (!values)
			return -ENOMEM;
		sma = array_of(ipc_find_id(&sem_ids, semid));  /* kmalloc may have slept */
		for (int i = 0; sma && i < nsems; i++)
			values[i] = (uint16_t)sma->sems[i].semval;
		int err = !sma ? -EIDRM :
			  copy_to_user(p, values, sizeof(*values) * (size_t)nsems) ? -EFAULT : 0;
		kfree(values);
		return err;
	}
	if (semnum < 0 || semnum >= sma->nsems)
		return -EINVAL;
	switch (cmd) {
	case GETVAL:
		return sma->sems[semnum].semval;
	case GETPID:
		return sma->sems[semnum].sempid;
	case GETNCNT:
		return count_semcnt(sma, semnum, false);
	default:
		return count_semcnt(sma, semnum, true);
	}
}

/* Fails every waiter of one list with EIDRM. */
static void fail_waiters(struct sem_array *sma, struct list_head *list)
{
	while (!list_empty(list)) {
		struct sem_queue *q = list_entry(list->next, struct sem_queue, list);
		unlink_queue(sma, q);
		wake_queue(q, -EIDRM);
	}
}

/* IPC_RMID's work: the set goes at once, with every process's adjustments for it; its
 * waiters fail with EIDRM (Linux's freeary). */
static void free_array(struct sem_array *sma)
{
	while (!list_empty(&sma->undos)) {
		struct sem_undo *un = list_entry(sma->undos.next, struct sem_undo, in_array);
		list_del(&un->in_array);
		list_del(&un->in_list);
		kfree(un);
	}
	fail_waiters(sma, &sma->pending_const);
	fail_waiters(sma, &sma->pending_alter);
	for (int i = 0; i < sma->nsems; i++) {
		fail_waiters(sma, &sma->sems[i].pending_const);
		fail_waiters(sma, &sma->sems[i].pending_alter);
	}
	ipc_remove(&sem_ids, &sma->ipc);
	used_sems -= sma->nsems;
	kfree(sma);
}

/* IPC_SET (the owner and the permission bits from ds) and IPC_RMID: Linux's semctl_down. */
static int64_t sem_down(int semid, int cmd, const struct linux_semid64_ds *ds)
{
	int err;
	struct sem_array *sma = array_of(ipc_find_for_change(&sem_ids, semid, &err));
	if (!sma)
		return err;
	if (cmd == IPC_RMID) {
		free_array(sma);
		return 0;
	}
	if ((err = ipc_update_perm(&sma->ipc, &ds->sem_perm)))
		return err;
	sma->ctime = now_seconds();
	return 0;
}

/* semctl: arg is the union semun, passed by value (a pointer, or SETVAL's int). */
static int64_t sys_semctl(int semid, int semnum, int cmd, uint64_t arg)
{
	void *p = (void *)arg;
	if (semid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO: case SEM_INFO:
		return sem_info(cmd, p);
	case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY:
		return sem_stat(semid, cmd, p);
	case GETALL: case GETVAL: case GETPID: case GETNCNT: case GETZCNT: case SETALL:
		return sem_main(semid, semnum, cmd, p);
	case SETVAL:
		return sem_setval(semid, semnum, (int)arg);
	case IPC_SET: {
		struct linux_semid64_ds ds;
		if (copy_from_user(&ds, p, sizeof(ds)))
			return -EFAULT;
		return sem_down(semid, cmd, &ds);
	}
	case IPC_RMID:
		return sem_down(semid, cmd, NULL);
	}
	return -EINVAL;
}
SYSCALL_DEFINE(66, sys_semctl);

int sem_copy_undo(struct proc *child, uint64_t clone_flags)
{
	child->sem_undo = NULL;
	if (!(clone_flags & CLONE_SYSVSEM))
		return 0;
	struct sem_undo_list *ulp = get_undo_list();
	if (!ulp)
		return -ENOMEM;
	ulp->refs++;
	child->sem_undo = ulp;
	return 0;
}

/* Applies one set's adjustments and lets the waiters that can go now go (exit_sem). */
static void apply_undo(struct sem_undo *un)
{
	struct sem_array *sma = array_of(ipc_find_id(&sem_ids, un->semid));
	list_del(&un->in_list);
	if (!sma) {                     /* cannot happen: IPC_RMID takes the undos away */
		kfree(un);
		return;
	}
	list_del(&un->in_array);
	for (int i = 0; i < sma->nsems; i++) {
		struct sem *s = &sma->sems[i];
		if (!un->semadj[i])
			continue;
		s->semval += un->semadj[i];
		s->semval = s->semval < 0 ? 0 : s->semval > SEMVMX ? SEMVMX : s->semval;
		s->sempid = current->tgid;
	}
	smart_update(sma, NULL, 0, true);
	unmerge_queues(sma);
	kfree(un);
}

void sem_exit(struct proc *p)
{
	struct sem_undo_list *ulp = p->sem_undo;
	p->sem_undo = NULL;
	if (!ulp || --ulp->refs > 0)
		return;
	while (!list_empty(&ulp->undos))
		apply_undo(list_entry(ulp->undos.next, struct sem_undo, in_list));
	kfree(ulp);
}

int sem_check_ctls(const int *old)
{
	if (sc_semmni < 0 || sc_semmni > IPCMNI) {
		sc_semmni = old[3];
		return -ERANGE;
	}
	return 0;
}

void sem_show_sysvipc(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	text_printf(t, "       key      semid perms      nsems   uid   gid  cuid  cgid      otime"
		    "      ctime\n");
	for (int i = 0; i < sem_ids.table_end; i++) {
		const struct sem_array *sma = array_of(sem_ids.entries[i]);
		if (!sma)
			continue;
		const struct linux_ipc64_perm *p = &sma->ipc.perm;
		text_printf(t, "%10d %10d  %4o %10u %5u %5u %5u %5u %10ld %10ld\n", p->key,
			    sma->ipc.id, p->mode, sma->nsems, p->uid, p->gid, p->cuid, p->cgid,
			    sma->otime, sma->ctime);
	}
}
