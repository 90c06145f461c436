/* SysV message queues (msg.c): what the rest of the kernel sees of them. */
#ifndef KERNEL_IPC_MSG_H
#define KERNEL_IPC_MSG_H

#include "kernel/ipc/ids.h"

struct textbuf;
struct proc;

/* The queues by id; its next_id is the kernel.msg_next_id sysctl. */
extern struct ipc_ids msg_ids;

/* The kernel.msgmax (bytes in one message), msgmnb (a new queue's bytes) and msgmni
 * (queues, at most IPCMNI) sysctls, which msgsnd and msgget enforce as Linux's. */
extern int msg_ctlmax, msg_ctlmnb, msg_ctlmni;

/* /proc/sysvipc/msg: a header and one line per queue, as Linux's sysvipc_msg_proc_show. */
void msg_show_sysvipc(struct textbuf *t, struct proc *unused, const void *data);

#endif
