/* Memory system calls: brk, mmap, munmap, mprotect, madvise (CS:APP 9.8.4, user-level mmap). */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/page_cache.h"
#include "mm/uaccess.h"

enum { PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4 };
enum { MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_FIXED = 0x10,
       MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100, MAP_DENYWRITE = 0x800,
       MAP_EXECUTABLE = 0x1000, MAP_LOCKED = 0x2000, MAP_NORESERVE = 0x4000,
       MAP_POPULATE = 0x8000, MAP_NONBLOCK = 0x10000, MAP_STACK = 0x20000,
       MAP_HUGETLB = 0x40000, MAP_FIXED_NOREPLACE = 0x100000, MAP_UNINITIALIZED = 0x4000000,
       MAP_32BIT = 0x40, MAP_HUGE_BITS = 0x7c000000 };

/* The flags Linux has always taken without checking; MAP_SHARED_VALIDATE refuses others. */
#define LEGACY_MAP_MASK (MAP_SHARED_VALIDATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | \
	MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | \
	MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT | MAP_HUGE_BITS)

static bool page_aligned(uint64_t x)
{
	return (x & (PAGE_SIZE - 1)) == 0;
}

static int64_t sys_brk(uint64_t addr)
{
	struct mm *mm = current->mm;
	if (addr < mm->brk_start || addr > USER_TOP)
		return (int64_t)mm->brk;                /* a query, or nonsense: no change */
	uint64_t old_top = PAGE_ALIGN_UP(mm->brk), new_top = PAGE_ALIGN_UP(addr);
	if (new_top > old_top) {
		struct vma *next = vma_find_first_after(&mm->vmas, old_top);
		if ((next && next->start < new_top) || new_top >= USER_TOP ||
		    mm_over_as_limit(mm, new_top - old_top) ||
		    mm_map_area(mm, old_top, new_top - old_top, VMA_READ | VMA_WRITE,
				VMA_ANON | VMA_MAYWRITE, NULL, 0, 0))
			return (int64_t)mm->brk;        /* Linux reports failure this way */
	} else if (new_top < old_top) {
		mm_unmap(mm, new_top, old_top - new_top);
	}
	mm->brk = addr;
	return (int64_t)addr;
}
SYSCALL_DEFINE(12, sys_brk);

/* The largest file offset, as Linux's MAX_LFS_FILESIZE. */
#define MAX_FILE_OFFSET 0x7fffffffffffffffULL

/* Checks a file mapping as Linux's do_mmap does, in its order; *vflags gets what the file
 * allows (VMA_MAYWRITE). -EBADF, -ENODEV (a file with no pages to map), -EACCES, -EOVERFLOW. */
static int check_file(int fd, int flags, int prot, uint64_t off, uint64_t len, struct file **out,
		      uint32_t *vflags)
{
	int type = flags & MAP_SHARED_VALIDATE;
	struct file *f = fd_file(&current->fds, fd);
	if (!f)
		return -EBADF;
	int acc = f->flags & O_ACCMODE;
	if (len > MAX_FILE_OFFSET || off >> PAGE_SHIFT > (MAX_FILE_OFFSET - len) >> PAGE_SHIFT)
		return -EOVERFLOW;
	bool zero = S_ISCHR(f->inode->mode) && f->inode->dev->mmap_anon;
	if (!S_ISREG(f->inode->mode) && !zero)
		return -ENODEV;
	if (f->inode->proc_show)
		return -EIO;                    /* /proc text is not made of pages, as on Linux */
	if (type == MAP_SHARED_VALIDATE && ((unsigned)flags & ~LEGACY_MAP_MASK))
		return -EOPNOTSUPP;             /* a flag this kernel does not know */
	if (acc == O_WRONLY)
		return -EACCES;                 /* every mapping can be read */
	if (type != MAP_PRIVATE && (prot & PROT_WRITE) && acc != O_RDWR)
		return -EACCES;
	*vflags = (type == MAP_PRIVATE || acc == O_RDWR) ? VMA_MAYWRITE : 0;
	*out = zero ? NULL : f;                 /* /dev/zero maps as anonymous memory */
	return 0;
}

/* Where a mapping of len bytes goes: MAP_FIXED's address, else the hint when that range is
 * free, else the highest free gap below the mmap base (Linux's top-down placement). */
static int64_t place(struct mm *mm, uint64_t addr, uint64_t len, int flags)
{
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr > USER_TOP - len)
			return -ENOMEM;
		if (!page_aligned(addr))
			return -EINVAL;
		if (addr < USER_MMAP_MIN)
			return -EPERM;          /* vm.mmap_min_addr, for an unprivileged program */
		struct vma *v = vma_find_first_after(&mm->vmas, addr);
		if ((flags & MAP_FIXED_NOREPLACE) && v && v->start < addr + len)
			return -EEXIST;
		return (int64_t)addr;
	}
	addr &= PAGE_MASK;                      /* as x86-64 Linux: down to its page */
	if (addr && addr < USER_MMAP_MIN)
		addr = USER_MMAP_MIN;
	if (addr && addr <= USER_TOP - len) {
		/* The first area ending above addr; all others end at or below it. A stack
		 * keeps a guard gap below it, room to grow. */
		struct vma *next = vma_find_first_after(&mm->vmas, addr);
		uint64_t gap = next && (next->flags & VMA_GROWSDOWN) ? STACK_GUARD_GAP : 0;
		if (!next || (next->start >= addr + len && next->start - (addr + len) >= gap))
			return (int64_t)addr;
	}
	addr = vma_find_gap(&mm->vmas, len, USER_MMAP_MIN, USER_MMAP_BASE);
	return addr ? (int64_t)addr : -ENOMEM;
}

/* MAP_POPULATE: fault every page in now, as the program's first touch would (a write
 * touch for a private writable mapping, so its copies are made too, as Linux does). Stops
 * quietly at the end of a file or when memory runs out: the mapping stands either way. */
static void populate(struct mm *mm, uintptr_t start, size_t len, int prot, bool shared)
{
	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return;
	bool write = (prot & PROT_WRITE) && !shared;
	for (uintptr_t va = start; va < start + len; va += PAGE_SIZE)
		if (fault_in_page(mm, va, write) < 0)
			return;
}

static int64_t sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
	if (!page_aligned(off) || len == 0)
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	len = PAGE_ALIGN_UP(len);
	if ((off >> PAGE_SHIFT) + (len >> PAGE_SHIFT) < (off >> PAGE_SHIFT))
		return -EOVERFLOW;
	int type = flags & MAP_SHARED_VALIDATE;
	struct file *f = NULL;
	uint32_t vflags = VMA_MAYWRITE;
	if (!(flags & MAP_ANONYMOUS)) {
		if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
			return -EINVAL;
		int err = check_file(fd, flags, prot, off, len, &f, &vflags);
		if (err)
			return err;
	} else if (type != MAP_SHARED && type != MAP_PRIVATE) {
		return -EINVAL;                 /* MAP_SHARED_VALIDATE too, as Linux */
	}
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	struct mm *mm = current->mm;
	int64_t at = place(mm, addr, len, flags);
	if (at < 0)
		return at;
	if (mm_over_as_limit(mm, len))
		return -ENOMEM;
	bool shared = type != MAP_PRIVATE;
	struct inode *backing = f ? f->inode : NULL;
	if (!f && shared) {
		/* Shared anonymous memory needs an object both sides of a fork reach: a
		 * nameless in-memory file, as Linux backs it with shmem. */
		backing = inode_alloc(S_IFREG | 0600);
		if (!backing)
			return -ENOMEM;
		backing->anon = true;
		backing->size = len;
		off = 0;
	}
	vflags |= (shared ? VMA_SHARED : 0) | (backing ? 0 : VMA_ANON);
	int err = mm_map_area(mm, (uintptr_t)at, len, (uint32_t)prot, vflags, backing,
			      off >> PAGE_SHIFT, UINT64_MAX);
	if (!f && backing)
		inode_put(backing);             /* the area holds it now */
	if (!err && (flags & MAP_POPULATE))
		populate(mm, (uintptr_t)at, len, prot, shared);
	return err ? err : at;
}
SYSCALL_DEFINE(9, sys_mmap);

static int64_t sys_munmap(uint64_t addr, uint64_t len)
{
	if (!page_aligned(addr) || len == 0 || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	return mm_unmap(current->mm, addr, PAGE_ALIGN_UP(len));
}
SYSCALL_DEFINE(11, sys_munmap);

static int64_t sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
	if (!page_aligned(addr))
		return -EINVAL;
	if (len == 0)
		return 0;
	uint64_t end = addr + PAGE_ALIGN_UP(len);
	if (end <= addr)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (end > USER_TOP)
		return -ENOMEM;
	return mm_protect(current->mm, addr, end - addr, (uint32_t)prot);
}
SYSCALL_DEFINE(10, sys_mprotect);

enum {
	MADV_NORMAL = 0, MADV_RANDOM = 1, MADV_SEQUENTIAL = 2, MADV_WILLNEED = 3,
	MADV_DONTNEED = 4, MADV_FREE = 8, MADV_DONTFORK = 10, MADV_DOFORK = 11,
	MADV_HUGEPAGE = 14, MADV_NOHUGEPAGE = 15, MADV_DONTDUMP = 16, MADV_DODUMP = 17,
	MADV_COLD = 20, MADV_PAGEOUT = 21,
};

static bool madvise_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_COLD: case MADV_PAGEOUT:
		return true;
	}
	return false;
}

/* MADV_DONTNEED drops the pages of the areas in the range (a program can see that: they
 * read as zeros, or as the file, again); other advice changes nothing a program can observe
 * here. As on Linux, a range with unmapped holes gives ENOMEM after the advice is applied
 * to the areas it does cover. */
static int64_t sys_madvise(uint64_t addr, uint64_t len, int advice)
{
	if (!madvise_known(advice) || !page_aligned(addr))
		return -EINVAL;
	uint64_t end = addr + PAGE_ALIGN_UP(len);
	if ((len && end == addr) || end < addr)
		return -EINVAL;
	if (end == addr)
		return 0;
	int64_t err = 0;
	uint64_t at = addr;
	struct vma *v = vma_find_first_after(&current->mm->vmas, addr);
	for (; v && v->start < end; v = vma_next(v)) {
		uint64_t from = v->start > addr ? v->start : addr;
		uint64_t to = v->end < end ? v->end : end;
		if (from > at)
			err = -ENOMEM;
		if (advice == MADV_DONTNEED)
			mm_discard(current->mm, from, to - from);
		at = to;
	}
	return at < end ? -ENOMEM : err;
}
SYSCALL_DEFINE(28, sys_madvise);

enum { MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4 };

/* msync: a shared file mapping here is the file's page cache itself, so there is nothing to
 * write back; what remains are Linux's checks (EINVAL, and ENOMEM for unmapped parts). */
static int64_t sys_msync(uint64_t addr, uint64_t len, int flags)
{
	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || !page_aligned(addr) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	uint64_t end = addr + PAGE_ALIGN_UP(len);
	if (end < addr)
		return -ENOMEM;
	int64_t unmapped = 0;
	for (struct vma *v = vma_find_first_after(&current->mm->vmas, addr); addr < end;
	     v = vma_next(v)) {
		if (!v)
			return -ENOMEM;
		if (addr < v->start) {
			if (flags == MS_ASYNC || v->start >= end)
				return -ENOMEM;
			unmapped = -ENOMEM;
		}
		addr = v->end;
	}
	return unmapped;
}
SYSCALL_DEFINE(26, sys_msync);

/* mincore: which pages of [addr, addr + len) are in memory. A present PTE is; so is a page
 * of a mapped file that sits in its page cache, mapped here or not, as Linux reports. */
static int64_t sys_mincore(uint64_t addr, uint64_t len, uint8_t *uvec)
{
	if (!page_aligned(addr))
		return -EINVAL;
	if (!user_range_ok(addr, len))
		return -ENOMEM;
	uint64_t pages = PAGE_ALIGN_UP(len) >> PAGE_SHIFT;
	if (!user_range_ok((uintptr_t)uvec, pages))
		return -EFAULT;
	struct mm *mm = current->mm;
	uint8_t batch[64];
	for (uint64_t done = 0; done < pages;) {
		uint64_t n = pages - done < sizeof(batch) ? pages - done : sizeof(batch);
		for (uint64_t i = 0; i < n; i++) {
			uintptr_t va = addr + ((done + i) << PAGE_SHIFT);
			struct vma *v = vma_find(&mm->vmas, va);
			if (!v)         /* a hole: what came before it is reported, as Linux */
				return copy_to_user(uvec + done, batch, i) ? -EFAULT : -ENOMEM;
			bool in = pte_has_frame(pmap_lookup(&mm->pmap, va));
			if (!in && v->file) {
				uint64_t index = v->pgoff + ((va - v->start) >> PAGE_SHIFT);
				in = page_cache_lookup(&v->file->pages, index) != NULL;
			}
			batch[i] = in;
		}
		if (copy_to_user(uvec + done, batch, n))
			return -EFAULT;
		done += n;
	}
	return 0;
}
SYSCALL_DEFINE(27, sys_mincore);

static int64_t sys_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, int flags,
			  uint64_t new_addr)
{
	return mm_remap(current->mm, addr, old_len, new_len, flags, new_addr);
}
SYSCALL_DEFINE(25, sys_mremap);
