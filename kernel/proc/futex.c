/*
 * Futexes: a word in user memory that processes wait on (FUTEX_WAIT: "sleep while it
 * still holds this value") and wake each other through (FUTEX_WAKE). C libraries build
 * their mutexes, condition variables and thread joins on them, spinning in user space and
 * calling the kernel only under contention.
 *
 * Which word a waiter waits on is its key, as in Linux's get_futex_key: a private futex
 * (FUTEX_PRIVATE_FLAG, or a word in private memory) is named by its address space and
 * address; a word in shared memory (MAP_SHARED of a file or of anonymous memory) by the
 * VM object and the byte offset in it, so that processes which map the same page at
 * different addresses, or across fork, meet on it.
 *
 * Waiters are on one list (few processes wait at once here); each sleeps on its own
 * entry (futex_waitv's process, with an entry per word, on the first of them). One CPU and a kernel that is not preempted make "compare, then sleep" atomic, as
 * long as nothing sleeps in between: the waiter is queued before the word is read, so a
 * wake that comes while the read waits for a page finds it.
 */
#include "kernel/proc/futex.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/lib/list.h"
#include "kernel/printk.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

enum {
	FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4,
	FUTEX_WAKE_OP = 5, FUTEX_LOCK_PI = 6, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10,
	FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256,
};
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define NSEC_PER_TICK (1000000000LL / HZ)

/* What a futex word is: (mm, address) or (object, offset). */
struct futex_key {
	const void *space;
	uint64_t offset;
};

struct futex_waiter {
	struct list_head link;
	struct futex_key key;
	uint32_t bitset;
	bool woken;
	const void *chan;       /* where its process sleeps: itself, or (futex_waitv) the
				 * first of its waiters */
};

static struct list_head waiters = LIST_HEAD_INIT(waiters);

/* The key of the word at uaddr, as Linux's get_futex_key; 0, -EINVAL or -EFAULT. */
static int futex_key(uint64_t uaddr, bool private, struct futex_key *key)
{
	if (uaddr % 4)
		return -EINVAL;
	if (!user_range_ok(uaddr, 4))
		return -EFAULT;
	struct mm *mm = current->mm;
	if (!private) {
		/* A shared futex's page must be there to name it (Linux pins it): unmapped,
		 * PROT_NONE, or past the end of its file is EFAULT. */
		uint32_t word;
		if (copy_from_user(&word, (const void *)uaddr, 4))
			return -EFAULT;
		struct vma *v = vma_find(&mm->vmas, uaddr);
		if (!v)
			return -EFAULT;
		if ((v->flags & VMA_SHARED) && v->object) {
			*key = (struct futex_key){ v->object,
				vma_page_index(v, uaddr) * PAGE_SIZE + (uaddr & (PAGE_SIZE - 1)) };
			return 0;
		}
	}
	*key = (struct futex_key){ mm, uaddr };
	return 0;
}

static bool same_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->offset == b->offset;
}

/* Wakes up to n waiters on key whose bitset meets bitset; how many. */
static int wake(const struct futex_key *key, int n, uint32_t bitset)
{
	int woken = 0;
	struct list_head *it = waiters.next;
	while (it != &waiters) {
		struct futex_waiter *w = list_entry(it, struct futex_waiter, link);
		it = it->next;                  /* before w leaves the list */
		if (!same_key(&w->key, key) || !(w->bitset & bitset))
			continue;
		list_del(&w->link);
		w->woken = true;
		wakeup(w->chan);
		if (++woken >= n)
			break;                  /* after one at least: Linux wakes one for n <= 0 */
	}
	return woken;
}

/* The tick a FUTEX_WAIT timeout ends at (relative), or a WAIT_BITSET one (absolute on
 * CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag); 0 for none. -EINVAL/-EFAULT. */
static int64_t deadline_ns(const struct timespec64 *uts, bool absolute, bool realtime)
{
	if (!uts)
		return 0;
	struct timespec64 ts;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	int64_t ns = timespec_to_ns(&ts);
	if (absolute) {
		int64_t mono = realtime ? ns - time_boot_epoch_ns() : ns;
		return mono > 0 ? mono : 1;     /* already past: times out at once */
	}
	int64_t now = (int64_t)time_ns();
	return ns > INT64_MAX - now ? INT64_MAX : now + ns;
}

/* FUTEX_WAIT(_BITSET): sleeps while *uaddr == val, until woken, timed out, or signalled. */
static int64_t futex_wait(uint64_t uaddr, bool private, uint32_t val, uint64_t deadline,
			  uint32_t bitset)
{
	if (!bitset)
		return -EINVAL;
	struct futex_waiter w = { .bitset = bitset, .chan = &w };
	int err = futex_key(uaddr, private, &w.key);
	if (err)
		return err;
	list_add_tail(&w.link, &waiters);       /* before the read: see the comment above */
	uint32_t now;
	err = copy_from_user(&now, (void *)uaddr, 4) ? -EFAULT : 0;
	if (err || now != val) {
		if (w.woken)
			return 0;               /* woken while the read slept: as Linux, success */
		list_del(&w.link);
		return err ? err : -EAGAIN;
	}
	irq_disable();
	while (!w.woken && !signal_pending() && (!deadline || time_ns() < deadline))
		sleep_on(&w, deadline);
	irq_enable();
	if (w.woken)
		return 0;
	list_del(&w.link);
	if (deadline && time_ns() >= deadline)
		return -ETIMEDOUT;
	/* A timed wait is never restarted after a handler, SA_RESTART or not (Linux's restart
	 * block); after a stop it starts over with its whole timeout. */
	return deadline ? -ERESTARTNOHAND : -ERESTARTSYS;
}

/* FUTEX_REQUEUE and CMP_REQUEUE: wakes n on key, moves up to n2 others to key2. */
static int64_t futex_requeue(const struct futex_key *key, const struct futex_key *key2, int n,
			     int n2)
{
	int done = n > 0 ? wake(key, n, FUTEX_BITSET_MATCH_ANY) : 0;     /* 0: move them all */
	struct list_head *it;
	int moved = 0;
	list_for_each(it, &waiters) {
		struct futex_waiter *w = list_entry(it, struct futex_waiter, link);
		if (moved >= n2)
			break;
		if (same_key(&w->key, key)) {
			w->key = *key2;
			moved++;
		}
	}
	return done + moved;
}

/* FUTEX_WAKE_OP's operation on the old value, and its comparison (Linux's encoding). */
static bool wake_op_apply(uint32_t encoded, uint32_t old, uint32_t *new_value)
{
	uint32_t op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int32_t oparg = ((int32_t)(encoded << 8)) >> 20;        /* 12 bits, signed */
	int32_t cmparg = ((int32_t)(encoded << 20)) >> 20;
	if ((encoded >> 28) & 8)
		oparg = (int32_t)(1u << (oparg & 31));  /* OPARG_SHIFT, masked as Linux */
	switch (op) {
	case 0: *new_value = (uint32_t)oparg; break;            /* SET */
	case 1: *new_value = old + (uint32_t)oparg; break;      /* ADD */
	case 2: *new_value = old | (uint32_t)oparg; break;      /* OR */
	case 3: *new_value = old & ~(uint32_t)oparg; break;     /* ANDN */
	default: *new_value = old ^ (uint32_t)oparg; break;     /* XOR */
	}
	int32_t o = (int32_t)old;
	switch (cmp) {
	case 0: return o == cmparg;
	case 1: return o != cmparg;
	case 2: return o < cmparg;
	case 3: return o <= cmparg;
	case 4: return o > cmparg;
	default: return o >= cmparg;
	}
}

static int64_t futex_wake_op(const struct futex_key *key, uint64_t uaddr2,
			     const struct futex_key *key2, int n, int n2, uint32_t encoded)
{
	uint32_t op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	if (op > 4 || cmp > 5)
		return -ENOSYS;                 /* as Linux's arch_futex_atomic_op_inuser */
	uint32_t old, new_value;
	if (copy_from_user(&old, (void *)uaddr2, 4))
		return -EFAULT;
	bool also = wake_op_apply(encoded, old, &new_value);
	if (copy_to_user((void *)uaddr2, &new_value, 4))
		return -EFAULT;
	int done = wake(key, n, FUTEX_BITSET_MATCH_ANY);
	if (also)
		done += wake(key2, n2, FUTEX_BITSET_MATCH_ANY);
	return done;
}

static int64_t sys_futex(uint64_t uaddr, int op, uint32_t val, uint64_t timeout_or_val2,
			 uint64_t uaddr2, uint32_t val3)
{
	bool private = op & FUTEX_PRIVATE_FLAG, realtime = op & FUTEX_CLOCK_REALTIME;
	int cmd = op & FUTEX_CMD_MASK;
	if (realtime && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	struct futex_key key, key2;
	int err;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET: {
		int64_t deadline = deadline_ns((const struct timespec64 *)timeout_or_val2,
					       cmd == FUTEX_WAIT_BITSET, realtime);
		if (deadline < 0)
			return deadline;
		return futex_wait(uaddr, private, val, (uint64_t)deadline,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3);
	}
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		uint32_t bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
		if (!bitset)
			return -EINVAL;
		if ((err = futex_key(uaddr, private, &key)))
			return err;
		return wake(&key, (int)val, bitset);
	}
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if ((int)val < 0 || (int)timeout_or_val2 < 0)
			return -EINVAL;
		if ((err = futex_key(uaddr, private, &key)) || (err = futex_key(uaddr2, private, &key2)))
			return err;
		if (cmd == FUTEX_CMP_REQUEUE) {
			uint32_t now;
			if (copy_from_user(&now, (void *)uaddr, 4))
				return -EFAULT;
			if (now != val3)
				return -EAGAIN;
		}
		return futex_requeue(&key, &key2, (int)val, (int)timeout_or_val2);
	case FUTEX_WAKE_OP:
		if ((err = futex_key(uaddr, private, &key)) || (err = futex_key(uaddr2, private, &key2)))
			return err;
		return futex_wake_op(&key, uaddr2, &key2, (int)val, (int)timeout_or_val2, val3);
	default:
		if (cmd >= FUTEX_LOCK_PI && cmd <= 13 && cmd != FUTEX_WAIT_BITSET &&
		    cmd != FUTEX_WAKE_BITSET)
			pr_warn("futex: %s[%d] asked for priority-inheritance operation %d, which "
				"this kernel does not have: -ENOSYS\n", current->name, current->pid,
				cmd);
		return -ENOSYS;
	}
}
SYSCALL_DEFINE(202, sys_futex);

/* --- futex_waitv: one sleep on several futexes, woken by a wake on any of them --- */

#define FUTEX_WAITV_MAX 128
#define FUTEX2_SIZE_U32 0x02            /* the only size Linux takes: 32-bit words */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

struct linux_futex_waitv {              /* Linux's struct futex_waitv */
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

struct waitv_entry {
	struct futex_waiter w;
	uint64_t uaddr;
	uint32_t val;
	bool private;
};

/* Reads and checks the n waiters of uwaiters into e, as Linux's futex_parse_waitv: -EFAULT,
 * -EINVAL for a flag other than FUTEX2_SIZE_U32 and FUTEX2_PRIVATE (which must have the
 * size), or a reserved field that is not 0. */
static int waitv_parse(struct waitv_entry *e, const struct linux_futex_waitv *uwaiters,
		       unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct linux_futex_waitv aux;
		if (copy_from_user(&aux, &uwaiters[i], sizeof(aux)))
			return -EFAULT;
		if ((aux.flags & ~(FUTEX2_SIZE_U32 | FUTEX_PRIVATE_FLAG)) || aux.reserved ||
		    !(aux.flags & FUTEX2_SIZE_U32))
			return -EINVAL;
		e[i] = (struct waitv_entry){ .w = { .bitset = FUTEX_BITSET_MATCH_ANY, .chan = e },
					     .uaddr = aux.uaddr, .val = (uint32_t)aux.val,
					     .private = aux.flags & FUTEX_PRIVATE_FLAG };
	}
	return 0;
}

/* Queues the n waiters, each before its word is read (see the comment at the top); stops
 * at the first that cannot be named (-EINVAL, -EFAULT) or whose word no longer holds its
 * value (-EAGAIN). *queued: how many were queued. */
static int waitv_queue(struct waitv_entry *e, unsigned n, unsigned *queued)
{
	for (*queued = 0; *queued < n; (*queued)++) {
		struct waitv_entry *x = &e[*queued];
		int err = futex_key(x->uaddr, x->private, &x->w.key);
		if (err)
			return err;
		list_add_tail(&x->w.link, &waiters);
		uint32_t now;
		if (copy_from_user(&now, (void *)x->uaddr, 4)) {
			(*queued)++;
			return -EFAULT;
		}
		if (now != x->val) {
			(*queued)++;
			return -EAGAIN;
		}
	}
	return 0;
}

/* The index of the first of the n waiters a wake took off the list, or -1. */
static int waitv_first_woken(const struct waitv_entry *e, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (e[i].w.woken)
			return (int)i;
	return -1;
}

/* Takes the n queued waiters off the list; the index of the last one a wake took off
 * first, or -1 if none was woken. */
static int waitv_unqueue(struct waitv_entry *e, unsigned n)
{
	int woken = -1;
	for (unsigned i = 0; i < n; i++) {
		if (e[i].w.woken)
			woken = (int)i;
		else
			list_del(&e[i].w.link);
	}
	return woken;
}

/* futex_waitv(2), Linux 5.16's: sleeps until a FUTEX_WAKE on any of the nr words (each
 * still holding its value when queued: else EAGAIN), a signal, or the absolute timeout
 * on clockid (CLOCK_MONOTONIC or CLOCK_REALTIME); returns the index of the word woken. */
static int64_t sys_futex_waitv(const struct linux_futex_waitv *uwaiters, unsigned nr,
			       unsigned flags, const struct timespec64 *timeout, int clockid)
{
	if (flags || !nr || nr > FUTEX_WAITV_MAX || !uwaiters)
		return -EINVAL;
	int64_t deadline = 0;
	if (timeout) {
		if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
			return -EINVAL;
		deadline = deadline_ns(timeout, true, clockid == CLOCK_REALTIME);
		if (deadline < 0)
			return deadline;
	}
	struct waitv_entry *e = kmalloc(nr * sizeof(*e));
	if (!e)
		return -ENOMEM;
	unsigned queued = 0;
	int64_t ret = waitv_parse(e, uwaiters, nr);
	if (!ret)
		ret = waitv_queue(e, nr, &queued);
	if (!ret) {
		irq_disable();
		while (waitv_first_woken(e, nr) < 0 && !signal_pending() &&
		       (!deadline || time_ns() < (uint64_t)deadline))
			sleep_on(e, (uint64_t)deadline);
		irq_enable();
	}
	int woken = waitv_unqueue(e, queued);
	kfree(e);
	if (woken >= 0)
		return woken;                   /* a wake came, even while queueing */
	if (ret)
		return ret;
	if (deadline && time_ns() >= (uint64_t)deadline)
		return -ETIMEDOUT;
	return deadline ? -ERESTARTNOHAND : -ERESTARTSYS;
}
SYSCALL_DEFINE(449, sys_futex_waitv);

/* --- robust futexes: locks a dying process held are marked and handed on --- */

#define ROBUST_LIST_HEAD_SIZE 24        /* struct robust_list_head on x86-64 */
#define ROBUST_LIST_LIMIT 2048          /* entries walked at most, as Linux */
#define FUTEX_WAITERS    0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK   0x3fffffffu

static int64_t sys_set_robust_list(uint64_t head, uint64_t len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	return 0;
}
SYSCALL_DEFINE(273, sys_set_robust_list);

static int64_t sys_get_robust_list(int pid, uint64_t *uhead, uint64_t *ulen)
{
	struct proc *p = pid ? proc_find(pid) : current;
	if (!p)
		return -ESRCH;
	uint64_t len = ROBUST_LIST_HEAD_SIZE;
	if (copy_to_user(ulen, &len, 8) || copy_to_user(uhead, &p->robust_list, 8))
		return -EFAULT;
	return 0;
}
SYSCALL_DEFINE(274, sys_get_robust_list);

/* The lock word at uaddr was held by the dying current: mark its owner dead and wake one
 * waiter, as Linux's handle_futex_death. */
static void futex_owner_died(uint64_t uaddr)
{
	uint32_t word;
	if (uaddr % 4 || copy_from_user(&word, (void *)uaddr, 4))
		return;
	if ((word & FUTEX_TID_MASK) != (uint32_t)current->pid)
		return;
	uint32_t marked = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user((void *)uaddr, &marked, 4))
		return;
	struct futex_key key;
	if ((word & FUTEX_WAITERS) && !futex_key(uaddr, false, &key))
		wake(&key, 1, FUTEX_BITSET_MATCH_ANY);
}

void futex_wake_one(uint64_t uaddr)
{
	struct futex_key key;
	if (!futex_key(uaddr, false, &key))
		wake(&key, 1, FUTEX_BITSET_MATCH_ANY);
}

void futex_exit(void)
{
	uint64_t head[3];                       /* next, futex_offset, list_op_pending */
	if (!current->robust_list || !current->mm ||
	    copy_from_user(head, (void *)current->robust_list, sizeof(head)))
		return;
	int64_t offset = (int64_t)head[1];
	uint64_t entry = head[0];
	for (int n = 0; entry != current->robust_list && n < ROBUST_LIST_LIMIT; n++) {
		uint64_t next;
		if (copy_from_user(&next, (void *)(entry & ~1ull), 8))
			return;
		if ((entry & ~1ull) != head[2])
			futex_owner_died((entry & ~1ull) + (uint64_t)offset);
		entry = next;
	}
	if (head[2])
		futex_owner_died(head[2] + (uint64_t)offset);
}
