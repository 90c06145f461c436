/* Futexes (kernel/proc/futex.c): futex(2), set_robust_list and get_robust_list. */
#ifndef KERNEL_PROC_FUTEX_H
#define KERNEL_PROC_FUTEX_H

#include <stdint.h>

/* At exit and exec, before the address space goes: the robust locks current still holds
 * are marked FUTEX_OWNER_DIED and one waiter of each is woken, as Linux does. */
void futex_exit(void);

/* Wakes one waiter on the futex word at uaddr in current's memory (a thread's exit wakes
 * pthread_join so). */
void futex_wake_one(uint64_t uaddr);

#endif
