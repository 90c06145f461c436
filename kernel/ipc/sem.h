/* SysV semaphores (sem.c): what the rest of the kernel sees of them. */
#ifndef KERNEL_IPC_SEM_H
#define KERNEL_IPC_SEM_H

#include <stdint.h>

#include "kernel/ipc/ids.h"

struct textbuf;
struct proc;

/* The sets by id; its next_id is the kernel.sem_next_id sysctl. */
extern struct ipc_ids sem_ids;

/* The kernel.sem sysctl: SEMMSL (semaphores in a set), SEMMNS (in all sets), SEMOPM
 * (operations in one semop) and SEMMNI (sets, at most IPCMNI), in that order, which
 * semget and semop enforce as Linux's. */
extern int sem_ctls[4];

/* After a write of kernel.sem: SEMMNI back to old[3] and -ERANGE when it is out of
 * [0, IPCMNI], else 0 (Linux's sem_check_semmni). */
int sem_check_ctls(const int *old);

/* /proc/sysvipc/sem: a header and one line per set, as Linux's sysvipc_sem_proc_show. */
void sem_show_sysvipc(struct textbuf *t, struct proc *unused, const void *data);

/* fork and clone: the child shares current's undo list with CLONE_SYSVSEM (made first
 * if current has none: -ENOMEM without memory), else starts with none (Linux's
 * copy_semundo). */
int sem_copy_undo(struct proc *child, uint64_t clone_flags);

/* A thread ends (or a fork failed): it lets go of its undo list; the last one to hold it
 * applies its adjustments (Linux's exit_sem). */
void sem_exit(struct proc *p);

#endif
