#include "fs/procfs.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/drivers/tty.h"
#include "kernel/errno.h"
#include "kernel/ipc/msg.h"
#include "kernel/ipc/sem.h"
#include "kernel/ipc/shm.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/lib/kstrto.h"
#include "kernel/proc/oom.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/thread.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/time.h"
#include "mm/commit.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "kernel/proc/thread.h"
#include "mm/pagemap.h"
#include "mm/uaccess.h"
#include "mm/vmstat.h"

#include <stdarg.h>

/* Grows t's buffer (doubling from 1 KiB) to hold at least want bytes; false, and t marked
 * failed, when memory runs out. */
static bool text_reserve(struct textbuf *t, size_t want)
{
	size_t cap = t->cap ? t->cap : 1024;
	while (cap < want)
		cap *= 2;
	char *buf = kmalloc(cap);
	if (!buf) {
		t->failed = true;
		return false;
	}
	if (t->len)
		memcpy(buf, t->buf, t->len);
	kfree(t->buf);
	t->buf = buf;
	t->cap = cap;
	return true;
}

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
		text_reserve(t, t->len + (size_t)n + 1);        /* + 1: the NUL it writes */
	}
}

void text_write(struct textbuf *t, const void *bytes, size_t n)
{
	if (t->failed || !n)
		return;
	if (t->len + n > t->cap && !text_reserve(t, t->len + n))
		return;
	memcpy(t->buf + t->len, bytes, n);
	t->len += n;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

#define KB(pages) ((pages) * (PAGE_SIZE / 1024))

/* Linux's layout: the label padded to 16 columns, the value in 8, then " kB". */
static void meminfo_line(struct textbuf *t, const char *label, uint64_t pages)
{
	text_printf(t, "%-16s%8lu kB\n", label, KB(pages));
}

static void show_meminfo(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	struct frame_stats fs;
	frame_get_stats(&fs);
	struct page_census pc;
	page_census(&pc);
	meminfo_line(t, "MemTotal:", fs.total);
	meminfo_line(t, "MemFree:", fs.free);
	meminfo_line(t, "MemAvailable:", fs.free);
	meminfo_line(t, "Buffers:", 0);
	/* Linux's Cached: the page cache but the swap cache (shared anonymous memory in). */
	meminfo_line(t, "Cached:", page_cache_total - swap_cache_pages);
	meminfo_line(t, "SwapCached:", swap_cache_pages);
	meminfo_line(t, "Active:", lru_active_pages);
	meminfo_line(t, "Inactive:", lru_inactive_pages);
	meminfo_line(t, "Active(anon):", lru_active_pages);
	meminfo_line(t, "Inactive(anon):", lru_inactive_pages);
	meminfo_line(t, "Active(file):", 0);
	meminfo_line(t, "Inactive(file):", 0);
	/* The ramdisk's files are the memory itself, with no disk to go back to: like ramfs
	 * pages on Linux, they are unevictable, as mlocked pages are. */
	meminfo_line(t, "Unevictable:", pc.unevictable);
	meminfo_line(t, "Mlocked:", pc.mlocked);
	meminfo_line(t, "SwapTotal:", swap_total_pages());
	meminfo_line(t, "SwapFree:", swap_free_pages());
	/* Linux's order: these come after the Writeback and page-table lines. */
	meminfo_line(t, "CommitLimit:", vm_commit_limit());
	meminfo_line(t, "Committed_AS:", vm_committed_as);
}

/* /proc/swaps, as Linux's swap_show: the path padded to 40 columns, sizes in KiB. */
static void show_swaps(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	text_printf(t, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	struct swap_area_info a;
	for (unsigned i = 0; swap_area_get(i, &a); i++) {
		size_t len = strlen(a.path);
		text_printf(t, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", a.path, len < 40 ? (int)(40 - len) : 1,
			    " ", "partition", a.size_kb, a.size_kb < 10000000 ? "\t" : "", a.used_kb,
			    a.used_kb < 10000000 ? "\t" : "", a.prio);
	}
}

static void show_vmstat(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	struct frame_stats fs;
	frame_get_stats(&fs);
	text_printf(t, "nr_free_pages %lu\n", fs.free);
	text_printf(t, "nr_inactive_anon %lu\nnr_active_anon %lu\n", lru_inactive_pages,
		    lru_active_pages);
	struct page_census pc;
	page_census(&pc);
	text_printf(t, "nr_unevictable %lu\n", pc.unevictable);
	text_printf(t, "nr_file_pages %lu\n", page_cache_total);   /* with the swap cache */
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
	/* This kernel's own: time-stamp cycles spent idle (benchmarks subtract them). */
	text_printf(t, "idle_cycles %lu\n", idle_cycles);
	/* This kernel's own counters: what each fault turned out to be. */
	text_printf(t, "demand_zero %lu\nzero_page %lu\nfile_map %lu\nfile_copy %lu\n",
		    vmstat.demand_zero, vmstat.zero_page, vmstat.file_map, vmstat.file_copy);
	text_printf(t, "cow_copy %lu\ncow_reuse %lu\nstack_grow %lu\nsegv %lu\n",
		    vmstat.cow_copy, vmstat.cow_reuse, vmstat.stack_grow, vmstat.segv);
}

/* /proc/stat, as Linux's show_stat: clock ticks (USER_HZ, here HZ) in each state on the
 * one CPU, then interrupts, context switches, the boot time, forks and running processes.
 * What this kernel does not have (nice, I/O wait, soft interrupts...) is 0. */
static void show_stat(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	for (int cpu = -1; cpu < 1; cpu++) {
		if (cpu < 0)
			text_printf(t, "cpu ");
		else
			text_printf(t, "cpu%d", cpu);
		text_printf(t, " %lu 0 %lu %lu 0 0 0 0 0 0\n", cpu_times.user, cpu_times.system,
			    cpu_times.idle);
	}
	uint64_t irqs = 0;
	for (int i = 0; i < T_NUM_IRQS; i++)
		irqs += irq_counts[i];
	text_printf(t, "intr %lu", irqs);
	for (int i = 0; i < T_NUM_IRQS; i++)
		text_printf(t, " %lu", irq_counts[i]);
	int running = 0;
	struct list_head *it;
	list_for_each(it, &all_procs)
		running += list_entry(it, struct proc, all)->state == PROC_RUNNABLE;
	text_printf(t, "\nctxt %lu\nbtime %ld\nprocesses %lu\n", cpu_times.switches,
		    time_now().tv_sec - time_since_boot().tv_sec, total_forks);
	text_printf(t, "procs_running %d\nprocs_blocked 0\n", running);
	text_printf(t, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
}

/* /proc/uptime: seconds since boot, and seconds the CPU was idle, to the hundredth. */
static void show_uptime(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	uint64_t up = timer_ticks(), idle = cpu_times.idle;
	text_printf(t, "%lu.%02lu %lu.%02lu\n", up / HZ, (up % HZ) * 100 / HZ, idle / HZ,
		    (idle % HZ) * 100 / HZ);
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
	} else if (v->object && v->object->ops->name) {
		v->object->ops->name(v->object, buf, size);     /* SysV: /SYSV0000002a (deleted) */
	} else if (v->object) {
		ksnprintf(buf, size, "/dev/zero (deleted)");    /* as Linux names shared memory */
	} else if (v->start < mm->brk && v->end > mm->brk_start) {
		ksnprintf(buf, size, "[heap]");         /* Linux's vma_is_initial_heap */
	} else if (v->start <= mm->start_stack && v->end >= mm->start_stack) {
		ksnprintf(buf, size, "[stack]");        /* and vma_is_initial_stack */
	}
}

/* An area's line, as Linux's show_map_vma: the name starts at column 74. */
static void map_line(struct textbuf *t, const struct mm *mm, const struct vma *v)
{
	static char name[PATH_MAX];
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

/* One line per area. */
static void show_maps(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (!p || !p->mm)
		return;                         /* gone, or a zombie: no areas left */
	for (struct vma *v = vma_first(&p->mm->vmas); v; v = vma_next(v))
		map_line(t, p->mm, v);
}

/* smaps' "Label:   value kB" line: the label padded to 16 columns, the value in 8
 * (Linux's SEQ_PUT_DEC), from bytes. */
static void smaps_kb(struct textbuf *t, const char *label, uint64_t bytes)
{
	text_printf(t, "%-16s%8lu kB\n", label, bytes >> 10);
}

/* Linux's show_smap_vma_flags, for the flags an area here can have, in the order of
 * Linux's VM_* bits ("um", VM_UFFD_MISSING, is bit 9: a userfaultfd registration). */
static void smaps_vmflags(struct textbuf *t, const struct vma *v)
{
	text_printf(t, "VmFlags:");
	static const struct { uint32_t bit; bool prot; const char *name; } flags[] = {
		{ VMA_READ, true, "rd" }, { VMA_WRITE, true, "wr" }, { VMA_EXEC, true, "ex" },
		{ VMA_SHARED, false, "sh" }, { 0, false, "mr" },        /* mmap always may read */
		{ VMA_MAYWRITE, false, "mw" }, { 0, false, "me" },      /* and execute */
		{ VMA_SHARED, false, "ms" }, { VMA_GROWSDOWN, false, "gd" },
	};
	static const struct { uint32_t bit; const char *name; } later[] = {
		{ VMA_LOCKED, "lo" }, { VMA_DONTCOPY, "dc" }, { VMA_LOCKONFAULT, "lf" },
		{ VMA_ACCOUNT, "ac" }, { VMA_NORESERVE, "nr" }, { VMA_WIPEONFORK, "wf" },
		{ VMA_DONTDUMP, "dd" },
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!flags[i].bit || ((flags[i].prot ? v->prot : v->flags) & flags[i].bit))
			text_printf(t, " %s", flags[i].name);
	if (v->uffd)
		text_printf(t, " um");          /* registered with a userfaultfd, missing mode */
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		if (v->flags & later[i].bit)
			text_printf(t, " %s", later[i].name);
	text_printf(t, " \n");
}

/* /proc/PID/smaps: each area's line, then its sizes in Linux 6.1's order (show_smap and
 * __show_smap). Huge pages, KSM and lazy freeing do not exist here: those lines are 0. */
static void show_smaps(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (!p || !p->mm)
		return;
	for (struct vma *v = vma_first(&p->mm->vmas); v; v = vma_next(v)) {
		struct area_usage u;
		mm_area_usage(p->mm, v, &u);
		map_line(t, p->mm, v);
		smaps_kb(t, "Size:", v->end - v->start);
		smaps_kb(t, "KernelPageSize:", PAGE_SIZE);
		smaps_kb(t, "MMUPageSize:", PAGE_SIZE);
		smaps_kb(t, "Rss:", u.resident);
		smaps_kb(t, "Pss:", u.pss >> PSS_SHIFT);
		smaps_kb(t, "Pss_Dirty:", u.pss_dirty >> PSS_SHIFT);
		smaps_kb(t, "Shared_Clean:", u.shared_clean);
		smaps_kb(t, "Shared_Dirty:", u.shared_dirty);
		smaps_kb(t, "Private_Clean:", u.private_clean);
		smaps_kb(t, "Private_Dirty:", u.private_dirty);
		smaps_kb(t, "Referenced:", u.referenced);
		smaps_kb(t, "Anonymous:", u.anonymous);
		static const char *const none[] = { "LazyFree:", "AnonHugePages:",
			"ShmemPmdMapped:", "FilePmdMapped:", "Shared_Hugetlb:" };
		for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
			smaps_kb(t, none[i], 0);
		text_printf(t, "Private_Hugetlb: %7u kB\n", 0);       /* a longer label */
		smaps_kb(t, "Swap:", u.swap);
		smaps_kb(t, "SwapPss:", u.swap_pss >> PSS_SHIFT);
		smaps_kb(t, "Locked:", u.pss_locked >> PSS_SHIFT);
		text_printf(t, "THPeligible:    %8u\n", 0);
		smaps_vmflags(t, v);
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

static void show_status(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (!p)
		return;
	struct mm *mm = p->mm;
	uint64_t stack = 0, size = 0, rss = 0, locked = 0, swap = 0;
	for (struct vma *v = mm ? vma_first(&mm->vmas) : NULL; v; v = vma_next(v))
		if (v->flags & VMA_GROWSDOWN)
			stack += v->end - v->start;
	if (mm) {
		size = mm_total_size(mm);
		locked = mm_locked_size(mm);
		rss = mm->rss;
		swap = mm->swap_ents;
	}
	struct proc *parent = proc_parent(p);
	text_printf(t, "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", p->name,
		    state_name(p), p->tgid, p->pid, parent ? parent->tgid : 0);
	const struct cred *c = &p->cred;
	text_printf(t, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid,
		    c->suid, c->fsuid, c->gid, c->egid, c->sgid, c->fsgid);
	text_printf(t, "VmSize:\t%8lu kB\nVmLck:\t%8lu kB\n", size / 1024, locked / 1024);
	text_printf(t, "VmRSS:\t%8lu kB\nVmStk:\t%8lu kB\nVmSwap:\t%8lu kB\n", KB(rss),
		    stack / 1024, KB(swap));
	text_printf(t, "Threads:\t%d\n", p->group ? p->group->live : 1);
	text_printf(t, "SigPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
		    p->pending.set, p->sig_blocked, p->sighand ? p->sighand->ignored : 0,
		    p->sighand ? p->sighand->handled : 0);      /* a zombie has none (stat) */
}

/* /proc/PID/stat's state letter (Linux's task_state_array). */
static char state_letter(const struct proc *p)
{
	return state_name(p)[0];
}

/* /proc/PID/stat: one line, the 52 fields of Linux's do_task_stat in its order (proc(5)).
 * Times are in clock ticks (USER_HZ, here HZ); rss in pages; priority is 20 + nice, as
 * Linux's for a normal process. Fields this kernel has no notion of (code bounds,
 * real-time policy) are 0, as Linux shows
 * several of them to an unprivileged reader. */
static void show_stat_pid(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (!p)
		return;
	struct mm *mm = p->mm;
	struct proc *parent = proc_parent(p);
	int tty_nr, tpgid;
	tty_stat_fields(p, &tty_nr, &tpgid);
	text_printf(t, "%d (%s) %c %d %d %d %d %d %u ", p->pid, p->name, state_letter(p),
		    parent ? parent->tgid : 0, p->pgid, p->sid, tty_nr, tpgid,
		    p->kthread ? 0x00200000u : 0u);            /* PF_KTHREAD */
	text_printf(t, "%lu %lu %lu %lu %lu %lu %lu %lu ", p->min_flt, p->child_min_flt,
		    p->maj_flt, p->child_maj_flt, p->utime_ticks, p->stime_ticks,
		    p->child_utime_ticks, p->child_stime_ticks);
	text_printf(t, "%d %d 1 0 %lu %lu %lu %lu ", 20 + p->nice, p->nice, p->start_tick,
		    mm ? mm_total_size(mm) : 0, mm ? mm->rss : 0, p->rlimits[RLIMIT_RSS].rlim_cur);
	text_printf(t, "0 0 %lu 0 0 ", mm ? mm->start_stack : 0);  /* code, stack, esp, eip */
	/* A zombie let go of its handlers when it exited (Linux keeps them until it is
	 * reaped): it shows none ignored or caught. */
	uint64_t ignored = p->sighand ? p->sighand->ignored : 0;
	uint64_t handled = p->sighand ? p->sighand->handled : 0;
	text_printf(t, "%lu %lu %lu %lu ", p->pending.set & 0x7fffffff,
		    p->sig_blocked & 0x7fffffff, ignored & 0x7fffffff, handled & 0x7fffffff);
	text_printf(t, "%d 0 0 %d 0 0 0 0 0 0 ", p->state == PROC_SLEEPING, p->kthread ? 0 : 17);
	text_printf(t, "0 0 %lu %lu %lu %lu %lu %d\n", mm ? mm->brk_start : 0,
		    mm ? mm->arg_start : 0, mm ? mm->arg_end : 0, mm ? mm->arg_end : 0,
		    mm ? mm->env_end : 0, p->state == PROC_ZOMBIE ? p->exit_status : 0);
}

/* Strings from a process's own stack, [start, end) (Linux's get_mm_cmdline and environ).
 * The running process reads its own through the copy routines (which fault pages back
 * in); another's only from pages in memory, since it may exit while a read from swap
 * sleeps. */
static void show_stack_strings(struct textbuf *t, struct proc *p, uintptr_t start,
			       uintptr_t end)
{
	char *buf = kmalloc(PAGE_SIZE);         /* not static: a copy may sleep */
	if (!buf) {
		t->failed = true;
		return;
	}
	for (uintptr_t at = start; at < end;) {
		size_t n = end - at < PAGE_SIZE ? end - at : PAGE_SIZE;
		size_t got = n;
		if (p == current && copy_from_user(buf, (const void *)at, n))
			break;
		if (p != current)
			got = copy_from_mm_resident(p->mm, buf, at, n);
		text_write(t, buf, got);
		if (got < n) {
			pr_info("procfs: %s[%d]'s cmdline cut at %lx: the page is not in memory\n",
				p->name, p->pid, at + got);
			break;
		}
		at += n;
	}
	kfree(buf);
}

/* /proc/PID/cmdline: argv's strings, each with its NUL; empty for a kernel thread or a
 * zombie. */
static void show_cmdline(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (p && p->mm && !p->kthread)
		show_stack_strings(t, p, p->mm->arg_start, p->mm->arg_end);
}

/* /proc/PID/environ: the environment exec gave it (envp's strings follow argv's), each
 * with its NUL, as Linux's: what the program changed since is its own memory. */
static void show_environ(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (p && p->mm && !p->kthread)
		show_stack_strings(t, p, p->mm->arg_end, p->mm->env_end);
}

/* /proc/PID/comm: the name, as in stat's second field. */
static void show_comm(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (p)
		text_printf(t, "%s\n", p->name);
}

/* /proc/PID/statm, as Linux's task_statm, in pages: size (every area), resident, shared
 * (resident pages of files and shared memory: not anonymous), text (executable file
 * areas: here the program's code and its libraries', which Linux counts apart as lib,
 * always 0 since 2.6), lib (0), data (private writable areas, the stack among them), dt
 * (0). */
static void show_statm(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	uint64_t size = 0, shared = 0, text = 0, dat = 0;
	struct mm *mm = p ? p->mm : NULL;
	for (struct vma *v = mm ? vma_first(&mm->vmas) : NULL; v; v = vma_next(v)) {
		uint64_t len = v->end - v->start;
		struct area_usage u;
		mm_area_usage(mm, v, &u);
		size += len;
		shared += u.resident - u.anonymous;
		if ((v->prot & VMA_EXEC) && v->object && !(v->flags & VMA_SHARED))
			text += len;
		if ((v->prot & VMA_WRITE) && !(v->flags & VMA_SHARED))
			dat += len;
	}
	text_printf(t, "%lu %lu %lu %lu 0 %lu 0\n", size / PAGE_SIZE, mm ? mm->rss : 0,
		    shared / PAGE_SIZE, text / PAGE_SIZE, dat / PAGE_SIZE);
}

/* Table files are read in batches of this many entries, each copied out before the next
 * is made (copying to the reader may fault, and change what the next batch sees). */
#define TABLE_BATCH 64

/* Checks a table read as Linux does (whole 8-byte entries only); the entries asked for. */
static int64_t table_request(const struct iobuf *buf, uint64_t off, uint64_t *first)
{
	if (off % 8 || buf->len % 8)
		return -EINVAL;
	*first = off / 8;
	return (int64_t)(buf->len / 8);
}

/* /proc/PID/pagemap: entry i is virtual page i's; reads stop at the top of user space. */
static int64_t read_pagemap(int pid, struct iobuf *buf, uint64_t off)
{
	struct proc *p = proc_find(pid);
	if (!p || !p->mm)
		return 0;                       /* gone: no address space to show, as Linux */
	uint64_t first, top = USER_TOP >> PAGE_SHIFT;
	int64_t n = table_request(buf, off, &first);
	if (n <= 0 || first >= top)
		return n < 0 ? n : 0;
	if ((uint64_t)n > top - first)
		n = (int64_t)(top - first);
	uint64_t batch[TABLE_BATCH];
	/* Frame numbers for root alone (Linux asks the opener for CAP_SYS_ADMIN; here the
	 * reader, who is the opener unless it changed its IDs in between). */
	bool show_frames = current_cred()->euid == 0;
	for (int64_t done = 0; done < n;) {
		size_t k = n - done < TABLE_BATCH ? (size_t)(n - done) : TABLE_BATCH;
		p = proc_find(pid);
		if (!p || !p->mm)
			return done * 8;
		mm_pagemap_entries(p->mm, (first + (uint64_t)done) << PAGE_SHIFT, k, batch);
		for (size_t i = 0; !show_frames && i < k; i++)
			batch[i] = pagemap_hide_frame(batch[i]);
		int err = iobuf_copy_out(buf, (size_t)done * 8, batch, k * 8);
		if (err)
			return done ? done * 8 : err;
		done += (int64_t)k;
	}
	return n * 8;
}

/* /proc/kpagecount and /proc/kpageflags: entry i is frame i's, up to the end of RAM. */
static int64_t read_kpages(struct iobuf *buf, uint64_t off, bool flags)
{
	uint64_t first;
	int64_t n = table_request(buf, off, &first);
	uint64_t batch[TABLE_BATCH];
	int64_t done = 0;
	while (done < n) {
		size_t want = n - done < TABLE_BATCH ? (size_t)(n - done) : TABLE_BATCH;
		size_t k = kpage_entries(first + (uint64_t)done, want, flags, batch);
		int err = k ? iobuf_copy_out(buf, (size_t)done * 8, batch, k * 8) : 0;
		if (err)
			return done ? done * 8 : err;
		done += (int64_t)k;
		if (k < want)
			break;                  /* the end of RAM */
	}
	return n < 0 ? n : done * 8;
}

static int64_t read_kpagecount(int pid, struct iobuf *buf, uint64_t off)
{
	(void)pid;
	return read_kpages(buf, off, false);
}

static int64_t read_kpageflags(int pid, struct iobuf *buf, uint64_t off)
{
	(void)pid;
	return read_kpages(buf, off, true);
}

/* Linux's proc_oom_score: the badness scaled to 0..2000 (0 for one never killed). */
static void show_oom_score(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (p)
		text_printf(t, "%lu\n", oom_score(p));
}

static void show_oom_score_adj(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (p)
		text_printf(t, "%d\n", p->oom_score_adj);
}

/* As Linux's oom_score_adj_write: at most the first 12 bytes count, read by kstrtoint
 * once stripped of spaces; the whole write is consumed. */
static int64_t write_oom_score_adj(struct proc *p, const void *data, const struct proc_write *w)
{
	(void)data;
	char buf[13];
	size_t n = w->len < sizeof(buf) - 1 ? w->len : sizeof(buf) - 1;
	memcpy(buf, w->text, n);
	buf[n] = '\0';
	while (n && is_space(buf[n - 1]))
		buf[--n] = '\0';
	const char *s = buf;
	while (is_space(*s))
		s++;
	int adj;
	int err = kstrtoint(s, &adj);
	if (err)
		return err;
	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	if (!p || p->state == PROC_ZOMBIE)
		return -ESRCH;
	p->oom_score_adj = adj;
	return (int64_t)(w->count < sizeof(buf) - 1 ? w->count : sizeof(buf) - 1);
}

/* /proc/PID/coredump_filter, as Linux's proc_coredump_filter_read: nothing once the
 * process has no address space. */
static void show_coredump_filter(struct textbuf *t, struct proc *p, const void *data)
{
	(void)data;
	if (p && p->mm)
		text_printf(t, "%08x\n", p->mm->dump_filter);
}

/* As Linux's proc_coredump_filter_write: the first 66 bytes read by kstrtouint (hex with
 * 0x, octal with 0, else decimal; one trailing newline), its bits above the filter's
 * ignored; the whole write is consumed. Threads share the setting with their address
 * space. */
static int64_t write_coredump_filter(struct proc *p, const void *data, const struct proc_write *w)
{
	(void)data;
	char buf[67];
	size_t n = w->len < sizeof(buf) - 1 ? w->len : sizeof(buf) - 1;
	memcpy(buf, w->text, n);
	buf[n] = '\0';
	unsigned int val;
	int err = kstrtouint(buf, &val);
	if (err)
		return err;
	if (!p || !p->mm)
		return -ESRCH;
	p->mm->dump_filter = val & MM_DUMP_FILTER_MASK;
	return (int64_t)w->count;
}

/* Makes a /proc file, name in dir: a text one (show, maybe write) or a table (read);
 * splice: sendfile may read it (inode->proc_splice); *out (when asked) the file,
 * referenced, for the caller to finish. It is made in dir directly, not
 * through open(O_CREAT): each fork and thread makes a dozen, and a path walk, an open
 * file and the caller's umask have no part in it. */
static int make_node_in(struct inode *dir, const char *name, uint32_t mode, proc_show_fn show,
			proc_write_fn write, proc_read_fn read, int pid, const void *data,
			bool splice, struct inode **out)
{
	struct path_last last = { .dir = dir, .len = strlen(name) };
	memcpy(last.name, name, last.len + 1);
	struct inode *ip;
	int err = dir_add_node(&last, S_IFREG | mode, &ip);
	if (err)
		return err;
	ip->proc_show = show;
	ip->proc_write = write;
	ip->proc_data = data;
	ip->proc_read = read;
	ip->proc_pid = pid;
	ip->proc_splice = splice;
	if (out)
		*out = ip;
	else
		inode_put(ip);
	return 0;
}

int procfs_may_open(const struct inode *ip)
{
	struct proc *p = ip->proc_pid ? proc_find(ip->proc_pid) : current;
	return p && !proc_may_access(p) ? -EACCES : 0;
}

/* The same, at a path under /proc whose directory exists. */
static int make_node(const char *path, uint32_t mode, proc_show_fn show, proc_write_fn write,
		     proc_read_fn read, int pid, const void *data, bool splice)
{
	struct path_last last;
	int err = path_parent(procfs_root(), procfs_rel(path), &last);
	if (err)
		return err;
	err = make_node_in(last.dir, last.name, mode, show, write, read, pid, data, splice, NULL);
	path_last_release(&last);
	return err;
}

int procfs_make_file(const char *path, uint32_t mode, proc_show_fn show, proc_write_fn write,
		     int pid, const void *data)
{
	int err = make_node(path, mode, show, write, NULL, pid, data, true);
	struct inode *ip;
	if (!err && !(err = path_lookup(procfs_root(), procfs_rel(path), &ip))) {
		ip->proc_sysctl = true;
		inode_put(ip);
	}
	return err;
}

int64_t procfs_write(struct file *f, const struct iobuf *buf, uint64_t off)
{
	char text[PROC_WRITE_MAX + 1];
	size_t len = buf->len < PROC_WRITE_MAX ? buf->len : PROC_WRITE_MAX;
	if (iobuf_copy_in(buf, 0, text, len))
		return -EFAULT;
	text[len] = '\0';
	struct proc_write w = { text, len, buf->len, off };
	int pid = f->inode->proc_pid;
	return f->inode->proc_write(pid ? proc_find(pid) : current, f->inode->proc_data, &w);
}

/* /proc/PID/mounts: the mount table (one for every process here). */
static void show_mounts(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	mounts_show(t);
}

/* /proc/PID/mountinfo: the same, with IDs and each instance's own options. */
static void show_mountinfo(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	mountinfo_show(t);
}

/* The files of a process's directory (/proc/PID). */
static const struct {
	const char *name;
	uint32_t mode;
	proc_show_fn show;
	proc_write_fn write;
	proc_read_fn read;
	bool splice;            /* Linux reads it through read_iter: sendfile may */
	bool ptrace;            /* shows its memory: opened only as proc_may_access allows */
} pid_files[] = {
	{ "cmdline", 0444, show_cmdline, NULL, NULL, false, false },
	{ "comm", 0444, show_comm, NULL, NULL, false, false },
	{ "coredump_filter", 0644, show_coredump_filter, write_coredump_filter, NULL, false,
	  false },
	{ "environ", 0400, show_environ, NULL, NULL, false, true },
	{ "maps", 0444, show_maps, NULL, NULL, false, true },
	{ "mountinfo", 0444, show_mountinfo, NULL, NULL, true, false },
	{ "mounts", 0444, show_mounts, NULL, NULL, true, false },
	{ "oom_score", 0444, show_oom_score, NULL, NULL, false, false },
	{ "oom_score_adj", 0644, show_oom_score_adj, write_oom_score_adj, NULL, false, false },
	{ "pagemap", 0400, NULL, NULL, read_pagemap, false, true },
	{ "smaps", 0444, show_smaps, NULL, NULL, false, true },
	{ "stat", 0444, show_stat_pid, NULL, NULL, false, false },
	{ "statm", 0444, show_statm, NULL, NULL, false, false },
	{ "status", 0444, show_status, NULL, NULL, false, false },
};

/* Makes the files of the directory d of process (or thread) pid. */
static int make_pid_files(struct inode *d, int pid)
{
	int err = 0;
	for (size_t i = 0; !err && i < sizeof(pid_files) / sizeof(pid_files[0]); i++) {
		struct inode *ip;
		err = make_node_in(d, pid_files[i].name, pid_files[i].mode, pid_files[i].show,
				   pid_files[i].write, pid_files[i].read, pid, NULL,
				   pid_files[i].splice, &ip);
		if (!err) {
			ip->proc_ptrace = pid_files[i].ptrace;
			inode_put(ip);
		}
	}
	return err;
}

/* Makes directory name in dir, for process or thread pid, with its files: 0 or an
 * error; *out (when asked) the directory, referenced. */
static int make_pid_dir(struct inode *dir, const char *name, int pid, struct inode **out)
{
	struct inode *d;
	int err = vfs_mkdir(dir, name, 0555);
	if (!err)
		err = path_lookup(dir, name, &d);
	if (err)
		return err;
	d->proc_pid = pid;              /* its owner is the process's (inode_owner) */
	err = make_pid_files(d, pid);
	if (err || !out)
		inode_put(d);
	else
		*out = d;
	return err;
}

static bool ready;

void procfs_add_pid(int pid)
{
	char path[48];
	ksnprintf(path, sizeof(path), "/proc/%d", pid);
	const struct cred *old = cred_override(&root_cred);    /* the kernel makes them */
	struct inode *d, *task;
	if (ready && make_pid_dir(procfs_root(), procfs_rel(path), pid, &d) == 0) {
		if (procfs_link_add_pid(path, pid) == 0 && vfs_mkdir(d, "task", 0555) == 0 &&
		    path_lookup(d, "task", &task) == 0) {
			task->proc_task_tgid = pid;
			task->proc_pid = pid;
			inode_put(task);
		}
		inode_put(d);
	}
	cred_restore(old);
}


/* Unlinks everything in a process's or thread's directory: its files, links and fd/
 * (whose entries are made at each look: none here). */
static void empty_pid_dir(struct inode *dir)
{
	while (!dir_is_empty(dir)) {
		struct dir_entry *de = list_entry(dir->entries.next, struct dir_entry, link);
		if (S_ISDIR(de->inode->mode)) {
			de->inode->nlink--;             /* its "." */
			dir->nlink--;                   /* its ".." */
		}
		dir_unlink(dir, de);
	}
}

void procfs_remove_pid(int pid)
{
	char path[48];
	struct inode *dir;
	ksnprintf(path, sizeof(path), "/proc/%d", pid);
	const struct cred *old = cred_override(&root_cred);    /* the kernel removes them */
	if (!ready || path_lookup(procfs_root(), procfs_rel(path), &dir) != 0) {
		cred_restore(old);
		return;
	}
	empty_pid_dir(dir);
	inode_put(dir);
	vfs_rmdir(procfs_root(), procfs_rel(path));
	cred_restore(old);
}

const struct fs_type procfs_type = { "proc", PROC_SUPER_MAGIC, false };
static struct super_block *proc_sb;     /* its one instance, which /proc shows */

struct super_block *procfs_sb(void)
{
	return proc_sb;
}

struct inode *procfs_root(void)
{
	return proc_sb->root;
}

const char *procfs_rel(const char *path)
{
	return path + 6;                /* past "/proc/" */
}

bool procfs_contains(struct inode *ip)
{
	return inode_sb(ip) == proc_sb;
}

/* Thread tid of process tgid, while it is in the process. */
static struct proc *live_thread(int tgid, int tid)
{
	struct proc *t = proc_find(tid);
	return t && t->group && t->tgid == tgid ? t : NULL;
}

/* Makes task/TID for a live thread tid: 0 or an error; *out (when asked) the directory. */
static int make_task_dir(struct inode *task, int tid, struct inode **out)
{
	char name[12];
	ksnprintf(name, sizeof(name), "%d", tid);
	const struct cred *old = cred_override(&root_cred);    /* the kernel makes them */
	int err = make_pid_dir(task, name, tid, out);
	cred_restore(old);
	return err;
}

int procfs_task_lookup(struct inode *task, const char *name, size_t len, struct inode **out)
{
	int tid = procfs_name_to_int(name, len);
	if (tid <= 0 || task->nlink == 0 || !live_thread(task->proc_task_tgid, tid))
		return -ENOENT;
	return make_task_dir(task, tid, out);
}

void procfs_task_fill(struct inode *task)
{
	struct proc *leader = proc_find(task->proc_task_tgid);
	if (!leader || !leader->group || task->nlink == 0)
		return;
	struct proc *t;
	for_each_thread(leader->group, t) {
		char name[12];
		size_t len = (size_t)ksnprintf(name, sizeof(name), "%d", t->pid);
		if (!dir_find(task, name, len))
			make_task_dir(task, t->pid, NULL);
	}
}

void procfs_remove_task(int tgid, int tid)
{
	char path[48], name[12];
	struct inode *task;
	ksnprintf(path, sizeof(path), "/proc/%d/task", tgid);
	size_t len = (size_t)ksnprintf(name, sizeof(name), "%d", tid);
	const struct cred *old = cred_override(&root_cred);    /* the kernel removes them */
	if (ready && path_lookup(procfs_root(), procfs_rel(path), &task) == 0) {
		struct dir_entry *de = dir_find(task, name, len);       /* made only if looked at */
		if (de) {
			empty_pid_dir(de->inode);
			vfs_rmdir(task, name);
		}
		inode_put(task);
	}
	cred_restore(old);
}

void procfs_init(void)
{
	/* proc's instance, mounted on the root file system's /proc as Linux's init does. */
	proc_sb = sb_create(&procfs_type, 0555);
	int err = proc_sb ? vfs_mkdir(vfs_root, "/proc", 0555) : -ENOMEM;
	struct inode *covered;
	if ((err && err != -EEXIST) || path_lookup(vfs_root, "/proc", &covered))
		panic("procfs: cannot create /proc (error %d)", err);
	err = mount_attach(proc_sb, covered, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC |
			   MS_RELATIME);
	inode_put(covered);
	if (err)
		panic("procfs: cannot mount /proc (error %d)", err);
	static const struct {
		const char *path;
		proc_show_fn show;
		proc_read_fn read;
		bool splice;    /* Linux reads it through read_iter: sendfile may */
	} files[] = {
		{ "/proc/meminfo", show_meminfo, NULL, true },
		{ "/proc/vmstat", show_vmstat, NULL, true },
		{ "/proc/swaps", show_swaps, NULL, false },
		{ "/proc/stat", show_stat, NULL, true },
		{ "/proc/uptime", show_uptime, NULL, true },
		{ "/proc/kpagecount", NULL, read_kpagecount, false },
		{ "/proc/kpageflags", NULL, read_kpageflags, false },
		{ "/proc/sysvipc/msg", msg_show_sysvipc, NULL, false },
		{ "/proc/sysvipc/sem", sem_show_sysvipc, NULL, false },
		{ "/proc/sysvipc/shm", shm_show_sysvipc, NULL, false },
	};
	if (vfs_mkdir(vfs_root, "/proc/sysvipc", 0555))
		panic("procfs: cannot create /proc/sysvipc");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (make_node(files[i].path, files[i].read ? 0400 : 0444, files[i].show, NULL,
			      files[i].read, PROC_SYSTEM_WIDE, NULL, files[i].splice))
			panic("procfs: cannot create %s", files[i].path);
	/* As Linux's: the mount table is each process's own, /proc/mounts its link. */
	if (vfs_symlink(procfs_root(), "self/mounts", "mounts"))
		panic("procfs: cannot create /proc/mounts");
	procfs_link_init();
	procfs_sys_init();
	procfs_sysinfo_init();
	ready = true;
}
