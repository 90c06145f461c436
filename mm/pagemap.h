/*
 * Pages as a program may see them, in Linux's binary formats (Documentation/admin-guide/
 * mm/pagemap.rst): /proc/PID/pagemap gives one 64-bit entry per virtual page of a process
 * (in memory, and at which frame; swapped out, and where; exclusively mapped; a file's or
 * shared memory), /proc/kpagecount and /proc/kpageflags one per physical frame (how many
 * entries map it; what it is). A program can watch its own pages arrive, be shared by fork,
 * leave for swap and come back.
 */
#ifndef MM_PAGEMAP_H
#define MM_PAGEMAP_H

#include "mm/page.h"
#include "mm/pmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;
struct vma;

/* A pagemap entry's bits. */
#define PM_PFN_MASK       ((1ULL << 55) - 1)    /* present: the frame number */
#define PM_SWAP_TYPE_BITS 5                     /* swapped: the area in bits 0-4, the slot
						 * in bits 5-54 */
#define PM_SOFT_DIRTY     (1ULL << 55)          /* not tracked here: always 0 */
#define PM_MMAP_EXCLUSIVE (1ULL << 56)          /* this is the frame's only mapping */
#define PM_UFFD_WP        (1ULL << 57)          /* no userfaultfd here: always 0 */
#define PM_FILE           (1ULL << 61)          /* a file's page or shared anonymous memory */
#define PM_SWAP           (1ULL << 62)
#define PM_PRESENT        (1ULL << 63)

/* kpageflags bits (Linux's include/uapi/linux/kernel-page-flags.h) this kernel can fill. */
enum {
	KPF_LOCKED = 0, KPF_REFERENCED = 2, KPF_UPTODATE = 3, KPF_DIRTY = 4, KPF_LRU = 5,
	KPF_ACTIVE = 6, KPF_SLAB = 7, KPF_BUDDY = 10, KPF_MMAP = 11, KPF_ANON = 12,
	KPF_SWAPCACHE = 13, KPF_SWAPBACKED = 14, KPF_UNEVICTABLE = 18, KPF_NOPAGE = 20,
	KPF_ZERO_PAGE = 24,
	KPF_RESERVED = 32, KPF_MLOCKED = 33,
};

/*
 * The pagemap entry for a page table entry e, where pg is the frame e holds (NULL when it
 * holds none). A PROT_NONE page is present, as on Linux (its frame is there, only the
 * program may not touch it).
 */
uint64_t pagemap_entry(pte_t e, const struct page *pg);

/* The entry as a reader without CAP_SYS_ADMIN sees it (Linux 4.2 on, against Rowhammer):
 * a present page's frame number 0, a swapped page's slot 0 (its swap area kept). */
uint64_t pagemap_hide_frame(uint64_t entry);

/* The pagemap entries of the n pages from va (page aligned, below USER_TOP) in mm. */
void mm_pagemap_entries(struct mm *mm, uintptr_t va, size_t n, uint64_t *out);

/* True when some locked area (vma_is_locked) maps pg: mlock keeps it in memory. */
bool page_is_mlocked(struct page *pg);

/* The frame's kpageflags: one bit per KPF_* above that the kernel really knows. */
uint64_t page_kpageflags(struct page *pg);

/*
 * For the n frames from frame number pfn: how many entries map each (/proc/kpagecount)
 * or, with flags, their kpageflags. Returns how many it filled: fewer than n past the end
 * of RAM.
 */
size_t kpage_entries(pfn_t pfn, size_t n, bool flags, uint64_t *out);

/*
 * What one area's pages are, as Linux's /proc/PID/smaps counts them (its struct
 * mem_size_stats): sizes in bytes. A page mapped by n entries counts PAGE_SIZE / n in the
 * proportional sizes (pss...), kept in bytes << PSS_SHIFT so the shares add up exactly.
 * A page is shared when another entry maps it too (mapcount >= 2), dirty when the CPU
 * wrote it (the entry's dirty bit) or its swap slot does not hold it yet, referenced when
 * the entry's accessed bit is set or reclaim found it used (active). Swap counts the swap
 * entries, and for shared anonymous memory its object's pages in swap in the area's range.
 */
#define PSS_SHIFT 12
struct area_usage {
	uint64_t resident, anonymous, referenced;
	uint64_t shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t pss, pss_dirty, pss_locked;    /* << PSS_SHIFT */
	uint64_t swap, swap_pss;                /* swap entries; swap_pss << PSS_SHIFT */
};
void mm_area_usage(struct mm *mm, const struct vma *v, struct area_usage *u);

/* Counts over every frame, for /proc/meminfo: frames that locked areas map (Mlocked),
 * and frames reclaim can never take (Unevictable: those, and the ramdisk's files, which
 * are the memory itself). In pages. */
struct page_census {
	uint64_t mlocked;
	uint64_t unevictable;
};
void page_census(struct page_census *c);

#endif
