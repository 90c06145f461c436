/* Memory system calls: brk, mmap, munmap, mprotect, madvise (CS:APP 9.8.4, user-level mmap). */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/syscall_def.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

enum { PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4 };
enum { MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_FIXED = 0x10,
       MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100, MAP_DENYWRITE = 0x800,
       MAP_EXECUTABLE = 0x1000, MAP_LOCKED = 0x2000, MAP_NORESERVE = 0x4000,
       MAP_POPULATE = 0x8000, MAP_NONBLOCK = 0x10000, MAP_STACK = 0x20000,
       MAP_FIXED_NOREPLACE = 0x100000 };

static bool page_aligned(uint64_t x)
{
	return (x & (PAGE_SIZE - 1)) == 0;
}

/* Would an address space grown by `more` bytes exceed RLIMIT_AS? */
static bool over_as_limit(uint64_t more)
{
	uint64_t limit = current->rlimits[RLIMIT_AS].cur;
	return limit != RLIM_INFINITY && mm_total_size(current->mm) + more > limit;
}

static int64_t sys_brk(uint64_t addr)
{
	struct mm *mm = current->mm;
	if (addr < mm->brk_start)
		return (int64_t)mm->brk;                /* a query, or nonsense: no change */
	uint64_t old_top = PAGE_ALIGN_UP(mm->brk), new_top = PAGE_ALIGN_UP(addr);
	if (new_top > old_top) {
		struct vma *next = vma_find_first_after(&mm->vmas, old_top);
		if ((next && next->start < new_top) || new_top >= USER_TOP ||
		    over_as_limit(new_top - old_top) ||
		    mm_map_area(mm, old_top, new_top - old_top, VMA_READ | VMA_WRITE, VMA_ANON,
				NULL, 0, 0))
			return (int64_t)mm->brk;        /* Linux reports failure this way */
	} else if (new_top < old_top) {
		mm_unmap(mm, new_top, old_top - new_top);
	}
	mm->brk = addr;
	return (int64_t)addr;
}
SYSCALL_DEFINE(12, sys_brk);

/* Checks flags and the file; fills in what the area will be. */
static int64_t check_mmap(uint64_t len, int prot, int flags, int fd, uint64_t off,
			  struct file **file)
{
	*file = NULL;
	if (len == 0 || !page_aligned(off) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	int type = flags & MAP_SHARED_VALIDATE;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	if (flags & MAP_ANONYMOUS)
		return 0;
	struct file *f = fd_file(&current->fds, fd);
	if (!f)
		return -EBADF;
	if (!S_ISREG(f->inode->mode))
		return -ENODEV;
	int acc = f->flags & O_ACCMODE;
	if (acc == O_WRONLY)
		return -EACCES;
	if (type != MAP_PRIVATE && (prot & PROT_WRITE) && acc != O_RDWR)
		return -EACCES;
	if (off + PAGE_ALIGN_UP(len) < off)
		return -EOVERFLOW;
	*file = f;
	return 0;
}

static int64_t sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
	struct file *f;
	int64_t err = check_mmap(len, prot, flags, fd, off, &f);
	if (err)
		return err;
	struct mm *mm = current->mm;
	len = PAGE_ALIGN_UP(len);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!page_aligned(addr) || addr < USER_MMAP_MIN || len > USER_TOP - addr)
			return -EINVAL;
		if ((flags & MAP_FIXED_NOREPLACE) && vma_find_first_after(&mm->vmas, addr) &&
		    vma_find_first_after(&mm->vmas, addr)->start < addr + len)
			return -EEXIST;
	} else {
		/* The hint is used when that range is free, as Linux does; else top-down. */
		struct vma *next = vma_find_first_after(&mm->vmas, addr);
		bool hint_ok = addr >= USER_MMAP_MIN && page_aligned(addr) &&
			       len <= USER_MMAP_BASE - addr && (!next || next->start >= addr + len);
		if (!hint_ok)
			addr = vma_find_gap(&mm->vmas, len, USER_MMAP_MIN, USER_MMAP_BASE);
		if (!addr)
			return -ENOMEM;
	}
	if (over_as_limit(len))
		return -ENOMEM;
	bool shared = (flags & MAP_SHARED_VALIDATE) != MAP_PRIVATE;
	struct inode *backing = f ? f->inode : NULL;
	if (!f && shared) {
		/* Shared anonymous memory needs an object both sides of a fork reach: a
		 * nameless in-memory file, as Linux backs it with shmem. */
		backing = inode_alloc(S_IFREG | 0600);
		if (!backing)
			return -ENOMEM;
		backing->size = len;
		off = 0;
	}
	uint32_t vflags = (shared ? VMA_SHARED : 0) | (backing ? 0 : VMA_ANON);
	err = mm_map_area(mm, addr, len, (uint32_t)prot, vflags, backing, off >> PAGE_SHIFT,
			  UINT64_MAX);
	if (!f && backing)
		inode_put(backing);             /* the area holds it now */
	return err ? err : (int64_t)addr;
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
	if (!page_aligned(addr) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	len = PAGE_ALIGN_UP(len);
	if (addr + len < addr || addr + len > USER_TOP)
		return -ENOMEM;
	if (len == 0)
		return 0;
	return mm_protect(current->mm, addr, len, (uint32_t)prot);
}
SYSCALL_DEFINE(10, sys_mprotect);

#define MADV_DONTNEED 4

/* MADV_DONTNEED drops the pages (a program can see that: they read as zeros again); other
 * advice changes nothing a program can observe here, so it is accepted as given. */
static int64_t sys_madvise(uint64_t addr, uint64_t len, int advice)
{
	if (!page_aligned(addr) || addr + len < addr)
		return -EINVAL;
	if (advice == MADV_DONTNEED)
		mm_discard(current->mm, addr, PAGE_ALIGN_UP(len));
	return 0;
}
SYSCALL_DEFINE(28, sys_madvise);
