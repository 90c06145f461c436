#include "kernel/exec/exec.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/exec/elf.h"
#include "kernel/exec/layout.h"
#include "kernel/exec/script.h"
#include "kernel/errno.h"
#include "kernel/proc/fork.h"
#include "kernel/proc/futex.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/rseq.h"
#include "kernel/proc/thread.h"
#include "kernel/random.h"
#include "kernel/signal/signal.h"
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/ptes.h"
#include "mm/uaccess.h"
#include "mm/vmtrace.h"

/* Auxiliary vector types (elf.h of Linux). */
enum {
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
	AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
	AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25,
	AT_EXECFN = 31,
};

#define INITIAL_STACK_SIZE (128u << 10)
#define STACK_GAP          (64u << 10)  /* room below the arguments before the stack grows */

/* --- the executable ------------------------------------------------------------------- */

struct image {
	struct inode *ip;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[ELF_MAX_PHNUM];
	uint64_t bias;          /* where an ET_DYN program is placed */
	uint64_t phdr_addr;     /* AT_PHDR */
	uint64_t brk;           /* the end of the highest segment */
	char *interp_path;      /* PT_INTERP: the dynamic loader it asks for (kmalloc'ed) */
	struct image *interp;   /* ... loaded (its bias is AT_BASE), or NULL */
	bool bad_type;          /* a loader neither ET_EXEC nor ET_DYN */
	bool interp_failed;     /* loading the loader failed where Linux is past the point of
				 * no return: the process dies of SIGSEGV */
	bool is_script;         /* the file starts with "#!": its interpreter runs instead */
};

static int read_exact(struct inode *ip, void *buf, size_t n, uint64_t off)
{
	struct iobuf b = kernel_iobuf(buf, n);
	ssize_t got = ramfs_read(ip, &b, off);
	return got == (ssize_t)n ? 0 : -ENOEXEC;
}

/* The path a PT_INTERP segment names, as Linux checks it: 2 to PATH_MAX bytes ending in
 * NUL, else ENOEXEC. */
static int read_interp_path(struct image *im, const Elf64_Phdr *p)
{
	if (p->p_filesz < 2 || p->p_filesz > PATH_MAX)
		return -ENOEXEC;
	im->interp_path = kmalloc(p->p_filesz);
	if (!im->interp_path)
		return -ENOMEM;
	int err = read_exact(im->ip, im->interp_path, p->p_filesz, p->p_offset);
	if (!err && im->interp_path[p->p_filesz - 1] != '\0')
		err = -ENOEXEC;
	return err;
}

/* Why a program's header made execve fail with ENOEXEC, said in the kernel log: the error
 * alone does not tell an empty file from a script or a 32-bit program. */
static void explain_noexec(const char *path, const struct image *im)
{
	const unsigned char *id = im->eh.e_ident;
	uint64_t size = im->ip->data.size;
	const char *why = "a malformed ELF header";
	if (size == 0)
		why = "an empty file";
	else if (size < 4 || memcmp(id, "\177ELF", 4) != 0)
		why = "not an ELF file";
	else if (size >= EI_NIDENT && id[4] != ELFCLASS64)
		why = "a 32-bit ELF file: only 64-bit (x86-64) programs run";
	else if (size >= sizeof(im->eh) && im->eh.e_machine != EM_X86_64)
		why = "an ELF file for another machine than x86-64";
	else if (size >= sizeof(im->eh) && im->eh.e_type != ET_EXEC && im->eh.e_type != ET_DYN)
		why = "an ELF file that is not an executable (a relocatable object or a core?)";
	pr_info("exec: %s: Exec format error: %s\n", path, why);
}

/* The inode execve of path runs: found through at (NULL: from the working directory). */
static int find_program(const struct exec_file *at, const char *path, struct inode **out)
{
	if (at && at->ip) {
		inode_get(at->ip);
		*out = at->ip;
		return 0;
	}
	struct inode *dir = at && at->dir ? at->dir : current->fs->cwd;
	int err = path_walk(dir, path, !(at && at->nofollow), out);
	if (!err && S_ISLNK((*out)->mode))
		err = -ELOOP;                   /* AT_SYMLINK_NOFOLLOW on a link */
	return err;
}

/* Opens path (through at, if not NULL) and reads its ELF and program headers: ENOENT,
 * EACCES, ETXTBSY, ENOEXEC... An interpreter (interp) too short for an ELF header is EIO, and one
 * that is no ELF file for this machine, or whose program headers cannot be read, ELIBBAD,
 * as Linux says. */
static int open_image(const struct exec_file *at, const char *path, struct image *im,
		      bool interp)
{
	int err = find_program(at, path, &im->ip);
	if (err)
		return err;
	if (!S_ISREG(im->ip->mode))
		return -EACCES;
	err = inode_permission(im->ip, MAY_EXEC);      /* root too needs an x bit */
	if (!err && im->ip->writers > 0)
		err = -ETXTBSY;                 /* open for writing: Linux's deny_write_access */
	if (err)
		return err;
	struct iobuf b = kernel_iobuf(&im->eh, sizeof(im->eh));
	ssize_t got = ramfs_read(im->ip, &b, 0);
	if (!interp && got > 0 && script_is_script((const char *)&im->eh, (size_t)got)) {
		im->is_script = true;
		return -ENOEXEC;
	}
	err = got == (ssize_t)sizeof(im->eh) ? 0 : -ENOEXEC;
	if (interp && err)
		return -EIO;                    /* shorter than an ELF header, as Linux's elf_read */
	if (interp && (memcmp(im->eh.e_ident, "\177ELF", 4) != 0 || im->eh.e_machine != EM_X86_64))
		return -ELIBBAD;
	if (!err) {
		/* A loader's type is checked later, as Linux's load_elf_interp does. */
		Elf64_Ehdr eh = im->eh;
		im->bad_type = interp && eh.e_type != ET_EXEC && eh.e_type != ET_DYN;
		if (im->bad_type)
			eh.e_type = ET_DYN;
		err = elf_check_header(&eh, im->ip->data.size);
	}
	if (err == -ENOEXEC && !interp)
		explain_noexec(path, im);
	if (!err)
		err = read_exact(im->ip, im->ph, im->eh.e_phnum * sizeof(Elf64_Phdr), im->eh.e_phoff);
	if (interp && err)
		return -ELIBBAD;
	for (unsigned i = 0; !err && !interp && i < im->eh.e_phnum; i++)
		if (im->ph[i].p_type == PT_INTERP && !im->interp_path)
			err = read_interp_path(im, &im->ph[i]);
	return err;
}

/* Opens the program at path (through at, if not NULL), and the dynamic loader it names,
 * if any. A script is -ENOEXEC with im->is_script set. */
static int open_executable(const struct exec_file *at, const char *path, struct image *im,
			   const struct exec_layout *l)
{
	int err = open_image(at, path, im, false);
	if (err)
		return err;
	/* Without a loader, a position-independent program goes at Linux's ELF_ET_DYN_BASE
	 * (randomized or not); with one, too (the loader goes below the mmap base, placed
	 * in build_mm). */
	im->bias = im->eh.e_type == ET_DYN ? l->pie_base : 0;
	err = elf_check_segments(im->ph, im->eh.e_phnum, im->bias, USER_MMAP_MIN, USER_TOP);
	if (err || !im->interp_path)
		return err;
	im->interp = kzalloc(sizeof(*im->interp));
	if (!im->interp)
		return -ENOMEM;
	return open_image(NULL, im->interp_path, im->interp, true);
}

/* The pages a program's PT_LOAD segments span, from the lowest page they touch. */
static uint64_t image_span(const struct image *im, uint64_t *lowest)
{
	uint64_t low = UINT64_MAX, high = 0;
	for (unsigned i = 0; i < im->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if ((p->p_vaddr & PAGE_MASK) < low)
			low = p->p_vaddr & PAGE_MASK;
		if (PAGE_ALIGN_UP(p->p_vaddr + p->p_memsz) > high)
			high = PAGE_ALIGN_UP(p->p_vaddr + p->p_memsz);
	}
	*lowest = low;
	return high > low ? high - low : 0;
}

/* Where the loader goes: an ET_DYN one as mmap would place it (the highest free range
 * below the mmap base, as Linux's load_elf_interp maps it), an ET_EXEC one where linked. */
static int place_interp(struct mm *mm, struct image *in)
{
	uint64_t low;
	uint64_t span = image_span(in, &low);
	if (!span)
		return -ENOEXEC;
	if (in->eh.e_type == ET_DYN) {
		uint64_t at = vma_find_gap(&mm->vmas, span, USER_MMAP_MIN, mm->mmap_base);
		if (!at)
			return -ENOMEM;
		in->bias = at - low;
	}
	return elf_check_segments(in->ph, in->eh.e_phnum, in->bias, USER_MMAP_MIN, USER_TOP);
}

static uint32_t segment_prot(uint32_t flags)
{
	return ((flags & ELF_PF_R) ? VMA_READ : 0) | ((flags & ELF_PF_W) ? VMA_WRITE : 0) |
	       ((flags & ELF_PF_X) ? VMA_EXEC : 0);
}

/* One PT_LOAD segment: its file bytes as a private file area, the rest (bss) demand-zero.
 * When a bss follows, the page where the file bytes end is zero-filled past them when it
 * is first touched (a copy); without one, that page is the file's own page, as Linux maps
 * it, so that a library's last page of text is shared like the others. */
static int map_segment(struct mm *mm, struct image *im, const Elf64_Phdr *p)
{
	uint64_t vaddr = p->p_vaddr + im->bias;
	uint64_t start = vaddr & PAGE_MASK;
	uint64_t file_top = PAGE_ALIGN_UP(vaddr + p->p_filesz);
	uint64_t mem_top = PAGE_ALIGN_UP(vaddr + p->p_memsz);
	uint64_t file_end = p->p_memsz > p->p_filesz ? p->p_offset + p->p_filesz : UINT64_MAX;
	uint32_t prot = segment_prot(p->p_flags);
	/* A writable segment is private memory the program may dirty: charged, as Linux's
	 * private writable mmap of the file and its brk-like bss (mm/commit.h). */
	uint32_t flags = VMA_MAYWRITE | ((prot & VMA_WRITE) ? VMA_ACCOUNT : 0);
	int err = 0;
	if (p->p_filesz)
		err = mm_map_area(mm, start, file_top - start, prot, flags, &im->ip->data,
				  (p->p_offset & PAGE_MASK) >> PAGE_SHIFT, file_end);
	else
		file_top = start;
	if (!err && mem_top > file_top)
		err = mm_map_area(mm, file_top, mem_top - file_top, prot, flags, NULL, 0, 0);
	if (mem_top > im->brk)
		im->brk = mem_top;
	/* AT_PHDR: where the program headers are in memory. */
	if (im->eh.e_phoff >= p->p_offset && im->eh.e_phoff < p->p_offset + p->p_filesz)
		im->phdr_addr = vaddr + (im->eh.e_phoff - p->p_offset);
	return err;
}

static int map_segments(struct mm *mm, struct image *im)
{
	for (unsigned i = 0; i < im->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		if (p->p_type == PT_PHDR)
			im->phdr_addr = p->p_vaddr + im->bias;
		if (p->p_type != PT_LOAD)
			continue;
		int err = map_segment(mm, im, p);
		if (err)
			return err;
	}
	return 0;
}

/* --- the initial stack ---------------------------------------------------------------- */

/*
 * The new program's stack, as the SysV ABI and Linux lay it out, from the stack top down:
 * the executable's path (AT_EXECFN), the argument and environment strings, (when
 * randomizing, up to 8 KiB of nothing), "x86_64" (AT_PLATFORM), 16 random bytes
 * (AT_RANDOM), then at the 16-byte aligned stack pointer: argc, argv[] with NULL, envp[]
 * with NULL, and the auxiliary vector.
 */

#define AUXV_WORDS 36           /* 18 (type, value) pairs, AT_NULL included */

/* The bytes the layout above takes, alignment included (randomization's are not). */
static size_t stack_image_size(const struct exec_args *a, const char *path)
{
	size_t strings = strlen(path) + 1 + a->used + 7 + 16;
	size_t words = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + AUXV_WORDS;
	return strings + 15 + words * 8 + 15;
}

/* Copies n bytes to addr in mm (not the running address space), faulting its pages in. */
static int put_in_mm(struct mm *mm, uint64_t addr, const void *src, size_t n)
{
	while (n) {
		if (fault_in_page(mm, addr, true) < 0)
			return -ENOMEM;
		struct page *pg = mm_page_at(mm, addr & PAGE_MASK);
		size_t k = PAGE_SIZE - addr % PAGE_SIZE;
		if (k > n)
			k = n;
		memcpy((char *)page_address(pg) + addr % PAGE_SIZE, src, k);
		addr += k;
		src = (const char *)src + k;
		n -= k;
	}
	return 0;
}

/* Writes 64-bit words to consecutive addresses in an mm, a batch at a time. */
struct word_writer {
	struct mm *mm;
	uint64_t addr;
	int n, err;
	uint64_t batch[64];
};

static void word_flush(struct word_writer *w)
{
	if (!w->err && w->n)
		w->err = put_in_mm(w->mm, w->addr, w->batch, (size_t)w->n * 8);
	w->addr += (uint64_t)w->n * 8;
	w->n = 0;
}

static void word_put(struct word_writer *w, uint64_t word)
{
	if (w->n == 64)
		word_flush(w);
	w->batch[w->n++] = word;
}

/* Puts the string stream at strs, argc, and a pointer to each string in argv[] and envp[],
 * each vector ended by NULL. */
static int put_strings(struct word_writer *w, const struct exec_args *a, uint64_t strs)
{
	int err = 0, left = a->argc;
	bool in_envp = false, at_start = true;
	word_put(w, (uint64_t)a->argc);
	for (size_t off = 0, len; off < a->used && !err; off += len) {
		const char *bytes = exec_args_bytes(a, off, &len);
		err = put_in_mm(w->mm, strs + off, bytes, len);
		for (size_t i = 0; i < len; i++) {
			if (at_start) {
				if (left == 0 && !in_envp) {    /* argv ends, envp begins */
					word_put(w, 0);
					in_envp = true;
					left = a->envc;
				}
				word_put(w, strs + off + i);
				left--;
			}
			at_start = bytes[i] == '\0';
		}
	}
	if (!in_envp)
		word_put(w, 0);                 /* argv's NULL, when envp is empty */
	word_put(w, 0);                         /* envp's NULL */
	return err;
}

/* A set-user-ID program runs with its owner as effective user, a set-group-ID one (if
 * group-executable: else the bit means mandatory locking) with its group, unless the
 * process set no_new_privs; the saved IDs are the effective ones after, and the file
 * system IDs follow them, as Linux. */
static void exec_set_ids(struct cred *c, const struct inode *ip)
{
	if ((ip->mode & S_ISUID) && !current->no_new_privs)
		c->euid = ip->uid;
	if ((ip->mode & S_ISGID) && (ip->mode & 0010) && !current->no_new_privs)
		c->egid = ip->gid;
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
}

/* Builds the initial stack in mm, whose stack area ends at l's stack top and covers it;
 * the stack pointer to *sp. */
static int build_stack(struct mm *mm, struct image *im, const struct exec_args *a,
		       const char *path, const struct exec_layout *l, uint64_t *sp)
{
	size_t pathlen = strlen(path) + 1;
	uint64_t execfn = l->stack_top - pathlen;
	uint64_t strs = execfn - a->used;
	uint64_t platform = exec_layout_align_stack(l, strs) - 7;
	uint64_t random = platform - 16;
	uint64_t rnd[2] = { get_random_u64(), get_random_u64() };
	int err = put_in_mm(mm, execfn, path, pathlen);
	mm->arg_start = strs;
	mm->arg_end = strs + a->argv_bytes;
	mm->env_end = strs + a->used;
	if (!err)
		err = put_in_mm(mm, platform, "x86_64", 7);
	if (!err)
		err = put_in_mm(mm, random, rnd, 16);
	uint32_t eax, ebx, ecx, edx;
	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	struct cred c = current->cred;          /* what the program will run with */
	exec_set_ids(&c, im->ip);
	bool secure = c.euid != c.uid || c.egid != c.gid;      /* set-user-ID: AT_SECURE */
	uint64_t auxv[AUXV_WORDS] = {
		AT_PHDR, im->phdr_addr, AT_PHENT, sizeof(Elf64_Phdr), AT_PHNUM, im->eh.e_phnum,
		AT_PAGESZ, PAGE_SIZE, AT_BASE, im->interp ? im->interp->bias : 0, AT_FLAGS, 0,
		AT_ENTRY, im->eh.e_entry + im->bias,
		AT_UID, c.uid, AT_EUID, c.euid, AT_GID, c.gid, AT_EGID, c.egid, AT_PLATFORM, platform,
		AT_HWCAP, edx, AT_CLKTCK, 100, AT_SECURE, secure, AT_RANDOM, random,
		AT_EXECFN, execfn, AT_NULL, 0,
	};
	size_t nwords = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + AUXV_WORDS;
	*sp = ((random & ~(uint64_t)15) - nwords * 8) & ~(uint64_t)15;  /* the ABI: 16-aligned */
	struct word_writer w = { .mm = mm, .addr = *sp };
	if (!err)
		err = put_strings(&w, a, strs);
	for (int i = 0; i < AUXV_WORDS; i++)
		word_put(&w, auxv[i]);
	_Static_assert(AUXV_WORDS <= MM_AUXV_WORDS, "mm->saved_auxv holds the vector");
	memcpy(mm->saved_auxv, auxv, sizeof(auxv));
	word_flush(&w);
	return err ? err : w.err;
}

/* --- execve --------------------------------------------------------------------------- */

/* Everything that can fail, done on a new mm while the old program is still intact. */
static int build_mm(struct mm **out, struct image *im, struct exec_args *a, const char *path,
		    const struct exec_layout *l, uint64_t *sp)
{
	struct mm *mm = mm_create();
	if (!mm)
		return -ENOMEM;
	mm->mmap_base = l->mmap_base;
	if (current->mm)                        /* coredump_filter outlives the program */
		mm->dump_filter = current->mm->dump_filter;
	mm->exe = &im->ip->data;                /* /proc/PID/exe */
	vm_object_hold(mm->exe);
	int err = map_segments(mm, im);
	/* After the program, not its loader. */
	mm->brk_start = mm->brk = exec_layout_brk(l, im->brk);
	if (!err && im->interp) {
		err = im->interp->bad_type ? -EINVAL : place_interp(mm, im->interp);
		if (!err)
			err = map_segments(mm, im->interp);
		im->interp_failed = err != 0;
	}
	if (!err) {
		size_t size = stack_image_size(a, path) + STACK_GAP +
			      (l->randomize ? EXEC_STACK_RND_BYTES + 16 : 0);
		if (size < INITIAL_STACK_SIZE)
			size = INITIAL_STACK_SIZE;
		size = PAGE_ALIGN_UP(size);
		err = mm_map_area(mm, l->stack_top - size, size, VMA_READ | VMA_WRITE,
				  VMA_GROWSDOWN | VMA_MAYWRITE | VMA_ACCOUNT, NULL, 0, 0);
	}
	if (!err)
		err = build_stack(mm, im, a, path, l, sp);
	mm->start_stack = *sp;
	if (err) {
		mm_destroy(mm);
		return err;
	}
	*out = mm;
	return 0;
}

/* Past the point of no return: the new program replaces the old. */
static void commit(struct mm *mm, struct image *im, const char *path, uint64_t sp)
{
	struct mm *old = current->mm;
	futex_exit();                           /* the old program's robust locks, as Linux */
	current->robust_list = 0;
	current->mm = mm;
	proc_sync_mm_limits(current);
	mm_switch_to(mm);
	if (old)
		mm_put(old);
	vfork_release(current);                 /* the parent's memory is its own again */
	fdtable_close_on_exec(current->fds);
	signal_reset_handlers(current);         /* handlers are gone with the old program */
	ptimer_exec(current);                   /* so are POSIX timers; itimers stay */
	current->did_exec = true;
	struct cred before = current->cred;
	bool unreadable = inode_permission(im->ip, MAY_READ) != 0;     /* Linux's would_dump */
	exec_set_ids(&current->cred, im->ip);
	proc_creds_changed(current, &before);   /* new privileges: no earlier signal choice */
	/* Dumpable anew, as Linux's begin_new_exec decides (suid_dumpable 0): not a program
	 * run with IDs other than the real ones, nor one it may not read. */
	const struct cred *c = &current->cred;
	mm->undumpable = unreadable || c->euid != c->uid || c->egid != c->gid;
	current->set_child_tid = current->clear_child_tid = 0;    /* as Linux's mm_release */
	current->sig_altstack = (struct sig_altstack){ 0, 0, 0 };
	rseq_execve(current);                   /* the new program registers its own */
	current->fs_base = current->gs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_GS_BASE, 0);
	fpu_reset(current);
	proc_set_name(current, path);
	vmtrace_exec(path);
	struct trap_frame *tf = current->tf;
	uint64_t cs = tf->cs, ss = tf->ss;
	memset(tf, 0, sizeof(*tf));
	tf->cs = cs;
	tf->ss = ss;
	tf->rflags = (1u << 9) | (1u << 1);
	/* The loader runs first, when there is one; it finds the program through AT_ENTRY. */
	const struct image *first = im->interp ? im->interp : im;
	tf->rip = first->eh.e_entry + first->bias;
	tf->rsp = sp;
}

/* After fexecve (execveat of a descriptor itself), the process is named after the file
 * it runs, not "/dev/fd/N", as Linux (since 6.14) names it from the file's dentry. */
static void name_from_file(struct inode *ip)
{
	char *buf = kmalloc(PATH_MAX);
	if (buf && vfs_path_of(ip, buf, PATH_MAX) > 0)
		proc_set_name(current, buf);
	kfree(buf);
}

/* Where Linux has already replaced the program (its load_elf_interp runs after
 * begin_new_exec), a failure kills the process with SIGSEGV, whatever its handlers were. */
static void die_past_no_return(void)
{
	signal_reset_handlers(current);
	signal_force_fault(current->tf, SIGSEGV, SI_KERNEL, 0);
}

/* Lets go of what open_executable took, leaving im empty. */
static void image_release(struct image *im)
{
	if (im->interp && im->interp->ip)
		inode_put(im->interp->ip);
	kfree(im->interp);
	kfree(im->interp_path);
	if (im->ip)
		inode_put(im->ip);
	memset(im, 0, sizeof(*im));
}

/*
 * im is the script at *file: puts its interpreter (and the interpreter's argument) and
 * *file in place of argv[0] in args, as Linux's binfmt_script, and moves *file to the
 * interpreter's path. That path lives in the line read from the script, *line, which
 * replaces the previous one.
 */
static int take_interpreter(struct image *im, const char **file, char **line,
			    struct exec_args *args)
{
	char *buf = kzalloc(SCRIPT_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	struct iobuf b = kernel_iobuf(buf, SCRIPT_BUF_SIZE);
	ssize_t got = ramfs_read(im->ip, &b, 0);
	char *name, *arg;
	int err = got < 0 ? (int)got : script_parse(buf, &name, &arg);
	if (err == -ENOEXEC)
		pr_info("exec: %s: Exec format error: a script (#!) whose first 256 bytes name "
			"no interpreter\n", *file);
	if (!err && name[0] == '\0')
		err = -EACCES;  /* "#!" alone: Linux's open_exec("") finds the working
				 * directory, which is no program */
	if (!err) {
		const char *front[3] = { name, arg, *file };
		if (!arg)
			front[1] = *file;
		err = exec_args_replace_argv0(args, front, arg ? 3 : 2);
	}
	if (err) {
		kfree(buf);
		return err;
	}
	kfree(*line);
	*line = buf;
	*file = name;
	return 0;
}

/* Opens what execve runs: the program found through at, or for a script its interpreter
 * (scripts may name scripts, SCRIPT_MAX_DEPTH deep), whose arguments go into args. The
 * program's name is name; an interpreter is found from the working directory. */
static int open_program(const struct exec_file *at, const char *path, const char *name,
			struct image *im, char **line, struct exec_args *args,
			const struct exec_layout *l)
{
	const char *file = name;
	for (int depth = 0;; depth++) {
		int err = open_executable(depth ? NULL : at, depth ? file : path, im, l);
		if (err != -ENOEXEC || !im->is_script)
			return err;
		if (depth == SCRIPT_MAX_DEPTH)
			return -ELOOP;
		if (at && at->script_lost)
			return -ENOENT;
		err = take_interpreter(im, &file, line, args);
		image_release(im);
		if (err)
			return err;
	}
}

int do_execve(const char *path, struct exec_args *args)
{
	return do_execveat(NULL, path, path, args);
}

int do_execveat(const struct exec_file *at, const char *path, const char *name,
		struct exec_args *args)
{
	struct image *im = kzalloc(sizeof(*im));
	if (!im)
		return -ENOMEM;
	struct mm *mm = NULL;
	uint64_t sp = 0;
	char *line = NULL;                      /* a script's "#!" line */
	struct exec_layout layout;
	exec_layout_choose(&layout, current->rlimits[RLIMIT_STACK].rlim_cur);
	int err = open_program(at, path, name, im, &line, args, &layout);
	if (!err)
		err = build_mm(&mm, im, args, name, &layout, &sp);
	if (!err) {
		/* The other threads end first (they must not run the new program's code
		 * on the old one's stacks); then the descriptor table and the signal actions
		 * become this process's own, as Linux's begin_new_exec. */
		err = thread_exec_alone();
		if (err)
			mm_put(mm);
	}
	if (!err)
		commit(mm, im, name, sp);
	if (!err && at && at->ip)
		name_from_file(im->ip);
	if (err && im->interp_failed) {
		die_past_no_return();
		err = 0;
	}
	image_release(im);
	kfree(im);
	kfree(line);
	return err;
}
