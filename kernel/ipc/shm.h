/* SysV shared memory (shm.c): what the rest of the kernel sees of it. */
#ifndef KERNEL_IPC_SHM_H
#define KERNEL_IPC_SHM_H

struct textbuf;
struct proc;

/* /proc/sysvipc/shm: a header and one line per segment, as Linux's sysvipc_shm_proc_show. */
void shm_show_sysvipc(struct textbuf *t, struct proc *unused, const void *data);

#endif
