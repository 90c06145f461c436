#include "fs/procfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/proc/proc.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"

#include <stdarg.h>

void text_printf(struct textbuf *t, const char *fmt, ...)
{
	va_list ap;
	for (int tries = 0; tries < 2 && !t->failed; tries++) {
		va_start(ap, fmt);
		int n = kvsnprintf(t->buf ? t->buf + t->len : NULL, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = t->cap ? t->cap : 1024;
		while (cap <= t->len + (size_t)n)
			cap *= 2;
		char *buf = kmalloc(cap);
		if (!buf) {
			t->failed = true;
			return;
		}
		if (t->len)
			memcpy(buf, t->buf, t->len);
		kfree(t->buf);
		t->buf = buf;
		t->cap = cap;
	}
}

#define KB(pages) ((pages) * (PAGE_SIZE / 1024))

/* Linux's layout: the label padded to 16 columns, the value in 8, then " kB". */
static void meminfo_line(struct textbuf *t, const char *label, uint64_t pages)
{
	text_printf(t, "%-16s%8lu kB\n", label, KB(pages));
}

static void show_meminfo(struct textbuf *t, struct proc *unused)
{
	(void)unused;
	struct frame_stats fs;
	frame_get_stats(&fs);
	meminfo_line(t, "MemTotal:", fs.total);
	meminfo_line(t, "MemFree:", fs.free);
	meminfo_line(t, "MemAvailable:", fs.free);
	meminfo_line(t, "Buffers:", 0);
	meminfo_line(t, "Cached:", page_cache_total + swap_cache_pages);
	meminfo_line(t, "SwapCached:", swap_cache_pages);
	meminfo_line(t, "Active:", lru_active_pages);
	meminfo_line(t, "Inactive:", lru_inactive_pages);
	meminfo_line(t, "Active(anon):", lru_active_pages);
	meminfo_line(t, "Inactive(anon):", lru_inactive_pages);
	meminfo_line(t, "Active(file):", 0);
	meminfo_line(t, "Inactive(file):", 0);
	/* The ramdisk's files are the memory itself, with no disk to go back to: like ramfs
	 * pages on Linux, they are unevictable. */
	meminfo_line(t, "Unevictable:", page_cache_total);
	meminfo_line(t, "Mlocked:", 0);
	meminfo_line(t, "SwapTotal:", swap_total_pages());
	meminfo_line(t, "SwapFree:", swap_free_pages());
}

/* /proc/swaps, as Linux's swap_show: the path padded to 40 columns, sizes in KiB. */
static void show_swaps(struct textbuf *t, struct proc *unused)
{
	(void)unused;
	text_printf(t, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	struct swap_area_info a;
	for (unsigned i = 0; swap_area_get(i, &a); i++) {
		size_t len = strlen(a.path);
		text_printf(t, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", a.path, len < 40 ? (int)(40 - len) : 1,
			    " ", "partition", a.size_kb, a.size_kb < 10000000 ? "\t" : "", a.used_kb,
			    a.used_kb < 10000000 ? "\t" : "", a.prio);
	}
}

static void show_vmstat(struct textbuf *t, struct proc *unused)
{
	(void)unused;
	struct frame_stats fs;
	frame_get_stats(&fs);
	text_printf(t, "nr_free_pages %lu\n", fs.free);
	text_printf(t, "nr_inactive_anon %lu\nnr_active_anon %lu\n", lru_inactive_pages,
		    lru_active_pages);
	text_printf(t, "nr_unevictable %lu\n", page_cache_total);
	text_printf(t, "nr_file_pages %lu\n", page_cache_total + swap_cache_pages);
	text_printf(t, "nr_swapcached %lu\n", swap_cache_pages);
	text_printf(t, "pswpin %lu\npswpout %lu\n", vmstat.pswpin, vmstat.pswpout);
	text_printf(t, "pgfault %lu\npgmajfault %lu\n", vmstat.pgfault, vmstat.pgmajfault);
	text_printf(t, "pgactivate %lu\npgdeactivate %lu\npgrotated %lu\n", vmstat.pgactivate,
		    vmstat.pgdeactivate, vmstat.pgrotated);
	text_printf(t, "pgsteal_kswapd %lu\npgsteal_direct %lu\n", vmstat.pgsteal_kswapd,
		    vmstat.pgsteal_direct);
	text_printf(t, "pgscan_kswapd %lu\npgscan_direct %lu\n", vmstat.pgscan_kswapd,
		    vmstat.pgscan_direct);
	text_printf(t, "swap_ra %lu\nswap_ra_hit %lu\n", vmstat.swap_ra, vmstat.swap_ra_hit);
	text_printf(t, "allocstall %lu\nkswapd_wakeups %lu\n", vmstat.allocstall,
		    vmstat.kswapd_wakeups);
	/* This kernel's own counters: what each fault turned out to be. */
	text_printf(t, "demand_zero %lu\nfile_map %lu\nfile_copy %lu\n", vmstat.demand_zero,
		    vmstat.file_map, vmstat.file_copy);
	text_printf(t, "cow_copy %lu\ncow_reuse %lu\nstack_grow %lu\nsegv %lu\n",
		    vmstat.cow_copy, vmstat.cow_reuse, vmstat.stack_grow, vmstat.segv);
}

/* What /proc/self/maps names an area: its file's path, [heap], [stack], or nothing. */
static void area_name(const struct mm *mm, const struct vma *v, char *buf, size_t size)
{
	buf[0] = '\0';
	struct inode *file = v->object ? vm_object_inode(v->object) : NULL;
	if (file) {
		if (vfs_path_of(file, buf, size) >= 0)
			return;
		ksnprintf(buf, size, "%s (deleted)", file->deleted_path ? file->deleted_path : "");
	} else if (v->object) {
		ksnprintf(buf, size, "/dev/zero (deleted)");    /* as Linux names shared memory */
	} else if (v->start < mm->brk && v->end > mm->brk_start) {
		ksnprintf(buf, size, "[heap]");         /* Linux's vma_is_initial_heap */
	} else if (v->start <= mm->start_stack && v->end >= mm->start_stack) {
		ksnprintf(buf, size, "[stack]");        /* and vma_is_initial_stack */
	}
}

/* One line per area, as Linux's show_map_vma: the name starts at column 74. */
static void show_maps(struct textbuf *t, struct proc *p)
{
	if (!p || !p->mm)
		return;                         /* gone, or a zombie: no areas left */
	struct mm *mm = p->mm;
	static char name[PATH_MAX];
	for (struct vma *v = vma_first(&mm->vmas); v; v = vma_next(v)) {
		int start = (int)t->len;
		/* An object's identity: a file's inode number, shared memory's own number. */
		struct inode *file = v->object ? vm_object_inode(v->object) : NULL;
		uint64_t ino = file ? file->ino : v->object ? v->object->serial : 0;
		text_printf(t, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", v->start, v->end,
			    (v->prot & VMA_READ) ? 'r' : '-', (v->prot & VMA_WRITE) ? 'w' : '-',
			    (v->prot & VMA_EXEC) ? 'x' : '-', (v->flags & VMA_SHARED) ? 's' : 'p',
			    v->object ? v->pgoff << PAGE_SHIFT : 0, 0, v->object ? 1 : 0, ino);
		area_name(mm, v, name, sizeof(name));
		if (name[0]) {
			int pad = 72 - ((int)t->len - start);
			text_printf(t, "%*s %s", pad > 0 ? pad : 0, "", name);
		}
		text_printf(t, "\n");
	}
}

static const char *state_name(const struct proc *p)
{
	if (p == current)
		return "R (running)";
	switch (p->state) {
	case PROC_RUNNABLE: return "R (running)";
	case PROC_SLEEPING: return "S (sleeping)";
	case PROC_STOPPED: return "T (stopped)";
	case PROC_ZOMBIE: return "Z (zombie)";
	}
	return "?";
}

static void show_status(struct textbuf *t, struct proc *p)
{
	if (!p)
		return;
	struct mm *mm = p->mm;
	uint64_t stack = 0, size = 0, rss = 0, swap = 0;
	for (struct vma *v = mm ? vma_first(&mm->vmas) : NULL; v; v = vma_next(v))
		if (v->flags & VMA_GROWSDOWN)
			stack += v->end - v->start;
	if (mm) {
		size = mm_total_size(mm);
		rss = mm->rss;
		swap = mm->swap_ents;
	}
	text_printf(t, "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", p->name,
		    state_name(p), p->pid, p->pid, p->parent ? p->parent->pid : 0);
	text_printf(t, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	text_printf(t, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\nVmStk:\t%8lu kB\nVmSwap:\t%8lu kB\n",
		    size / 1024, KB(rss), stack / 1024, KB(swap));
	text_printf(t, "Threads:\t1\n");
	text_printf(t, "SigPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
		    p->sig_pending, p->sig_blocked, p->sig_ignored, p->sig_handled);
}

static int make_file(const char *path, proc_show_fn show, int pid)
{
	struct file *f;
	int err = vfs_open(vfs_root, path, O_CREAT | O_EXCL | O_WRONLY, 0444, &f);
	if (err)
		return err;
	f->inode->proc_show = show;
	f->inode->proc_pid = pid;
	file_put(f);
	return 0;
}

/* The files of a process's directory (/proc/self or /proc/PID). */
static const struct { const char *name; proc_show_fn show; } pid_files[] = {
	{ "maps", show_maps },
	{ "status", show_status },
};

static bool ready;

void procfs_add_pid(int pid)
{
	char path[48];
	ksnprintf(path, sizeof(path), "/proc/%d", pid);
	if (!ready || vfs_mkdir(vfs_root, path, 0555) != 0)
		return;
	for (size_t i = 0; i < sizeof(pid_files) / sizeof(pid_files[0]); i++) {
		ksnprintf(path, sizeof(path), "/proc/%d/%s", pid, pid_files[i].name);
		make_file(path, pid_files[i].show, pid);
	}
}

void procfs_remove_pid(int pid)
{
	char path[48];
	for (size_t i = 0; ready && i < sizeof(pid_files) / sizeof(pid_files[0]); i++) {
		ksnprintf(path, sizeof(path), "/proc/%d/%s", pid, pid_files[i].name);
		vfs_unlink(vfs_root, path);
	}
	ksnprintf(path, sizeof(path), "/proc/%d", pid);
	if (ready)
		vfs_rmdir(vfs_root, path);
}

void procfs_init(void)
{
	int err = vfs_mkdir(vfs_root, "/proc", 0555);
	if (!err || err == -EEXIST)
		err = vfs_mkdir(vfs_root, "/proc/self", 0555);
	if (err && err != -EEXIST)
		panic("procfs: cannot create /proc (error %d)", err);
	if (make_file("/proc/meminfo", show_meminfo, 0) || make_file("/proc/vmstat", show_vmstat, 0) ||
	    make_file("/proc/swaps", show_swaps, 0) ||
	    make_file("/proc/self/maps", show_maps, 0) || make_file("/proc/self/status", show_status, 0))
		panic("procfs: cannot create the files of /proc");
	ready = true;
}
