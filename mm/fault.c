/*
 * The page-fault handler. Every fault from user mode comes here, and one function,
 * handle_page_fault, decides what it is, as Linux's handle_mm_fault does:
 *
 *   no area, or an access the area forbids      -> SIGSEGV (the program's error)
 *   page not present, anonymous area            -> demand-zero: a new zeroed frame
 *   page not present, file area                 -> the file's page-cache page (shared
 *                                                  areas map it; private ones map it
 *                                                  read-only, or copy it on a write)
 *   write to a present read-only page in a
 *   writable private area                       -> copy-on-write: copy it, or just make
 *                                                  it writable when nobody else maps it
 */
#include "mm/fault.h"
#include "fs/vfs.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/arch/x86/trap.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "kernel/printk.h"

struct vmstat vmstat;

void vmstat_log(void)
{
	printk("vmstat: pgfault=%lu pgmajfault=%lu demand_zero=%lu file_map=%lu file_copy=%lu "
	       "cow_copy=%lu cow_reuse=%lu stack_grow=%lu segv=%lu\n", vmstat.pgfault,
	       vmstat.pgmajfault, vmstat.demand_zero, vmstat.file_map, vmstat.file_copy,
	       vmstat.cow_copy, vmstat.cow_reuse, vmstat.stack_grow, vmstat.segv);
}

/* May this access (by the CPU's error code) happen in area v? */
static bool access_allowed(const struct vma *v, uint32_t err)
{
	if (err & PF_W)
		return v->prot & VMA_WRITE;
	if (err & PF_I)
		return v->prot & VMA_EXEC;
	return v->prot & (VMA_READ | VMA_WRITE | VMA_EXEC);     /* x86 cannot refuse reads */
}

/* The stack area grows down to cover addr, within RLIMIT_STACK; NULL if it may not. */
static struct vma *grow_stack(struct mm *mm, uintptr_t addr)
{
	struct vma *v = vma_find_first_after(&mm->vmas, addr);
	if (!v || !(v->flags & VMA_GROWSDOWN) || addr >= v->start)
		return NULL;
	uint64_t limit = current ? current->rlimits[RLIMIT_STACK].cur : (8u << 20);
	uintptr_t new_start = addr & PAGE_MASK;
	if (v->end - new_start > limit || new_start < USER_MMAP_MIN)
		return NULL;                    /* never down to page 0 (vm.mmap_min_addr) */
	struct vma *prev = vma_prev(v);
	if (prev && prev->end > new_start - PAGE_SIZE)
		return NULL;                    /* keep a guard gap above the area below */
	v->start = new_start;
	vmstat.stack_grow++;
	return v;
}

static enum fault_result do_demand_zero(struct mm *mm, struct vma *v, uintptr_t va)
{
	struct page *pg = frame_alloc(FRAME_ZERO);
	if (!pg)
		return FAULT_OOM;
	int err = mm_install_page(mm, va, pg, mm_pte_flags(v->prot));
	frame_put(pg);                          /* the mapping holds it now */
	if (err)
		return FAULT_OOM;
	vmstat.demand_zero++;
	return FAULT_MINOR;
}

/* The file page backing va in area v, from the page cache (a hole gets a zeroed page). */
static struct page *file_page(struct vma *v, uint64_t index)
{
	struct inode *ip = v->file;
	struct page *pg = page_cache_lookup(&ip->pages, index);
	if (pg)
		return pg;
	pg = frame_alloc(FRAME_ZERO);
	if (pg && page_cache_insert(&ip->pages, index, pg) != 0) {
		frame_put(pg);
		pg = NULL;
	}
	return pg;
}

/* A private copy of a file page; bytes at file offsets >= v->file_end are zeros. */
static struct page *private_copy(struct vma *v, struct page *src, uint64_t offset)
{
	struct page *pg = frame_alloc(0);
	if (!pg)
		return NULL;
	uint64_t keep = PAGE_SIZE;
	if (v->file_end < offset + PAGE_SIZE)
		keep = v->file_end > offset ? v->file_end - offset : 0;
	memcpy(page_address(pg), page_address(src), keep);
	memset((char *)page_address(pg) + keep, 0, PAGE_SIZE - keep);
	return pg;
}

static enum fault_result do_file_fault(struct mm *mm, struct vma *v, uintptr_t va, bool write)
{
	uint64_t index = v->pgoff + ((va - v->start) >> PAGE_SHIFT);
	uint64_t offset = index << PAGE_SHIFT;
	if (offset >= v->file->size)
		return FAULT_SIGBUS;            /* wholly past the end of the file, as Linux */
	struct page *cached = file_page(v, index);
	if (!cached)
		return FAULT_OOM;
	bool partial = v->file_end < offset + PAGE_SIZE;
	if ((v->flags & VMA_SHARED) || (!write && !partial)) {
		/* The page-cache frame itself: read-only in a private area, so that a write
		 * faults again and copies. */
		pte_t flags = mm_pte_flags(v->prot);
		if (!(v->flags & VMA_SHARED) && (flags & PTE_W))
			flags = (flags & ~PTE_W) | PTE_COW;
		if (mm_install_page(mm, va, cached, flags))
			return FAULT_OOM;
		vmstat.file_map++;
		return FAULT_MINOR;
	}
	struct page *copy = private_copy(v, cached, offset);
	if (!copy)
		return FAULT_OOM;
	int err = mm_install_page(mm, va, copy, mm_pte_flags(v->prot));
	frame_put(copy);
	if (err)
		return FAULT_OOM;
	vmstat.file_copy++;
	return FAULT_MINOR;
}

static enum fault_result do_cow(struct mm *mm, struct vma *v, uintptr_t va, pte_t e)
{
	struct page *old = phys_to_page(pte_addr(e));
	pte_t flags = mm_pte_flags(v->prot);
	if ((v->flags & VMA_SHARED) || old->refcount == 1) {
		/* Nobody else holds this frame (or it is meant to be shared): just allow the
		 * write. */
		pmap_protect(&mm->pmap, va, flags);
		vmstat.cow_reuse++;
		return FAULT_MINOR;
	}
	struct page *copy = frame_alloc(0);
	if (!copy)
		return FAULT_OOM;
	memcpy(page_address(copy), page_address(old), PAGE_SIZE);
	pmap_unmap(&mm->pmap, va);
	old->mapcount--;
	frame_put(old);
	mm->rss--;
	int err = mm_install_page(mm, va, copy, flags);
	frame_put(copy);
	if (err)
		return FAULT_OOM;
	vmstat.cow_copy++;
	return FAULT_MINOR;
}

enum fault_result handle_page_fault(struct mm *mm, uintptr_t addr, uint32_t err)
{
	uintptr_t va = addr & PAGE_MASK;
	vmstat.pgfault++;
	struct vma *v = vma_find(&mm->vmas, addr);
	if (!v)
		v = grow_stack(mm, addr);
	if (!v || !access_allowed(v, err)) {
		vmstat.segv++;
		return v ? FAULT_ACCESS : FAULT_SIGSEGV;
	}
	pte_t e = pmap_lookup(&mm->pmap, va);
	if (!pte_has_frame(e)) {
		if (!v->file)
			return do_demand_zero(mm, v, va);
		return do_file_fault(mm, v, va, err & PF_W);
	}
	if ((err & PF_W) && !(e & PTE_W))
		return do_cow(mm, v, va, e);
	return FAULT_MINOR;                     /* already resolved (a stale TLB entry) */
}

enum fault_result fault_in_page(struct mm *mm, uintptr_t addr, bool write)
{
	pte_t e = pmap_lookup(&mm->pmap, addr & PAGE_MASK);
	if ((e & PTE_P) && (!write || (e & PTE_W)))
		return FAULT_MINOR;
	return handle_page_fault(mm, addr, PF_U | (write ? PF_W : 0) | ((e & PTE_P) ? PF_P : 0));
}
