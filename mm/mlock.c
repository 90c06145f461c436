/* Memory locking: the lock flags of areas, and faulting a locked range's pages in. */
#include "mm/mlock.h"
#include "kernel/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/uaccess.h"

int mm_lock_range(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t lock)
{
	if (end < start)
		return -EINVAL;
	for (uintptr_t at = start; at < end;) {
		struct vma *v = vma_find(&mm->vmas, at);
		if (!v)
			return -ENOMEM;         /* a hole: what came before it stays changed */
		uintptr_t to = v->end < end ? v->end : end;
		if (!mm_change_flags(mm, v, at, to, VMA_LOCK_MASK, lock))
			return -ENOMEM;
		at = to;
	}
	return 0;
}

int mm_mlock(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t lock)
{
	int err = mm_lock_range(mm, start, end, lock);
	if (err)
		return err;
	/* POSIX's errors for what populating met: an unmapped or inaccessible page is
	 * ENOMEM, running out of memory EAGAIN (Linux's __mlock_posix_error_return). */
	err = mm_populate(mm, start, end - start, false);
	if (err == -EFAULT)
		return -ENOMEM;
	if (err == -ENOMEM)
		return -EAGAIN;
	return err;
}

/* Gives every area the lock flags `lock`, ignoring failures (as Linux's mlockall). */
static void lock_all_areas(struct mm *mm, uint32_t lock)
{
	struct vma *v;
	for (uintptr_t at = 0; (v = vma_find_first_after(&mm->vmas, at)) != NULL;) {
		uintptr_t end = v->end;
		v = mm_change_flags(mm, v, v->start, end, VMA_LOCK_MASK, lock);
		at = v && v->end > end ? v->end : end;
	}
}

void mm_mlockall(struct mm *mm, int flags)
{
	uint32_t onfault = (flags & MCL_ONFAULT) ? VMA_LOCKONFAULT : 0;
	mm->def_flags &= ~VMA_LOCK_MASK;
	if (flags & MCL_FUTURE)
		mm->def_flags |= VMA_LOCKED | onfault;
	if (!(flags & MCL_CURRENT))
		return;
	lock_all_areas(mm, VMA_LOCKED | onfault);
	mm_populate(mm, 0, USER_TOP, true);
}

void mm_munlockall(struct mm *mm)
{
	mm->def_flags &= ~VMA_LOCK_MASK;
	lock_all_areas(mm, 0);
}
