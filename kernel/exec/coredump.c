/*
 * Core dumps, as Linux writes them (fs/coredump.c, fs/binfmt_elf.c): an ELF64 ET_CORE file
 * with a PT_NOTE segment first (NT_PRSTATUS, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE,
 * NT_PRFPREG) and then one PT_LOAD per area of the address space, whose data the process's
 * coredump_filter chooses (/proc/PID/coredump_filter, Linux's default 0x33: anonymous
 * memory in full, pages never touched as holes; private file areas in full once they
 * have copied pages, else just an ELF header page; shared file areas not at all), less
 * the areas madvise(MADV_DONTDUMP) left out. It runs in the dying process, before its mm
 * goes.
 */
#include "kernel/exec/coredump.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/errno.h"
#include "kernel/exec/elf.h"
#include "kernel/exec/elfcore.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/thread.h"
#include "kernel/signal/signal.h"
#include "kernel/time.h"
#include "kernel/uts.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/phys.h"
#include "mm/ptes.h"
#include "mm/uaccess.h"
#include "mm/vma.h"

char core_pattern[CORENAME_MAX_SIZE] = "core";

#define CORE_PAGE 4096

bool sig_dumps_core(int sig)
{
	const uint64_t mask = sig_bit(SIGQUIT) | sig_bit(SIGILL) | sig_bit(SIGTRAP) |
			      sig_bit(SIGABRT) | sig_bit(SIGBUS) | sig_bit(SIGFPE) |
			      sig_bit(SIGSEGV) | sig_bit(SIGXCPU) | sig_bit(SIGXFSZ) |
			      sig_bit(SIGSYS);
	return sig > 0 && sig < NSIG && (mask & sig_bit(sig));
}

/* --- the name: core_pattern's specifiers (Linux's format_corename) ----------------------- */

/* Appends s to out (size CORENAME_MAX_SIZE) at *at; false when it does not fit. */
static bool name_put(char *out, size_t *at, const char *s)
{
	size_t n = strlen(s);
	if (*at + n >= CORENAME_MAX_SIZE)
		return false;
	memcpy(out + *at, s, n + 1);
	*at += n;
	return true;
}

/* The text of specifier c for process p dying of sig ("" for one Linux does not know). */
static void specifier(char c, const struct proc *p, int sig, char *buf, size_t size)
{
	buf[0] = '\0';
	switch (c) {
	case '%': ksnprintf(buf, size, "%%"); break;
	case 'p': case 'P': case 'i': case 'I': ksnprintf(buf, size, "%d", p->pid); break;
	case 'u': case 'g': ksnprintf(buf, size, "0"); break;       /* everyone is root */
	case 's': ksnprintf(buf, size, "%d", sig); break;
	case 't': ksnprintf(buf, size, "%ld", (long)time_now().tv_sec); break;
	case 'h': ksnprintf(buf, size, "%s", uts_nodename); break;  /* uname's nodename */
	case 'c': ksnprintf(buf, size, "%lu", p->rlimits[RLIMIT_CORE].rlim_cur); break;
	case 'e':
		ksnprintf(buf, size, "%s", p->name);
		for (char *s = buf; *s; s++)
			if (*s == '/')
				*s = '!';       /* a name never makes a directory (Linux) */
		break;
	default: break;                 /* an unknown one expands to nothing, as Linux */
	}
}

/* The core file's name from core_pattern into out: 0, or -ENAMETOOLONG. */
static int core_name(char *out, const struct proc *p, int sig)
{
	size_t at = 0;
	out[0] = '\0';
	for (const char *s = core_pattern; *s; s++) {
		char piece[32] = { *s, '\0' };
		if (*s == '%') {
			if (!s[1])
				break;          /* a lone '%' at the end is dropped */
			specifier(*++s, p, sig, piece, sizeof(piece));
		}
		if (!name_put(out, &at, piece))
			return -ENAMETOOLONG;
	}
	return at ? 0 : -ENOENT;
}

/* --- writing: Linux's dump_emit and dump_skip ------------------------------------------ */

/* The core file being written: where the next bytes go, how many were written (what
 * RLIMIT_CORE counts: holes are free), and whether a write failed (then nothing more is). */
struct core_out {
	struct file *file;
	uint64_t pos, written, limit;
	bool failed;
	bool ends_in_hole;              /* the last thing done was a skip */
};

/* Writes n bytes at the current position: false (and nothing more written) when they
 * would pass the limit, the write fails, or SIGKILL came (the OOM killer may choose the
 * dumper, Linux's dump_interrupted), which cuts the core there, as Linux. */
static bool emit(struct core_out *o, const void *buf, size_t n)
{
	if (o->failed || o->written + n > o->limit ||
	    (current->pending.set & sig_bit(SIGKILL))) {
		o->failed = true;
		return false;
	}
	struct iobuf b = kernel_iobuf((void *)buf, n);
	if (file_pwrite(o->file, &b, (off_t)o->pos) != (ssize_t)n) {
		o->failed = true;
		return false;
	}
	o->pos += n;
	o->written += n;
	o->ends_in_hole = false;
	return true;
}

/* Leaves a hole of n bytes (ramfs stores none of it). */
static void skip(struct core_out *o, uint64_t n)
{
	o->pos += n;
	o->ends_in_hole |= n > 0;
}

/* --- what each area dumps -------------------------------------------------------------- */

/* coredump_filter's bits (Linux's MMF_DUMP_ANON_PRIVATE ... MMF_DUMP_DAX_SHARED, less
 * MMF_DUMP_FILTER_SHIFT); no area here is a huge-page or DAX one, so bits 5 to 8 are only
 * kept. */
enum {
	DUMP_ANON_PRIVATE = 1 << 0, DUMP_ANON_SHARED = 1 << 1, DUMP_MAPPED_PRIVATE = 1 << 2,
	DUMP_MAPPED_SHARED = 1 << 3, DUMP_ELF_HEADERS = 1 << 4,
};

/* Copies the page at va of area v into buf, as Linux's get_dump_page: false for a hole
 * (anonymous memory never written: untouched, or only read, so the zero page; or a page
 * that cannot be read). A page in a frame is read through the direct map (even PROT_NONE);
 * a swapped-out page, or a file's page not mapped here, is read the way the program would
 * read it, which brings it in. */
static bool read_page(struct mm *mm, struct vma *v, uintptr_t va, void *buf)
{
	pte_t e = mm_pte_at(mm, va);
	if (pte_has_frame(e) && page_is_zero(phys_to_page(pte_addr(e))))
		return false;                   /* as Linux's FOLL_DUMP */
	if (pte_has_frame(e)) {
		memcpy(buf, phys_to_virt(pte_addr(e)), CORE_PAGE);
		return true;
	}
	if (pte_none(e) && !v->object)
		return false;                   /* demand-zero: never touched */
	if (pte_none(e) && vm_object_is_anon(v->object)) {
		/* Shared anonymous memory: its page may be another process's writing, in
		 * memory or in swap; one nobody touched is a hole. */
		uint64_t index = vma_page_index(v, va);
		if (!vm_object_has_page(v->object, index) &&
		    !vm_object_swap_entry(v->object, index))
			return false;
	}
	return copy_from_user(buf, (const void *)va, CORE_PAGE) == 0;
}

/* True when v's first page is an ELF header: an executable file mapped from offset 0, or
 * one whose first bytes are ELF's magic (Linux's check for FILTER(ELF_HEADERS)). */
static bool starts_with_elf_header(struct mm *mm, struct vma *v, struct inode *ip, void *page)
{
	if (v->pgoff != 0 || !(v->prot & VMA_READ))
		return false;
	if (ip->mode & 0111)
		return true;
	return read_page(mm, v, v->start, page) && memcmp(page, "\177ELF", 4) == 0;
}

/* The bytes of area v the core holds (p_filesz), as Linux's vma_dump_size under the
 * process's coredump_filter: none of an area madvise(MADV_DONTDUMP) left out; a shared
 * area whole when its kind is chosen (anonymous: shared memory, a SysV segment or an
 * unlinked file; else a file); a private one whole when it has anonymous pages (its own
 * or copies) and anonymous private memory is chosen, or when it maps a file and private
 * file areas are; else, with ELF headers chosen, the first page of a file area that
 * starts with one. page is a scratch page. */
static uint64_t dump_size(struct mm *mm, struct vma *v, void *page)
{
	uint32_t filter = mm->dump_filter;
	uint64_t whole = v->end - v->start;
	if (v->flags & VMA_DONTDUMP)
		return 0;
	struct inode *ip = v->object ? vm_object_inode(v->object) : NULL;
	if (v->flags & VMA_SHARED) {
		bool anon = !ip || ip->nlink == 0;
		return (filter & (anon ? DUMP_ANON_SHARED : DUMP_MAPPED_SHARED)) ? whole : 0;
	}
	if (v->anon && (filter & DUMP_ANON_PRIVATE))
		return whole;
	if (!v->object)
		return 0;                                       /* never touched */
	if (filter & DUMP_MAPPED_PRIVATE)
		return whole;
	if ((filter & DUMP_ELF_HEADERS) && ip && starts_with_elf_header(mm, v, ip, page))
		return CORE_PAGE;
	return 0;
}

/* p_flags of an area. */
static uint32_t area_flags(const struct vma *v)
{
	return ((v->prot & VMA_READ) ? ELF_PF_R : 0) | ((v->prot & VMA_WRITE) ? ELF_PF_W : 0) |
	       ((v->prot & VMA_EXEC) ? ELF_PF_X : 0);
}

/* --- the notes ------------------------------------------------------------------------- */

struct notes {
	uint8_t *buf;
	size_t len, cap;
};

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* The bytes a "CORE" note with desc_len bytes of data takes. */
static size_t note_size(size_t desc_len)
{
	return sizeof(struct elf_note_header) + pad4(5) + pad4(desc_len);
}

/* Appends a "CORE" note (the buffer was sized for it). */
static void note_add(struct notes *n, uint32_t type, const void *desc, size_t len)
{
	struct elf_note_header h = { 5, (uint32_t)len, type };
	memcpy(n->buf + n->len, &h, sizeof(h));
	memcpy(n->buf + n->len + sizeof(h), "CORE\0\0\0", 8);
	memcpy(n->buf + n->len + sizeof(h) + 8, desc, len);
	n->len += note_size(len);
}

static struct linux_user_regs user_regs(const struct proc *p)
{
	const struct trap_frame *tf = p->tf;
	return (struct linux_user_regs){
		.r15 = tf->r15, .r14 = tf->r14, .r13 = tf->r13, .r12 = tf->r12, .rbp = tf->rbp,
		.rbx = tf->rbx, .r11 = tf->r11, .r10 = tf->r10, .r9 = tf->r9, .r8 = tf->r8,
		.rax = tf->rax, .rcx = tf->rcx, .rdx = tf->rdx, .rsi = tf->rsi, .rdi = tf->rdi,
		/* the system call it was in (abort's tgkill), else -1 as Linux */
		.orig_rax = tf->vector == SYSCALL_VECTOR ? tf->error_code : (uint64_t)-1,
		.rip = tf->rip, .cs = tf->cs, .eflags = tf->rflags, .rsp = tf->rsp, .ss = tf->ss,
		.fs_base = p->fs_base, .gs_base = p->gs_base,
	};
}

static void fill_prstatus(struct linux_elf_prstatus *st, struct proc *p, int sig)
{
	struct linux_rusage own, children;
	proc_rusage(p, false, &own);
	proc_rusage(p, true, &children);
	*st = (struct linux_elf_prstatus){
		.pr_info = { .si_signo = sig }, .pr_cursig = (int16_t)sig,
		.pr_sigpend = p->pending.set, .pr_sighold = p->sig_blocked,
		.pr_pid = p->pid, .pr_ppid = proc_parent(p) ? proc_parent(p)->tgid : 0,
		.pr_pgrp = p->pgid, .pr_sid = p->sid,
		.pr_utime = own.ru_utime, .pr_stime = own.ru_stime,
		.pr_cutime = children.ru_utime, .pr_cstime = children.ru_stime,
		.pr_reg = user_regs(p), .pr_fpvalid = 1,
	};
}

/* As Linux's fill_psinfo: the name and the command line (its NULs made spaces, cut). */
static void fill_psinfo(struct linux_elf_prpsinfo *ps, struct proc *p)
{
	*ps = (struct linux_elf_prpsinfo){
		.pr_state = 0, .pr_sname = 'R', .pr_pid = p->pid,
		.pr_ppid = proc_parent(p) ? proc_parent(p)->tgid : 0, .pr_pgrp = p->pgid,
		.pr_sid = p->sid,
	};
	memcpy(ps->pr_fname, p->name, sizeof(ps->pr_fname) - 1);
	uint64_t len = p->mm->arg_end > p->mm->arg_start ? p->mm->arg_end - p->mm->arg_start : 0;
	if (len >= CORE_PSARGS_SIZE)
		len = CORE_PSARGS_SIZE - 1;
	if (copy_from_user(ps->pr_psargs, (const void *)p->mm->arg_start, len))
		len = 0;
	for (uint64_t i = 0; i < len; i++)
		if (ps->pr_psargs[i] == '\0')
			ps->pr_psargs[i] = ' ';
	ps->pr_psargs[len] = '\0';
}

/* The name NT_FILE gives area v's file into buf (size bytes): its path, or, unlinked,
 * its last path and " (deleted)" as Linux's d_path. Returns the length with the NUL. */
static size_t file_name(struct inode *ip, char *buf, size_t size)
{
	int n = vfs_path_of(ip, buf, size);
	if (n > 0)
		return (size_t)n;
	int m = ksnprintf(buf, size, "%s (deleted)", ip->deleted_path ? ip->deleted_path : "");
	/* What fit, not what was asked: a long path is cut at the end of buf. */
	return m < 0 ? 0 : (size_t)m >= size ? size : (size_t)m + 1;
}

static struct inode *area_file(const struct vma *v)
{
	return v->object ? vm_object_inode(v->object) : NULL;
}

#define NAME_BUF 4096

/* NT_FILE's data (Linux's fill_files_note): the count, the page size, (start, end, page
 * offset) of each file-backed area, then their names. NULL when out of memory. */
static uint64_t *files_note(struct mm *mm, size_t *len, char *namebuf)
{
	uint64_t count = 0, names = 0;
	for (struct vma *v = vma_first(&mm->vmas); v; v = vma_next(v)) {
		struct inode *ip = area_file(v);
		if (ip) {
			count++;
			names += file_name(ip, namebuf, NAME_BUF);
		}
	}
	*len = (2 + 3 * count) * 8 + names;
	uint64_t *d = kmalloc(*len);
	if (!d)
		return NULL;
	d[0] = count;
	d[1] = CORE_PAGE;
	uint64_t i = 2;
	char *name = (char *)(d + 2 + 3 * count);
	for (struct vma *v = vma_first(&mm->vmas); v; v = vma_next(v)) {
		struct inode *ip = area_file(v);
		if (!ip)
			continue;
		d[i++] = v->start;
		d[i++] = v->end;
		d[i++] = v->pgoff;
		size_t n = file_name(ip, namebuf, NAME_BUF);
		memcpy(name, namebuf, n);
		name += n;
	}
	return d;
}

/* The notes' data, made in kmalloc'd memory (a dump may sleep reading a page, and another
 * process may dump meanwhile). */
struct note_data {
	uint8_t fx[FPU_STATE_SIZE];
	struct linux_elf_prstatus st;
	struct linux_elf_prpsinfo ps;
	struct linux_siginfo si;
};

/* The other threads of p's process still there: each gets its own registers in the core. */
static int other_threads(struct proc *p)
{
	int n = 0;
	struct proc *t;
	for_each_thread(p->group, t)
		n += t != p && t->state != PROC_ZOMBIE;
	return n;
}

/* Every note of the core, in Linux's order: the dumping thread's registers, the process's
 * notes, its FPU state; then each other thread's registers and FPU state (gdb's threads).
 * 0 or -ENOMEM. */
static int fill_notes(struct notes *n, struct proc *p, int sig, const struct sig_info *info,
		      char *namebuf)
{
	size_t auxv_len = 0;
	while (auxv_len < MM_AUXV_WORDS && p->mm->saved_auxv[auxv_len])
		auxv_len += 2;
	auxv_len = (auxv_len + 2) * 8;                  /* with AT_NULL */
	size_t files_len;
	uint64_t *files = files_note(p->mm, &files_len, namebuf);
	struct note_data *d = kmalloc(sizeof(*d));
	n->cap = note_size(sizeof(d->st)) + note_size(sizeof(d->ps)) + note_size(sizeof(d->si)) +
		 note_size(auxv_len) + note_size(files_len) + note_size(sizeof(d->fx)) +
		 (size_t)other_threads(p) * (note_size(sizeof(d->st)) + note_size(sizeof(d->fx)));
	n->buf = files && d ? kmalloc(n->cap) : NULL;
	if (n->buf) {
		memset(n->buf, 0, n->cap);
		fill_prstatus(&d->st, p, sig);
		fill_psinfo(&d->ps, p);
		signal_fill_siginfo(&d->si, sig, info);
		fpu_save(p, d->fx);
		note_add(n, NT_PRSTATUS, &d->st, sizeof(d->st));
		note_add(n, NT_PRPSINFO, &d->ps, sizeof(d->ps));
		note_add(n, NT_SIGINFO, &d->si, sizeof(d->si));
		note_add(n, NT_AUXV, p->mm->saved_auxv, auxv_len);
		note_add(n, NT_FILE, files, files_len);
		note_add(n, NT_PRFPREG, d->fx, sizeof(d->fx));
		struct proc *t;
		for_each_thread(p->group, t) {
			if (t == p || t->state == PROC_ZOMBIE)
				continue;
			fill_prstatus(&d->st, t, sig);
			fpu_save(t, d->fx);
			note_add(n, NT_PRSTATUS, &d->st, sizeof(d->st));
			note_add(n, NT_PRFPREG, d->fx, sizeof(d->fx));
		}
	}
	kfree(files);
	kfree(d);
	return n->buf ? 0 : -ENOMEM;
}

/* --- the file -------------------------------------------------------------------------- */

/* The ELF header and program headers: the notes at notes_at, then each area's data from
 * data_at on (page aligned), in address order. */
static void write_headers(struct core_out *o, struct mm *mm, uint16_t phnum, size_t notes_len,
			  uint64_t notes_at, uint64_t data_at, void *page)
{
	Elf64_Ehdr eh = {
		.e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = phnum,
	};
	emit(o, &eh, sizeof(eh));
	Elf64_Phdr note = { .p_type = PT_NOTE, .p_offset = notes_at, .p_filesz = notes_len };
	emit(o, &note, sizeof(note));
	uint64_t at = data_at;
	uint16_t left = phnum - 1;
	for (struct vma *v = vma_first(&mm->vmas); v && left; v = vma_next(v), left--) {
		uint64_t size = dump_size(mm, v, page);
		Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = area_flags(v), .p_offset = at,
				  .p_vaddr = v->start, .p_filesz = size,
				  .p_memsz = v->end - v->start, .p_align = CORE_PAGE };
		emit(o, &ph, sizeof(ph));
		at += size;
	}
}

/* The data of the first `areas` areas: their pages, holes where read_page finds none
 * (Linux's dump_user_range). */
static void write_areas(struct core_out *o, struct mm *mm, size_t areas, void *page)
{
	for (struct vma *v = vma_first(&mm->vmas); v && areas && !o->failed;
	     v = vma_next(v), areas--) {
		uint64_t size = dump_size(mm, v, page);
		for (uintptr_t va = v->start; va < v->start + size && !o->failed; va += CORE_PAGE) {
			if (read_page(mm, v, va, page))
				emit(o, page, CORE_PAGE);
			else
				skip(o, CORE_PAGE);
		}
	}
}

/* Writes the core of p (dying of sig, with info) to o. False when the notes could not be
 * made. */
static bool write_core(struct core_out *o, struct proc *p, int sig, const struct sig_info *info,
		       void *page)
{
	struct mm *mm = p->mm;
	struct notes n = { 0 };
	if (fill_notes(&n, p, sig, info, page) != 0)
		return false;
	/* e_phnum holds at most 0xfffe areas here: more needs Linux's PN_XNUM section header,
	 * which is not written; the areas past it are left out. */
	size_t areas = mm->vmas.count < 0xfffe ? mm->vmas.count : 0xfffe;
	uint16_t phnum = (uint16_t)(1 + areas);
	uint64_t notes_at = sizeof(Elf64_Ehdr) + (uint64_t)phnum * sizeof(Elf64_Phdr);
	uint64_t data_at = (notes_at + n.len + CORE_PAGE - 1) & ~(uint64_t)(CORE_PAGE - 1);
	write_headers(o, mm, phnum, n.len, notes_at, data_at, page);
	emit(o, n.buf, n.len);
	kfree(n.buf);
	skip(o, data_at - o->pos);
	write_areas(o, mm, areas, page);
	if (!o->failed && o->ends_in_hole) {
		/* The file must reach its last hole's end: one byte there, as Linux. */
		o->pos--;
		emit(o, "", 1);
	}
	return true;
}

/* Opens (creating, mode 0600) the core file name as Linux's do_coredump: only a regular
 * file with one name, emptied. 0 or -errno. */
static int open_core(struct proc *p, const char *name, struct file **out)
{
	int err = vfs_open(p->fs->cwd, name, O_CREAT | O_WRONLY | O_NOFOLLOW, 0600 & ~p->fs->umask, out);
	if (err)
		return err;
	struct inode *ip = (*out)->inode;
	if (!S_ISREG(ip->mode) || ip->nlink > 1 || inode_is_proc(ip))
		err = -EINVAL;
	if (!err)
		err = file_truncate(*out, 0);
	if (err)
		file_put(*out);
	return err;
}

bool coredump(int sig, const struct sig_info *info)
{
	struct proc *p = current;
	uint64_t limit = p->rlimits[RLIMIT_CORE].rlim_cur;
	if (!p->mm || !p->tf || limit < CORE_PAGE)
		return false;                   /* Linux's binfmt->min_coredump */
	if (p->mm->undumpable)
		return false;                   /* prctl(PR_SET_DUMPABLE, 0), set-user-ID */
	if (core_pattern[0] == '|') {
		printk("coredump: pid %d (%s): core_pattern pipes (\"%s\") are not supported, "
		       "no core written\n", p->pid, p->name, core_pattern);
		return false;
	}
	char name[CORENAME_MAX_SIZE];
	struct file *f;
	if (core_name(name, p, sig) != 0 || open_core(p, name, &f) != 0)
		return false;
	void *page = kmalloc(CORE_PAGE > NAME_BUF ? CORE_PAGE : NAME_BUF);
	bool dumped = false;
	if (page) {
		struct core_out o = { .file = f, .limit = limit };
		dumped = write_core(&o, p, sig, info, page);
		kfree(page);
	}
	file_put(f);
	return dumped;
}
