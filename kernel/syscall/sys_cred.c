/*
 * User and group IDs (kernel/proc/cred.h): getuid and the set*id/get*id family, as Linux's
 * kernel/sys.c and kernel/groups.c have them. A process with effective user ID 0 may set
 * any ID; any other may only move among its real, effective and saved IDs (setfsuid: and
 * its file system ID). The file system ID follows the effective one. A new effective or
 * file system ID makes the process undumpable (proc_creds_changed).
 */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/uaccess.h"

#define NO_ID ((uint32_t)-1)            /* "leave it", and an ID no one may have */
#define NGROUPS_MAX 65536

static struct cred *cred(void)
{
	return &current->cred;
}

static int64_t sys_getuid(void) { return cred()->uid; }
SYSCALL_DEFINE(102, sys_getuid);
static int64_t sys_getgid(void) { return cred()->gid; }
SYSCALL_DEFINE(104, sys_getgid);
static int64_t sys_geteuid(void) { return cred()->euid; }
SYSCALL_DEFINE(107, sys_geteuid);
static int64_t sys_getegid(void) { return cred()->egid; }
SYSCALL_DEFINE(108, sys_getegid);

/* One of the three IDs a set*id call asks for: NO_ID (leave it), or one the process may
 * take: anything for root, else one of ids[0..2]. */
static bool may_take(uint32_t want, const uint32_t ids[3], bool privileged)
{
	return want == NO_ID || privileged || want == ids[0] || want == ids[1] || want == ids[2];
}

/* setresuid and setresgid on (real, effective, saved, fs) = id[0..3]. */
static int set_res(uint32_t *id, uint32_t r, uint32_t e, uint32_t s)
{
	uint32_t old[3] = { id[0], id[1], id[2] };
	bool priv = cred_capable_setid(cred());
	if (!may_take(r, old, priv) || !may_take(e, old, priv) || !may_take(s, old, priv))
		return -EPERM;
	if (r != NO_ID)
		id[0] = r;
	if (e != NO_ID)
		id[1] = e;
	if (s != NO_ID)
		id[2] = s;
	id[3] = id[1];
	return 0;
}

/* setreuid and setregid: the real ID may become the real or effective one, the effective
 * any of the three; setting the real ID, or an effective one other than the old real,
 * also sets the saved one to the new effective ID. */
static int set_re(uint32_t *id, uint32_t r, uint32_t e)
{
	uint32_t old[3] = { id[0], id[1], id[2] };
	bool priv = cred_capable_setid(cred());
	if (r != NO_ID && !priv && r != old[0] && r != old[1])
		return -EPERM;
	if (!may_take(e, old, priv))
		return -EPERM;
	if (r != NO_ID)
		id[0] = r;
	if (e != NO_ID)
		id[1] = e;
	if (r != NO_ID || (e != NO_ID && e != old[0]))
		id[2] = id[1];
	id[3] = id[1];
	return 0;
}

/* setuid and setgid: root sets all three; anyone else only the effective one, to the real
 * or saved ID. */
static int set_one(uint32_t *id, uint32_t v)
{
	if (v == NO_ID)
		return -EINVAL;
	if (cred_capable_setid(cred())) {
		id[0] = id[1] = id[2] = id[3] = v;
		return 0;
	}
	if (v != id[0] && v != id[2])
		return -EPERM;
	id[1] = id[3] = v;
	return 0;
}

/* setfsuid and setfsgid: the old file system ID, always; the new one only when allowed. */
static int64_t set_fs(uint32_t *id, uint32_t v)
{
	uint32_t old = id[3];
	if (v != NO_ID && (cred_capable_setid(cred()) || v == id[0] || v == id[1] || v == id[2] ||
			   v == id[3]))
		id[3] = v;
	return old;
}

/* cred's user IDs and group IDs as arrays (real, effective, saved, fs). */
static uint32_t *uids(void) { return &cred()->uid; }
static uint32_t *gids(void) { return &cred()->gid; }

_Static_assert(__builtin_offsetof(struct cred, fsuid) == 3 * sizeof(uint32_t),
	       "struct cred: the user IDs are an array of four");
_Static_assert(__builtin_offsetof(struct cred, fsgid) - __builtin_offsetof(struct cred, gid) ==
	       3 * sizeof(uint32_t), "struct cred: the group IDs are an array of four");

/* After a set*id call: what a change of credentials brings (Linux's commit_creds, through
 * proc_creds_changed); the call's result r, unchanged. */
static int64_t committed(const struct cred *old, int64_t r)
{
	proc_creds_changed(current, old);
	return r;
}

static int64_t sys_setuid(uint32_t uid)
{
	struct cred old = *cred();
	return committed(&old, set_one(uids(), uid));
}
SYSCALL_DEFINE(105, sys_setuid);
static int64_t sys_setgid(uint32_t gid)
{
	struct cred old = *cred();
	return committed(&old, set_one(gids(), gid));
}
SYSCALL_DEFINE(106, sys_setgid);
static int64_t sys_setreuid(uint32_t r, uint32_t e)
{
	struct cred old = *cred();
	return committed(&old, set_re(uids(), r, e));
}
SYSCALL_DEFINE(113, sys_setreuid);
static int64_t sys_setregid(uint32_t r, uint32_t e)
{
	struct cred old = *cred();
	return committed(&old, set_re(gids(), r, e));
}
SYSCALL_DEFINE(114, sys_setregid);
static int64_t sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred old = *cred();
	return committed(&old, set_res(uids(), r, e, s));
}
SYSCALL_DEFINE(117, sys_setresuid);
static int64_t sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred old = *cred();
	return committed(&old, set_res(gids(), r, e, s));
}
SYSCALL_DEFINE(119, sys_setresgid);
static int64_t sys_setfsuid(uint32_t uid)
{
	struct cred old = *cred();
	return committed(&old, set_fs(uids(), uid));
}
SYSCALL_DEFINE(122, sys_setfsuid);
static int64_t sys_setfsgid(uint32_t gid)
{
	struct cred old = *cred();
	return committed(&old, set_fs(gids(), gid));
}
SYSCALL_DEFINE(123, sys_setfsgid);

/* getresuid and getresgid: the three IDs into three user words. */
static int64_t get_res(const uint32_t *id, uint32_t *r, uint32_t *e, uint32_t *s)
{
	if (copy_to_user(r, &id[0], 4) || copy_to_user(e, &id[1], 4) || copy_to_user(s, &id[2], 4))
		return -EFAULT;
	return 0;
}

static int64_t sys_getresuid(uint32_t *r, uint32_t *e, uint32_t *s) { return get_res(uids(), r, e, s); }
SYSCALL_DEFINE(118, sys_getresuid);
static int64_t sys_getresgid(uint32_t *r, uint32_t *e, uint32_t *s) { return get_res(gids(), r, e, s); }
SYSCALL_DEFINE(120, sys_getresgid);

/* getgroups: the count for size 0, else the groups (-EINVAL when they do not fit). */
static int64_t sys_getgroups(int size, uint32_t *ulist)
{
	struct cred *c = cred();
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(ulist, c->groups, (size_t)c->ngroups * sizeof(uint32_t)))
		return -EFAULT;
	return c->ngroups;
}
SYSCALL_DEFINE(115, sys_getgroups);

/* setgroups: root only; kept sorted, as Linux's groups_sort, so getgroups gives them in
 * order. More than NGROUPS_KEPT is -EINVAL here (Linux takes up to NGROUPS_MAX). */
static int64_t sys_setgroups(int size, const uint32_t *ulist)
{
	if (!cred_capable_setid(cred()))
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (size > NGROUPS_KEPT) {
		printk("setgroups: %d groups, more than the %d kept\n", size, NGROUPS_KEPT);
		return -EINVAL;
	}
	uint32_t g[NGROUPS_KEPT];
	if (size && copy_from_user(g, ulist, (size_t)size * sizeof(uint32_t)))
		return -EFAULT;
	for (int i = 1; i < size; i++)                  /* insertion sort: a handful */
		for (int j = i; j > 0 && g[j - 1] > g[j]; j--) {
			uint32_t t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	struct cred *c = cred();
	for (int i = 0; i < size; i++)
		c->groups[i] = g[i];
	c->ngroups = size;
	return 0;
}
SYSCALL_DEFINE(116, sys_setgroups);
