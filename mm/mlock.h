/*
 * Memory locking (mlock, munlock, mlockall, munlockall): a locked area's pages stay in
 * memory, so a program can keep what it needs from ever waiting for swap. Locking is a flag
 * on the areas (VMA_LOCKED, mm/vma.h), split and merged on the range's boundaries as
 * mprotect's protections are; locking faults the pages in (unless it locks on fault), and
 * reclaim asks vma_is_locked before it takes a page away. The system calls decode their
 * arguments (kernel/syscall/sys_mm.c) and come here; the order of checks and the errors
 * are Linux's mm/mlock.c.
 */
#ifndef MM_MLOCK_H
#define MM_MLOCK_H

#include <stddef.h>
#include <stdint.h>

struct mm;

/* mlockall's flags and mlock2's, Linux's values. */
enum { MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4 };
enum { MLOCK_ONFAULT = 1 };

/*
 * Gives the areas of [start, end) (page aligned) the lock flags `lock` (VMA_LOCKED, with
 * VMA_LOCKONFAULT or not; 0 unlocks), as Linux's apply_vma_lock_flags: area by area from
 * start, so that a hole met on the way leaves the parts before it changed. 0, -EINVAL when
 * end < start, -ENOMEM at a hole or when out of memory.
 */
int mm_lock_range(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t lock);

/* mlock and mlock2: locks [start, end) and faults its pages in (but with VMA_LOCKONFAULT).
 * 0, or -EINVAL, -ENOMEM (a hole, a PROT_NONE page, a page past a file's end), -EAGAIN (out
 * of memory while faulting pages in), as Linux. */
int mm_mlock(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t lock);

/* mlockall with MCL_* flags (already checked): MCL_FUTURE locks every later mapping and
 * brk (mm->def_flags), MCL_CURRENT every area now, faulting their pages in (errors are
 * ignored, as Linux). mlockall without MCL_FUTURE ends an earlier MCL_FUTURE. */
void mm_mlockall(struct mm *mm, int flags);

/* munlockall: unlocks every area and ends MCL_FUTURE. */
void mm_munlockall(struct mm *mm);

#endif
