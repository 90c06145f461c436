/* Credentials: which ones the running process acts with (see cred.h). */
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"

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
