/*
 * Pending signals (kernel/signal/sigqueue.c): the set of a thread or of a process, with the
 * siginfo of each. An ordinary signal sent again while pending merges with the one waiting;
 * a real-time signal (SIGRTMIN and up) queues behind it, each instance with its own siginfo
 * (sigqueue's value), and they are taken in the order sent, as Linux.
 */
#ifndef KERNEL_SIGNAL_SIGQUEUE_H
#define KERNEL_SIGNAL_SIGQUEUE_H

#include "kernel/proc/proc.h"

#define SIGRTMIN_KERNEL 32              /* the first real-time signal, as Linux's SIGRTMIN */
#define SIGQUEUE_MAX    1024            /* real-time instances queued behind the first, per
					 * set; more merge, as when memory runs out */

/* An empty set. */
void sigpending_init(struct sigpending *p);

/* Makes sig pending in p with info (a real-time one already pending queues behind). */
void sigpending_add(struct sigpending *p, int sig, const struct sig_info *info);

/* Takes sig, which is pending in p, off: its siginfo goes to out; the next queued
 * instance of it, if any, is pending now. */
void sigpending_take(struct sigpending *p, int sig, struct sig_info *out);

/* Frees what p queued (its thread or process is freed). */
void sigpending_release(struct sigpending *p);

#endif
