/*
 * /proc/sys: kernel settings as files (Linux's sysctl), read as one number and a newline
 * and set by writing one, with Linux's parser and errors, so that `echo 2 >
 * /proc/sys/vm/overcommit_memory` works and `echo 3 > ...` fails with EINVAL as there.
 * Today they are the overcommit policy's settings (mm/commit.h), swap readahead's
 * page-cluster (mm/swap.h), the areas an address space may have, vm/max_map_count
 * (mm/mm.h), this kernel's own fault tracing switch, vm/trace
 * (mm/vmtrace.h), address-space randomization's kernel/randomize_va_space
 * (kernel/exec/layout.h), kernel/pid_max (kernel/proc/proc.h), SysV shared memory's
 * kernel/shmmax, shmall, shmmni and shm_next_id (kernel/ipc/shm.h), message queues'
 * kernel/msgmax, msgmnb, msgmni and msg_next_id (kernel/ipc/msg.h: a next_id is the id
 * the next object made gets, -1 for none, and only 0 or more may be written, as Linux's),
 * semaphores' kernel/sem (four numbers, a vector as Linux's proc_dointvec writes and
 * reads them) and sem_next_id (kernel/ipc/sem.h),
 * kernel/tainted (always 0),
 * and strings: kernel/core_pattern (kernel/exec/coredump.h), hostname (uname's nodename,
 * kernel/uts.h), ostype and osrelease.
 */
#include "fs/pipe.h"
#include "fs/procfs.h"
#include "fs/userfaultfd.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/exec/coredump.h"
#include "kernel/exec/layout.h"
#include "kernel/ipc/msg.h"
#include "kernel/ipc/sem.h"
#include "kernel/ipc/shm.h"
#include "kernel/lib/kstrto.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/proc/proc.h"
#include "kernel/uts.h"
#include "mm/commit.h"
#include "mm/mm.h"
#include "mm/page.h"
#include "mm/swap.h"
#include "mm/vmtrace.h"


/* One setting: an int (Linux's proc_dointvec, with a range for proc_dointvec_minmax) or
 * an unsigned long (proc_doulongvec_minmax, no range here). */
struct sysctl {
	const char *path;
	int *int_value;                 /* one of these two */
	uint64_t *ulong_value;
	bool ranged;
	int min, max;
	void (*written)(void);          /* after a successful write: the settings that go
					 * with this one */
	int (*convert)(uint64_t *val);  /* an unsigned long's own check and rounding: 0 or
					 * -EINVAL */
	int values;                     /* ints in a vector (kernel/sem); 0: one value */
	int (*check)(const int *old);   /* after a vector's write: 0, or an error with the
					 * old values (what it puts back) */
};

#define VECTOR_MAX 4

/* pipe-max-size takes what F_SETPIPE_SZ would round the value to (Linux's
 * proc_dopipe_max_size): a power of two, at least a page, at most 2^31. */
static int round_pipe_max_size(uint64_t *val)
{
	if (*val > (1ull << 31))
		return -EINVAL;
	uint64_t size = PAGE_SIZE;
	while (size < *val)
		size <<= 1;
	*val = size;
	return 0;
}

/* overcommit_ratio and overcommit_kbytes are two ways to give one limit: setting one
 * clears the other, as Linux's overcommit_ratio_handler and overcommit_kbytes_handler. */
static void ratio_written(void)
{
	sysctl_overcommit_kbytes = 0;
}

static void kbytes_written(void)
{
	sysctl_overcommit_ratio = 0;
}

static int tainted;                     /* nothing taints this kernel */

static const struct sysctl sysctls[] = {
	{ "/proc/sys/fs/pipe-max-size", NULL, &pipe_max_size, false, 0, 0, NULL,
	  round_pipe_max_size, 0, NULL },
	{ "/proc/sys/fs/pipe-user-pages-hard", NULL, &pipe_user_pages_hard, false, 0, 0, NULL,
	  NULL, 0, NULL },
	{ "/proc/sys/fs/pipe-user-pages-soft", NULL, &pipe_user_pages_soft, false, 0, 0, NULL,
	  NULL, 0, NULL },
	{ "/proc/sys/kernel/msg_next_id", &msg_ids.next_id, NULL, true, 0, INT32_MAX, NULL,
	  NULL, 0, NULL },
	{ "/proc/sys/kernel/msgmax", &msg_ctlmax, NULL, true, 0, INT32_MAX, NULL, NULL, 0, NULL },
	{ "/proc/sys/kernel/msgmnb", &msg_ctlmnb, NULL, true, 0, INT32_MAX, NULL, NULL, 0, NULL },
	{ "/proc/sys/kernel/msgmni", &msg_ctlmni, NULL, true, 0, IPCMNI, NULL, NULL, 0, NULL },
	{ "/proc/sys/kernel/pid_max", &pid_max, NULL, true, RESERVED_PIDS + 1, PID_MAX_LIMIT,
	  NULL, NULL, 0, NULL },
	{ "/proc/sys/kernel/sem", sem_ctls, NULL, false, 0, 0, NULL, NULL, 4, sem_check_ctls },
	{ "/proc/sys/kernel/sem_next_id", &sem_ids.next_id, NULL, true, 0, INT32_MAX, NULL,
	  NULL, 0, NULL },
	{ "/proc/sys/kernel/randomize_va_space", &randomize_va_space, NULL, true, 0, 2, NULL,
	  NULL, 0, NULL },
	{ "/proc/sys/kernel/shm_next_id", &shm_ids.next_id, NULL, true, 0, INT32_MAX, NULL,
	  NULL, 0, NULL },
	{ "/proc/sys/kernel/shmall", NULL, &shm_ctlall, false, 0, 0, NULL, NULL, 0, NULL },
	{ "/proc/sys/kernel/shmmax", NULL, &shm_ctlmax, false, 0, 0, NULL, NULL, 0, NULL },
	{ "/proc/sys/kernel/shmmni", &shm_ctlmni, NULL, true, 0, IPCMNI, NULL, NULL, 0, NULL },
	{ "/proc/sys/kernel/tainted", &tainted, NULL, false, 0, 0, NULL, NULL, 0, NULL },
	{ "/proc/sys/vm/admin_reserve_kbytes", NULL, &sysctl_admin_reserve_kbytes, false, 0, 0,
	  NULL, NULL, 0, NULL },
	{ "/proc/sys/vm/max_map_count", &sysctl_max_map_count, NULL, true, 0, 0x7fffffff, NULL,
	  NULL, 0, NULL },
	{ "/proc/sys/vm/overcommit_kbytes", NULL, &sysctl_overcommit_kbytes, false, 0, 0,
	  kbytes_written, NULL, 0, NULL },
	{ "/proc/sys/vm/overcommit_memory", &sysctl_overcommit_memory, NULL, true,
	  OVERCOMMIT_GUESS, OVERCOMMIT_NEVER, NULL, NULL, 0, NULL },
	{ "/proc/sys/vm/overcommit_ratio", &sysctl_overcommit_ratio, NULL, false, 0, 0,
	  ratio_written, NULL, 0, NULL },
	{ "/proc/sys/vm/page-cluster", &page_cluster, NULL, true, 0, 31, NULL, NULL, 0, NULL },
	{ "/proc/sys/vm/trace", &vmtrace_on, NULL, true, 0, 1, NULL, NULL, 0, NULL },
	{ "/proc/sys/vm/unprivileged_userfaultfd", &sysctl_unprivileged_userfaultfd, NULL, true,
	  0, 1, NULL, NULL, 0, NULL },
	{ "/proc/sys/vm/user_reserve_kbytes", NULL, &sysctl_user_reserve_kbytes, false, 0, 0,
	  NULL, NULL, 0, NULL },
};

static void show_sysctl(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	const struct sysctl *c = data;
	for (int i = 1; i < c->values; i++)     /* a vector's: tab-separated */
		text_printf(t, "%d\t", c->int_value[i - 1]);
	if (c->int_value)
		text_printf(t, "%d\n", c->int_value[c->values ? c->values - 1 : 0]);
	else
		text_printf(t, "%lu\n", *c->ulong_value);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Linux's longest number (TMPBUFLEN - 1): one this long might run on. */
#define NUMBER_MAX 21

/* Linux's proc_get_long: an optional '-', digits (base 0), then a space, a tab, a newline
 * or the end. Returns the characters used, or -EINVAL. */
static int get_long(const char *s, size_t left, uint64_t *val, bool *neg)
{
	size_t at = 0;
	*neg = s[0] == '-' && left > 1;
	if (*neg)
		at++;
	if (at >= left || s[at] < '0' || s[at] > '9')
		return -EINVAL;
	bool overflow;
	size_t n = parse_integer_base0(s + at, val, &overflow);
	if (overflow)
		return -EINVAL;
	at += n;
	if (at >= NUMBER_MAX)
		return -EINVAL;
	if (at < left && s[at] != ' ' && s[at] != '\t' && s[at] != '\n')
		return -EINVAL;
	return (int)at;
}

/* Checks and converts the number for the setting (a vector's value i): -EINVAL when it
 * does not fit. */
static int store(const struct sysctl *c, int i, uint64_t val, bool neg)
{
	if (c->ulong_value) {
		if (neg || (c->convert && c->convert(&val)))
			return -EINVAL;
		*c->ulong_value = val;
		return 0;
	}
	if (neg ? val > (uint64_t)INT32_MAX + 1 : val > INT32_MAX)
		return -EINVAL;
	int v = neg ? (int)(0 - val) : (int)val;
	if (c->ranged && (v < c->min || v > c->max))
		return -EINVAL;
	c->int_value[i] = v;
	return 0;
}

/* As Linux's __do_proc_dointvec: for each value (one, or a vector's), spaces, the number;
 * then spaces; what follows is left unconsumed. A vector's values are stored as they come:
 * an error after the first leaves those before it set, as Linux's, and fewer numbers set
 * only the first ones. A write past the start of the file changes nothing (Linux's
 * default, sysctl_writes_strict). */
static int64_t write_sysctl(struct proc *unused, const void *data, const struct proc_write *w)
{
	(void)unused;
	const struct sysctl *c = data;
	if (w->off)
		return (int64_t)w->count;
	int old[VECTOR_MAX];
	for (int i = 0; i < c->values; i++)
		old[i] = c->int_value[i];
	size_t at = 0;
	int err = 0, stored = 0;
	for (; stored < (c->values ? c->values : 1); stored++) {
		while (at < w->len && is_space(w->text[at]))
			at++;
		if (at == w->len)
			break;
		uint64_t val;
		bool neg;
		int n = get_long(w->text + at, w->len - at, &val, &neg);
		if (n < 0 || (err = store(c, stored, val, neg))) {
			err = -EINVAL;
			break;
		}
		at += (size_t)n;
	}
	if (!stored)
		return err ? err : -EINVAL;     /* no number at all */
	if (!err && c->check)
		err = c->check(old);
	if (err)
		return err;
	if (c->written)
		c->written();
	while (at < w->len && is_space(w->text[at]))
		at++;
	return (int64_t)(w->count - (w->len - at));
}

/* A string setting: its buffer and size (with the NUL). */
struct sysctl_string {
	const char *path;
	char *buf;
	size_t size;
	bool writable;
};

/* A string setting, shown with a newline (Linux's proc_dostring). */
static void show_string(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	text_printf(t, "%s\n", ((const struct sysctl_string *)data)->buf);
}

/* As Linux's proc_dostring under sysctl_writes_strict: a write at offset off continues the
 * string from there (0: replaces it), up to a newline or NUL, cut to fit; the whole write is
 * taken. One past the string's end changes nothing. */
static int64_t write_string(struct proc *unused, const void *data, const struct proc_write *w)
{
	(void)unused;
	const struct sysctl_string *s = data;
	size_t len = strlen(s->buf);
	if (w->off > len)
		return (int64_t)w->count;
	len = w->off;
	for (size_t i = 0; i < w->len && len < s->size - 1; i++) {
		if (w->text[i] == '\0' || w->text[i] == '\n')
			break;
		s->buf[len++] = w->text[i];
	}
	s->buf[len] = '\0';
	return (int64_t)w->count;
}

static char ostype[] = UTS_SYSNAME, osrelease[] = UTS_RELEASE;

static const struct sysctl_string strings[] = {
	{ "/proc/sys/kernel/core_pattern", core_pattern, CORENAME_MAX_SIZE, true },
	{ "/proc/sys/kernel/hostname", uts_nodename, sizeof(uts_nodename), true },
	{ "/proc/sys/kernel/osrelease", osrelease, sizeof(osrelease), false },
	{ "/proc/sys/kernel/ostype", ostype, sizeof(ostype), false },
};

void procfs_sys_init(void)
{
	int err = vfs_mkdir(procfs_root(), "sys", 0555);
	if (!err)
		err = vfs_mkdir(procfs_root(), "sys/vm", 0555);
	if (!err)
		err = vfs_mkdir(procfs_root(), "sys/kernel", 0555);
	if (!err)
		err = vfs_mkdir(procfs_root(), "sys/fs", 0555);
	for (size_t i = 0; !err && i < sizeof(strings) / sizeof(strings[0]); i++)
		err = procfs_make_file(strings[i].path, strings[i].writable ? 0644 : 0444,
				       show_string, strings[i].writable ? write_string : NULL, 0,
				       &strings[i]);
	for (size_t i = 0; !err && i < sizeof(sysctls) / sizeof(sysctls[0]); i++)
		err = procfs_make_file(sysctls[i].path, 0644, show_sysctl, write_sysctl, 0,
				       &sysctls[i]);
	if (err)
		panic("procfs: cannot create /proc/sys (error %d)", err);
}
