#include "mm/mmap.h"
#include "mm/swap.h"
#include "mm/vmscan.h"
#include "kernel/errno.h"
#include "mm/commit.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/ptes.h"
#include "mm/uaccess.h"

/* Where a mapping of len bytes goes: MAP_FIXED's address, else the hint when that range is
 * free, else the highest free gap below the mmap base (Linux's top-down placement). */
static int64_t place(struct mm *mm, uint64_t addr, uint64_t len, int flags)
{
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr > USER_TOP - len)
			return -ENOMEM;
		if (addr & (PAGE_SIZE - 1))
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
	addr = vma_find_gap(&mm->vmas, len, USER_MMAP_MIN, mm->mmap_base);
	return addr ? (int64_t)addr : -ENOMEM;
}

int mm_populate(struct mm *mm, uintptr_t start, size_t len, bool ignore_errors)
{
	uintptr_t end = start + len;
	int err = 0;
	for (uintptr_t va = start; va < end;) {
		struct vma *v = vma_find_first_after(&mm->vmas, va);
		if (!v || v->start >= end)
			break;
		if (va < v->start)
			va = v->start;
		uintptr_t to = v->end < end ? v->end : end;
		/* Read before faulting: a fault may change the areas (it may grow a stack). */
		uint32_t prot = v->prot, flags = v->flags;
		if ((flags & VMA_LOCKONFAULT) && (flags & VMA_LOCKED)) {
			va = to;                /* its pages lock as they are touched */
			continue;
		}
		/* A write touch in a private writable area makes its copies now, as Linux;
		 * a shared one is not dirtied for nothing. */
		bool write = (prot & VMA_WRITE) && !(flags & VMA_SHARED);
		int r = 0;
		if (!(prot & (VMA_READ | VMA_WRITE | VMA_EXEC)))
			r = -EFAULT;            /* PROT_NONE: nothing may be touched */
		for (; !r && va < to; va += PAGE_SIZE) {
			enum fault_result f = fault_in_page(mm, va, write);
			if (f == FAULT_OOM)
				r = -ENOMEM;
			else if (f != FAULT_MINOR && f != FAULT_MAJOR)  /* major: from swap */
				r = -EFAULT;    /* past the end of a file, or no longer mapped */
		}
		if (r && !ignore_errors) {
			err = r;
			break;
		}
		va = to;
	}
	return err;
}

int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags,
		struct vm_object *obj, uint64_t pgoff, uint32_t vflags)
{
	if (mm->vmas.count > (size_t)sysctl_max_map_count)
		return -ENOMEM;                 /* too many areas (Linux's do_mmap) */
	int64_t at = place(mm, addr, len, flags);
	if (at < 0)
		return at;
	/* Locked by MAP_LOCKED or by mlockall(MCL_FUTURE): within RLIMIT_MEMLOCK, as Linux's
	 * do_mmap checks (can_do_mlock: EPERM with a limit of 0; mlock_future_check). */
	vflags |= mm->def_flags;
	if (flags & MAP_LOCKED) {
		vflags = (vflags & ~VMA_LOCK_MASK) | VMA_LOCKED;
		if (mm->lock_limit == 0)
			return -EPERM;
	}
	if ((vflags & VMA_LOCKED) && !mm_may_lock_more(mm, len))
		return -EAGAIN;
	if (mm_over_as_limit(mm, len))
		return -ENOMEM;
	bool shared = (flags & MAP_SHARED_VALIDATE) != MAP_PRIVATE;
	/* MAP_GROWSDOWN makes an area that grows down on faults below it, as the stack
	 * (mm/fault.c's grow_stack); shared anonymous memory cannot (Linux's do_mmap). */
	if (flags & MAP_GROWSDOWN) {
		if (shared && !obj)
			return -EINVAL;
		vflags |= VMA_GROWSDOWN;
	}
	/* MAP_NORESERVE asks for no charge, which only the strict policy overrides. */
	bool noreserve = (flags & MAP_NORESERVE) && sysctl_overcommit_memory != OVERCOMMIT_NEVER;
	vflags |= (shared ? VMA_SHARED : 0) | (noreserve ? VMA_NORESERVE : 0);
	/* Private memory a program may write is charged: each page may become a copy of
	 * its own (Linux's accountable_mapping). */
	if (!shared && (prot & PROT_WRITE) && !noreserve)
		vflags |= VMA_ACCOUNT;
	struct vm_object *made = NULL;
	if (!obj && shared) {
		/* Shared anonymous memory needs an object both sides of a fork reach, as
		 * Linux backs it with a shmem file, whose pages are charged for as long as
		 * it lives (Linux's shmem_acct_size). */
		uint64_t charge = noreserve ? 0 : len >> PAGE_SHIFT;
		if (charge && vm_enough_memory(mm, charge))
			return -ENOMEM;
		obj = made = vm_object_create_anon(len, charge);
		if (!obj) {
			vm_unacct_memory(charge);
			return -ENOMEM;
		}
		pgoff = 0;
	}
	int err = mm_map_area(mm, (uintptr_t)at, len, (uint32_t)prot, vflags, obj, pgoff,
			      UINT64_MAX);
	if (made)
		vm_object_release(made);        /* the area holds it now */
	/* Linux populates a locked area (but one that locks on fault) and MAP_POPULATE's,
	 * ignoring errors: the mapping stands either way. */
	bool lock_now = (vflags & VMA_LOCK_MASK) == VMA_LOCKED;
	bool populate = (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE;
	if (!err && (lock_now || populate))
		mm_populate(mm, (uintptr_t)at, len, true);
	return err ? err : at;
}

/* Whether [start, start + size) lies in areas like v (the first): the same object,
 * protection and flags, one after another without holes (Linux's check in
 * remap_file_pages). */
static bool covered_like(struct vma *v, uintptr_t start, size_t size)
{
	for (struct vma *prev = v; start + size > prev->end; prev = vma_next(prev)) {
		struct vma *next = vma_next(prev);
		if (!next || next->start != prev->end || next->object != v->object ||
		    next->prot != v->prot || next->flags != v->flags)
			return false;
	}
	return true;
}

int mm_remap_file_pages(struct mm *mm, uintptr_t start, size_t size, uint64_t pgoff,
			bool nonblock)
{
	struct vma *v = vma_find(&mm->vmas, start);
	const uint32_t shared = VMA_SHARED | VMA_MAYWRITE;
	if (!v || !v->object || (v->flags & shared) != shared || !covered_like(v, start, size))
		return -EINVAL;
	struct vm_object *obj = v->object;
	uint32_t prot = v->prot;
	int flags = MAP_SHARED | MAP_FIXED | (nonblock ? MAP_NONBLOCK : 0) | MAP_POPULATE |
		    ((v->flags & VMA_LOCKED) ? MAP_LOCKED : 0);
	/* The old areas go first, as Linux closes them before it maps the object again: a
	 * SysV segment removed meanwhile leaves with its last attach, and may not come back. */
	vm_object_hold(obj);
	int err = mm_unmap(mm, start, size);
	if (!err && obj->ops->reopen)
		err = obj->ops->reopen(obj);
	if (!err) {
		int64_t at = mm_mmap(mm, start, size, (int)prot, flags, obj, pgoff, VMA_MAYWRITE);
		err = at < 0 ? (int)at : 0;
	}
	vm_object_release(obj);
	return err;
}

uint64_t mm_brk(struct mm *mm, uint64_t addr)
{
	if (addr < mm->brk_start || addr > USER_TOP)
		return mm->brk;                 /* a query, or nonsense: no change */
	uint64_t old_top = PAGE_ALIGN_UP(mm->brk), new_top = PAGE_ALIGN_UP(addr);
	if (new_top > old_top) {
		struct vma *next = vma_find_first_after(&mm->vmas, old_top);
		if ((next && next->start < new_top) || new_top >= USER_TOP ||
		    mm_over_as_limit(mm, new_top - old_top) ||
		    ((mm->def_flags & VMA_LOCKED) && !mm_may_lock_more(mm, new_top - old_top)) ||
		    mm->vmas.count > (size_t)sysctl_max_map_count ||
		    mm_map_area(mm, old_top, new_top - old_top, VMA_READ | VMA_WRITE,
				VMA_MAYWRITE | VMA_ACCOUNT | mm->def_flags, NULL, 0, 0))
			return mm->brk;         /* Linux reports failure this way */
		if (mm->def_flags & VMA_LOCKED)
			mm_populate(mm, old_top, new_top - old_top, true);    /* MCL_FUTURE */
	} else if (new_top < old_top) {
		mm_unmap(mm, new_top, old_top - new_top);
	}
	mm->brk = addr;
	return addr;
}

/* MADV_WILLNEED: reads the swapped pages of [from, to), part of area v, back into the swap
 * cache: those whose PTE names a slot, and shared anonymous memory's whose object does. */
static void read_swapped(struct mm *mm, struct vma *v, uintptr_t from, uintptr_t to)
{
	for (uintptr_t va = from; va < to; va += PAGE_SIZE) {
		pte_t e = mm_pte_at(mm, va);
		if (pte_is_swap(e))
			swap_read_ahead(pte_to_swp(e), 1);
		else if (pte_none(e) && v->object && vm_object_is_anon(v->object)) {
			swp_entry_t slot = vm_object_swap_entry(v->object, vma_page_index(v, va));
			if (slot)
				swap_read_ahead(slot, 1);
		}
	}
}

/* Applies advice to [from, to), part of one area. */
static void advise_range(struct mm *mm, struct vma *v, uintptr_t from, uintptr_t to,
			 enum mm_advice advice)
{
	switch (advice) {
	case MM_ADVICE_DONTNEED:
		mm_discard(mm, from, to - from);
		break;
	case MM_ADVICE_WILLNEED:
		read_swapped(mm, v, from, to);
		break;
	case MM_ADVICE_COLD:
		deactivate_range(mm, from, to);
		break;
	case MM_ADVICE_PAGEOUT:
		reclaim_range(mm, from, to);
		break;
	case MM_ADVICE_FREE:            /* free lazily: keeping them is one way */
	default:                        /* flags of the area: advise_area */
		break;
	}
}

/* The advice that only marks areas: the flag each sets or clears. */
static const struct { uint32_t flag; bool set; } advice_flags[MM_ADVICE_COUNT] = {
	[MM_ADVICE_DONTDUMP] = { VMA_DONTDUMP, true }, [MM_ADVICE_DODUMP] = { VMA_DONTDUMP, false },
	[MM_ADVICE_DONTFORK] = { VMA_DONTCOPY, true }, [MM_ADVICE_DOFORK] = { VMA_DONTCOPY, false },
	[MM_ADVICE_WIPEONFORK] = { VMA_WIPEONFORK, true },
	[MM_ADVICE_KEEPONFORK] = { VMA_WIPEONFORK, false },
};

/* MADV_POPULATE_READ and MADV_POPULATE_WRITE over [from, to), part of area v: each page
 * faulted in as that access would, as Linux's madvise_populate. -EINVAL when the area does
 * not allow the access, -EFAULT at a page that cannot be had (past a file's end), -ENOMEM
 * out of memory, -EINTR when a signal came while a userfaultfd's handler was awaited. */
static int populate_area(struct mm *mm, struct vma *v, uintptr_t from, uintptr_t to,
			 bool write)
{
	if (!(v->prot & (write ? VMA_WRITE : VMA_READ)))
		return -EINVAL;
	for (uintptr_t va = from; va < to; va += PAGE_SIZE) {
		enum fault_result f = fault_in_page(mm, va, write);
		if (f == FAULT_OOM)
			return -ENOMEM;
		if (f == FAULT_INTERRUPTED)
			return -EINTR;
		if (f < 0)
			return -EFAULT;
	}
	return 0;
}

/* The advice for [from, to), part of area v: 0 or -errno (then the walk stops). */
static int advise_area(struct mm *mm, struct vma *v, uintptr_t from, uintptr_t to,
		       enum mm_advice advice)
{
	if (advice == MM_ADVICE_POPULATE_READ || advice == MM_ADVICE_POPULATE_WRITE)
		return populate_area(mm, v, from, to, advice == MM_ADVICE_POPULATE_WRITE);
	uint32_t flag = advice_flags[advice].flag;
	if (flag) {
		/* Wiping a child's copy means handing it demand-zero memory: only private
		 * anonymous memory is that (Linux's madvise_vma_behavior). No area here is
		 * Linux's VM_SPECIAL (device memory, PFN maps), which MADV_DODUMP and
		 * MADV_DOFORK refuse: every one may be put back. */
		if (advice == MM_ADVICE_WIPEONFORK && (v->object || (v->flags & VMA_SHARED)))
			return -EINVAL;
		uint32_t set = advice_flags[advice].set ? flag : 0;
		return mm_change_flags(mm, v, from, to, flag, set) ? 0 : -EAGAIN;
	}
	if (advice != MM_ADVICE_NONE && advice != MM_ADVICE_WILLNEED && vma_is_locked(v))
		return -EINVAL;                 /* locked pages stay (Linux's can_madv_lru_vma) */
	if (advice == MM_ADVICE_FREE && v->object)
		return -EINVAL;                 /* a file's or shared memory's pages: Linux's
						 * madvise_free_single_vma takes anonymous only */
	advise_range(mm, v, from, to, advice);
	return 0;
}

int mm_madvise(struct mm *mm, uint64_t addr, uint64_t end, enum mm_advice advice)
{
	int unmapped = 0;
	/* By address, not by area: a flag change splits and merges areas under the walk. */
	for (uint64_t at = addr; at < end;) {
		struct vma *v = vma_find_first_after(&mm->vmas, at);
		if (!v || v->start >= end)
			return -ENOMEM;
		if (v->start > at) {
			unmapped = -ENOMEM;
			at = v->start;
		}
		uint64_t to = v->end < end ? v->end : end;
		int err = advise_area(mm, v, at, to, advice);
		if (err)
			return err;
		at = to;
	}
	return unmapped;
}

int mm_msync(struct mm *mm, uint64_t addr, uint64_t end, bool async_only, bool invalidate)
{
	int unmapped = 0;
	for (struct vma *v = vma_find_first_after(&mm->vmas, addr); addr < end; v = vma_next(v)) {
		if (!v)
			return -ENOMEM;
		if (addr < v->start) {
			if (async_only || v->start >= end)
				return -ENOMEM;
			unmapped = -ENOMEM;
		}
		if (invalidate && (v->flags & VMA_LOCKED))
			return -EBUSY;          /* locked pages cannot be dropped */
		addr = v->end;
	}
	return unmapped;
}

size_t mm_mincore(struct mm *mm, uintptr_t addr, size_t n, uint8_t *vec)
{
	for (size_t i = 0; i < n; i++) {
		uintptr_t va = addr + (i << PAGE_SHIFT);
		struct vma *v = vma_find(&mm->vmas, va);
		if (!v)
			return i;
		pte_t e = mm_pte_at(mm, va);
		bool in = pte_has_frame(e);
		if (pte_is_swap(e))
			in = swap_cache_has(pte_to_swp(e));     /* swapped: unless still cached */
		else if (!in && v->object)
			in = vm_object_has_page(v->object, vma_page_index(v, va));
		vec[i] = in;
	}
	return n;
}
