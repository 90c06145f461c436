/*
 * /proc: files whose text the kernel writes when they are opened, so that a program (or a
 * student with cat) can look at the kernel's view of memory: /proc/meminfo, /proc/vmstat
 * (the page-fault counts by kind), and for each process /proc/PID/maps (its areas, as Linux
 * prints them) and /proc/PID/status; /proc/self is the opening process's.
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <stdbool.h>
#include <stddef.h>

/* A growing text buffer for a /proc file. */
struct textbuf {
	char *buf;
	size_t len, cap;
	bool failed;            /* out of memory: the text is cut short */
};

/* Appends formatted text (kernel/lib/format.h's conversions). */
void text_printf(struct textbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct proc;

/* Writes one /proc file's text; p is the process it describes (NULL for system-wide files
 * and for a process that is gone). */
typedef void (*proc_show_fn)(struct textbuf *t, struct proc *p);

/* Creates /proc and its files (after vfs_init). */
void procfs_init(void);

/* Adds /proc/PID for a new process; removes it when the process is freed. Without memory
 * the directory is simply missing: nothing else depends on it. */
void procfs_add_pid(int pid);
void procfs_remove_pid(int pid);

#endif
