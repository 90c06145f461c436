/*
 * The OOM killer's view of processes (Linux's mm/oom_kill.c): how bad each one is to keep
 * when memory has run out, which /proc/PID/oom_score shows and /proc/PID/oom_score_adj
 * biases. The entry point for the allocator is kernel/oom.h.
 */
#ifndef KERNEL_PROC_OOM_H
#define KERNEL_PROC_OOM_H

#include "kernel/oom.h"

#include <stdint.h>

struct proc;

#define OOM_SCORE_ADJ_MIN (-1000)       /* never killed */
#define OOM_SCORE_ADJ_MAX 1000

/* Never chosen: init, a process without an address space, or one at OOM_SCORE_ADJ_MIN. */
#define OOM_BADNESS_NEVER INT64_MIN

/* Linux's oom_badness: the pages p would free (resident, swapped out, page tables) plus
 * oom_score_adj thousandths of totalpages; OOM_BADNESS_NEVER if p may not be chosen. */
int64_t oom_badness(struct proc *p, uint64_t totalpages);

/* /proc/PID/oom_score: the badness scaled to 0..2000 against RAM plus swap. */
uint64_t oom_score(struct proc *p);

/* exit's hook, once p's address space is freed: wakes the OOM killer's caller when p was
 * its victim. */
void oom_victim_exited(struct proc *p);

#endif
