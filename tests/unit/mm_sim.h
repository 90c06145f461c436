/*
 * Simulated RAM for host tests of mm/: a buffer plays RAM, the buddy allocator hands out
 * its frames (for page tables and user pages alike), and a "file" is a bare VM object
 * filled with known bytes. A test file includes this, then drives mm/ as the kernel would
 * and checks what can be observed: the bytes in the frames, which frame each entry holds,
 * the counts, the reverse map; setup() starts each test and check_no_leaks() ends it.
 */
#ifndef TESTS_UNIT_MM_SIM_H
#define TESTS_UNIT_MM_SIM_H

#include "tests/unit/unit.h"

#include <stdarg.h>
#include <stdlib.h>

/* The kernel heap, as the host provides it, counting live objects for leak checks. */
static long live_allocs;
void *kmalloc(size_t n);
void *kzalloc(size_t n);
void kfree(void *p);
void *kmalloc(size_t n)
{
	live_allocs++;
	return malloc(n);
}
void *kzalloc(size_t n)
{
	live_allocs++;
	return calloc(1, n);
}
void kfree(void *p)
{
	if (p)
		live_allocs--;
	free(p);
}
#define MM_KMALLOC_H    /* keep the kernel's kmalloc.h out: the three above replace it */

/* rmap.c and page_cache.c each have a static visit(); one translation unit holds both. */
#include "mm/buddy.c"
#include "mm/pmap.c"
#include "mm/vma.c"
#include "mm/page_cache.c"
#include "mm/page_lock.c"
#include "mm/object.c"
#include "mm/ptes.c"
#define visit rmap_visit
#include "mm/rmap.c"
#undef visit
#include "mm/commit.c"
#include "mm/mm.c"
#include "mm/fault.c"
#include "mm/userfault.c"
#include "mm/mremap.c"
#include "mm/mmap.c"
#include "mm/mlock.c"
#include "mm/pagemap.c"
#include "mm/swap_header.c"
#include "mm/swapfile.c"
#include "mm/swap_state.c"
#include "mm/swap_unuse.c"
#include "mm/vmscan.c"
#include "mm/vmtrace.c"
#include "kernel/lib/format.c"

/* ---- The host's side of what mm/ uses from elsewhere. ---- */

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

/* What mm/ logs goes to log_hook, line by line, when a test sets it; else nowhere. */
static void (*log_hook)(const char *line);

int printk_level(enum log_level level, const char *fmt, ...)
{
	(void)level;
	if (!log_hook)
		return 0;
	char line[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_hook(line);
	return n;
}

/* kernel/running.h: the simulated faults are a process's, pid 42, named "sim". */
int running_pid(void)
{
	return 42;
}

const char *running_name(void)
{
	return "sim";
}

void tlb_flush_page(uintptr_t va)
{
	(void)va;
}

void tlb_flush_all(void)
{
}

uint64_t tlb_current_root(void)
{
	return 0;
}

void pmap_activate(struct pmap *pm)
{
	(void)pm;
}

#define SIM_FRAMES 4096                         /* 16 MiB of simulated RAM */

phys_addr_t frame_ram_end(void)
{
	return (phys_addr_t)SIM_FRAMES << PAGE_SHIFT;
}

uintptr_t phys_offset;
struct page *mem_map;
struct page *zero_page;
struct buddy frame_buddy;
#define sim frame_buddy             /* the tests' name for it */

/* mm/frame.c's frames, over the simulated buddy allocator, with its checks: freeing a
 * frame that is still mapped or held, or twice, is a bug and aborts. */
struct page *frame_alloc(unsigned flags)
{
	pfn_t pfn = buddy_alloc(&sim, 0);
	if (pfn == (pfn_t)-1)
		return NULL;
	if (flags & FRAME_ZERO)
		memset(phys_to_virt(pfn << PAGE_SHIFT), 0, PAGE_SIZE);
	return &mem_map[pfn];
}

phys_addr_t frame_alloc_phys(unsigned flags)
{
	struct page *p = frame_alloc(flags);
	return p ? page_to_phys(p) : 0;
}

static void free_frame(struct page *p)
{
	if (p->flags & PG_SWAPCACHE)
		panic("frame: freeing pfn %ld, still in the swap cache", (long)(p - mem_map));
	lru_del(p);
	enum buddy_error err = buddy_free(&sim, (pfn_t)(p - mem_map), 0);
	if (err)
		panic("frame: %s: pfn %ld (refcount %d, mapcount %d)", buddy_error_name(err),
		      (long)(p - mem_map), p->refcount, p->mapcount);
}

void frame_free_phys(phys_addr_t pa)
{
	free_frame(phys_to_page(pa));
}

void frame_free_order(struct page *p, unsigned order)
{
	BUG_ON(order != 0);
	free_frame(p);
}


/* mm/frame.c's totals: the simulated RAM. */
void frame_get_stats(struct frame_stats *s)
{
	*s = (struct frame_stats){ .total = SIM_FRAMES, .free = sim.free };
}

/* kernel/oom.h: no process to kill here; the tests count who asks. */
static int oom_calls;
bool oom_kill(void)
{
	oom_calls++;
	return false;
}

/* kernel/kthread.h: kswapd does not run here; tests reclaim directly. */
int kthread_run(const char *name, void (*fn)(void *arg), void *arg)
{
	(void)name;
	(void)fn;
	(void)arg;
	return 0;
}

/* The block layer, over a "disk" in host memory: requests complete at once, or fail when
 * the test says so. */
#define DISK_PAGES 1024
static uint8_t *disk;
static int disk_reads, disk_writes, disk_fail_writes, disk_fail_reads;
struct block_device sim_disk = { .name = "vda1", .nr_sectors = DISK_PAGES * 8 };

/* What other processes do while this request's submitter sleeps (once, then cleared). */
static void (*io_hook)(struct bio *b);

int bio_submit_wait(struct bio *b)
{
	BUG_ON(b->sector % 8 || b->sector / 8 + b->npages > DISK_PAGES);
	if (io_hook) {
		void (*hook)(struct bio *) = io_hook;
		io_hook = NULL;
		hook(b);
	}
	if (b->write ? disk_fail_writes : disk_fail_reads)
		return -EIO;
	for (unsigned i = 0; i < b->npages; i++) {
		void *mem = page_address(b->pages[i]);
		void *blk = disk + (b->sector / 8 + i) * PAGE_SIZE;
		if (b->write)
			memcpy(blk, mem, PAGE_SIZE);
		else
			memcpy(mem, blk, PAGE_SIZE);
	}
	if (b->write)
		disk_writes++;
	else
		disk_reads++;
	return 0;
}

int block_claim(struct block_device *bdev)
{
	if (bdev->holders)
		return -EBUSY;
	bdev->holders = 1;
	return 0;
}

void block_release(struct block_device *bdev)
{
	bdev->holders = 0;
}

/* kernel/wait.h. Nothing else runs here, so a sleep is whatever the test says happens
 * meanwhile (sleep_hook): the I/O finishing, and maybe another process's doings. */
static void (*sleep_hook)(const void *chan);
static int sleeps, wakeups;

void sleep_on(const void *chan, uint64_t wake_at)
{
	(void)wake_at;
	sleeps++;
	if (!sleep_hook)
		panic("sleep_on(%p): nobody would ever wake this sleeper", chan);
	sleep_hook(chan);
}

void wakeup(const void *chan)
{
	(void)chan;
	wakeups++;
}

/* mm/uaccess.h, for UFFDIO_COPY's source: here the program's memory is the host's. */
int copy_from_user(void *dst, const void *user_src, size_t n)
{
	memcpy(dst, user_src, n);
	return 0;
}

/* No signals here: a sleep ends when the sleep hook says so. */
bool wait_interrupted(bool fatal_only)
{
	(void)fatal_only;
	return false;
}

/* ---- Test scaffolding. ---- */

#define P PAGE_SIZE
#define RW (VMA_READ | VMA_WRITE)

/* Where the tests map things. */
#define ANON  0x10000000UL
#define FILEA 0x20000000UL
#define FILEB 0x30000000UL
#define STACK 0x40000000UL

static uint64_t free0;
static long live0;

/* Fresh RAM full of garbage (0xcc: what a frame held before), an empty kernel half. */
static void setup(void)
{
	static void *ram;
	static struct page pages[SIM_FRAMES];
	if (!ram)
		ram = aligned_alloc(PAGE_SIZE, SIM_FRAMES * PAGE_SIZE);
	memset(ram, 0xcc, SIM_FRAMES * PAGE_SIZE);
	phys_offset = (uintptr_t)ram;
	mem_map = pages;
	buddy_init(&sim, pages, SIM_FRAMES);
	buddy_add_free(&sim, 1, SIM_FRAMES);    /* frame 0 stays out: 0 means failure */
	CHECK_EQ(pmap_init_empty(&kernel_pmap), 0);
	zero_page = frame_alloc(FRAME_ZERO);    /* as boot makes it: never freed */
	sleep_hook = NULL;
	sleeps = wakeups = 0;
	vmstat = (struct vmstat){ 0 };
	free0 = sim.free;
	live0 = live_allocs;
	vm_committed_as = 0;
	sysctl_overcommit_memory = OVERCOMMIT_GUESS;
}

/* Every frame and heap object a test took is back. */
static void check_no_leaks(void)
{
	CHECK_EQ(sim.free, free0);
	CHECK_EQ(live_allocs, live0);
	CHECK_EQ(vm_committed_as, 0);           /* every charge was given back */
}

/* A file: a VM object whose owner counts the areas holding it. */
struct test_file {
	struct vm_object obj;           /* first: the ops get &obj */
	int holds;
};

static void file_hold(struct vm_object *obj)
{
	((struct test_file *)obj)->holds++;
}

static void file_release(struct vm_object *obj)
{
	struct test_file *f = (struct test_file *)obj;
	BUG_ON(f->holds <= 0);
	f->holds--;
}

static const struct vm_object_ops file_ops = { .hold = file_hold, .release = file_release };

/* The file's byte at offset off: never 0, and different from page to page. */
static inline uint8_t file_byte(uint64_t off)
{
	return (uint8_t)(1 + (off * 7 + (off >> PAGE_SHIFT) * 13) % 251);
}

/* A file of size bytes, all its pages in its page cache, zeros past size (as a file's). */
static inline void file_init(struct test_file *f, uint64_t size)
{
	vm_object_init(&f->obj, &file_ops);
	f->holds = 0;
	for (uint64_t i = 0; i < PAGE_ALIGN_UP(size) >> PAGE_SHIFT; i++) {
		struct page *pg = vm_object_get_page(&f->obj, i, true);
		uint8_t *b = page_address(pg);
		for (uint64_t j = 0; j < P; j++) {
			uint64_t off = i * P + j;
			b[j] = off < size ? file_byte(off) : 0;
		}
		frame_put(pg);
	}
	f->obj.size = size;
}

/* The file's owner is done with it: no area may hold it any more. */
static inline void file_destroy(struct test_file *f)
{
	CHECK_EQ(f->holds, 0);
	vm_object_free_pages(&f->obj);
}

/* Do bytes [from, to) of the page hold the file's bytes at object offset base + from? */
static inline bool has_file_bytes(const uint8_t *page, uint64_t base, uint64_t from, uint64_t to)
{
	for (uint64_t j = from; j < to; j++)
		if (page[j] != file_byte(base + j))
			return false;
	return true;
}

static inline bool all_bytes(const uint8_t *p, uint8_t b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != b)
			return false;
	return true;
}

/* A fault as the trap code would describe it. */
static inline enum fault_result touch(struct mm *mm, uintptr_t va, enum fault_access access)
{
	struct fault f = { va, access, true, pte_present(mm_pte_at(mm, va & PAGE_MASK)) };
	return handle_page_fault(mm, &f);
}

/* The bytes of the frame mapped at va (the test's view of user memory). */
static inline uint8_t *mem(struct mm *mm, uintptr_t va)
{
	struct page *pg = mm_page_at(mm, va & PAGE_MASK);
	BUG_ON(!pg);
	return (uint8_t *)page_address(pg) + (va & (P - 1));
}

/* The object's page at index, without a reference (the page cache keeps it). */
static inline struct page *cache_page(struct test_file *f, uint64_t index)
{
	return page_cache_lookup(&f->obj.pages, index);
}

/* Where a walk of the reverse map went. */
struct seen {
	int n;
	struct mm *mm[8];
	uintptr_t va[8];
};

static inline void collect(struct vma *v, uintptr_t va, void *arg)
{
	struct seen *s = arg;
	BUG_ON(s->n == 8);
	s->mm[s->n] = v->mm;
	s->va[s->n] = va;
	s->n++;
}

static inline bool seen_has(const struct seen *s, struct mm *mm, uintptr_t va)
{
	for (int i = 0; i < s->n; i++)
		if (s->mm[i] == mm && s->va[i] == va)
			return true;
	return false;
}

#endif
