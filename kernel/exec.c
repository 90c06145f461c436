#include "kernel/exec.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc.h"
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/* Auxiliary vector types (elf.h of Linux). */
enum {
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
	AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
	AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25,
	AT_EXECFN = 31,
};

#define INITIAL_STACK_SIZE (128u << 10)
#define STACK_GAP          (64u << 10)  /* room below the arguments before the stack grows */

/* --- arguments ------------------------------------------------------------------------ */

static int args_append(struct exec_args *a, const char *s, size_t len)
{
	if (a->used + len + 1 > a->size) {
		size_t size = a->size ? a->size : 4096;
		while (size < a->used + len + 1)
			size *= 2;
		char *buf = kmalloc(size);
		if (!buf)
			return -ENOMEM;
		if (a->used)
			memcpy(buf, a->buf, a->used);
		kfree(a->buf);
		a->buf = buf;
		a->size = size;
	}
	memcpy(a->buf + a->used, s, len);
	a->buf[a->used + len] = '\0';
	a->used += len + 1;
	return 0;
}

/* Linux's limit on the argument and environment strings: a quarter of the stack limit. */
static size_t arg_max(void)
{
	uint64_t stack = current ? current->rlimits[RLIMIT_STACK].cur : (8u << 20);
	return stack / 4 < (128u << 10) ? (128u << 10) : stack / 4;
}

static int copy_user_strings(struct exec_args *a, const char *const *uv, int *count)
{
	static char tmp[MAX_ARG_STRLEN];
	*count = 0;
	if (!uv)
		return 0;
	for (;; (*count)++) {
		const char *us;
		if (copy_from_user(&us, &uv[*count], sizeof(us)))
			return -EFAULT;
		if (!us)
			return 0;
		long len = strncpy_from_user(tmp, us, MAX_ARG_STRLEN);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return (int)len;
		if (a->used + (size_t)len + 1 + 8 * (size_t)(a->argc + a->envc + *count + 2) > arg_max())
			return -E2BIG;
		int err = args_append(a, tmp, (size_t)len);
		if (err)
			return err;
	}
}

int exec_args_from_user(struct exec_args *a, const char *const *argv, const char *const *envp)
{
	*a = (struct exec_args){0};
	int err = copy_user_strings(a, argv, &a->argc);
	if (!err)
		err = copy_user_strings(a, envp, &a->envc);
	if (err)
		exec_args_free(a);
	return err;
}

int exec_args_from_kernel(struct exec_args *a, char *const argv[], char *const envp[])
{
	*a = (struct exec_args){0};
	for (; argv && argv[a->argc]; a->argc++)
		if (args_append(a, argv[a->argc], strlen(argv[a->argc])))
			return -ENOMEM;
	for (; envp && envp[a->envc]; a->envc++)
		if (args_append(a, envp[a->envc], strlen(envp[a->envc])))
			return -ENOMEM;
	return 0;
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	*a = (struct exec_args){0};
}

/* --- the executable ------------------------------------------------------------------- */

struct image {
	struct inode *ip;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[ELF_MAX_PHNUM];
	uint64_t bias;          /* where an ET_DYN program is placed */
	uint64_t phdr_addr;     /* AT_PHDR */
	uint64_t brk;           /* the end of the highest segment */
};

static int read_exact(struct inode *ip, void *buf, size_t n, uint64_t off)
{
	struct iobuf b = kernel_iobuf(buf, n);
	ssize_t got = ramfs_read(ip, &b, off);
	return got == (ssize_t)n ? 0 : -ENOEXEC;
}

/* Opens path and checks it is an executable we can run: ENOENT, EACCES, ENOEXEC... */
static int open_executable(const char *path, struct image *im)
{
	int err = path_lookup(current->cwd, path, &im->ip);
	if (err)
		return err;
	if (!S_ISREG(im->ip->mode) || !(im->ip->mode & 0111))
		return -EACCES;
	err = read_exact(im->ip, &im->eh, sizeof(im->eh), 0);
	if (!err)
		err = elf_check_header(&im->eh, im->ip->size);
	if (!err)
		err = read_exact(im->ip, im->ph, im->eh.e_phnum * sizeof(Elf64_Phdr), im->eh.e_phoff);
	for (unsigned i = 0; !err && i < im->eh.e_phnum; i++)
		if (im->ph[i].p_type == PT_INTERP)
			err = -ENOEXEC;         /* dynamically linked: no loader here */
	if (err)
		return err;
	im->bias = im->eh.e_type == ET_DYN ? USER_PIE_BASE : 0;
	return elf_check_segments(im->ph, im->eh.e_phnum, im->bias, USER_MMAP_MIN, USER_TOP);
}

static uint32_t segment_prot(uint32_t flags)
{
	return ((flags & ELF_PF_R) ? VMA_READ : 0) | ((flags & ELF_PF_W) ? VMA_WRITE : 0) |
	       ((flags & ELF_PF_X) ? VMA_EXEC : 0);
}

/* One PT_LOAD segment: its file bytes as a private file area, the rest (bss) demand-zero.
 * The page where the file bytes end is zero-filled past them when it is first touched. */
static int map_segment(struct mm *mm, struct image *im, const Elf64_Phdr *p)
{
	uint64_t vaddr = p->p_vaddr + im->bias;
	uint64_t start = vaddr & PAGE_MASK;
	uint64_t file_top = PAGE_ALIGN_UP(vaddr + p->p_filesz);
	uint64_t mem_top = PAGE_ALIGN_UP(vaddr + p->p_memsz);
	uint32_t prot = segment_prot(p->p_flags);
	int err = 0;
	if (p->p_filesz)
		err = mm_map_area(mm, start, file_top - start, prot, 0, im->ip,
				  (p->p_offset & PAGE_MASK) >> PAGE_SHIFT, p->p_offset + p->p_filesz);
	else
		file_top = start;
	if (!err && mem_top > file_top)
		err = mm_map_area(mm, file_top, mem_top - file_top, prot, VMA_ANON, NULL, 0, 0);
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
	mm->brk_start = mm->brk = im->brk;
	return 0;
}

/* --- the initial stack ---------------------------------------------------------------- */

/* Builds the stack image (argc, argv, envp, auxv, strings) in a kernel buffer laid out
 * exactly as it will sit below USER_STACK_TOP; returns its size, or 0 when out of memory. */
struct stack_image {
	char *buf;
	size_t size;
	uint64_t sp;            /* the user address of argc: the entry stack pointer */
};

static uint64_t random_state;

static uint64_t next_random(void)
{
	/* xorshift64*, seeded from the time-stamp counter: AT_RANDOM only needs to differ. */
	if (!random_state) {
		uint32_t lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		random_state = ((uint64_t)hi << 32 | lo) | 1;
	}
	random_state ^= random_state >> 12;
	random_state ^= random_state << 25;
	random_state ^= random_state >> 27;
	return random_state * 2685821657736338717ULL;
}

static int build_stack(struct stack_image *st, struct image *im, struct exec_args *a,
		       const char *path)
{
	size_t pathlen = strlen(path) + 1;
	size_t nvec = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + 2 * 18;
	size_t strings = pathlen + a->used + 16 + 7;    /* + AT_RANDOM bytes + "x86_64" */
	size_t size = PAGE_ALIGN_UP(strings + nvec * 8 + 16);
	char *buf = kzalloc(size);
	if (!buf)
		return -ENOMEM;
	uint64_t top = USER_STACK_TOP;
	uint64_t base = top - size;                     /* user address of buf[0] */
	size_t at = size;
#define PUT(src, n) (at -= (n), memcpy(buf + at, (src), (n)), base + at)
	uint64_t execfn = PUT(path, pathlen);
	uint64_t strs = PUT(a->buf, a->used);
	uint64_t platform = PUT("x86_64", 7);
	uint64_t rnd[2] = { next_random(), next_random() };
	uint64_t random = PUT(rnd, 16);
#undef PUT
	uint32_t eax, ebx, ecx, edx;
	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	uint64_t auxv[] = {
		AT_PHDR, im->phdr_addr, AT_PHENT, sizeof(Elf64_Phdr), AT_PHNUM, im->eh.e_phnum,
		AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, im->eh.e_entry + im->bias,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_PLATFORM, platform,
		AT_HWCAP, edx, AT_CLKTCK, 100, AT_SECURE, 0, AT_RANDOM, random,
		AT_EXECFN, execfn, AT_NULL, 0,
	};
	size_t nwords = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + sizeof(auxv) / 8;
	at = (at - nwords * 8) & ~(size_t)15;           /* the ABI wants rsp 16-byte aligned */
	uint64_t *v = (uint64_t *)(buf + at);
	*v++ = (uint64_t)a->argc;
	uint64_t s = strs;                      /* the strings, argv's then envp's, in order */
	for (int i = 0; i < a->argc; i++, s += strlen(buf + (s - base)) + 1)
		*v++ = s;
	*v++ = 0;
	for (int i = 0; i < a->envc; i++, s += strlen(buf + (s - base)) + 1)
		*v++ = s;
	*v++ = 0;
	memcpy(v, auxv, sizeof(auxv));
	st->buf = buf;
	st->size = size;
	st->sp = base + at;
	return 0;
}

/* Copies the stack image into mm's stack area, faulting its pages in. */
static int write_stack(struct mm *mm, struct stack_image *st)
{
	uint64_t base = USER_STACK_TOP - st->size;
	for (uint64_t off = 0; off < st->size; off += PAGE_SIZE) {
		if (fault_in_page(mm, base + off, true) != FAULT_MINOR)
			return -ENOMEM;
		pte_t e = pmap_lookup(&mm->pmap, base + off);
		memcpy(phys_to_virt(pte_addr(e)), st->buf + off, PAGE_SIZE);
	}
	return 0;
}

/* --- execve --------------------------------------------------------------------------- */

/* Everything that can fail, done on a new mm while the old program is still intact. */
static int build_mm(struct mm **out, struct image *im, struct exec_args *a, const char *path,
		    struct stack_image *st)
{
	struct mm *mm = mm_create();
	if (!mm)
		return -ENOMEM;
	int err = map_segments(mm, im);
	if (!err)
		err = build_stack(st, im, a, path);
	if (!err) {
		size_t size = st->size + STACK_GAP;
		if (size < INITIAL_STACK_SIZE)
			size = INITIAL_STACK_SIZE;
		size = PAGE_ALIGN_UP(size);
		err = mm_map_area(mm, USER_STACK_TOP - size, size, VMA_READ | VMA_WRITE,
				  VMA_ANON | VMA_GROWSDOWN, NULL, 0, 0);
		mm->stack_top = USER_STACK_TOP;
	}
	if (!err)
		err = write_stack(mm, st);
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
	current->mm = mm;
	pmap_activate(&mm->pmap);
	if (old)
		mm_destroy(old);
	fdtable_close_on_exec(&current->fds);
	current->sig_handled = 0;               /* handlers are gone with the old program */
	current->fs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	fpu_reset(current);
	proc_set_name(current, path);
	struct trap_frame *tf = current->tf;
	uint64_t cs = tf->cs, ss = tf->ss;
	memset(tf, 0, sizeof(*tf));
	tf->cs = cs;
	tf->ss = ss;
	tf->rflags = (1u << 9) | (1u << 1);
	tf->rip = im->eh.e_entry + im->bias;
	tf->rsp = sp;
}

int do_execve(const char *path, struct exec_args *args)
{
	struct image *im = kzalloc(sizeof(*im));
	if (!im)
		return -ENOMEM;
	struct stack_image st = {0};
	struct mm *mm = NULL;
	int err = open_executable(path, im);
	if (!err)
		err = build_mm(&mm, im, args, path, &st);
	if (!err)
		commit(mm, im, path, st.sp);
	kfree(st.buf);
	if (im->ip)
		inode_put(im->ip);
	kfree(im);
	return err;
}
