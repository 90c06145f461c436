#include "kernel/proc/ptimer.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/signal/signal.h"
#include "kernel/time.h"
#include "mm/kmalloc.h"

#define TICK_NS (NSEC_PER_SEC / HZ)
#define MIN_REARM_NS 10000              /* a timer whose signal was dropped: no storm */

/* A timer on the clock: ITIMER_REAL (id -1) or a POSIX timer. */
struct ptimer {
	struct ktimer kt;
	struct proc *owner;             /* the process's leader, or the thread SIGEV_THREAD_ID
					 * named (until it exits: then the leader) */
	int id;
	bool used;
	bool queued;                    /* its signal is pending: re-armed when it is taken */
	struct ptimer_event ev;
	int64_t offset;                 /* the clock minus time_ns() (absolute settings) */
	uint64_t deadline;              /* time_ns() of the next expiry; 0: disarmed */
	uint64_t interval;
	int64_t overrun;                /* periods missed while the signal was queued */
	int64_t last_overrun;           /* of the last signal taken (timer_getoverrun) */
};

/* A CPU-time itimer: nanoseconds left and the interval, counted down by ticks. */
struct cpu_itimer {
	uint64_t left, interval;
};

struct proc_timers {
	struct ptimer real;
	struct cpu_itimer virt, prof;
	struct ptimer posix[PTIMER_MAX];
};

/* p's timers, made at the first use; NULL when memory ran out. */
static struct proc_timers *timers_of(struct proc *p)
{
	if (!p->group->timers) {
		struct proc_timers *t = kzalloc(sizeof(*t));
		if (!t)
			return NULL;
		t->real = (struct ptimer){ .owner = p->group->leader, .id = -1, .used = true,
					   .ev = { SIGEV_SIGNAL, SIGALRM, 0 } };
		p->group->timers = t;
	}
	return p->group->timers;
}

/* Moves t's deadline past now by whole intervals; returns how many it moved. */
static int64_t forward(struct ptimer *t, uint64_t now)
{
	if (t->deadline > now || !t->interval)
		return 0;
	uint64_t n = (now - t->deadline) / t->interval + 1;
	t->deadline += n * t->interval;
	return (int64_t)n;
}

static void expire(struct ktimer *kt);

static void arm(struct ptimer *t)
{
	ktimer_del(&t->kt);
	if (t->deadline && t->ev.notify != SIGEV_NONE)
		ktimer_add(&t->kt, t->deadline, expire);
}

/* True when sig's pending instance came from t. */
static bool pending_from(const struct ptimer *t)
{
	int sig = t->ev.signo;
	const struct sig_info *pending = signal_pending_info(t->owner, sig,
							     t->ev.notify == SIGEV_THREAD_ID);
	if (!pending)
		return false;
	return t->id < 0 ? sig == SIGALRM : (pending->code == SI_TIMER &&
					      pending->timerid == t->id);
}

/* The deadline came: the signal goes, and the timer waits for it to be taken. */
static void expire(struct ktimer *kt)
{
	struct ptimer *t = container_of(kt, struct ptimer, kt);
	struct sig_info info = { .code = SI_KERNEL };
	if (t->id >= 0)
		info = (struct sig_info){ .code = SI_TIMER, .timerid = t->id, .value = t->ev.value };
	if (t->ev.notify == SIGEV_THREAD_ID)
		signal_send_thread(t->owner, t->ev.signo, &info);
	else
		signal_send_info(t->owner, t->ev.signo, &info);
	if (pending_from(t)) {
		t->queued = true;
		t->overrun = 0;
		if (!t->interval)
			t->deadline = 0;
		return;
	}
	/* Dropped (ignored) or merged into the same signal from elsewhere: go on. */
	if (!t->interval) {
		t->deadline = 0;
		return;
	}
	uint64_t now = time_ns();
	forward(t, now);
	if (t->deadline < now + MIN_REARM_NS)
		t->deadline = now + MIN_REARM_NS;
	arm(t);
}

void ptimer_signal_taken(struct proc *p, int sig, struct sig_info *info)
{
	if (!p->group->timers)
		return;
	struct ptimer *t = NULL;
	if (info->code == SI_TIMER && info->timerid >= 0 && info->timerid < PTIMER_MAX)
		t = &p->group->timers->posix[info->timerid];
	else if (sig == SIGALRM)
		t = &p->group->timers->real;
	if (!t || !t->used || !t->queued || t->ev.signo != sig)
		return;
	uint64_t flags = read_rflags();
	irq_disable();
	t->queued = false;
	if (t->interval && t->deadline) {
		t->overrun += forward(t, time_ns()) - 1;
		if (t->overrun < 0)
			t->overrun = 0;
		arm(t);
	}
	t->last_overrun = t->overrun;
	t->overrun = 0;
	if (info->code == SI_TIMER)
		info->overrun = t->last_overrun > INT32_MAX ? INT32_MAX : (int)t->last_overrun;
	if (flags & (1u << 9))
		irq_enable();
}

/* Sets t from new (value relative, or absolute on t's clock), returning the old setting. */
static void set(struct ptimer *t, bool abs, const struct ptimer_spec *new,
		struct ptimer_spec *old);

static void get(struct ptimer *t, struct ptimer_spec *cur)
{
	uint64_t now = time_ns();
	uint64_t next = t->deadline;
	if (next && next <= now && t->interval)
		next += ((now - next) / t->interval + 1) * t->interval;
	cur->interval = (int64_t)t->interval;
	if (!next)
		cur->value = 0;
	else if (next <= now)
		cur->value = t->ev.notify == SIGEV_NONE ? 0 : 1;  /* due: its signal is on its way */
	else
		cur->value = (int64_t)(next - now);
}

static void set(struct ptimer *t, bool abs, const struct ptimer_spec *new,
		struct ptimer_spec *old)
{
	uint64_t flags = read_rflags();
	irq_disable();
	if (old)
		get(t, old);
	ktimer_del(&t->kt);
	t->queued = false;              /* a signal still pending re-arms nothing */
	t->overrun = 0;
	t->last_overrun = 0;
	t->interval = new->value ? (uint64_t)new->interval : 0;     /* as Linux */
	t->deadline = 0;
	if (new->value) {
		int64_t now = (int64_t)time_ns();
		int64_t when = abs ? new->value - t->offset : now + new->value;
		if (!abs && when < now)
			when = INT64_MAX;       /* overflowed: never */
		t->deadline = when > 0 ? (uint64_t)when : 1;
		arm(t);
	}
	if (flags & (1u << 9))
		irq_enable();
}

static struct cpu_itimer *cpu_itimer(struct proc_timers *pt, int which)
{
	return which == ITIMER_VIRTUAL ? &pt->virt : &pt->prof;
}

int ptimer_itimer_set(struct proc *p, int which, const struct ptimer_spec *new,
		      struct ptimer_spec *old)
{
	struct proc_timers *pt = timers_of(p);
	if (!pt)
		return -ENOMEM;
	if (which == ITIMER_REAL) {
		set(&pt->real, false, new, old);
		if (old && old->value > 0 && old->value < 1000)
			old->value = 1000;      /* due: Linux shows 1 us */
		return 0;
	}
	struct cpu_itimer *c = cpu_itimer(pt, which);
	if (old)
		*old = (struct ptimer_spec){ (int64_t)c->left, (int64_t)c->interval };
	c->left = (uint64_t)new->value;
	c->interval = (uint64_t)new->interval;
	return 0;
}

void ptimer_itimer_get(struct proc *p, int which, struct ptimer_spec *cur)
{
	*cur = (struct ptimer_spec){ 0, 0 };
	if (!p->group->timers)
		return;
	if (which == ITIMER_REAL) {
		uint64_t flags = read_rflags();
		irq_disable();
		get(&p->group->timers->real, cur);
		if (cur->value > 0 && cur->value < 1000)
			cur->value = 1000;      /* due: Linux shows 1 us */
		if (flags & (1u << 9))
			irq_enable();
		return;
	}
	struct cpu_itimer *c = cpu_itimer(p->group->timers, which);
	*cur = (struct ptimer_spec){ (int64_t)c->left, (int64_t)c->interval };
}

/* Counts one tick down on c; true when it expired (and reloaded from its interval). */
static bool cpu_itimer_tick(struct cpu_itimer *c)
{
	if (!c->left)
		return false;
	if (c->left > TICK_NS) {
		c->left -= TICK_NS;
		return false;
	}
	c->left = c->interval;
	return true;
}

void ptimer_cpu_tick(struct proc *p, bool user)
{
	if (!p->group->timers)
		return;
	if (user && cpu_itimer_tick(&p->group->timers->virt))
		signal_send(p, SIGVTALRM);
	if (cpu_itimer_tick(&p->group->timers->prof))
		signal_send(p, SIGPROF);
}

int ptimer_create(struct proc *p, int64_t offset, const struct ptimer_event *ev)
{
	struct proc_timers *pt = timers_of(p);
	if (!pt)
		return -EAGAIN;
	for (int id = 0; id < PTIMER_MAX; id++) {
		struct ptimer *t = &pt->posix[id];
		if (t->used)
			continue;
		struct ptimer_event dfl = { SIGEV_SIGNAL, SIGALRM, (uint64_t)id, 0 };
		*t = (struct ptimer){ .owner = p->group->leader, .id = id, .used = true,
				      .ev = ev ? *ev : dfl, .offset = offset };
		if (t->ev.notify == SIGEV_THREAD_ID)
			t->owner = proc_find(t->ev.tid);        /* checked by the caller */
		return id;
	}
	return -EAGAIN;
}

/* p's POSIX timer id, or NULL. */
static struct ptimer *find(struct proc *p, int id)
{
	if (!p->group->timers || id < 0 || id >= PTIMER_MAX || !p->group->timers->posix[id].used)
		return NULL;
	return &p->group->timers->posix[id];
}

int ptimer_settime(struct proc *p, int id, bool abs, const struct ptimer_spec *new,
		   struct ptimer_spec *old)
{
	struct ptimer *t = find(p, id);
	if (!t)
		return -EINVAL;
	set(t, abs, new, old);
	return 0;
}

int ptimer_gettime(struct proc *p, int id, struct ptimer_spec *cur)
{
	struct ptimer *t = find(p, id);
	if (!t)
		return -EINVAL;
	uint64_t flags = read_rflags();
	irq_disable();
	get(t, cur);
	if (flags & (1u << 9))
		irq_enable();
	return 0;
}

int ptimer_getoverrun(struct proc *p, int id)
{
	struct ptimer *t = find(p, id);
	if (!t)
		return -EINVAL;
	return t->last_overrun > INT32_MAX ? INT32_MAX : (int)t->last_overrun;
}

int ptimer_delete(struct proc *p, int id)
{
	struct ptimer *t = find(p, id);
	if (!t)
		return -EINVAL;
	ktimer_del(&t->kt);
	t->used = false;
	return 0;
}

void ptimer_exec(struct proc *p)
{
	for (int id = 0; id < PTIMER_MAX; id++)
		if (find(p, id))
			ptimer_delete(p, id);
}

void ptimer_thread_exit(struct proc *p)
{
	if (p->group->timers && p->group->timers->real.owner == p)
		p->group->timers->real.owner = p->group->leader;
	for (int id = 0; id < PTIMER_MAX; id++) {
		struct ptimer *t = find(p, id);
		if (t && t->owner == p) {
			t->owner = p->group->leader;
			if (t->ev.notify == SIGEV_THREAD_ID)
				t->ev.notify = SIGEV_SIGNAL;
		}
	}
}

void ptimer_exit(struct proc *p)
{
	if (!p->group->timers)
		return;
	ptimer_exec(p);
	ktimer_del(&p->group->timers->real.kt);
	kfree(p->group->timers);
	p->group->timers = NULL;
}
