/*
 * The page-fault handler. Every fault at a user address comes here, and one function,
 * handle_page_fault, decides what it is, as Linux's handle_mm_fault does:
 *
 *   no area, or an access the area forbids      -> SIGSEGV (the program's error)
 *   empty entry, area without an object         -> demand-zero: on a read, the zero
 *                                                  page, read-only; on a write, a new
 *                                                  zeroed frame
 *   empty entry, area mapping an object         -> the object's page (shared areas map
 *                                                  it; private ones map it read-only, or
 *                                                  copy it on a write)
 *   write to a present read-only page in a
 *   writable area                               -> copy-on-write: copy it, or just make
 *                                                  it writable when nobody else has it
 *                                                  (the zero page: a new zeroed frame)
 *   a swap entry                                -> swap-in: the page from the swap cache,
 *                                                  or read from swap (a major fault)
 *   empty entry, area registered with a
 *   userfaultfd                                 -> wait for its handler to fill the page,
 *                                                  then take the fault again
 *
 * A step that may sleep (waiting for a page under I/O; with swap, reading from disk) lets
 * other processes change the address space meanwhile, so the handler checks that the area
 * and the entry are still what it decided on before it changes anything, and starts over
 * if not: the areas by their change count, the entry as the bookkeeper changes it (an
 * install needs an empty entry, a replacement the entry it was decided on).
 */
#include "mm/fault.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/commit.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/page_lock.h"
#include "mm/ptes.h"
#include "mm/swap.h"
#include "mm/userfault.h"
#include "mm/vmscan.h"
#include "mm/vmstat.h"
#include "mm/vmtrace.h"

struct vmstat vmstat;

void vmstat_log(void)
{
	printk("vmstat: pgfault=%lu pgmajfault=%lu demand_zero=%lu file_map=%lu file_copy=%lu "
	       "cow_copy=%lu cow_reuse=%lu stack_grow=%lu segv=%lu swap_in=%lu\n", vmstat.pgfault,
	       vmstat.pgmajfault, vmstat.demand_zero, vmstat.file_map, vmstat.file_copy,
	       vmstat.cow_copy, vmstat.cow_reuse, vmstat.stack_grow, vmstat.segv, vmstat.swap_in);
}

/* What the handler decided on: the area and the entry it saw, and the address space's
 * change count then. */
struct decision {
	const struct fault *f;          /* the fault, for its trace line */
	struct mm *mm;
	struct vma *v;
	uintptr_t va;                   /* the page's address */
	pte_t entry;
	uint64_t map_seq;
};

/* Signals for "start over": something changed while the handler slept. */
#define FAULT_RETRY 2                   /* not a fault_result: FAULT_MAJOR is 1 */
_Static_assert(FAULT_RETRY == FAULT_RETRY_UFFD, "mm/userfault.h's retry is this one");

/* After a step that may have slept: is the area still as decided? */
static bool areas_unchanged(const struct decision *d)
{
	return d->mm->map_seq == d->map_seq;
}

/* May this access happen in area v? */
static bool access_allowed(const struct vma *v, enum fault_access access)
{
	if (access == FAULT_WRITE)
		return v->prot & VMA_WRITE;
	if (access == FAULT_EXEC)
		return v->prot & VMA_EXEC;
	return v->prot & (VMA_READ | VMA_WRITE | VMA_EXEC);     /* x86 cannot refuse reads */
}

/* The stack area grows down to cover addr, within RLIMIT_STACK and the overcommit policy
 * (the new pages are charged, as Linux's acct_stack_growth); NULL if it may not. */
static struct vma *grow_stack(struct mm *mm, uintptr_t addr)
{
	struct vma *v = vma_find_first_after(&mm->vmas, addr);
	if (!v || !(v->flags & VMA_GROWSDOWN) || addr >= v->start)
		return NULL;
	uintptr_t new_start = addr & PAGE_MASK;
	if (v->end - new_start > mm->stack_limit || new_start < USER_MMAP_MIN)
		return NULL;                    /* never down to page 0 (vm.mmap_min_addr) */
	struct vma *prev = vma_prev(v);
	if (prev && prev->end > new_start - PAGE_SIZE)
		return NULL;                    /* keep a guard gap above the area below */
	if ((v->flags & VMA_ACCOUNT) && vm_enough_memory(mm, (v->start - new_start) >> PAGE_SHIFT))
		return NULL;
	v->pgoff -= (v->start - new_start) >> PAGE_SHIFT;   /* its pages keep their index */
	vma_resize(&mm->vmas, v, new_start, v->end);
	mm->map_seq++;
	vmstat.stack_grow++;
	return v;
}

/* Maps pg, the caller's, at the decided place if nothing changed meanwhile; drops the
 * caller's reference either way. */
static inline enum fault_result map_new_page(const struct decision *d, struct page *pg,
					      bool writable)
{
	int err = areas_unchanged(d) ? mm_install(d->mm, d->v, d->va, pg, writable) : -EAGAIN;
	frame_put(pg);
	if (err == -EAGAIN || err == -EEXIST)
		return FAULT_RETRY;
	return err ? FAULT_OOM : FAULT_MINOR;
}

/* A read of untouched anonymous memory: the zero page, read-only, as Linux's
 * do_anonymous_page; the first write gives the page a frame (do_wp_page). */
static enum fault_result map_zero_page(const struct decision *d)
{
	int err = mm_install_zero(d->mm, d->v, d->va);
	if (err == -EEXIST)
		return FAULT_RETRY;
	if (err)
		return FAULT_OOM;
	vmstat.zero_page++;
	vmtrace_fault(d->mm, d->f, d->v, VT_ZERO_PAGE, zero_page);
	return FAULT_MINOR;
}

static enum fault_result do_demand_zero(const struct decision *d)
{
	if (d->f->access != FAULT_WRITE)
		return map_zero_page(d);
	struct page *pg = alloc_user_page(FRAME_ZERO);         /* may sleep, reclaiming */
	if (!pg)
		return FAULT_OOM;
	enum fault_result r = map_new_page(d, pg, true);
	if (r == FAULT_MINOR) {
		vmstat.demand_zero++;
		vmtrace_fault(d->mm, d->f, d->v, VT_DEMAND_ZERO, pg);
	}
	return r;
}

/* A new frame holding the first `keep` bytes of src, zeros after them; NULL if none. */
static struct page *copy_of(struct page *src, uint64_t keep)
{
	struct page *pg = alloc_user_page(0);  /* may sleep; src is held by the caller */
	if (!pg)
		return NULL;
	memcpy(page_address(pg), page_address(src), keep);
	memset((char *)page_address(pg) + keep, 0, PAGE_SIZE - keep);
	return pg;
}

/* A private copy of an object page; bytes at object offsets >= file_end are zeros. */
static struct page *private_copy(uint64_t file_end, struct page *src, uint64_t offset)
{
	uint64_t keep = PAGE_SIZE;
	if (file_end < offset + PAGE_SIZE)
		keep = file_end > offset ? file_end - offset : 0;
	return copy_of(src, keep);
}

static enum fault_result do_object_fault(const struct decision *d, bool write)
{
	const struct vma *v = d->v;
	struct vm_object *obj = v->object;
	uint64_t index = vma_page_index(v, d->va);
	uint64_t offset = index << PAGE_SHIFT;
	if (offset >= obj->size) {
		vmtrace_fault(d->mm, d->f, v, VT_BUS_PAST_END, NULL);
		return FAULT_SIGBUS;            /* wholly past the end of the object, as Linux */
	}
	/* What the area says, read before a sleep: the area may be gone after one (the
	 * page is then not mapped: map_new_page checks), and the object with it unless held. */
	bool shared = v->flags & VMA_SHARED;
	uint64_t file_end = v->file_end;
	bool partial = file_end < offset + PAGE_SIZE;
	vm_object_hold(obj);
	struct object_get g = { .in_size = true };
	struct page *cached = vm_object_get_page_ex(obj, index, true, &g);     /* may sleep */
	bool past_end = offset >= obj->size;    /* truncated while it slept */
	vm_object_release(obj);
	if (!cached) {
		if (g.err == -EIO) {
			vmtrace_fault_again(d->mm, d->f, VT_BUS_IO_ERROR);     /* v may be gone */
			return FAULT_SIGBUS;    /* its read from swap failed: this process pays */
		}
		return g.err == -ERANGE ? FAULT_RETRY : FAULT_OOM;
	}
	if (past_end) {
		frame_put(cached);
		return FAULT_RETRY;             /* decide again: SIGBUS now */
	}
	if (shared || (!write && !partial)) {
		/* The object's page itself: read-only in a private area, so that a write
		 * faults again and copies. */
		enum fault_result r = map_new_page(d, cached, shared);
		if (r == FAULT_MINOR) {
			vmstat.file_map++;
			vmtrace_fault(d->mm, d->f, v, (shared ? VT_FILE_SHARED : VT_FILE_READONLY) |
				      (g.major ? VT_MAJOR : 0), cached);
		}
		return r == FAULT_MINOR && g.major ? FAULT_MAJOR : r;
	}
	struct page *copy = private_copy(file_end, cached, offset);
	frame_put(cached);
	if (!copy)
		return FAULT_OOM;
	enum fault_result r = map_new_page(d, copy, true);
	if (r == FAULT_MINOR) {
		vmstat.file_copy++;
		vmtrace_fault(d->mm, d->f, v, VT_FILE_COPY | (g.major ? VT_MAJOR : 0), copy);
	}
	return r;
}

/* A write to the zero page: a new zeroed frame in its place (no copy: it is all zeros). */
static enum fault_result wp_zero_page(const struct decision *d)
{
	struct page *pg = alloc_user_page(FRAME_ZERO);         /* may sleep, reclaiming */
	if (!pg)
		return FAULT_OOM;
	int err = areas_unchanged(d) ? mm_replace(d->mm, d->v, d->va, d->entry, pg) : -EAGAIN;
	frame_put(pg);
	if (err == -EAGAIN)
		return FAULT_RETRY;
	if (err)
		return FAULT_OOM;
	vmstat.demand_zero++;
	vmtrace_fault(d->mm, d->f, d->v, VT_DEMAND_ZERO, pg);
	return FAULT_MINOR;
}

/* A write to a present read-only page of a writable area. */
static enum fault_result do_wp_page(const struct decision *d)
{
	struct page *old = phys_to_page(pte_addr(d->entry));
	if (page_is_zero(old))
		return wp_zero_page(d);
	if ((old->flags & PG_SWAPCACHE) && old->mapcount == 1 && old->refcount == 2 &&
	    !page_locked(old) && swap_count(old->swap) == 0) {
		/* Read back from swap and mapped only here: the copy in the slot goes stale
		 * with this write, so the page leaves the swap cache and is ours alone. */
		swap_cache_delete(old);
	}
	if ((d->v->flags & VMA_SHARED) || old->refcount == 1) {
		/* Nobody else holds this frame (or it is meant to be shared): just allow the
		 * write. */
		mm_make_writable(d->mm, d->va, d->entry);
		vmstat.cow_reuse++;
		vmtrace_fault(d->mm, d->f, d->v, VT_COW_REUSE, old);
		return FAULT_MINOR;
	}
	frame_get(old);                         /* copy_of may sleep: keep the source */
	struct page *copy = copy_of(old, PAGE_SIZE);
	frame_put(old);
	if (!copy)
		return FAULT_OOM;
	int err = areas_unchanged(d) ? mm_replace(d->mm, d->v, d->va, d->entry, copy) : -EAGAIN;
	frame_put(copy);
	if (err == -EAGAIN)
		return FAULT_RETRY;
	if (err)
		return FAULT_OOM;
	vmstat.cow_copy++;
	vmtrace_cow_copy(d->mm, d->f, d->v, old, copy);
	return FAULT_MINOR;
}

/* A swap entry: the page comes from the swap cache or is read from swap. It is mapped
 * writable only on a write when no one else can see it (no other PTE names the slot,
 * none maps the page): it then leaves the swap cache. Otherwise it is mapped read-only,
 * and a write copies it or takes it out of the cache (do_wp_page). */
static enum fault_result do_swap_page(const struct decision *d, bool write)
{
	swp_entry_t slot = pte_to_swp(d->entry);
	if (!swap_entry_valid(slot)) {
		printk("swap: bad swap entry %lx at %lx\n", d->entry, d->va);
		vmtrace_fault(d->mm, d->f, d->v, VT_BUS_BAD_SWAP, NULL);
		return FAULT_SIGBUS;
	}
	bool major;
	struct page *pg = swap_read_page(slot, 1u << page_cluster, 0, &major);  /* may sleep */
	bool same = areas_unchanged(d) && mm_pte_at(d->mm, d->va) == d->entry;
	if (!pg)
		return same ? FAULT_OOM : FAULT_RETRY;
	if (same && (pg->flags & PG_ERROR)) {
		frame_put(pg);
		vmtrace_fault(d->mm, d->f, d->v, VT_BUS_IO_ERROR, NULL);
		return FAULT_SIGBUS;            /* the read failed: this process alone pays */
	}
	if (!same || !(pg->flags & PG_SWAPCACHE) || pg->swap != slot) {
		frame_put(pg);
		return FAULT_RETRY;
	}
	if (pg->flags & PG_READAHEAD) {
		pg->flags &= (uint16_t)~PG_READAHEAD;
		vmstat.swap_ra_hit++;           /* a neighbour read ahead, and now asked for */
	}
	bool exclusive = write && pg->mapcount == 0 && swap_count(slot) == 1 &&
			 !(pg->flags & PG_ISOLATED);    /* reclaim still holds it: stays cached */
	int err = mm_swap_in(d->mm, d->v, d->va, d->entry, pg, exclusive);
	if (!err && exclusive)
		swap_cache_delete(pg);
	frame_put(pg);
	if (err == -EAGAIN)
		return FAULT_RETRY;
	if (err)
		return FAULT_OOM;
	vmstat.swap_in++;
	vmtrace_swap_in(d->mm, d->f, d->v, slot, major, pg);
	if (!major)
		return FAULT_MINOR;
	vmstat.pgmajfault++;
	return FAULT_MAJOR;
}

/* One attempt: decide, then resolve; FAULT_RETRY when the decision went stale. */
static enum fault_result try_fault(struct mm *mm, const struct fault *f)
{
	struct decision d = { .f = f, .mm = mm, .va = f->addr & PAGE_MASK };
	d.v = vma_find(&mm->vmas, f->addr);
	if (!d.v && (d.v = grow_stack(mm, f->addr)))
		vmtrace_fault(mm, f, d.v, VT_STACK_GROW, NULL);
	if (!d.v || !access_allowed(d.v, f->access)) {
		vmstat.segv++;
		vmtrace_fault(mm, f, d.v, d.v ? VT_SEGV_ACCERR : VT_SEGV_MAPERR, NULL);
		return d.v ? FAULT_ACCESS : FAULT_SIGSEGV;
	}
	d.entry = mm_pte_at(mm, d.va);
	d.map_seq = mm->map_seq;
	if (pte_none(d.entry)) {
		if (d.v->uffd) {
			/* A missing page of an area registered with a userfaultfd: its handler
			 * decides what the page holds, and the fault is taken again after. */
			vmtrace_fault(mm, f, d.v, VT_USERFAULT, NULL);
			return uffd_handle_missing(d.v, f);
		}
		if (!d.v->object)
			return do_demand_zero(&d);
		return do_object_fault(&d, f->access == FAULT_WRITE);
	}
	if (pte_is_swap(d.entry)) {
		enum fault_result r = do_swap_page(&d, f->access == FAULT_WRITE);
		if (f->access != FAULT_WRITE || r < 0 || r == FAULT_RETRY)
			return r;
		/* A write, and the page may be mapped read-only (others share it, or the slot
		 * holds it too): copy-on-write decides now, as the CPU would fault again. */
		enum fault_result again = try_fault(mm, f);
		return r == FAULT_MAJOR && again == FAULT_MINOR ? FAULT_MAJOR : again;
	}
	if (f->access == FAULT_WRITE && !pte_writable(d.entry))
		return do_wp_page(&d);
	vmtrace_fault(mm, f, d.v, VT_ALREADY_MAPPED, NULL);
	return FAULT_MINOR;                     /* already resolved (a stale TLB entry) */
}

/* The rest of a fault that was not simply resolved (a minor fault): it starts over while
 * the decision goes stale, and running out of memory gets its trace line. Kept out of
 * line, so that the common case costs one comparison and no stack (vmbench's figures). */
static __attribute__((noinline)) enum fault_result not_minor(struct mm *mm,
							     const struct fault *f,
							     enum fault_result r)
{
	while (r == FAULT_RETRY) {
		vmtrace_fault_again(mm, f, VT_RETRY);
		r = try_fault(mm, f);
	}
	if (r == FAULT_OOM)
		vmtrace_fault_again(mm, f, VT_OOM);
	return r;
}

enum fault_result handle_page_fault(struct mm *mm, const struct fault *f)
{
	vmstat.pgfault++;
	enum fault_result r = try_fault(mm, f);
	return r == FAULT_MINOR ? r : not_minor(mm, f, r);
}

enum fault_result fault_in_page(struct mm *mm, uintptr_t addr, bool write)
{
	pte_t e = mm_pte_at(mm, addr & PAGE_MASK);
	if (pte_present(e) && (!write || pte_writable(e)))
		return FAULT_MINOR;
	struct fault f = { addr, write ? FAULT_WRITE : FAULT_READ, false, pte_present(e) };
	return handle_page_fault(mm, &f);
}
