/*
 * User-level mmap's policy (CS:APP 9.8.4): where a new mapping goes, what backs it, the
 * heap's break, and the walks behind madvise, msync and mincore. The system calls decode
 * and check their arguments (kernel/syscall/sys_mm.c) and come here; flags and protections
 * are Linux's values.
 */
#ifndef MM_MMAP_H
#define MM_MMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;
struct vm_object;

enum { PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4 };
enum { MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_FIXED = 0x10,
       MAP_ANONYMOUS = 0x20, MAP_32BIT = 0x40, MAP_GROWSDOWN = 0x100, MAP_DENYWRITE = 0x800,
       MAP_EXECUTABLE = 0x1000, MAP_LOCKED = 0x2000, MAP_NORESERVE = 0x4000,
       MAP_POPULATE = 0x8000, MAP_NONBLOCK = 0x10000, MAP_STACK = 0x20000,
       MAP_HUGETLB = 0x40000, MAP_FIXED_NOREPLACE = 0x100000, MAP_UNINITIALIZED = 0x4000000,
       MAP_HUGE_BITS = 0x7c000000 };

/*
 * Maps len bytes (page aligned, checked) at a place chosen as Linux does: MAP_FIXED's
 * address, else the hint when that range is free, else the highest free gap below the
 * mmap base. obj (NULL: anonymous memory; a shared one gets an object of its own) is
 * mapped from page pgoff; vflags says what the file allows (VMA_MAYWRITE). MAP_POPULATE
 * (without MAP_NONBLOCK, as Linux) faults the pages in at once, as do MAP_LOCKED and mlockall(MCL_FUTURE) (the area is
 * locked: mm/mlock.h): within mm->lock_limit, or -EAGAIN (-EPERM for MAP_LOCKED when the
 * limit is 0). Returns the address or -errno (-ENOMEM, -EINVAL, -EPERM, -EEXIST, -EAGAIN).
 */
int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags,
		struct vm_object *obj, uint64_t pgoff, uint32_t vflags);

/*
 * Faults in every page of the areas in [start, start + len) as a program's first touch
 * would (a write touch in a private writable area, so that its copies are made now), as
 * Linux's __mm_populate for mlock, MAP_LOCKED and MAP_POPULATE: areas that lock on fault
 * are skipped, holes are skipped. Returns 0, or with !ignore_errors the first error:
 * -EFAULT (a PROT_NONE area, a page past the end of a file), -ENOMEM (out of memory).
 * With ignore_errors it goes on to the next area.
 */
int mm_populate(struct mm *mm, uintptr_t start, size_t len, bool ignore_errors);

/*
 * remap_file_pages as Linux since 4.0 emulates it (its nonlinear mappings are gone): the
 * range [start, start + size) (page aligned, not wrapping) must lie in shared areas of one
 * object with one protection and the same flags, without holes, and may-write ones (a
 * file opened for writing: Linux's VM_SHARED); they are unmapped, and the object mapped
 * there again from page pgoff, MAP_FIXED | MAP_SHARED, with their protection and lock,
 * its pages faulted in unless nonblock (MAP_NONBLOCK). 0, -EINVAL, -ENOMEM, or the
 * object's refusal to be mapped again (then the range stays unmapped, as on Linux).
 */
int mm_remap_file_pages(struct mm *mm, uintptr_t start, size_t size, uint64_t pgoff,
			bool nonblock);

/* brk: moves the heap's end to addr; returns the end now (the old one if it could not). */
uint64_t mm_brk(struct mm *mm, uint64_t addr);

/* What madvise asks of a range (its effect here). */
enum mm_advice {
	MM_ADVICE_NONE,                 /* advice that changes nothing a program can see */
	MM_ADVICE_DONTNEED,             /* drop the pages: they read as zeros or the file again */
	MM_ADVICE_WILLNEED,             /* read swapped pages back now */
	MM_ADVICE_COLD,                 /* the pages are the first to go under pressure */
	MM_ADVICE_PAGEOUT,              /* write the anonymous pages to swap and free them now */
	MM_ADVICE_FREE,                 /* MADV_FREE: the pages may go (here they stay) */
	MM_ADVICE_DONTDUMP,             /* leave the areas out of a core dump (VMA_DONTDUMP) */
	MM_ADVICE_DODUMP,               /* put them back in */
	MM_ADVICE_DONTFORK,             /* a fork's child does not get the areas (VMA_DONTCOPY) */
	MM_ADVICE_DOFORK,               /* it does again */
	MM_ADVICE_WIPEONFORK,           /* it gets them empty (VMA_WIPEONFORK) */
	MM_ADVICE_KEEPONFORK,           /* it gets their pages again */
	MM_ADVICE_POPULATE_READ,        /* fault every page in as a read would */
	MM_ADVICE_POPULATE_WRITE,       /* and as a write would */
	MM_ADVICE_COUNT
};

/* madvise over [addr, end), page aligned, area by area as Linux's madvise_walk_vmas.
 * MM_ADVICE_DONTNEED drops the pages (they read as zeros, or as the object, again);
 * PAGEOUT, COLD and WILLNEED move pages to and from swap; DONTDUMP, DODUMP, DONTFORK,
 * DOFORK, WIPEONFORK and KEEPONFORK set and clear an area flag, splitting areas at the
 * range's ends (-EAGAIN when that takes memory there is none of, or passes
 * vm.max_map_count); other advice changes nothing a program can observe here. -EINVAL,
 * stopping there, at a locked area (but for WILLNEED and the flags), and for FREE and
 * WIPEONFORK at an area that is not private anonymous memory. POPULATE_READ and
 * POPULATE_WRITE fault every page in, as Linux's madvise_populate: -EINVAL at an area that
 * does not allow the access, -EFAULT at a page that cannot be had (past a file's end),
 * -ENOMEM out of memory. -ENOMEM when part
 * of the range has no area (after acting on the parts that do), else 0. */
int mm_madvise(struct mm *mm, uint64_t addr, uint64_t end, enum mm_advice advice);

/* Checks [addr, end) for msync, as Linux: -ENOMEM for unmapped parts (at once for
 * MS_ASYNC alone), -EBUSY when invalidate (MS_INVALIDATE) meets a locked area, else 0. A
 * shared file mapping is the page cache itself here, so there is nothing to write back. */
int mm_msync(struct mm *mm, uint64_t addr, uint64_t end, bool async_only, bool invalidate);

/* mincore for n pages from addr: vec[i] says whether page i is in memory (mapped, or in
 * its object's page cache). Returns how many pages it filled: fewer than n when it met a
 * page with no area. */
size_t mm_mincore(struct mm *mm, uintptr_t addr, size_t n, uint8_t *vec);

#endif
