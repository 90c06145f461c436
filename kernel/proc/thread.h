/*
 * Threads (kernel/proc/thread.c): what clone shares between the threads of a process (the
 * descriptor table, the working directory, the signal actions, the process itself), and
 * the ends of threads and processes: exit ends one thread, exit_group (or a fatal signal)
 * all of them, and execve first ends all but the caller.
 */
#ifndef KERNEL_PROC_THREAD_H
#define KERNEL_PROC_THREAD_H

#include "kernel/proc/proc.h"

/* Every thread t of process g, in creation order. */
#define for_each_thread(g, t)                                                              \
	for (struct list_head *t##_it = (g)->threads.next;                                  \
	     t##_it != &(g)->threads &&                                                     \
	     ((t) = list_entry(t##_it, struct proc, thread_node), true);                    \
	     t##_it = t##_it->next)

/* Gives the first process, p, its own descriptor table, file-system context, signal
 * actions (all SIG_DFL) and process. 0 or -ENOMEM. */
int thread_init_first(struct proc *p);

/* Gives child what clone's flags say it shares with current (CLONE_FILES, CLONE_FS,
 * CLONE_SIGHAND, CLONE_THREAD: one more reference to each) and copies of the rest, as
 * fork makes them. 0 or -ENOMEM (then nothing is held: thread_release frees nothing). */
int thread_share(struct proc *child, uint64_t flags);

/* Lets go of the descriptor table, file-system context and signal actions (exit). */
void thread_release_files(struct proc *p);

/* Leaves p's process (proc_free): the last reference frees the struct thread_group. */
void thread_leave_group(struct proc *p);

/* A thread that has exited and that nobody waits for (any but a process's leader): it
 * is freed once the CPU has left its kernel stack, by thread_reap_dead. */
void thread_free_later(struct proc *p);

/* Frees the threads thread_free_later was given; the scheduler calls it on another
 * stack. */
void thread_reap_dead(void);

/* execve in a process with several threads: ends all the others, and waits until they
 * are gone; the caller becomes the leader and takes the process's id, as Linux's
 * de_thread. Then the descriptor table and the signal actions become the caller's own
 * when another process still shares them. 0, or -EINTR when the caller is being killed,
 * or -ENOMEM. */
int thread_exec_alone(void);

/* Makes every other thread of current's process end (SIGKILL to each; exit_group, a fatal
 * signal). */
void thread_kill_others(void);

/* current's process's leader: its id, parent and children are the process's. */
static inline struct proc *proc_leader(const struct proc *p)
{
	return p->group->leader;
}

/* The process current is a thread of (its leader), or NULL for a kernel thread. */
static inline struct proc *proc_parent(const struct proc *p)
{
	return p->group ? p->group->leader->parent : NULL;
}

#endif
