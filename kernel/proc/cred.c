/* Credentials: which ones the running process acts with (see cred.h). */
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "mm/mm.h"

const struct cred root_cred;

const struct cred *current_cred(void)
{
	return current->cred_override ? current->cred_override : &current->cred;
}

const struct cred *cred_override(const struct cred *c)
{
	const struct cred *old = current->cred_override;
	current->cred_override = c;
	return old;
}

void cred_restore(const struct cred *old)
{
	current->cred_override = old;
}

bool cred_in_group(const struct cred *c, uint32_t gid)
{
	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

#define SIGCONT 18

bool proc_may_signal(const struct proc *p, int sig)
{
	const struct cred *c = &current->cred, *t = &p->cred;
	if (c->euid == 0 || c->euid == t->suid || c->euid == t->uid || c->uid == t->suid ||
	    c->uid == t->uid)
		return true;
	return sig == SIGCONT && p->sid == current->sid;
}

void proc_creds_changed(struct proc *p, const struct cred *old)
{
	const struct cred *c = &p->cred;
	if (c->euid == old->euid && c->egid == old->egid && c->fsuid == old->fsuid &&
	    c->fsgid == old->fsgid)
		return;
	if (p->mm)
		p->mm->undumpable = true;
	p->pdeath_signal = 0;
	if (c->euid != old->euid)
		proc_sync_mm_limits(p);
}

bool proc_may_access(const struct proc *p)
{
	if (p->tgid == current->tgid)
		return true;                    /* Linux's same_thread_group */
	const struct cred *c = current_cred(), *t = &p->cred;
	if (c->euid == 0)
		return true;                    /* CAP_SYS_PTRACE */
	if (c->fsuid != t->uid || c->fsuid != t->euid || c->fsuid != t->suid ||
	    c->fsgid != t->gid || c->fsgid != t->egid || c->fsgid != t->sgid)
		return false;
	return !p->mm || !p->mm->undumpable;
}
