/*
 * A process's credentials, as Linux's struct cred: the real, effective, saved and file
 * system user and group IDs, and the supplementary groups. Root (ID 0) has Linux's
 * capabilities: it may change its IDs at will (effective 0), and the file system lets it
 * read, write and search everything and execute what has an x bit (file system ID 0).
 * fork copies them; exec of a set-user-ID or set-group-ID file changes the effective
 * (and saved) ones.
 */
#ifndef KERNEL_PROC_CRED_H
#define KERNEL_PROC_CRED_H

#include <stdbool.h>
#include <stdint.h>

#define NGROUPS_KEPT 32         /* supplementary groups kept (Linux: up to 65536) */

struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	int ngroups;
	uint32_t groups[NGROUPS_KEPT];
};

/* The credentials the running process acts with now: its own, or what it borrows for one
 * operation (faccessat's real IDs; the kernel's own, root's, while it makes /proc's files). */
const struct cred *current_cred(void);

/* Makes the running process act with c until cred_restore(the returned value). */
const struct cred *cred_override(const struct cred *c);
void cred_restore(const struct cred *old);

/* Root's credentials: everything 0, no groups. */
extern const struct cred root_cred;

/* Whether c's file system group or a supplementary group is gid (Linux's in_group_p). */
bool cred_in_group(const struct cred *c, uint32_t gid);

/* Whether c may change IDs at will (CAP_SETUID, CAP_SETGID: effective user 0). */
static inline bool cred_capable_setid(const struct cred *c)
{
	return c->euid == 0;
}

/* Whether c may ignore file permissions and ownership (CAP_DAC_OVERRIDE, CAP_FOWNER,
 * CAP_CHOWN: file system user 0, as Linux drops them when fsuid leaves 0). */
static inline bool cred_is_root_fs(const struct cred *c)
{
	return c->fsuid == 0;
}

struct proc;

/* Whether the running process may send sig (0: only asking) to p, as Linux's
 * check_kill_permission: root, or a real or effective user ID matching p's real or saved
 * one; SIGCONT also within its session. */
bool proc_may_signal(const struct proc *p, int sig);

/* What Linux's commit_creds does when p's credentials have just changed from old: a new
 * effective or file system user or group ID (with it, root's capabilities) makes its
 * memory undumpable (suid_dumpable 0: no core, its /proc files root's) and forgets its
 * parent-death signal; a new effective user ID also resets the lock limit
 * (proc_sync_mm_limits). A change of the real or saved IDs, or of the groups, does not. */
void proc_creds_changed(struct proc *p, const struct cred *old);

/* Whether the running process may look into p's memory through /proc (maps, smaps,
 * pagemap, environ, and the exe, cwd and fd/N links), as Linux's __ptrace_may_access with
 * PTRACE_MODE_READ_FSCREDS: a thread of p's own process always; anyone else only if its
 * file system IDs are all of p's real, effective and saved IDs and p is dumpable, or if it
 * is root (CAP_SYS_PTRACE). */
bool proc_may_access(const struct proc *p);

#endif
