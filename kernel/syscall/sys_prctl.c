/* prctl: a process's (or thread's) own settings, as Linux's kernel/sys.c: its name, whether
 * it may dump core, the signal its parent's death sends it, no_new_privs. Options Linux
 * has that this kernel does not are EINVAL (what Linux answers for an option it was built
 * without), with a line in the kernel log. */
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/* Linux's option numbers (uapi/linux/prctl.h). */
enum {
	PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4,
	PR_SET_NAME = 15, PR_GET_NAME = 16, PR_CAPBSET_READ = 23, PR_SET_NO_NEW_PRIVS = 38,
	PR_GET_NO_NEW_PRIVS = 39,
};

#define CAP_LAST_CAP 40         /* Linux 6.1's: CAP_CHECKPOINT_RESTORE */

/* PR_SET_NAME: the calling thread's name, cut to 15 bytes (TASK_COMM_LEN - 1). */
static int64_t set_name(const char *uname)
{
	char name[PROC_NAME_MAX];
	long n = strncpy_from_user(name, uname, sizeof(name) - 1);
	if (n == -EFAULT)
		return -EFAULT;
	name[n < 0 ? sizeof(name) - 1 : (size_t)n] = '\0';
	memcpy(current->name, name, sizeof(name));
	return 0;
}

/* The options whose answers need no more than the calling thread and its mm. */
static int64_t sys_prctl(int option, uint64_t arg2, uint64_t arg3, uint64_t arg4, uint64_t arg5)
{
	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 >= NSIG)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user((void *)arg2, &current->pdeath_signal, sizeof(int));
	case PR_GET_DUMPABLE:
		return current->mm && !current->mm->undumpable;
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;         /* 2 (root-only cores) is not settable this way */
		current->mm->undumpable = arg2 == 0;
		return 0;
	case PR_SET_NAME:
		return set_name((const char *)arg2);
	case PR_GET_NAME:
		return copy_to_user((void *)arg2, current->name, PROC_NAME_MAX);
	case PR_CAPBSET_READ:
		return arg2 <= CAP_LAST_CAP ? 1 : -EINVAL;
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		current->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return current->no_new_privs;
	}
	pr_warn("prctl: %s[%d]: option %d is not supported: -EINVAL\n", current->name,
		current->pid, option);
	return -EINVAL;
}
SYSCALL_DEFINE(157, sys_prctl);
