/*
 * SysV message queues (msgget, msgsnd, msgrcv, msgctl), as Linux's ipc/msg.c: a queue is
 * a list of messages, each a type (a positive number) and some bytes, found by id or key
 * as a shared memory segment is (ids.c). msgsnd appends a message, waiting while the
 * queue is full (its bytes would pass its qbytes); msgrcv takes the first message, the
 * first of a type, the first not of a type (MSG_EXCEPT) or the first of the lowest type
 * up to a bound, waiting while there is none. A message sent while a receiver waits for
 * one like it goes straight to that receiver (Linux's pipelined_send), so receivers are
 * served in the order they came. Waiters sleep on a record of their own, on their own
 * stack, listed in the queue; whoever changes the queue says in that record what
 * happened (a message, E2BIG, EIDRM) and wakes them, so a waiter never touches a queue
 * that was removed while it slept.
 */
#include <stddef.h>

#include "kernel/ipc/msg.h"
#include "fs/procfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/lib/list.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

/* Linux's defaults (include/uapi/linux/msg.h) for the kernel.msgmax, msgmnb and msgmni
 * sysctls, and the fixed numbers IPC_INFO reports. */
#define MSGMAX 8192
#define MSGMNB 16384
#define MSGMNI 32000
#define MSGPOOL (MSGMNI * MSGMNB / 1024)
#define MSGTQL MSGMNB
#define MSGMAP MSGMNB
#define MSGSSZ 16
#define MSGSEG 0xffff                   /* (MSGPOOL * 1024) / MSGSSZ, at most 0xffff */

int msg_ctlmax = MSGMAX;
int msg_ctlmnb = MSGMNB;
int msg_ctlmni = MSGMNI;

#define MSG_STAT     11
#define MSG_INFO     12
#define MSG_STAT_ANY 13
#define MSG_NOERROR  010000             /* msgrcv: cut a message too long, no E2BIG */
#define MSG_EXCEPT   020000             /* msgrcv: the first message not of the type */
#define MSG_COPY     040000             /* msgrcv: a copy of the message at an index */

struct ipc_ids msg_ids = IPC_IDS_INIT;
static uint64_t messages_in_use;        /* Linux's msg_hdrs */
static uint64_t bytes_in_use;           /* Linux's msg_bytes */

/* A message, in one kmalloc block (Linux chains pages instead: here a message longer than
 * the largest block, possible only with msgmax raised past 4 MiB, is ENOMEM). */
struct message {
	struct list_head list;          /* in its queue's messages */
	int64_t type;
	size_t size;
	char text[];
};

struct msg_queue {
	struct ipc_object ipc;          /* id, key, owner, creator, mode */
	int64_t stime, rtime, ctime;    /* last msgsnd, msgrcv, change */
	uint64_t cbytes, qnum, qbytes;  /* bytes and messages in it; its limit of bytes */
	int lspid, lrpid;               /* the last sender, the last receiver */
	struct list_head messages, receivers, senders;
};

/* How msgrcv looks for a message (Linux's SEARCH_*). */
enum search { SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL, SEARCH_NUMBER };

/* What woke a waiter, written by whoever woke it. */
enum outcome { WAITING, GOT_MESSAGE, FAILED };

/* A receiver asleep, on its own stack, listed in the queue's receivers. */
struct msg_receiver {
	struct list_head list;
	enum search mode;
	int64_t type;
	uint64_t maxsize;               /* a message longer gets E2BIG */
	int tgid;
	enum outcome outcome;
	struct message *msg;            /* GOT_MESSAGE: it is the receiver's now */
	int err;                        /* FAILED: E2BIG or EIDRM */
};

/* A sender asleep, listed in the queue's senders until the queue has room for size. */
struct msg_sender {
	struct list_head list;
	size_t size;
	enum outcome outcome;           /* FAILED: the queue was removed */
};

static int64_t now_seconds(void)
{
	return time_now().tv_sec;
}

static struct msg_queue *queue_of(struct ipc_object *ipc)
{
	return ipc ? container_of(ipc, struct msg_queue, ipc) : NULL;
}

/* A new empty queue under key: Linux's newque. */
static int64_t new_queue(int key, int flg, void *unused)
{
	(void)unused;
	struct msg_queue *q = kzalloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	int index = ipc_add(&msg_ids, &q->ipc, key, flg, msg_ctlmni);
	if (index < 0) {
		kfree(q);
		return index;
	}
	q->ctime = now_seconds();
	q->qbytes = (uint64_t)msg_ctlmnb;
	list_init(&q->messages);
	list_init(&q->receivers);
	list_init(&q->senders);
	return q->ipc.id;
}

/* msgget: the id of key's queue, made if IPC_CREAT asks (IPC_PRIVATE: always a new one). */
static int64_t sys_msgget(int key, int flg)
{
	static const struct ipc_get_ops ops = { .create = new_queue };
	return ipc_get(&msg_ids, key, flg, &ops, NULL);
}
SYSCALL_DEFINE(68, sys_msgget);

/* Whether a message of size bytes fits: the bytes, and the messages too, within qbytes
 * (Linux's msg_fits_inqueue: a queue of qbytes N holds at most N messages). */
static bool fits(const struct msg_queue *q, size_t size)
{
	return size + q->cbytes <= q->qbytes && 1 + q->qnum <= q->qbytes;
}

/* Wakes the senders for whom there is room now (Linux's ss_wakeup); they look again. */
static void wake_senders(struct msg_queue *q)
{
	for (struct list_head *n = q->senders.next; n != &q->senders; n = n->next) {
		struct msg_sender *s = list_entry(n, struct msg_sender, list);
		if (fits(q, s->size))
			wakeup(s);
	}
}

/* Whether msg is what a search of this mode for type wants (Linux's testmsg). */
static bool matches(const struct message *msg, int64_t type, enum search mode)
{
	switch (mode) {
	case SEARCH_ANY: case SEARCH_NUMBER:
		return true;
	case SEARCH_LESSEQUAL:
		return msg->type <= type;
	case SEARCH_EQUAL:
		return msg->type == type;
	case SEARCH_NOTEQUAL:
		return msg->type != type;
	}
	return false;
}

/* Hands msg to the first waiting receiver that wants it, as Linux's pipelined_send;
 * receivers it matches but that could not take it (too long) fail with E2BIG on the way.
 * Returns whether one took it. */
static bool hand_to_receiver(struct msg_queue *q, struct message *msg)
{
	struct list_head *n = q->receivers.next;
	while (n != &q->receivers) {
		struct msg_receiver *r = list_entry(n, struct msg_receiver, list);
		n = n->next;
		if (!matches(msg, r->type, r->mode))
			continue;
		list_del(&r->list);
		wakeup(r);
		if (r->maxsize < msg->size) {
			r->outcome = FAILED;
			r->err = -E2BIG;
			continue;
		}
		q->lrpid = r->tgid;
		q->rtime = now_seconds();
		r->msg = msg;
		r->outcome = GOT_MESSAGE;
		return true;
	}
	return false;
}

/* A message of size bytes copied from the user's text: Linux's load_msg. */
static struct message *load_message(const void *text, size_t size, int *err)
{
	struct message *msg = kmalloc(sizeof(*msg) + size);
	*err = msg ? 0 : -ENOMEM;
	if (msg && copy_from_user(msg->text, text, size)) {
		kfree(msg);
		msg = NULL;
		*err = -EFAULT;
	}
	if (msg) {
		list_init(&msg->list);
		msg->size = size;
	}
	return msg;
}

/* Sleeps until whoever took the waiter off its list wakes it, or a signal comes. */
static void wait_for_outcome(const void *waiter, const enum outcome *outcome)
{
	irq_disable();
	if (*outcome == WAITING && !signal_pending())
		sleep_on(waiter, 0);
	irq_enable();
}

/* Appends msg to q, or waits for room: Linux's do_msgsnd after the message is loaded. */
static int send_message(int msqid, struct message *msg, int flg)
{
	for (;;) {
		struct msg_queue *q = queue_of(ipc_find_id(&msg_ids, msqid));
		if (!q)
			return -EINVAL;
		if (!ipc_may_access(&q->ipc, 0222))
			return -EACCES;
		if (fits(q, msg->size)) {
			q->lspid = current->tgid;
			q->stime = now_seconds();
			if (!hand_to_receiver(q, msg)) {
				list_add_tail(&msg->list, &q->messages);
				q->cbytes += msg->size;
				q->qnum++;
				bytes_in_use += msg->size;
				messages_in_use++;
			}
			return 0;
		}
		if (flg & IPC_NOWAIT)
			return -EAGAIN;
		struct msg_sender s = { .size = msg->size, .outcome = WAITING };
		list_add_tail(&s.list, &q->senders);
		wait_for_outcome(&s, &s.outcome);
		if (s.outcome == FAILED)
			return -EIDRM;
		list_del(&s.list);
		if (signal_pending())
			return -ERESTARTNOHAND;
	}
}

/* msgsnd: sends size bytes of msgp's text with msgp's type. A signal while it waits is
 * EINTR even with SA_RESTART, as Linux's (-ERESTARTNOHAND). */
static int64_t sys_msgsnd(int msqid, const struct linux_msgbuf *msgp, uint64_t size, int flg)
{
	int64_t type;
	if (copy_from_user(&type, &msgp->mtype, sizeof(type)))
		return -EFAULT;
	if (size > (uint64_t)msg_ctlmax || (int64_t)size < 0 || msqid < 0 || type < 1)
		return -EINVAL;
	int err;
	struct message *msg = load_message(msgp->mtext, size, &err);
	if (!msg)
		return err;
	msg->type = type;
	err = send_message(msqid, msg, flg);
	if (err)
		kfree(msg);
	return err;
}
SYSCALL_DEFINE(69, sys_msgsnd);

/* The search msgrcv's type and flags ask for; a negative type becomes its bound
 * (Linux's convert_mode). */
static enum search search_mode(int64_t *type, int flg)
{
	if (flg & MSG_COPY)
		return SEARCH_NUMBER;
	if (*type == 0)
		return SEARCH_ANY;
	if (*type < 0) {
		*type = *type == INT64_MIN ? INT64_MAX : -*type;
		return SEARCH_LESSEQUAL;
	}
	return (flg & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

/* The message a search finds in q, or NULL: the first that matches, for SEARCH_LESSEQUAL
 * the first of the lowest type, for SEARCH_NUMBER the one at index type (Linux's
 * find_msg). */
static struct message *find_message(struct msg_queue *q, int64_t type, enum search mode)
{
	struct message *found = NULL;
	int64_t count = 0;
	for (struct list_head *n = q->messages.next; n != &q->messages; n = n->next) {
		struct message *msg = list_entry(n, struct message, list);
		if (!matches(msg, type, mode))
			continue;
		if (mode == SEARCH_LESSEQUAL && msg->type != 1) {
			type = msg->type - 1;   /* from now on only a lower type beats it */
			found = msg;
		} else if (mode != SEARCH_NUMBER || count == type) {
			return msg;
		}
		count++;
	}
	return found;
}

/* Takes msg out of q for the running process. */
static void unlink_message(struct msg_queue *q, struct message *msg)
{
	list_del(&msg->list);
	q->qnum--;
	q->cbytes -= msg->size;
	q->rtime = now_seconds();
	q->lrpid = current->tgid;
	bytes_in_use -= msg->size;
	messages_in_use--;
	wake_senders(q);
}

/* Finds or waits for a message, as Linux's do_msgrcv: the message taken out of the queue
 * (with MSG_COPY, copy filled in from it instead) or NULL with *err. */
static struct message *receive_message(int msqid, uint64_t size, int64_t type, int flg,
				       struct message *copy, int *err)
{
	enum search mode = search_mode(&type, flg);
	for (;;) {
		struct msg_queue *q = queue_of(ipc_find_id(&msg_ids, msqid));
		*err = !q ? -EINVAL : !ipc_may_access(&q->ipc, 0444) ? -EACCES : 0;
		if (*err)
			return NULL;
		struct message *msg = find_message(q, type, mode);
		if (msg) {
			*err = size < msg->size && !(flg & MSG_NOERROR) ? -E2BIG :
			       copy && msg->size > copy->size ? -EINVAL : 0;
			if (*err)
				return NULL;
			if (!copy) {
				unlink_message(q, msg);
				return msg;
			}
			memcpy(copy->text, msg->text, msg->size);
			copy->type = msg->type;
			copy->size = msg->size;
			return copy;
		}
		if (flg & IPC_NOWAIT) {
			*err = -ENOMSG;
			return NULL;
		}
		struct msg_receiver r = { .mode = mode, .type = type, .tgid = current->tgid,
					  .maxsize = (flg & MSG_NOERROR) ? INT32_MAX : size };
		list_add_tail(&r.list, &q->receivers);
		wait_for_outcome(&r, &r.outcome);
		if (r.outcome == GOT_MESSAGE)
			return r.msg;
		*err = r.err;
		if (r.outcome == FAILED)
			return NULL;
		list_del(&r.list);
		if (signal_pending()) {
			*err = -ERESTARTNOHAND;
			return NULL;
		}
	}
}

/* msgrcv: a message of the type asked into msgp (its type, then at most size bytes of
 * its text); returns the bytes copied. MSG_COPY (with IPC_NOWAIT, without MSG_EXCEPT)
 * copies the message at index type and leaves it in the queue. */
static int64_t sys_msgrcv(int msqid, struct linux_msgbuf *msgp, uint64_t size, int64_t type,
			  int flg)
{
	if (msqid < 0 || (int64_t)size < 0)
		return -EINVAL;
	struct message *copy = NULL;
	int err;
	if (flg & MSG_COPY) {
		if ((flg & MSG_EXCEPT) || !(flg & IPC_NOWAIT))
			return -EINVAL;
		/* Linux's prepare_copy loads the user's buffer into the copy first. */
		uint64_t max = (uint64_t)msg_ctlmax;
		copy = load_message(msgp->mtext, size < max ? size : max, &err);
		if (!copy)
			return err;
	}
	struct message *msg = receive_message(msqid, size, type, flg, copy, &err);
	if (!msg) {
		kfree(copy);
		return err;
	}
	size_t n = size < msg->size ? size : msg->size;
	int64_t got = (int64_t)n;
	if (copy_to_user(&msgp->mtype, &msg->type, sizeof(msg->type)) ||
	    copy_to_user(msgp->mtext, msg->text, n))
		got = -EFAULT;
	kfree(msg);
	return got;
}
SYSCALL_DEFINE(70, sys_msgrcv);

/* IPC_INFO (the limits) and MSG_INFO (what the queues use): returns the highest index. */
static int64_t msg_info(int cmd, void *buf)
{
	struct linux_msginfo info = {
		.msgmni = msg_ctlmni, .msgmax = msg_ctlmax, .msgmnb = msg_ctlmnb,
		.msgssz = MSGSSZ, .msgseg = MSGSEG,
		.msgpool = cmd == MSG_INFO ? msg_ids.in_use : MSGPOOL,
		.msgmap = cmd == MSG_INFO ? (int32_t)messages_in_use : MSGMAP,
		.msgtql = cmd == MSG_INFO ? (int32_t)bytes_in_use : MSGTQL,
	};
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return ipc_max_index(&msg_ids);
}

/* IPC_STAT (by id, returning 0) and MSG_STAT, MSG_STAT_ANY (by index, returning the id;
 * MSG_STAT_ANY without the read permission). */
static int64_t msg_stat(int msqid, int cmd, void *buf)
{
	struct msg_queue *q = queue_of(cmd == IPC_STAT ? ipc_find_id(&msg_ids, msqid) :
				       ipc_find_index(&msg_ids, msqid));
	if (!q)
		return -EINVAL;
	if (cmd != MSG_STAT_ANY && !ipc_may_access(&q->ipc, 0444))
		return -EACCES;
	struct linux_msqid64_ds ds;
	memset(&ds, 0, sizeof(ds));
	ds.msg_perm = q->ipc.perm;
	ds.msg_stime = q->stime;
	ds.msg_rtime = q->rtime;
	ds.msg_ctime = q->ctime;
	ds.msg_cbytes = q->cbytes;
	ds.msg_qnum = q->qnum;
	ds.msg_qbytes = q->qbytes;
	ds.msg_lspid = q->lspid;
	ds.msg_lrpid = q->lrpid;
	if (copy_to_user(buf, &ds, sizeof(ds)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : q->ipc.id;
}

/* Wakes every waiting receiver to look again (their permission may be gone) and the
 * senders with room (qbytes may have grown): Linux's expunge_all(-EAGAIN), ss_wakeup. */
static void wake_all(struct msg_queue *q)
{
	for (struct list_head *n = q->receivers.next; n != &q->receivers; n = n->next)
		wakeup(list_entry(n, struct msg_receiver, list));
	wake_senders(q);
}

/* IPC_SET: the owner, the permission bits and qbytes (above msgmnb only for root). */
static int64_t msg_set(int msqid, const void *buf)
{
	struct linux_msqid64_ds ds;
	if (copy_from_user(&ds, buf, sizeof(ds)))
		return -EFAULT;
	int err;
	struct msg_queue *q = queue_of(ipc_find_for_change(&msg_ids, msqid, &err));
	if (!q)
		return err;
	if (ds.msg_qbytes > (uint64_t)msg_ctlmnb && current_cred()->euid != 0)
		return -EPERM;
	if ((err = ipc_update_perm(&q->ipc, &ds.msg_perm)))
		return err;
	q->qbytes = ds.msg_qbytes;
	q->ctime = now_seconds();
	wake_all(q);
	return 0;
}

/* IPC_RMID: the queue goes at once with its messages; its waiters fail with EIDRM
 * (Linux's freeque). */
static int64_t msg_rmid(int msqid)
{
	int err;
	struct msg_queue *q = queue_of(ipc_find_for_change(&msg_ids, msqid, &err));
	if (!q)
		return err;
	while (!list_empty(&q->receivers)) {
		struct msg_receiver *r = list_entry(q->receivers.next, struct msg_receiver, list);
		list_del(&r->list);
		r->outcome = FAILED;
		r->err = -EIDRM;
		wakeup(r);
	}
	while (!list_empty(&q->senders)) {
		struct msg_sender *s = list_entry(q->senders.next, struct msg_sender, list);
		list_del(&s->list);
		s->outcome = FAILED;
		wakeup(s);
	}
	while (!list_empty(&q->messages)) {
		struct message *msg = list_entry(q->messages.next, struct message, list);
		list_del(&msg->list);
		messages_in_use--;
		kfree(msg);
	}
	bytes_in_use -= q->cbytes;
	ipc_remove(&msg_ids, &q->ipc);
	kfree(q);
	return 0;
}

static int64_t sys_msgctl(int msqid, int cmd, void *buf)
{
	if (msqid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO: case MSG_INFO:
		return msg_info(cmd, buf);
	case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY:
		return msg_stat(msqid, cmd, buf);
	case IPC_SET:
		return msg_set(msqid, buf);
	case IPC_RMID:
		return msg_rmid(msqid);
	}
	return -EINVAL;
}
SYSCALL_DEFINE(71, sys_msgctl);

void msg_show_sysvipc(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	text_printf(t, "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid"
		    "  cuid  cgid      stime      rtime      ctime\n");
	for (int i = 0; i < msg_ids.table_end; i++) {
		const struct msg_queue *q = queue_of(msg_ids.entries[i]);
		if (!q)
			continue;
		const struct linux_ipc64_perm *p = &q->ipc.perm;
		text_printf(t, "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10ld %10ld"
			    " %10ld\n", p->key, q->ipc.id, p->mode, q->cbytes, q->qnum, q->lspid,
			    q->lrpid, p->uid, p->gid, p->cuid, p->cgid, q->stime, q->rtime,
			    q->ctime);
	}
}
