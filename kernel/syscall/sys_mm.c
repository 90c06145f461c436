/* Memory system calls: brk, mmap, munmap, mprotect, madvise, mlock and friends (CS:APP
 * 9.8.4, user-level mmap). */
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/sys_fs.h"
#include "kernel/syscall/syscall_def.h"
#include "mm/mlock.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/object.h"
#include "mm/uaccess.h"

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
	return (int64_t)mm_brk(current->mm, addr);
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
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	int acc = f->flags & O_ACCMODE;
	if (len > MAX_FILE_OFFSET || off >> PAGE_SHIFT > (MAX_FILE_OFFSET - len) >> PAGE_SHIFT)
		return -EOVERFLOW;
	bool zero = S_ISCHR(f->inode->mode) && f->inode->dev->mmap_anon;
	if (!S_ISREG(f->inode->mode) && !zero)
		return -ENODEV;
	if (inode_is_proc(f->inode))            /* /proc is not made of pages, as on Linux */
		return f->inode->proc_pid == PROC_SYSTEM_WIDE ? -EIO : -ENODEV;
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

static int64_t sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
	if (!page_aligned(off))
		return -EINVAL;
	/* The descriptor comes before the length, as in Linux's ksys_mmap_pgoff: a closed fd
	 * is EBADF even with length 0. */
	if (!(flags & MAP_ANONYMOUS) && !fget(fd))
		return -EBADF;
	if (len == 0)
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
	struct vm_object *obj = f ? &f->inode->data : NULL;
	return mm_mmap(current->mm, addr, len, prot, flags, obj, off >> PAGE_SHIFT, vflags);
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
	MADV_WIPEONFORK = 18, MADV_KEEPONFORK = 19, MADV_COLD = 20, MADV_PAGEOUT = 21,
	MADV_POPULATE_READ = 22, MADV_POPULATE_WRITE = 23,
};

/* What each advice known here asks of mm_madvise; other advice is EINVAL, as Linux without
 * the feature (KSM, huge pages to collapse, hardware poisoning). */
static const struct { bool known; enum mm_advice what; } advice_table[] = {
	[MADV_NORMAL] = { true, MM_ADVICE_NONE }, [MADV_RANDOM] = { true, MM_ADVICE_NONE },
	[MADV_SEQUENTIAL] = { true, MM_ADVICE_NONE },
	[MADV_WILLNEED] = { true, MM_ADVICE_WILLNEED },
	[MADV_DONTNEED] = { true, MM_ADVICE_DONTNEED }, [MADV_FREE] = { true, MM_ADVICE_FREE },
	[MADV_DONTFORK] = { true, MM_ADVICE_DONTFORK }, [MADV_DOFORK] = { true, MM_ADVICE_DOFORK },
	[MADV_HUGEPAGE] = { true, MM_ADVICE_NONE }, [MADV_NOHUGEPAGE] = { true, MM_ADVICE_NONE },
	[MADV_DONTDUMP] = { true, MM_ADVICE_DONTDUMP }, [MADV_DODUMP] = { true, MM_ADVICE_DODUMP },
	[MADV_WIPEONFORK] = { true, MM_ADVICE_WIPEONFORK },
	[MADV_KEEPONFORK] = { true, MM_ADVICE_KEEPONFORK },
	[MADV_COLD] = { true, MM_ADVICE_COLD }, [MADV_PAGEOUT] = { true, MM_ADVICE_PAGEOUT },
	[MADV_POPULATE_READ] = { true, MM_ADVICE_POPULATE_READ },
	[MADV_POPULATE_WRITE] = { true, MM_ADVICE_POPULATE_WRITE },
};

/* MADV_DONTNEED drops the pages of the areas in the range (a program can see that: they
 * read as zeros, or as the file, again); MADV_PAGEOUT, MADV_COLD and MADV_WILLNEED move
 * pages to and from swap (mm_madvise); MADV_DONTDUMP and MADV_DODUMP say whether the areas
 * go into a core dump, MADV_DONTFORK, MADV_DOFORK, MADV_WIPEONFORK and MADV_KEEPONFORK
 * what a fork's child gets of them; MADV_POPULATE_READ and MADV_POPULATE_WRITE fault the
 * pages in; other advice changes nothing a program can observe here. As on Linux, a range with unmapped holes gives ENOMEM after the advice is applied
 * to the areas it does cover. */
static int64_t sys_madvise(uint64_t addr, uint64_t len, int advice)
{
	if (advice < 0 || (size_t)advice >= sizeof(advice_table) / sizeof(advice_table[0]) ||
	    !advice_table[advice].known || !page_aligned(addr))
		return -EINVAL;
	uint64_t end = addr + PAGE_ALIGN_UP(len);
	if ((len && end == addr) || end < addr)
		return -EINVAL;
	if (end == addr)
		return 0;
	return mm_madvise(current->mm, addr, end, advice_table[advice].what);
}
SYSCALL_DEFINE(28, sys_madvise);

enum { MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4 };

/* msync: a shared file mapping here is the file's page cache itself, so there is nothing to
 * write back; what remains are Linux's checks (EINVAL, ENOMEM for unmapped parts, EBUSY for
 * MS_INVALIDATE of locked memory). */
static int64_t sys_msync(uint64_t addr, uint64_t len, int flags)
{
	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || !page_aligned(addr) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	uint64_t end = addr + PAGE_ALIGN_UP(len);
	if (end < addr)
		return -ENOMEM;
	return mm_msync(current->mm, addr, end, flags == MS_ASYNC, flags & MS_INVALIDATE);
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
	uint8_t batch[64];
	for (uint64_t done = 0; done < pages;) {
		uint64_t n = pages - done < sizeof(batch) ? pages - done : sizeof(batch);
		size_t in = mm_mincore(current->mm, addr + (done << PAGE_SHIFT), n, batch);
		if (copy_to_user(uvec + done, batch, in))
			return -EFAULT;
		if (in < n)
			return -ENOMEM;         /* a hole: what came before it is reported, as Linux */
		done += n;
	}
	return 0;
}
SYSCALL_DEFINE(27, sys_mincore);

/* remap_file_pages: deprecated since Linux 4.0, which emulates it with mmap of the same
 * object at a new page offset (mm_remap_file_pages), and says so once in its log (the
 * same line here). prot must be 0; of the flags only MAP_NONBLOCK counts; the range is
 * rounded down to pages. */
static int64_t sys_remap_file_pages(uint64_t start, uint64_t size, uint64_t prot,
				    uint64_t pgoff, uint64_t flags)
{
	static bool warned;
	if (!warned) {
		warned = true;
		printk("%s (%d) uses deprecated remap_file_pages() syscall. See "
		       "Documentation/mm/remap_file_pages.rst.\n", current->name, current->pid);
	}
	if (prot)
		return -EINVAL;
	start &= PAGE_MASK;
	size &= PAGE_MASK;
	if (start + size <= start || pgoff + (size >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	return mm_remap_file_pages(current->mm, start, size, pgoff, flags & MAP_NONBLOCK);
}
SYSCALL_DEFINE(216, sys_remap_file_pages);

static int64_t sys_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, int flags,
			  uint64_t new_addr)
{
	return mm_remap(current->mm, addr, old_len, new_len, flags, new_addr);
}
SYSCALL_DEFINE(25, sys_mremap);

/* Linux's can_do_mlock: a process may lock when its RLIMIT_MEMLOCK is above 0, or when it
 * is root (CAP_IPC_LOCK), whose limit does not bind it. Both live in mm->lock_limit (kept
 * by proc_sync_mm_limits: MM_NO_LIMIT for root), which the mm layer's own locks check too.
 * The limit counts in bytes, as Linux: one of 4095 bytes allows no page, but is ENOMEM. */
static bool can_do_mlock(void)
{
	return current->mm->lock_limit != 0;
}

/* Whether locking [first, end) keeps the process within RLIMIT_MEMLOCK, as Linux's do_mlock
 * counts: what is locked already, plus the range, less what of the range is locked. */
static bool lock_within_limit(uint64_t first, uint64_t end)
{
	struct mm *mm = current->mm;
	return mm_may_lock_more(mm, (end - first) - mm_locked_in(mm, first, end));
}

/* mlock, munlock, mlock2: the range is every page that [start, start + len) touches, as
 * Linux rounds it. */
static int64_t lock_pages(uint64_t start, uint64_t len, uint32_t lock, bool populate)
{
	if (populate && !can_do_mlock())
		return -EPERM;
	uint64_t first = start & PAGE_MASK;
	uint64_t end = first + PAGE_ALIGN_UP(len + (start & ~PAGE_MASK));
	if (!populate)
		return mm_lock_range(current->mm, first, end, lock);
	if (end >= first && !lock_within_limit(first, end))
		return -ENOMEM;
	return mm_mlock(current->mm, first, end, lock);
}

static int64_t sys_mlock(uint64_t start, uint64_t len)
{
	return lock_pages(start, len, VMA_LOCKED, true);
}
SYSCALL_DEFINE(149, sys_mlock);

static int64_t sys_mlock2(uint64_t start, uint64_t len, int flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	uint32_t onfault = (flags & MLOCK_ONFAULT) ? VMA_LOCKONFAULT : 0;
	return lock_pages(start, len, VMA_LOCKED | onfault, true);
}
SYSCALL_DEFINE(325, sys_mlock2);

static int64_t sys_munlock(uint64_t start, uint64_t len)
{
	return lock_pages(start, len, 0, false);
}
SYSCALL_DEFINE(150, sys_munlock);

static int64_t sys_mlockall(int flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!can_do_mlock())
		return -EPERM;
	/* Locking what is mapped now must fit the limit (Linux compares its total_vm). */
	uint64_t limit = current->mm->lock_limit;
	if ((flags & MCL_CURRENT) && limit != MM_NO_LIMIT &&
	    (mm_total_size(current->mm) >> PAGE_SHIFT) > limit >> PAGE_SHIFT)
		return -ENOMEM;
	mm_mlockall(current->mm, flags);
	return 0;
}
SYSCALL_DEFINE(151, sys_mlockall);

static int64_t sys_munlockall(void)
{
	mm_munlockall(current->mm);
	return 0;
}
SYSCALL_DEFINE(152, sys_munlockall);
