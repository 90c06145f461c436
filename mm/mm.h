/*
 * struct mm: one process's address space. The machine-dependent half is its page tables
 * (struct pmap); the machine-independent half is its set of areas (struct vma): the
 * ranges a program may use, each with a protection and a backing object: a file (a
 * shared object, or a private copy-on-write one) or nothing (demand-zero memory).
 * A page table entry exists only for pages that have been touched.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "kernel/lib/list.h"
#include "mm/pmap.h"
#include "mm/vma.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm_object;

/* Where things go in a new address space, as on Linux x86-64 without randomization
 * (exec randomizes the stack top, the mmap base and a PIE's base: kernel/exec/layout.h). */
#define USER_STACK_TOP  0x00007ffffffde000ULL   /* just below a guard gap under USER_TOP */
#define USER_MMAP_BASE  0x00007ffff7fff000ULL   /* mmap places areas top-down from here */
#define USER_MMAP_MIN   0x0000000000010000ULL   /* vm.mmap_min_addr: nothing below 64 KiB */
#define USER_PIE_BASE   0x0000555555554000ULL   /* where a position-independent program goes */
#define STACK_GUARD_GAP (256ULL << 12)          /* no mapping this close below a stack (1 MiB) */

#define MM_AUXV_WORDS 40        /* (type, value) pairs, AT_NULL last */

struct mm {
	struct pmap pmap;
	struct vma_set vmas;
	uintptr_t brk_start, brk;       /* the heap: [brk_start, brk) */
	uintptr_t mmap_base;            /* mmap places areas top-down below it: USER_MMAP_BASE,
					 * or randomized by exec (kernel/exec/layout.h) */
	uintptr_t start_stack;          /* the initial stack pointer: /proc's [stack] holds it */
	uintptr_t arg_start, arg_end;   /* argv's strings on the stack: /proc/PID/cmdline */
	uintptr_t env_end;              /* the end of envp's, which follow them */
	uint64_t rss;                   /* pages mapped now */
	uint64_t stack_limit;           /* RLIMIT_STACK and RLIMIT_AS of the process that runs */
	uint64_t as_limit;              /* in it, which the process layer keeps current here */
	uint64_t lock_limit;            /* and its RLIMIT_MEMLOCK, or MM_NO_LIMIT for root
					 * (CAP_IPC_LOCK): how much mlockall(MCL_FUTURE),
					 * MAP_LOCKED and mremap may lock */
	uint64_t serial;                /* a number no other address space had: the anon_vmas
					 * made here carry it (mm/rmap.h) */
	uint64_t map_seq;               /* counts changes to the areas: a fault that slept
					 * compares it to see whether what it decided still holds */
	uint32_t def_flags;             /* area flags every later mmap and brk gets: VMA_LOCKED
					 * (and VMA_LOCKONFAULT) after mlockall(MCL_FUTURE), as
					 * Linux's mm->def_flags; neither fork nor exec keeps it */
	uint64_t swap_ents;             /* swap entries in its page tables (VmSwap) */
	uint64_t saved_auxv[MM_AUXV_WORDS];     /* the auxiliary vector exec gave the
						 * program, for its core (NT_AUXV) */
	struct vm_object *exe;          /* the program file's object, held (Linux's
					 * mm->exe_file): /proc/PID/exe; NULL before exec */
	bool undumpable;                /* no core dump: prctl(PR_SET_DUMPABLE, 0), or a
					 * set-user-ID program (Linux's suid_dumpable 0) */
	uint32_t dump_filter;           /* /proc/PID/coredump_filter: which kinds of area a
					 * core holds (Linux's MMF_DUMP_FILTER bits of
					 * mm->flags, kernel/exec/coredump.h); fork and exec
					 * keep it */
	struct list_head all_link;      /* in all_mms */
	struct list_head uffds;         /* the userfaultfds made in it (struct uffd_ctx),
					 * told when it goes (mm/userfault.h) */
	int users;                      /* processes running in it: more than one only while
					 * a vfork child borrows its parent's */
};

/* coredump_filter's bits (Linux's MMF_DUMP_FILTER_BITS) and the value a new address space
 * starts with: anonymous memory, private and shared, ELF headers, private huge pages
 * (Linux's MMF_DUMP_FILTER_DEFAULT). */
#define MM_DUMP_FILTER_MASK    0x1ffu
#define MM_DUMP_FILTER_DEFAULT 0x33u

/* Every address space, for swapoff (which must find every swap entry of an area). */
extern struct list_head all_mms;

/* No limit (RLIM_INFINITY). */
#define MM_NO_LIMIT UINT64_MAX

/* An empty address space (kernel half only), without limits, or NULL. */
struct mm *mm_create(void);

/* Releases every page, table and area, then the mm itself. */
void mm_destroy(struct mm *mm);

/* Another process runs in mm (vfork's child, CLONE_VM). */
static inline void mm_get(struct mm *mm)
{
	mm->users++;
}

/* A process leaves mm (exit, exec): the last one out destroys it. */
static inline void mm_put(struct mm *mm)
{
	if (--mm->users == 0)
		mm_destroy(mm);
}

/*
 * The child's copy of parent's address space, for fork: the same areas, but for those
 * marked MADV_DONTFORK; shared areas map the same pages; every private page is mapped
 * read-only and copy-on-write in both, but for areas marked MADV_WIPEONFORK, which the
 * child gets empty. No page is copied here. NULL when out of memory.
 */
struct mm *mm_fork(struct mm *parent);

/*
 * Adds the area [start, start + len) (page aligned), removing whatever was mapped there
 * before (as MAP_FIXED does). obj (NULL for demand-zero memory) is held by the area;
 * pgoff is the object page that start maps, and file_end limits the object bytes mapped
 * (see struct vma). With VMA_ACCOUNT in flags the area's pages are charged (mm/commit.h),
 * less the charged pages it replaces. 0 or -ENOMEM (also when the overcommit policy
 * refuses the charge; nothing changed then).
 */
int mm_map_area(struct mm *mm, uintptr_t start, size_t len, uint32_t prot, uint32_t flags,
		struct vm_object *obj, uint64_t pgoff, uint64_t file_end);

/* Adds the area [start, start + len) like area `like` (protection, flags, object, anonymous
 * pages' owner) mapping its page index pgoff at start: mremap's new home for an area's
 * pages. Charges nothing: mremap settles the charge. 0 or -ENOMEM. */
int mm_map_like(struct mm *mm, uintptr_t start, size_t len, const struct vma *like,
		uint64_t pgoff);

/* Removes [start, start + len): its pages, and the areas (split at the edges), whose
 * charge (VMA_ACCOUNT, mm/commit.h) is un-charged. 0/-ENOMEM. */
int mm_unmap(struct mm *mm, uintptr_t start, size_t len);

/* mm_unmap for pages that moved elsewhere (mremap): their charge stays, with them. */
int mm_unmap_moved(struct mm *mm, uintptr_t start, size_t len);

/* The pages of [start, end) that charged areas cover. */
uint64_t mm_charged_pages(struct mm *mm, uintptr_t start, uintptr_t end);

/* Changes the protection of [start, start + len), which must be fully mapped: 0, -ENOMEM
 * (also when the overcommit policy refuses to charge a private area made writable), or
 * -EACCES when an area may not become writable (no VMA_MAYWRITE). Areas are split at the
 * range's ends, and those that end up alike merge again, as Linux's mprotect_fixup. */
int mm_protect(struct mm *mm, uintptr_t start, size_t len, uint32_t prot);

/* Drops the pages of [start, start + len) but keeps the areas: the next touch gets a fresh
 * zero page (anonymous memory) or the file's page again, as MADV_DONTNEED does. */
void mm_discard(struct mm *mm, uintptr_t start, size_t len);

/*
 * Through the object's reverse map (obj->areas), takes every page at object page index
 * first and beyond out of every address space that maps the object, private copies
 * included, as Linux's unmap_mapping_range does when a file is truncated: the next touch
 * there finds the new end (SIGBUS) or, if the object has grown again, its new pages.
 */
void mm_unmap_object_pages(struct vm_object *obj, uint64_t first);

/*
 * Sets the flags in `clear` to those in `set` for [start, end), which lies inside area v:
 * splits v at start and end if needed, and merges the result with its neighbours when it
 * can be one area with them again (as Linux's vma_modify_flags). Returns the area now
 * covering [start, end), or NULL when out of memory.
 */
struct vma *mm_change_flags(struct mm *mm, struct vma *v, uintptr_t start, uintptr_t end,
			    uint32_t clear, uint32_t set);

/* Registers [start, end), inside area v, with userfaultfd ctx (NULL: unregisters it),
 * splitting and merging as mm_change_flags does. The area now covering [start, end), or
 * NULL when out of memory. */
struct vma *mm_change_uffd(struct mm *mm, struct vma *v, uintptr_t start, uintptr_t end,
			   struct uffd_ctx *ctx);

/* Splits the area containing addr so that an area boundary falls at addr. 0, or -ENOMEM:
 * out of memory, or the address space already has vm.max_map_count areas (Linux's
 * split_vma). */
int mm_split_at(struct mm *mm, uintptr_t addr);

/* vm.max_map_count (/proc/sys/vm/max_map_count): the areas an address space may have, as
 * Linux counts them: mmap and brk fail once there are more (mm_mmap, mm_brk), a split once
 * there are as many (mm_split_at), while munmap may still split an area at one end, since
 * it frees memory (mm_unmap). */
#define DEFAULT_MAX_MAP_COUNT 65530
extern int sysctl_max_map_count;

/*
 * mremap: resizes the mapping [addr, addr + old_len), within one area, to new_len bytes,
 * in place when it can, else (with MREMAP_MAYMOVE) by moving its pages elsewhere, or to
 * new_addr (MREMAP_FIXED). Returns the address, or -errno as Linux's mremap (mm/mremap.c).
 */
int64_t mm_remap(struct mm *mm, uintptr_t addr, size_t old_len, size_t new_len, int flags,
		 uintptr_t new_addr);

#define MREMAP_MAYMOVE   1
#define MREMAP_FIXED     2
#define MREMAP_DONTUNMAP 4

/* Would mm, grown by `more` bytes, pass its RLIMIT_AS? */
bool mm_over_as_limit(struct mm *mm, uint64_t more);

/* The total size of the areas, in bytes (RLIMIT_AS counts it). */
uint64_t mm_total_size(struct mm *mm);

/* The total size of the locked areas (VMA_LOCKED), in bytes: Linux's locked_vm, which
 * counts a locked area's pages whether they are in memory yet or not (VmLck). */
uint64_t mm_locked_size(struct mm *mm);

/* The bytes of [start, end) that locked areas cover (Linux's count_mm_mlocked_page_nr). */
uint64_t mm_locked_in(struct mm *mm, uintptr_t start, uintptr_t end);

/* Whether locking `more` bytes more keeps mm within its lock limit, in whole pages, as
 * Linux's mlock_future_check (a mapping that would break it is EAGAIN). */
bool mm_may_lock_more(struct mm *mm, uint64_t more);

#endif
