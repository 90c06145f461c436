/*
 * The OOM killer's entry point, for the memory allocator: when no frame is free and
 * reclaim could free none, killing a process is the only way left to get memory. Kept
 * apart from kernel/proc/oom.h, as kernel/wait.h is from the scheduler, so that code which
 * knows nothing of processes (mm/) can call it. The policy lives in kernel/proc/oom.c.
 */
#ifndef KERNEL_OOM_H
#define KERNEL_OOM_H

#include <stdbool.h>

/*
 * Kills the process with the highest badness (Linux's out_of_memory) and waits until its
 * memory is freed. Call it from a process (current), where sleeping is allowed, holding
 * nothing another process needs to exit; anything decided before the call may have
 * changed after it (other processes ran), as after any sleep.
 *
 * true:  a process other than the caller was killed and has released its address space
 *        (or an earlier victim just finished doing so): try the allocation again.
 * false: nothing was freed for the caller: no process could be killed, or the caller was
 *        the one chosen, or it has a SIGKILL pending (it dies on its way back to user
 *        mode). Fail the allocation.
 */
bool oom_kill(void);

#endif
