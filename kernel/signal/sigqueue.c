/* Pending signals and the queue of real-time ones (see sigqueue.h). */
#include "kernel/signal/sigqueue.h"
#include "kernel/signal/signal.h"
#include "mm/kmalloc.h"

/* A real-time signal waiting behind the pending one of its number. */
struct sigqueue_entry {
	struct list_head link;          /* in struct sigpending's queue, in the order sent */
	int sig;
	struct sig_info info;
};

void sigpending_init(struct sigpending *p)
{
	p->set = 0;
	list_init(&p->queue);
}

/* How many instances wait in p's queue. */
static int queued(const struct sigpending *p)
{
	int n = 0;
	for (struct list_head *it = p->queue.next; it != &p->queue; it = it->next)
		n++;
	return n;
}

void sigpending_add(struct sigpending *p, int sig, const struct sig_info *info)
{
	if (!(p->set & sig_bit(sig))) {
		p->info[sig] = *info;
		p->set |= sig_bit(sig);
		return;
	}
	if (sig < SIGRTMIN_KERNEL || queued(p) >= SIGQUEUE_MAX)
		return;                         /* merged with the one waiting */
	struct sigqueue_entry *e = kmalloc(sizeof(*e));
	if (!e)
		return;
	e->sig = sig;
	e->info = *info;
	list_add_tail(&e->link, &p->queue);
}

void sigpending_take(struct sigpending *p, int sig, struct sig_info *out)
{
	*out = p->info[sig];
	p->set &= ~sig_bit(sig);
	for (struct list_head *it = p->queue.next; it != &p->queue; it = it->next) {
		struct sigqueue_entry *e = list_entry(it, struct sigqueue_entry, link);
		if (e->sig != sig)
			continue;
		p->info[sig] = e->info;         /* the next one sent is pending now */
		p->set |= sig_bit(sig);
		list_del(&e->link);
		kfree(e);
		return;
	}
}

void sigpending_release(struct sigpending *p)
{
	while (!list_empty(&p->queue)) {
		struct sigqueue_entry *e = list_entry(p->queue.next, struct sigqueue_entry, link);
		list_del(&e->link);
		kfree(e);
	}
	p->set = 0;
}
