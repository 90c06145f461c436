/*
 * /proc: files through which a program (or a student with cat) can look at the kernel's
 * view of memory. Two kinds:
 *   - text written when the file is opened: /proc/meminfo, /proc/vmstat (the page-fault
 *     counts by kind), and for each process /proc/PID/maps (its areas, as Linux prints
 *     them) and /proc/PID/status
 *   - binary tables made at each read, for the part read only, because they are far too
 *     large to write out whole: /proc/PID/pagemap (8 bytes per virtual page: 1 GiB per 128
 *     GiB of address space), /proc/kpagecount and /proc/kpageflags (8 bytes per frame)
 * /proc/self is the opening process's.
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

struct iobuf;

/* Reads a table file at byte offset off into buf, about process pid (the one that opened
 * it, for /proc/self; ignored by system-wide files). Returns the bytes read or -errno. It
 * looks the process up itself, as copying to the reader may sleep while the process exits. */
typedef int64_t (*proc_read_fn)(int pid, struct iobuf *buf, uint64_t off);

/* inode->proc_pid of a system-wide file (meminfo, kpagecount): about no process. Linux
 * answers writes and mmap differently there (EIO) than in a process's directory (EINVAL,
 * ENODEV), as the two are made by different parts of its procfs. */
#define PROC_SYSTEM_WIDE (-1)

/* Creates /proc and its files (after vfs_init). */
void procfs_init(void);

/* Adds /proc/PID for a new process; removes it when the process is freed. Without memory
 * the directory is simply missing: nothing else depends on it. */
void procfs_add_pid(int pid);
void procfs_remove_pid(int pid);

#endif
