#include "mm/frame.h"
#include "mm/vmscan.h"
#include "kernel/lib/string.h"
#include "kernel/multiboot.h"
#include "kernel/options.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

extern char _kernel_end[];

struct page *mem_map;
struct page *zero_page;

/* Until the direct map exists, the boot page tables reach the first 1 GiB at KERNEL_VMA. */
uintptr_t phys_offset = KERNEL_VMA;
#define EARLY_REACH (1ULL << 30)

/* A physical range [start, end) that the buddy allocator must not hand out as free. */
enum taken_kind { TAKEN_RESERVED, TAKEN_EARLY };
struct taken {
	phys_addr_t start, end;
	enum taken_kind kind;
	const char *what;
};

/* Few ranges are ever taken: the kernel, the boot information, modules, early frames. */
#define MAX_TAKEN 48

static struct taken taken[MAX_TAKEN];   /* sorted by start, never overlapping */
static int ntaken;
static const struct boot_info *boot;
static uint64_t mem_limit;              /* mem=, in bytes; 0: no limit */
static phys_addr_t ram_end;             /* end of the highest usable frame, within mem= */
struct buddy frame_buddy;
static bool buddy_ready;
static uint64_t mem_map_frames;
static uint64_t usable_frames;          /* whole usable frames in the memory map, within mem= */

static const char *set_mem(const char *value)
{
	unsigned long long bytes;
	if (!value)
		return "needs a size, e.g. mem=32M";
	if (parse_size(value, &bytes) != 0)
		return "not a size (e.g. 32M, 1G)";
	mem_limit = bytes ? bytes : 1;  /* mem=0 leaves no RAM (0 would mean no limit) */
	return NULL;
}
KERNEL_OPTION("mem", set_mem);

/* Records [start, end) as taken, merging an early range with the one it extends. */
static void take(phys_addr_t start, phys_addr_t end, enum taken_kind kind, const char *what)
{
	start = PAGE_ALIGN_DOWN(start);
	end = PAGE_ALIGN_UP(end);
	int i = 0;
	while (i < ntaken && taken[i].start < start)
		i++;
	if (kind == TAKEN_EARLY && i > 0 && taken[i - 1].kind == TAKEN_EARLY &&
	    taken[i - 1].end == start) {
		taken[i - 1].end = end;
		return;
	}
	if (ntaken == MAX_TAKEN)
		panic("frame: more than %d reserved physical ranges (adding %s)", MAX_TAKEN, what);
	memmove(&taken[i + 1], &taken[i], (size_t)(ntaken - i) * sizeof(taken[0]));
	taken[i] = (struct taken){ start, end, kind, what };
	ntaken++;
}

/* The usable part of region r: whole frames only, below mem=, never frame 0. */
static bool usable_part(const struct boot_region *r, phys_addr_t *s, phys_addr_t *e)
{
	if (r->type != MEM_USABLE)
		return false;
	*s = PAGE_ALIGN_UP(r->base);
	*e = PAGE_ALIGN_DOWN(r->base + r->length);
	if (*s < PAGE_SIZE)
		*s = PAGE_SIZE;         /* physical 0 stays unused: a null frame is a bug */
	if (mem_limit && *e > PAGE_ALIGN_DOWN(mem_limit))
		*e = PAGE_ALIGN_DOWN(mem_limit);
	return *s < *e;
}

/*
 * Calls fn for every free piece of usable RAM: the usable regions minus the taken ranges.
 * Stops early and returns true when fn returns true.
 */
static bool for_each_free_range(bool (*fn)(phys_addr_t s, phys_addr_t e, void *arg), void *arg)
{
	for (size_t r = 0; r < boot->nregions; r++) {
		phys_addr_t s, e;
		if (!usable_part(&boot->regions[r], &s, &e))
			continue;
		for (int i = 0; i < ntaken && s < e; i++) {
			if (taken[i].end <= s || taken[i].start >= e)
				continue;
			if (taken[i].start > s && fn(s, taken[i].start, arg))
				return true;
			s = taken[i].end;
		}
		if (s < e && fn(s, e, arg))
			return true;
	}
	return false;
}

struct run_request {
	uint64_t bytes;
	phys_addr_t below;
	phys_addr_t found;
};

static bool fits(phys_addr_t s, phys_addr_t e, void *arg)
{
	struct run_request *rq = arg;
	if (e > rq->below)
		e = rq->below;
	if (s < e && e - s >= rq->bytes) {
		rq->found = s;
		return true;
	}
	return false;
}

/* Takes a run of contiguous free frames before the buddy allocator exists; 0 if none. */
static phys_addr_t early_alloc(uint64_t bytes)
{
	struct run_request rq = { bytes, phys_offset == KERNEL_VMA ? EARLY_REACH : ~0ULL, 0 };
	if (!for_each_free_range(fits, &rq))
		return 0;
	take(rq.found, rq.found + bytes, TAKEN_EARLY, "early");
	return rq.found;
}

static bool find_end(phys_addr_t s, phys_addr_t e, void *arg)
{
	(void)s;
	phys_addr_t *end = arg;
	if (e > *end)
		*end = e;
	return false;
}

static uint64_t count_usable_frames(void);

/* Too little RAM to unpack the ramdisk and run init: said plainly here, rather than seen
 * later as a ramdisk GRUB could not load or an init that cannot run. QEMU's -m N gives
 * about N MiB less 0.5 MiB of usable RAM (the firmware's): 1 MiB of slack. */
static void check_minimum(void)
{
	uint64_t kib = count_usable_frames() * (PAGE_SIZE >> 10);
	if (kib + 1024 < KERNEL_MIN_MEM_MIB * 1024ull)
		panic("too little memory: the kernel needs at least %d MiB of RAM, and has %lu KiB%s",
		      KERNEL_MIN_MEM_MIB, kib, mem_limit ? " below mem=" : "");
}

void frame_init_early(const struct boot_info *bi)
{
	boot = bi;
	take(KERNEL_PHYS_BASE, (phys_addr_t)_kernel_end - KERNEL_VMA, TAKEN_RESERVED,
	     "kernel image");
	take(bi->info_start, bi->info_end, TAKEN_RESERVED, "boot information");
	for (size_t i = 0; i < bi->nmodules; i++)
		take(bi->modules[i].start, bi->modules[i].end, TAKEN_RESERVED, "boot module");
	check_minimum();
	ram_end = 0;
	for_each_free_range(find_end, &ram_end);
	if (!ram_end)
		panic("frame: no usable RAM in the memory map%s", mem_limit ? " below mem=" : "");
}

phys_addr_t frame_ram_end(void)
{
	return ram_end;
}

static bool add_free(phys_addr_t s, phys_addr_t e, void *arg)
{
	(void)arg;
	buddy_add_free(&frame_buddy, s >> PAGE_SHIFT, e >> PAGE_SHIFT);
	return false;
}

static bool count_frames(phys_addr_t s, phys_addr_t e, void *arg)
{
	*(uint64_t *)arg += (e - s) >> PAGE_SHIFT;
	return false;
}

/* Whole usable frames in the memory map (within mem=), whether taken or not. */
static uint64_t count_usable_frames(void)
{
	uint64_t n = 0;
	for (size_t r = 0; r < boot->nregions; r++) {
		phys_addr_t s, e;
		if (usable_part(&boot->regions[r], &s, &e))
			count_frames(s, e, &n);
	}
	return n;
}

void frame_init(void)
{
	pfn_t end_pfn = ram_end >> PAGE_SHIFT;
	uint64_t bytes = PAGE_ALIGN_UP(end_pfn * sizeof(struct page));
	phys_addr_t pa = early_alloc(bytes);
	if (!pa)
		panic("frame: no room for mem_map (%lu KiB for %lu frames)", bytes >> 10, end_pfn);
	mem_map = phys_to_virt(pa);
	mem_map_frames = bytes >> PAGE_SHIFT;
	buddy_init(&frame_buddy, mem_map, end_pfn);
	for_each_free_range(add_free, NULL);
	for (int i = 0; i < ntaken; i++)
		if (taken[i].kind == TAKEN_EARLY)
			buddy_mark_allocated(&frame_buddy, taken[i].start >> PAGE_SHIFT,
					     taken[i].end >> PAGE_SHIFT);
	buddy_ready = true;
	usable_frames = count_usable_frames();
	zero_page = frame_alloc(FRAME_ZERO);
	if (!zero_page)
		panic("frame: no frame for the zero page");
}

struct clip {
	phys_addr_t start, end;
};

static bool add_free_clipped(phys_addr_t s, phys_addr_t e, void *arg)
{
	struct clip *c = arg;
	if (s < c->start)
		s = c->start;
	if (e > c->end)
		e = c->end;
	if (s < e)
		buddy_add_free(&frame_buddy, s >> PAGE_SHIFT, e >> PAGE_SHIFT);
	return false;
}

void frame_release_boot_range(phys_addr_t start, phys_addr_t end)
{
	struct clip c = { PAGE_ALIGN_DOWN(start), PAGE_ALIGN_UP(end) };
	int i = 0;
	while (i < ntaken && !(taken[i].start == c.start && taken[i].end == c.end &&
			       taken[i].kind == TAKEN_RESERVED))
		i++;
	BUG_ON(i == ntaken);
	memmove(&taken[i], &taken[i + 1], (size_t)(ntaken - i - 1) * sizeof(taken[0]));
	ntaken--;
	/* Frames it shared with something still held (a page of the boot information, say)
	 * are not free pieces, so they stay out. */
	for_each_free_range(add_free_clipped, &c);
}

static void zero_frames(phys_addr_t pa, uint64_t n)
{
	memset(phys_to_virt(pa), 0, n << PAGE_SHIFT);
}

struct page *frame_alloc_order(unsigned order, unsigned flags)
{
	BUG_ON(!buddy_ready);
	pfn_t pfn = buddy_alloc(&frame_buddy, order);
	if (frame_buddy.free < watermarks.low)
		reclaim_wake();                 /* kswapd frees some before it runs out */
	if (pfn == (pfn_t)-1)
		return NULL;
	if (flags & FRAME_ZERO)
		zero_frames(pfn << PAGE_SHIFT, 1ULL << order);
	return &mem_map[pfn];
}

struct page *frame_alloc(unsigned flags)
{
	return frame_alloc_order(0, flags);
}

phys_addr_t frame_alloc_phys(unsigned flags)
{
	phys_addr_t pa;
	if (buddy_ready) {
		struct page *p = frame_alloc(0);
		if (!p)
			return 0;
		pa = page_to_phys(p);
	} else {
		pa = early_alloc(PAGE_SIZE);
		if (!pa)
			panic("frame: out of memory during early boot");
	}
	if (flags & FRAME_ZERO)
		zero_frames(pa, 1);
	return pa;
}

void frame_free_order(struct page *p, unsigned order)
{
	pfn_t pfn = (pfn_t)(p - mem_map);
	if (p->flags & PG_SWAPCACHE)
		panic("frame: freeing frame %lx, still in the swap cache", pfn << PAGE_SHIFT);
	lru_del(p);
	enum buddy_error err = buddy_free(&frame_buddy, pfn, order);
	if (err)
		panic("frame: %s: frame %lx (pfn %lu, order %u, refcount %d, mapcount %d)",
		      buddy_error_name(err), pfn << PAGE_SHIFT, pfn, order,
		      pfn < frame_buddy.end_pfn ? p->refcount : 0, pfn < frame_buddy.end_pfn ? p->mapcount : 0);
}

void frame_free_phys(phys_addr_t pa)
{
	BUG_ON(!buddy_ready);
	frame_free_order(phys_to_page(pa), 0);
}

static uint64_t early_frames(void)
{
	uint64_t n = 0;
	for (int i = 0; i < ntaken; i++)
		if (taken[i].kind == TAKEN_EARLY)
			n += (taken[i].end - taken[i].start) >> PAGE_SHIFT;
	return n;
}

void frame_get_stats(struct frame_stats *s)
{
	*s = (struct frame_stats){
		.total = frame_buddy.total,
		.free = frame_buddy.free,
		.early = early_frames(),
		.mem_map_frames = mem_map_frames,
		.mem_limit = mem_limit,
		.usable = usable_frames,
	};
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++)
		s->free_blocks[k] = frame_buddy.area[k].count;
}
