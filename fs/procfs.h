/*
 * /proc: files through which a program (or a student with cat) can look at the kernel's
 * view of memory. Two kinds:
 *   - text written when the file is opened: /proc/meminfo, /proc/vmstat (the page-fault
 *     counts by kind), /proc/swaps, and for each process /proc/stat and /proc/uptime (time and
 *     counts since boot), and for each process /proc/PID/maps (its areas, as Linux prints
 *     them), /proc/PID/smaps (the same with each area's resident, shared, dirty and
 *     swapped sizes), /proc/PID/stat and /proc/PID/status (state, times, page faults,
 *     sizes), /proc/PID/statm (sizes in pages), /proc/PID/cmdline and environ (its
 *     arguments and the environment exec gave it), /proc/PID/comm, and the OOM killer's
 *     view (oom_score, oom_score_adj); /proc/loadavg and /proc/cpuinfo
 *     (fs/procfs_sysinfo.c)
 *   - binary tables made at each read, for the part read only, because they are far too
 *     large to write out whole: /proc/PID/pagemap (8 bytes per virtual page: 1 GiB per 128
 *     GiB of address space), /proc/kpagecount and /proc/kpageflags (8 bytes per frame)
 * /proc/self is a symbolic link to the looking process's /proc/PID, and each process's
 * directory has the links exe, cwd and fd/N (fs/procfs_link.c). A few text files also take
 * writes, which change a
 * setting: /proc/PID/oom_score_adj and the sysctl files of /proc/sys (fs/procfs_sys.c).
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

/* Appends n bytes as they are (NULs too: /proc/PID/cmdline). */
void text_write(struct textbuf *t, const void *bytes, size_t n);

struct proc;

/* Writes one /proc file's text; p is the process it describes (NULL for system-wide files
 * and for a process that is gone), data what the file was made with (procfs_make_file). */
typedef void (*proc_show_fn)(struct textbuf *t, struct proc *p, const void *data);

/* A write to a /proc file: its first bytes as a string, and where and how much the
 * program wrote. */
#define PROC_WRITE_MAX 128     /* the longest setting: core_pattern (CORENAME_MAX_SIZE) */
struct proc_write {
	const char *text;       /* NUL-terminated: the first len bytes of the write */
	size_t len;             /* at most PROC_WRITE_MAX */
	size_t count;           /* the write's whole length */
	uint64_t off;           /* the file offset it was made at */
};

/* Takes a write to a /proc file about p (as proc_show_fn): the bytes it consumed (what
 * write returns), or -errno. */
typedef int64_t (*proc_write_fn)(struct proc *p, const void *data, const struct proc_write *w);

/* Makes the /proc file at path (its directory exists) with permission bits mode: its text
 * comes from show, writes go to write (NULL: they fail with EIO, as Linux's read-only
 * files), pid says which process it describes (0: the one that opens it). 0 or -errno.
 * It is a sysctl file (/proc/sys): only its owner bits let even root write it; and, as
 * those, sendfile may read it. */
int procfs_make_file(const char *path, uint32_t mode, proc_show_fn show, proc_write_fn write,
		     int pid, const void *data);

struct file;
struct iobuf;

/* The write path of a /proc file (fs/file.c's): copies the first bytes and calls the file's
 * proc_write_fn. */
int64_t procfs_write(struct file *f, const struct iobuf *buf, uint64_t off);

/* Creates /proc/sys and its files (fs/procfs_sys.c), from procfs_init. */
void procfs_sys_init(void);

/* Creates /proc/loadavg and /proc/cpuinfo (fs/procfs_sysinfo.c), from procfs_init. */
void procfs_sysinfo_init(void);

struct iobuf;
struct inode;

/* A /proc symbolic link: writes the text readlink shows into buf (size bytes), and for a
 * magic link (exe, cwd, fd/N) the inode it stands for into *target (referenced). */
typedef int (*proc_link_fn)(struct inode *link, char *buf, size_t size, struct inode **target);

/* /proc/PID/fd's entries, made when looked up: the link for descriptor name of the
 * directory's process, referenced in *out (freed when the last reference goes). */
int procfs_fd_lookup(struct inode *dir, const char *name, size_t len, struct inode **out);
/* The lowest descriptor >= from that /proc/PID/fd (dir) lists, or -1. */
int procfs_fd_next(struct inode *dir, int from);

/* Makes /proc/self (fs/procfs_link.c), and a process directory's exe, cwd and fd/. */
void procfs_link_init(void);
int procfs_link_add_pid(const char *dir, int pid);

/* Whether the running process may open ip, a /proc/PID file that shows the process's
 * memory (inode->proc_ptrace): 0, or -EACCES when proc_may_access says no. */
int procfs_may_open(const struct inode *ip);

/* Reads a table file at byte offset off into buf, about process pid (the one that opened
 * it, for /proc/self; ignored by system-wide files). Returns the bytes read or -errno. It
 * looks the process up itself, as copying to the reader may sleep while the process exits. */
typedef int64_t (*proc_read_fn)(int pid, struct iobuf *buf, uint64_t off);

/* inode->proc_pid of a system-wide file (meminfo, kpagecount): about no process. Linux
 * answers writes and mmap differently there (EIO) than in a process's directory (EINVAL,
 * ENODEV), as the two are made by different parts of its procfs. */
#define PROC_SYSTEM_WIDE (-1)

/* proc's root directory (what /proc shows), and a "/proc/..." path relative to it: the
 * kernel makes /proc's files there, whatever is mounted where. */
struct inode *procfs_root(void);
const char *procfs_rel(const char *path);

/* Whether ip is /proc or in it (statfs: /proc is another file system). */
bool procfs_contains(struct inode *ip);

/* Creates /proc and its files (after vfs_init). */
void procfs_init(void);

/* Adds /proc/PID for a new process; removes it when the process is freed. Without memory
 * the directory is simply missing: nothing else depends on it. */
void procfs_add_pid(int pid);
void procfs_remove_pid(int pid);

/* /proc/TGID/task/TID, the same files for one thread of process tgid (its first thread's
 * is /proc/TGID/task/TGID), is made when first looked up (lookup: a live thread's, else
 * -ENOENT) or listed (fill: every live thread's), as Linux makes them at each look, so a
 * new thread costs nothing here; remove takes it away, if it was made, when the thread
 * leaves its process. */
int procfs_task_lookup(struct inode *task, const char *name, size_t len, struct inode **out);
void procfs_task_fill(struct inode *task);
void procfs_remove_task(int tgid, int tid);

/* The number a /proc directory's entry name stands for (a descriptor, a thread ID):
 * digits without a leading zero, as Linux's name_to_int; or -1. */
int procfs_name_to_int(const char *name, size_t len);

#endif
