/* Address spaces: creating, copying (fork), changing (mmap, munmap, mprotect), destroying. */
#include "mm/mm.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	if (pmap_create(&mm->pmap) != 0) {
		kfree(mm);
		return NULL;
	}
	vma_set_init(&mm->vmas);
	return mm;
}

pte_t mm_pte_flags(uint32_t prot)
{
	/* PROT_NONE: not present at all, so that neither the program nor the kernel (a
	 * system call given a pointer there) can read it; x86 has no "present but no
	 * access" entry, and clearing only PTE_U would leave it open to the kernel. */
	if (!(prot & (VMA_READ | VMA_WRITE | VMA_EXEC)))
		return PTE_PROTNONE | PTE_NX;
	pte_t flags = PTE_U;
	if (prot & VMA_WRITE)
		flags |= PTE_W;
	if (!(prot & VMA_EXEC))
		flags |= PTE_NX;
	return flags;
}

int mm_install_page(struct mm *mm, uintptr_t va, struct page *page, pte_t flags)
{
	int err = pmap_map(&mm->pmap, va, page_to_phys(page), flags);
	if (err)
		return err;
	frame_get(page);
	page->mapcount++;
	mm->rss++;
	return 0;
}

/* pmap_update_range callback: removes a page's mapping and drops its reference. */
static pte_t zap_pte(uintptr_t va, pte_t e, void *arg)
{
	(void)va;
	struct mm *mm = arg;
	if (pte_has_frame(e)) {
		struct page *pg = phys_to_page(pte_addr(e));
		pg->mapcount--;
		frame_put(pg);
		mm->rss--;
	}
	return 0;
}

/* Records that v (in mm) maps its file: a reference, and a place in the file's reverse map. */
static void attach_file(struct vma *v, struct mm *mm)
{
	v->mm = mm;
	if (!v->file)
		return;
	inode_get(v->file);
	list_add_tail(&v->file_link, &v->file->mmaps);
}

static void release_vma(struct vma *v, void *arg)
{
	(void)arg;
	if (v->file) {
		list_del(&v->file_link);
		inode_put(v->file);
	}
	kfree(v);
}

void mm_destroy(struct mm *mm)
{
	pmap_update_range(&mm->pmap, 0, USER_TOP, zap_pte, mm);
	vma_set_destroy(&mm->vmas, release_vma, NULL);
	pmap_destroy(&mm->pmap);
	kfree(mm);
}

/* A new area with v's fields and no tree links. */
static struct vma *vma_copy(const struct vma *v)
{
	struct vma *c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->start = v->start;
	c->end = v->end;
	c->prot = v->prot;
	c->flags = v->flags;
	c->file = v->file;
	c->pgoff = v->pgoff;
	c->file_end = v->file_end;
	return c;
}

struct fork_walk {
	struct mm *child;
	const struct vma *v;
	int err;
};

/* For each page of the parent: the child maps the same frame; a private writable page
 * becomes read-only copy-on-write in both. */
static pte_t fork_pte(uintptr_t va, pte_t e, void *arg)
{
	struct fork_walk *w = arg;
	if (!pte_has_frame(e) || w->err)
		return e;
	if (!(w->v->flags & VMA_SHARED) && (e & PTE_W))
		e = (e & ~PTE_W) | PTE_COW;
	int err = mm_install_page(w->child, va, phys_to_page(pte_addr(e)),
				  e & ~(PTE_ADDR_MASK | PTE_P | PTE_A | PTE_D));
	if (err)
		w->err = err;
	return e;
}

struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_create();
	if (!child)
		return NULL;
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->start_stack = parent->start_stack;
	for (struct vma *v = vma_first(&parent->vmas); v; v = vma_next(v)) {
		struct vma *c = vma_copy(v);
		struct fork_walk w = { child, v, 0 };
		if (c)
			attach_file(c, child);
		if (!c || vma_insert(&child->vmas, c) != 0) {
			if (c)
				release_vma(c, NULL);
			mm_destroy(child);
			return NULL;
		}
		pmap_update_range(&parent->pmap, v->start, v->end, fork_pte, &w);
		if (w.err) {
			mm_destroy(child);
			return NULL;
		}
	}
	return child;
}

int mm_split_at(struct mm *mm, uintptr_t addr)
{
	struct vma *v = vma_find(&mm->vmas, addr);
	if (!v || v->start == addr)
		return 0;
	struct vma *upper = vma_split(&mm->vmas, v, addr);
	if (!upper)
		return -ENOMEM;
	attach_file(upper, mm);                 /* each half holds its own reference */
	return 0;
}

int mm_unmap(struct mm *mm, uintptr_t start, size_t len)
{
	uintptr_t end = start + len;
	if (mm_split_at(mm, start) || mm_split_at(mm, end))
		return -ENOMEM;
	struct vma *v = vma_find_first_after(&mm->vmas, start);
	while (v && v->start < end) {
		struct vma *next = vma_next(v);
		vma_remove(&mm->vmas, v);
		release_vma(v, NULL);
		v = next;
	}
	pmap_update_range(&mm->pmap, start, end, zap_pte, mm);
	return 0;
}

int mm_map_area(struct mm *mm, uintptr_t start, size_t len, uint32_t prot, uint32_t flags,
		struct inode *file, uint64_t pgoff, uint64_t file_end)
{
	int err = mm_unmap(mm, start, len);
	if (err)
		return err;
	struct vma *v = kzalloc(sizeof(*v));
	if (!v)
		return -ENOMEM;
	*v = (struct vma){ .start = start, .end = start + len, .prot = prot, .flags = flags,
			   .file = file, .pgoff = pgoff, .file_end = file_end };
	attach_file(v, mm);
	err = vma_insert(&mm->vmas, v);
	if (err) {
		release_vma(v, NULL);
		return err;
	}
	if (!file)
		vma_merge_neighbors(&mm->vmas, v);
	return 0;
}

struct protect_walk {
	uint32_t prot;
	bool shared;
};

/* New protection for a present page: reads and executes as the area says; writes only in
 * shared areas, since a private page may be shared copy-on-write (the fault decides). */
static pte_t protect_pte(uintptr_t va, pte_t e, void *arg)
{
	(void)va;
	struct protect_walk *w = arg;
	if (!pte_has_frame(e))
		return e;
	pte_t flags = mm_pte_flags(w->prot);
	if (!w->shared || !(w->prot & VMA_WRITE))
		flags &= ~PTE_W;
	pte_t present = (flags & PTE_PROTNONE) ? 0 : PTE_P;
	return (e & (PTE_ADDR_MASK | PTE_A | PTE_D | PTE_COW)) | flags | present;
}

int mm_protect(struct mm *mm, uintptr_t start, size_t len, uint32_t prot)
{
	uintptr_t end = start + len;
	/* Every page of the range must belong to some area, and each area must allow the
	 * new protection (no writes to a shared mapping of a file opened read-only). */
	uintptr_t at = start;
	for (struct vma *v = vma_find_first_after(&mm->vmas, start); at < end; v = vma_next(v)) {
		if (!v || v->start > at)
			return -ENOMEM;
		if ((prot & VMA_WRITE) && !(v->flags & VMA_MAYWRITE))
			return -EACCES;
		at = v->end;
	}
	if (mm_split_at(mm, start) || mm_split_at(mm, end))
		return -ENOMEM;
	for (struct vma *v = vma_find(&mm->vmas, start); v && v->start < end; v = vma_next(v)) {
		struct protect_walk w = { prot, v->flags & VMA_SHARED };
		v->prot = prot;
		pmap_update_range(&mm->pmap, v->start, v->end, protect_pte, &w);
	}
	return 0;
}

void mm_discard(struct mm *mm, uintptr_t start, size_t len)
{
	pmap_update_range(&mm->pmap, start, start + len, zap_pte, mm);
}

void mm_unmap_file_pages(struct inode *file, uint64_t first)
{
	struct list_head *pos;
	for (pos = file->mmaps.next; pos != &file->mmaps; pos = pos->next) {
		struct vma *v = list_entry(pos, struct vma, file_link);
		uint64_t pages = (v->end - v->start) >> PAGE_SHIFT;
		if (first >= v->pgoff + pages)
			continue;
		uint64_t skip = first > v->pgoff ? first - v->pgoff : 0;
		pmap_update_range(&v->mm->pmap, v->start + (skip << PAGE_SHIFT), v->end, zap_pte,
				  v->mm);
	}
}

uint64_t mm_total_size(struct mm *mm)
{
	uint64_t total = 0;
	for (struct vma *v = vma_first(&mm->vmas); v; v = vma_next(v))
		total += v->end - v->start;
	return total;
}

struct move_walk {
	struct pmap *pmap;
	uintptr_t delta;                /* to - from, modulo 2^64 */
	bool ready;                     /* pass 2: the tables exist, move the entries */
	int err;
};

/* Pass 1 makes sure the page table for each entry's new place exists (so pass 2 cannot
 * fail half way); pass 2 moves the entry there, frame, flags and all. */
static pte_t move_pte(uintptr_t va, pte_t e, void *arg)
{
	struct move_walk *w = arg;
	if (!w->ready) {
		if (!pmap_walk(w->pmap, va + w->delta, true))
			w->err = -ENOMEM;
		return e;
	}
	if (pmap_map(w->pmap, va + w->delta, pte_addr(e), e & ~(PTE_ADDR_MASK | PTE_P)) != 0) {
		w->err = -ENOMEM;               /* cannot happen after pass 1; never lose a page */
		return e;
	}
	return 0;
}

int mm_move_pages(struct mm *mm, uintptr_t from, size_t len, uintptr_t to)
{
	struct move_walk w = { &mm->pmap, to - from, false, 0 };
	pmap_update_range(&mm->pmap, from, from + len, move_pte, &w);
	if (w.err)
		return w.err;
	w.ready = true;
	pmap_update_range(&mm->pmap, from, from + len, move_pte, &w);
	return w.err;
}

bool mm_over_as_limit(struct mm *mm, uint64_t more)
{
	uint64_t limit = current->rlimits[RLIMIT_AS].cur;
	return limit != RLIM_INFINITY && mm_total_size(mm) + more > limit;
}
