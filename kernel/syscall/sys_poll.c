/*
 * poll, ppoll, select and pselect6: wait until one of several open files is ready (what
 * fs/poll.h's file_poll says), a timeout passes, or a signal arrives. One loop does all
 * four: look at every file; if none is ready, sleep on poll_channel (which pipes and the
 * terminal wake when they change) until the deadline, and look again.
 *
 * As Linux: a signal makes them return -EINTR (never restarted after a handler, even with
 * SA_RESTART), ppoll and pselect6 wait with a temporary signal mask, and select, pselect6
 * and ppoll write back the time that was left. Timeouts end on a kernel timer. Restarted
 * after a stop, poll waits its whole timeout again (Linux's restart block keeps the time
 * left).
 */
#include "fs/fdtable.h"
#include "fs/poll.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"


/* What select's three sets stand for in POLL* bits (Linux's POLLIN_SET...). */
#define POLLIN_SET  (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET  POLLPRI

/* When to stop waiting: never (forever), at once (a zero timeout), or at a time_ns(). */
struct deadline {
	bool forever;
	uint64_t at;
};

static struct deadline deadline_in(const struct timespec64 *ts)
{
	if (!ts)
		return (struct deadline){ .forever = true };
	uint64_t at = time_deadline_in(timespec_to_ns(ts));
	if (at == SLEEP_FOREVER)
		return (struct deadline){ .forever = true };    /* longer than the machine runs */
	return (struct deadline){ .at = at };
}

static bool passed(const struct deadline *d)
{
	return !d->forever && time_ns() >= d->at;
}

/* The time left before d, for the calls that write it back. */
static struct timespec64 time_left(const struct deadline *d)
{
	uint64_t now = time_ns();
	return ns_to_timespec(d->at > now ? (int64_t)(d->at - now) : 0);
}

/* One look at every descriptor: fills revents, returns how many are ready. */
typedef int (*scan_fn)(void *what);

/*
 * Looks (scan) until something is ready, the deadline passes or a signal arrives: the
 * count scan found, 0 at the deadline, or -ERESTARTNOHAND. Interrupts stay off between a
 * look and the sleep, so that the terminal's wakeup cannot slip in between.
 */
static int64_t wait_ready(scan_fn scan, void *what, const struct deadline *d)
{
	irq_disable();
	for (;;) {
		int n = scan(what);
		if (n != 0 || passed(d))
			break;
		if (signal_pending()) {
			irq_enable();
			return -ERESTARTNOHAND;
		}
		sleep_on(&poll_channel, d->forever ? 0 : d->at);
	}
	irq_enable();
	return scan(what);                      /* with interrupts on: the final answer */
}

/* --- poll and ppoll --- */

struct poll_list {
	struct linux_pollfd *fds;
	unsigned nfds;
};

static int scan_pollfds(void *what)
{
	struct poll_list *l = what;
	int ready = 0;
	for (unsigned i = 0; i < l->nfds; i++) {
		struct linux_pollfd *p = &l->fds[i];
		p->revents = 0;
		if (p->fd < 0)
			continue;                       /* ignored, as POSIX says */
		struct file *f = fd_file(current->fds, p->fd);
		uint32_t mask = f ? file_poll(f) : POLLNVAL;
		p->revents = (int16_t)(mask & ((uint16_t)p->events | POLLERR | POLLHUP | POLLNVAL));
		ready += p->revents != 0;
	}
	return ready;
}

static int64_t do_poll(struct linux_pollfd *ufds, unsigned nfds, const struct deadline *d)
{
	if (nfds > current->rlimits[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	struct poll_list l = { NULL, nfds };
	if (nfds) {
		l.fds = kmalloc(nfds * sizeof(*l.fds));
		if (!l.fds)
			return -ENOMEM;
		if (copy_from_user(l.fds, ufds, nfds * sizeof(*l.fds))) {
			kfree(l.fds);
			return -EFAULT;
		}
	}
	int64_t r = wait_ready(scan_pollfds, &l, d);
	for (unsigned i = 0; r >= 0 && i < nfds; i++)
		if (copy_to_user(&ufds[i].revents, &l.fds[i].revents, sizeof(l.fds[i].revents)))
			r = -EFAULT;
	kfree(l.fds);
	return r;
}

static int64_t sys_poll(struct linux_pollfd *ufds, unsigned nfds, int timeout_ms)
{
	struct timespec64 ts = { timeout_ms / 1000, (int64_t)(timeout_ms % 1000) * 1000000 };
	struct deadline d = deadline_in(timeout_ms < 0 ? NULL : &ts);
	return do_poll(ufds, nfds, &d);
}
SYSCALL_DEFINE(7, sys_poll);

/* Reads a timeout (NULL: none) into *ts; 0, -EFAULT or -EINVAL. */
static int get_timeout(const struct timespec64 *uts, struct timespec64 *ts)
{
	if (copy_from_user(ts, uts, sizeof(*ts)))
		return -EFAULT;
	return timespec_valid(ts) ? 0 : -EINVAL;
}

/* Reads the temporary mask of ppoll or pselect6 (NULL: none); 0 or -errno. */
static int get_mask(const uint64_t *umask, uint64_t size, uint64_t *mask)
{
	if (!umask)
		return 0;
	if (size != 8)
		return -EINVAL;
	return copy_from_user(mask, umask, 8) ? -EFAULT : 0;
}

/* The time left, written back as Linux's poll_select_finish does: not for a zero timeout;
 * a fault is ignored, but an interrupted call then returns -EINTR (it cannot restart with
 * the right time). */
static int64_t put_time_left(struct timespec64 *uts, const struct timespec64 *asked,
			     const struct deadline *d, int64_t r)
{
	if (!uts || (asked->tv_sec == 0 && asked->tv_nsec == 0))
		return r;
	struct timespec64 left = time_left(d);
	if (copy_to_user(uts, &left, sizeof(left)) && r == -ERESTARTNOHAND)
		return -EINTR;
	return r;
}

static int64_t sys_ppoll(struct linux_pollfd *ufds, unsigned nfds, struct timespec64 *uts,
			 const uint64_t *umask, uint64_t sigsetsize)
{
	struct timespec64 ts = { 0, 0 };
	uint64_t mask = 0;
	int err = uts ? get_timeout(uts, &ts) : 0;
	if (!err)
		err = get_mask(umask, sigsetsize, &mask);
	if (err)
		return err;
	struct deadline d = deadline_in(uts ? &ts : NULL);
	if (umask)
		signal_temporary_mask(mask);
	int64_t r = do_poll(ufds, nfds, &d);
	signal_end_temporary_mask(r);
	return put_time_left(uts, &ts, &d, r);
}
SYSCALL_DEFINE(271, sys_ppoll);

/* --- select and pselect6 --- */

/* select's three sets, as asked and as answered: bit maps of `words` 64-bit words each,
 * allocated for the call (a process may have thousands of descriptors). */
struct select_sets {
	int nfds;
	size_t words;
	uint64_t *in[3];                        /* read, write, except */
	uint64_t *out[3];
};

static bool fd_isset(const uint64_t *set, int fd)
{
	return (set[fd / 64] >> (fd % 64)) & 1;
}

static bool fd_asked(const struct select_sets *s, int fd)
{
	return fd_isset(s->in[0], fd) || fd_isset(s->in[1], fd) || fd_isset(s->in[2], fd);
}

static int scan_sets(void *what)
{
	static const uint32_t wanted[3] = { POLLIN_SET, POLLOUT_SET, POLLEX_SET };
	struct select_sets *s = what;
	for (int k = 0; k < 3; k++)
		memset(s->out[k], 0, s->words * 8);
	int ready = 0;
	for (int fd = 0; fd < s->nfds; fd++) {
		if (!fd_asked(s, fd))
			continue;
		/* Closed while we slept: never ready, as Linux's POLLNVAL is in no set. */
		struct file *f = fd_file(current->fds, fd);
		uint32_t mask = f ? file_poll(f) : 0;
		for (int k = 0; k < 3; k++)
			if (fd_isset(s->in[k], fd) && (mask & wanted[k])) {
				s->out[k][fd / 64] |= 1ULL << (fd % 64);
				ready++;
			}
	}
	return ready;
}

static int64_t do_select(int nfds, struct linux_fd_set *uset[3], const struct deadline *d)
{
	if (nfds < 0)
		return -EINVAL;
	if (nfds > current->fds->size)
		nfds = current->fds->size;       /* no descriptor lies beyond the table */
	struct select_sets s = { .nfds = nfds, .words = ((size_t)nfds + 63) / 64 };
	size_t bytes = s.words * 8;
	uint64_t *maps = kzalloc(6 * bytes + 8);        /* + 8: never a zero-sized request */
	if (!maps)
		return -ENOMEM;
	for (int k = 0; k < 3; k++) {
		s.in[k] = maps + k * s.words;
		s.out[k] = maps + (3 + k) * s.words;
	}
	int64_t r = 0;
	for (int k = 0; !r && k < 3; k++)
		if (uset[k] && copy_from_user(s.in[k], uset[k], bytes))
			r = -EFAULT;
	for (int fd = 0; !r && fd < nfds; fd++)
		if (fd_asked(&s, fd) && !fd_file(current->fds, fd))
			r = -EBADF;
	if (!r)
		r = wait_ready(scan_sets, &s, d);
	for (int k = 0; r >= 0 && k < 3; k++)
		if (uset[k] && copy_to_user(uset[k], s.out[k], bytes))
			r = -EFAULT;
	kfree(maps);
	return r;
}

static int64_t sys_select(int nfds, struct linux_fd_set *rd, struct linux_fd_set *wr,
			  struct linux_fd_set *ex, struct linux_timeval *utv)
{
	struct linux_timeval tv = { 0, 0 };
	if (utv && copy_from_user(&tv, utv, sizeof(tv)))
		return -EFAULT;
	if (utv && (tv.tv_sec < 0 || tv.tv_usec < 0))
		return -EINVAL;
	/* Microseconds past a second carry over, as Linux's select does. */
	struct timespec64 ts = { tv.tv_sec + tv.tv_usec / 1000000, tv.tv_usec % 1000000 * 1000 };
	struct deadline d = deadline_in(utv ? &ts : NULL);
	struct linux_fd_set *sets[3] = { rd, wr, ex };
	int64_t r = do_select(nfds, sets, &d);
	if (!utv || (tv.tv_sec == 0 && tv.tv_usec == 0))
		return r;
	struct timespec64 left = time_left(&d);
	struct linux_timeval tv_left = { left.tv_sec, left.tv_nsec / 1000 };
	if (copy_to_user(utv, &tv_left, sizeof(tv_left)) && r == -ERESTARTNOHAND)
		return -EINTR;
	return r;
}
SYSCALL_DEFINE(23, sys_select);

/* pselect6's sixth argument: the mask and its size, as the C library passes them. */
struct pselect_sigmask {
	const uint64_t *mask;
	uint64_t size;
};

static int64_t sys_pselect6(int nfds, struct linux_fd_set *rd, struct linux_fd_set *wr,
			    struct linux_fd_set *ex, struct timespec64 *uts,
			    const struct pselect_sigmask *usig)
{
	struct timespec64 ts = { 0, 0 };
	struct pselect_sigmask sig = { NULL, 0 };
	uint64_t mask = 0;
	int err = uts ? get_timeout(uts, &ts) : 0;
	if (!err && usig && copy_from_user(&sig, usig, sizeof(sig)))
		err = -EFAULT;
	if (!err)
		err = get_mask(sig.mask, sig.size, &mask);
	if (err)
		return err;
	struct deadline d = deadline_in(uts ? &ts : NULL);
	if (sig.mask)
		signal_temporary_mask(mask);
	struct linux_fd_set *sets[3] = { rd, wr, ex };
	int64_t r = do_select(nfds, sets, &d);
	signal_end_temporary_mask(r);
	return put_time_left(uts, &ts, &d, r);
}
SYSCALL_DEFINE(270, sys_pselect6);
