/*
 * Physical frames: who owns each 4 KiB page of RAM. Every frame the kernel uses, for page
 * tables, the heap, user pages or files, comes from here and goes back here, with its
 * reference count in its struct page (mem_map[pfn]).
 *
 * Boot goes in two steps. frame_init_early() reads the memory map and hands out frames
 * one at a time from low memory (for the page tables of the direct map) before any struct
 * page exists; frame_init(), once the direct map is up, builds mem_map and the buddy
 * allocator, counting the early frames as allocated.
 */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include "kernel/panic.h"
#include "mm/buddy.h"
#include "mm/page.h"
#include "mm/phys.h"

struct boot_info;

/* Flags for the allocation functions. */
#define FRAME_ZERO 0x1          /* fill the frame(s) with zeros */
#define FRAME_NO_OOM 0x2        /* alloc_user_page: fail rather than ask the OOM killer */

extern struct page *mem_map;

/* The zero page: one frame of zeros, made at boot and never freed, that a read of
 * untouched private anonymous memory maps read-only (Linux's ZERO_PAGE), so that reading
 * costs no memory until a write gives the page a frame of its own. No count of its
 * mappings is kept: it belongs to no one (mm/ptes.c). */
extern struct page *zero_page;

static inline bool page_is_zero(const struct page *p)
{
	return p == zero_page;
}

static inline phys_addr_t page_to_phys(const struct page *p)
{
	return (phys_addr_t)(p - mem_map) << PAGE_SHIFT;
}

static inline struct page *phys_to_page(phys_addr_t pa)
{
	return &mem_map[pa >> PAGE_SHIFT];
}

static inline void *page_address(const struct page *p)
{
	return phys_to_virt(page_to_phys(p));
}

/* One frame with refcount 1, or NULL when memory is exhausted. */
struct page *frame_alloc(unsigned flags);

/* 2^order contiguous frames (the first page has refcount 1), or NULL. */
struct page *frame_alloc_order(unsigned order, unsigned flags);

/* Returns frames from frame_alloc_order; misuse (double free, still mapped, a frame never
 * handed out) is a kernel bug and panics naming the frame. */
void frame_free_order(struct page *p, unsigned order);

/* A frame's physical address, or 0 when memory is exhausted. Works from the very start of
 * boot, before mem_map exists; page tables are allocated this way. */
phys_addr_t frame_alloc_phys(unsigned flags);
void frame_free_phys(phys_addr_t pa);

/* Takes and drops a reference to a single frame; dropping the last one frees it. Inline:
 * every fault, fork and exit takes and drops references. */
static inline void frame_get(struct page *p)
{
	BUG_ON(p->refcount <= 0);
	p->refcount++;
}

static inline void frame_put(struct page *p)
{
	if (p->refcount > 1)
		p->refcount--;
	else
		frame_free_order(p, 0);
}

struct frame_stats {
	uint64_t total;                 /* frames the allocator manages */
	uint64_t free;                  /* of which free now */
	uint64_t free_blocks[BUDDY_MAX_ORDER + 1];      /* free blocks of each order */
	uint64_t early;                 /* frames taken before the allocator existed: the
					 * kernel map's page tables and mem_map */
	uint64_t mem_map_frames;        /* of which hold mem_map itself */
	uint64_t mem_limit;             /* mem= in bytes, 0 if not given */
	uint64_t usable;                /* whole usable frames in the memory map within mem=;
					 * the rest of them (usable - total) hold the kernel
					 * image, the boot information and the boot modules */
};

void frame_get_stats(struct frame_stats *s);

/* The allocator itself (mm/frame.c's), for the counts below. */
extern struct buddy frame_buddy;

/* Frames free now, and frames the allocator manages: cheap, for the reclaim watermarks. */
static inline uint64_t frame_free_count(void)
{
	return frame_buddy.free;
}

static inline uint64_t frame_total_count(void)
{
	return frame_buddy.total;
}

/*
 * The least RAM (QEMU's -m, in MiB) the kernel runs with: measured with a 4.5 MiB ramdisk,
 * `make run` reached the shell with 11 MiB; with 10, GRUB no longer loaded the ramdisk, and
 * below 6 the firmware does not boot. The ramdisk is 11.5 MiB now (busybox, glibc's loader
 * and libc, more test programs); its files are unpacked into the page cache while the
 * ramdisk itself is still in memory, and with 24 MiB that no longer fit, while 26 did.
 * Rounded up, for the ramdisk to grow. tools/mem-check.sh reads it here, for qrun and make
 * run; frame_init_early refuses less, with a message that says so.
 */
#define KERNEL_MIN_MEM_MIB 32

/* Step 1 of boot: learn the memory map and what must never be handed out; too little RAM
 * (below KERNEL_MIN_MEM_MIB, or below mem=) stops here with a message that says so. */
void frame_init_early(const struct boot_info *bi);

/* Step 2, once the direct map is live: mem_map and the buddy allocator. */
void frame_init(void);

/* Gives the frames of a boot module back to the allocator once its contents were used. */
void frame_release_boot_range(phys_addr_t start, phys_addr_t end);

/* The end of physical RAM the kernel manages (exclusive), in bytes. */
phys_addr_t frame_ram_end(void);

#endif
