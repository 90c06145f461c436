/*
 * mremap: growing, shrinking and moving a mapping. Moving copies no data: the page-table
 * entries move to the new addresses and keep pointing at the same frames, which is why
 * musl's realloc of a large block costs a few page-table updates instead of a copy.
 * The checks and their order follow Linux's mm/mremap.c.
 */
#include "mm/mm.h"
#include "kernel/errno.h"
#include "mm/commit.h"
#include "mm/mmap.h"
#include "mm/object.h"
#include "mm/ptes.h"
#include "mm/uaccess.h"

/* The area holding the whole of [addr, addr + old_len), ready to grow to new_len: -EFAULT
 * when there is none, -EINVAL for a private mapping "duplicated" with old_len 0, -EAGAIN
 * when a locked area would pass RLIMIT_MEMLOCK, -ENOMEM past RLIMIT_AS or when the overcommit policy refuses the growth's charge. *charged says
 * what was charged, for the caller to un-charge if it fails after all. */
static struct vma *area_to_resize(struct mm *mm, uintptr_t addr, size_t old_len,
				  size_t new_len, int flags, int64_t *err, uint64_t *charged)
{
	*charged = 0;
	struct vma *v = vma_find(&mm->vmas, addr);
	*err = -EFAULT;
	if (!v || old_len > v->end - addr)
		return NULL;
	*err = -EINVAL;
	if (!old_len && !(v->flags & VMA_SHARED))
		return NULL;
	*err = -EAGAIN;                 /* a locked area's growth: within RLIMIT_MEMLOCK */
	if ((v->flags & VMA_LOCKED) && new_len > old_len &&
	    !mm_may_lock_more(mm, new_len - old_len))
		return NULL;
	*err = -ENOMEM;
	/* The address space grows by new_len - old_len, or by new_len when the old range
	 * stays (MREMAP_DONTUNMAP). */
	uint64_t more = (flags & MREMAP_DONTUNMAP) ? new_len :
			new_len > old_len ? new_len - old_len : 0;
	if (mm_over_as_limit(mm, more))
		return NULL;
	/* A charged area pays for what it gains (Linux's vrm_charge); a move's pages take
	 * their charge with them, and with MREMAP_DONTUNMAP the old range keeps its own. */
	uint64_t pages = more >> PAGE_SHIFT;
	if ((v->flags & VMA_ACCOUNT) && pages) {
		if (vm_enough_memory(mm, pages))
			return NULL;
		*charged = pages;
	}
	*err = 0;
	return v;
}

/* Grows v, which ends at addr + old_len, in place when the pages after it are free. */
/* A move adds up to three areas for a moment (split before, after, and the new one):
 * refused that close to vm.max_map_count, as Linux's move_vma. */
static bool too_many_areas(struct mm *mm)
{
	return (long)mm->vmas.count >= (long)sysctl_max_map_count - 3;
}

static bool grow_in_place(struct mm *mm, struct vma *v, size_t delta)
{
	uintptr_t end = v->end + delta;
	if (end < v->end || end > USER_TOP)
		return false;
	struct vma *next = vma_next(v);
	if (next && next->start < end)
		return false;
	vma_resize(&mm->vmas, v, v->start, end);        /* nothing lies in between */
	mm->map_seq++;
	return true;
}

/* Gives [addr, addr + old_len) of area v a new home [to, to + new_len): a new area with
 * v's properties, the pages moved there, and the old range unmapped (or, with
 * MREMAP_DONTUNMAP, left as an empty area). */
static int64_t move_area(struct mm *mm, struct vma *v, uintptr_t addr, size_t old_len,
			 size_t new_len, uintptr_t to, int flags)
{
	/* The new area continues v's page numbering, so that its pages keep their index
	 * (the reverse map finds them there) and its object offsets stay right. */
	uint64_t pgoff = vma_page_index(v, addr);
	struct vma like = *v;                   /* v may go away below */
	if (like.object)
		vm_object_hold(like.object);
	int64_t err = mm_map_like(mm, to, new_len, &like, pgoff);
	if (!err && old_len)
		err = mm_move_range(mm, addr, old_len < new_len ? old_len : new_len, to);
	/* The new area was never charged (the caller charged only the growth), and the
	 * pages leaving the old range take their charge to the new one. */
	if (err)
		mm_unmap_moved(mm, to, new_len);
	else if (old_len && !(flags & MREMAP_DONTUNMAP))
		err = mm_unmap_moved(mm, addr, old_len);
	else if (old_len)                       /* the lock moves with the pages (Linux) */
		mm_change_flags(mm, vma_find(&mm->vmas, addr), addr, addr + old_len,
				VMA_LOCK_MASK, 0);
	if (!err && (like.flags & VMA_LOCKED) && new_len > old_len)
		mm_populate(mm, to + old_len, new_len - old_len, true);
	if (like.object)
		vm_object_release(like.object);
	return err ? err : (int64_t)to;
}

/* MREMAP_FIXED and MREMAP_DONTUNMAP: a move to new_addr (or near it). */
static int64_t remap_to(struct mm *mm, uintptr_t addr, size_t old_len, size_t new_len,
			int flags, uintptr_t new_addr)
{
	if (new_addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (new_len > USER_TOP || new_addr > USER_TOP - new_len)
		return -EINVAL;
	if (old_len > USER_TOP || addr > USER_TOP - old_len)
		return -EINVAL;                 /* no area can hold it */
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;                 /* the old and new places overlap */
	if ((flags & MREMAP_FIXED) && new_addr < USER_MMAP_MIN)
		return -EPERM;                  /* vm.mmap_min_addr, as mmap */
	int64_t err = 0;
	if ((flags & MREMAP_FIXED) && (err = mm_unmap(mm, new_addr, new_len)))
		return err;
	if (old_len > new_len) {
		if ((err = mm_unmap(mm, addr + new_len, old_len - new_len)))
			return err;
		old_len = new_len;
	}
	uint64_t charged;
	struct vma *v = area_to_resize(mm, addr, old_len, new_len, flags, &err, &charged);
	if (!v)
		return err;
	if (!(flags & MREMAP_FIXED)) {
		struct vma *next = vma_find_first_after(&mm->vmas, new_addr);
		if (new_addr < USER_MMAP_MIN || (next && next->start < new_addr + new_len))
			new_addr = vma_find_gap(&mm->vmas, new_len, USER_MMAP_MIN, mm->mmap_base);
		if (!new_addr)
			err = -ENOMEM;
	}
	if (!err && too_many_areas(mm))
		err = -ENOMEM;
	if (!err && !(err = mm_split_at(mm, addr)) && !(err = mm_split_at(mm, addr + old_len)))
		err = move_area(mm, vma_find(&mm->vmas, addr), addr, old_len, new_len, new_addr,
				flags);
	if (err < 0)
		vm_unacct_memory(charged);
	return err;
}

int64_t mm_remap(struct mm *mm, uintptr_t addr, size_t old_len, size_t new_len, int flags,
		 uintptr_t new_addr)
{
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	old_len = PAGE_ALIGN_UP(old_len);       /* wrapping to 0 near 2^64, as Linux's */
	new_len = PAGE_ALIGN_UP(new_len);
	if (!new_len)
		return -EINVAL;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return remap_to(mm, addr, old_len, new_len, flags, new_addr);
	if (old_len >= new_len) {               /* shrinking just unmaps the tail */
		uintptr_t tail = addr + new_len;
		if (!vma_find(&mm->vmas, addr))
			return -EFAULT;                 /* as Linux 6.x: nothing there to shrink */
		if (old_len == new_len)
			return (int64_t)addr;           /* nothing to do (and no area to split) */
		if (new_len > USER_TOP - addr || old_len - new_len > USER_TOP - tail)
			return -EINVAL;
		int err = mm_unmap(mm, tail, old_len - new_len);
		return err ? err : (int64_t)addr;
	}
	int64_t err;
	uint64_t charged;
	struct vma *v = area_to_resize(mm, addr, old_len, new_len, flags, &err, &charged);
	if (!v)
		return err;
	if (old_len && v->end == addr + old_len && grow_in_place(mm, v, new_len - old_len)) {
		if (vma_is_locked(v))   /* a locked area's new pages come in at once */
			mm_populate(mm, addr + old_len, new_len - old_len, true);
		return (int64_t)addr;
	}
	uintptr_t to = 0;
	if ((flags & MREMAP_MAYMOVE))
		to = vma_find_gap(&mm->vmas, new_len, USER_MMAP_MIN, mm->mmap_base);
	err = to ? 0 : -ENOMEM;
	if (!err && too_many_areas(mm))
		err = -ENOMEM;
	if (!err && old_len && !(err = mm_split_at(mm, addr)))
		err = mm_split_at(mm, addr + old_len);
	if (!err)
		err = move_area(mm, vma_find(&mm->vmas, addr), addr, old_len, new_len, to, flags);
	if (err < 0)
		vm_unacct_memory(charged);
	return err;
}
