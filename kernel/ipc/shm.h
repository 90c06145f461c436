/* SysV shared memory (shm.c): what the rest of the kernel sees of it. */
#ifndef KERNEL_IPC_SHM_H
#define KERNEL_IPC_SHM_H

#include <stdint.h>

#include "kernel/ipc/ids.h"

struct textbuf;
struct proc;

/* The segments by id; its next_id is the kernel.shm_next_id sysctl. */
extern struct ipc_ids shm_ids;

/* The kernel.shmmax (bytes in one segment), shmall (pages in all) and shmmni (segments,
 * at most IPCMNI) sysctls, which shmget enforces as Linux's newseg and ipc_addid. */
extern uint64_t shm_ctlmax, shm_ctlall;
extern int shm_ctlmni;

/* /proc/sysvipc/shm: a header and one line per segment, as Linux's sysvipc_shm_proc_show. */
void shm_show_sysvipc(struct textbuf *t, struct proc *unused, const void *data);

#endif
