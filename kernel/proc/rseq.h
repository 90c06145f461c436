/*
 * Restartable sequences, rseq(2), as Linux 6.1 (kernel/rseq.c). A thread registers an
 * area of its memory (struct rseq) where the kernel keeps the number of the CPU it runs
 * on; glibc registers one for every thread. While the thread runs a critical section it
 * points the area's rseq_cs at the section's descriptor; if the thread is scheduled out or
 * a signal is delivered to it inside the section, the kernel moves its instruction pointer
 * to the section's abort_ip before it returns to user mode, so that the section either
 * ran without interruption or starts over. Here there is one CPU, numbered 0.
 *
 * Where the kernel looks: the scheduler marks a thread it switches out (rseq_preempt);
 * the way back to user mode (return_to_user) then checks the area once
 * (rseq_notify_resume); signal delivery checks it before the handler's frame saves the
 * registers (rseq_signal_deliver), so that the handler returns to abort_ip.
 */
#ifndef KERNEL_PROC_RSEQ_H
#define KERNEL_PROC_RSEQ_H

#include "kernel/proc/proc.h"

/* What happened to a thread since its critical section was last looked at (Linux's
 * rseq_event_mask): any of them aborts the section. */
#define RSEQ_EVENT_PREEMPT 1u
#define RSEQ_EVENT_SIGNAL  2u
#define RSEQ_EVENT_MIGRATE 4u           /* a new process's first run, as Linux's fork */

/* The scheduler switches p out: the way back to user mode will look at its area (and
 * abort a critical section). Two stores: it runs at every context switch. */
static inline void rseq_preempt(struct proc *p)
{
	p->rseq_events |= RSEQ_EVENT_PREEMPT;
	if (p->rseq_area)
		p->rseq_notify = true;
}

/* On the way back to user mode, when current->rseq_notify is set: moves tf's instruction
 * pointer to abort_ip if a critical section was interrupted, clears rseq_cs and writes the
 * CPU number; if the area or the descriptor cannot be read or written, or the descriptor
 * is not valid, current gets SIGSEGV (pending: delivered on the same way out), as Linux's
 * force_sigsegv. */
void rseq_notify_resume(struct trap_frame *tf);

/* Signal sig is about to run a handler: the same, before the frame saves tf, so that the
 * handler returns to abort_ip. */
void rseq_signal_deliver(struct trap_frame *tf, int sig);

/* A new process keeps its creator's registration (the area is at the same address in
 * its copy of memory) and updates it before it first runs; a thread that shares the
 * memory (CLONE_VM) starts with none: its C library registers its own area. */
void rseq_fork(struct proc *child, uint64_t clone_flags);

/* execve: the new program has registered nothing. */
void rseq_execve(struct proc *p);

#endif
