/* Address spaces: creating, copying (fork), changing (mmap, munmap, mprotect), destroying. */
#include "mm/mm.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/commit.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/object.h"
#include "mm/ptes.h"
#include "mm/rmap.h"
#include "mm/uaccess.h"
#include "mm/userfault.h"

struct list_head all_mms = LIST_HEAD_INIT(all_mms);

int sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	if (mm_tables_create(mm) != 0) {
		kfree(mm);
		return NULL;
	}
	vma_set_init(&mm->vmas);
	static uint64_t serials;
	mm->serial = ++serials;
	mm->stack_limit = mm->as_limit = mm->lock_limit = MM_NO_LIMIT;
	mm->mmap_base = USER_MMAP_BASE;
	mm->dump_filter = MM_DUMP_FILTER_DEFAULT;
	mm->users = 1;
	list_add_tail(&mm->all_link, &all_mms);
	list_init(&mm->uffds);
	return mm;
}

/* Records that v belongs to mm and maps what it maps: a hold on its object and a place in
 * the object's and the anon_vma's lists of areas (the reverse map). */
static void attach(struct vma *v, struct mm *mm, struct anon_vma *anon)
{
	v->mm = mm;
	v->anon = NULL;
	if (anon)
		anon_vma_link(v, anon);
	if (v->object) {
		vm_object_hold(v->object);
		list_add_tail(&v->object_link, &v->object->areas);
		if (v->object->ops->area_opened)
			v->object->ops->area_opened(v->object);
	}
}

static uint64_t pages_of(const struct vma *v)
{
	return (v->end - v->start) >> PAGE_SHIFT;
}

/* Undoes attach and frees the area. A charge it carried stays: its pages live on in
 * another area (a merge, a move), or the caller settles it (drop_area). */
static void free_area(struct vma *v)
{
	anon_vma_unlink(v);
	if (v->object) {
		list_del(&v->object_link);
		if (v->object->ops->area_closed)
			v->object->ops->area_closed(v->object);
		vm_object_release(v->object);
	}
	kfree(v);
}

/* An area leaves the address space for good, and its charge with it. */
static void drop_area(struct vma *v, void *arg)
{
	(void)arg;
	if (v->flags & VMA_ACCOUNT)
		vm_unacct_memory(pages_of(v));
	free_area(v);
}

void mm_destroy(struct mm *mm)
{
	uffd_mm_gone(mm);               /* its userfaultfds outlive it: they forget it */
	mm_zap_range(mm, 0, USER_TOP);
	vma_set_destroy(&mm->vmas, drop_area, NULL);
	if (mm->exe)
		vm_object_release(mm->exe);
	mm_tables_destroy(mm);
	list_del(&mm->all_link);
	kfree(mm);
}

/* A new area with v's fields and no links. */
static struct vma *vma_copy(const struct vma *v)
{
	struct vma *c = kzalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->start = v->start;
	c->end = v->end;
	c->prot = v->prot;
	c->flags = v->flags;
	c->object = v->object;
	c->pgoff = v->pgoff;
	c->file_end = v->file_end;
	return c;
}

/* Gives child a copy of parent's area v, with its pages (copy-on-write where private), or
 * for an area marked MADV_WIPEONFORK without them: demand-zero memory of its own. The child
 * may dirty every page of a charged area as much as the parent may, so its copy is charged
 * again (Linux's dup_mmap): -ENOMEM when the policy refuses. */
static int fork_area(struct mm *child, struct mm *parent, struct vma *v)
{
	if ((v->flags & VMA_ACCOUNT) && vm_enough_memory(parent, pages_of(v)))
		return -ENOMEM;
	struct vma *c = vma_copy(v);
	if (!c) {
		if (v->flags & VMA_ACCOUNT)
			vm_unacct_memory(pages_of(v));
		return -ENOMEM;
	}
	c->flags &= ~VMA_LOCK_MASK;     /* memory locks are not inherited (Linux) */
	bool wipe = v->flags & VMA_WIPEONFORK;
	/* The child's copies of v's pages share its owner; a wiped area has none yet. */
	attach(c, child, wipe ? NULL : v->anon);
	if (vma_insert(&child->vmas, c) != 0) {
		drop_area(c, NULL);
		return -ENOMEM;
	}
	return wipe ? 0 : mm_copy_range(child, c, parent, v);
}

struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_create();
	if (!child)
		return NULL;
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->mmap_base = parent->mmap_base;
	child->start_stack = parent->start_stack;
	child->arg_start = parent->arg_start;
	child->arg_end = parent->arg_end;
	memcpy(child->saved_auxv, parent->saved_auxv, sizeof(child->saved_auxv));
	child->env_end = parent->env_end;
	child->stack_limit = parent->stack_limit;
	child->as_limit = parent->as_limit;
	child->lock_limit = parent->lock_limit;
	child->undumpable = parent->undumpable;
	child->dump_filter = parent->dump_filter;
	child->exe = parent->exe;
	if (child->exe)
		vm_object_hold(child->exe);
	for (struct vma *v = vma_first(&parent->vmas); v; v = vma_next(v)) {
		if (v->flags & VMA_DONTCOPY)
			continue;               /* MADV_DONTFORK: a hole in the child */
		if (fork_area(child, parent, v) != 0) {
			mm_destroy(child);
			return NULL;
		}
	}
	return child;
}

/* mm_split_at without the limit: munmap's split at an end. */
static int split_at(struct mm *mm, uintptr_t addr)
{
	struct vma *v = vma_find(&mm->vmas, addr);
	if (!v || v->start == addr)
		return 0;
	struct vma *upper = vma_split(&mm->vmas, v, addr);
	if (!upper)
		return -ENOMEM;
	attach(upper, mm, v->anon);             /* each half holds its own references */
	mm->map_seq++;
	return 0;
}

int mm_split_at(struct mm *mm, uintptr_t addr)
{
	struct vma *v = vma_find(&mm->vmas, addr);
	if (!v || v->start == addr)
		return 0;
	if (mm->vmas.count >= (size_t)sysctl_max_map_count)
		return -ENOMEM;
	return split_at(mm, addr);
}

/* Removes [start, end): its pages, and the areas (split at the edges), with their charge
 * unless it moves with the pages (uncharge false). 0 or -ENOMEM, changing nothing. */
static int unmap_range(struct mm *mm, uintptr_t start, uintptr_t end, bool uncharge)
{
	/* Cutting a hole in one area adds one: refused at the limit. Cutting at one end
	 * removes as much as it adds, so it may pass the limit for a moment (Linux's
	 * do_vmi_align_munmap). */
	struct vma *v = vma_find(&mm->vmas, start);
	if (v && v->start < start && end < v->end &&
	    mm->vmas.count >= (size_t)sysctl_max_map_count)
		return -ENOMEM;
	if (split_at(mm, start) || split_at(mm, end))
		return -ENOMEM;
	v = vma_find_first_after(&mm->vmas, start);
	while (v && v->start < end) {
		struct vma *next = vma_next(v);
		vma_remove(&mm->vmas, v);
		if (uncharge)
			drop_area(v, NULL);
		else
			free_area(v);
		v = next;
	}
	mm_zap_range(mm, start, end);
	mm->map_seq++;
	return 0;
}

int mm_unmap(struct mm *mm, uintptr_t start, size_t len)
{
	return unmap_range(mm, start, start + len, true);
}

int mm_unmap_moved(struct mm *mm, uintptr_t start, size_t len)
{
	return unmap_range(mm, start, start + len, false);
}

uint64_t mm_charged_pages(struct mm *mm, uintptr_t start, uintptr_t end)
{
	uint64_t pages = 0;
	for (struct vma *v = vma_find_first_after(&mm->vmas, start); v && v->start < end;
	     v = vma_next(v)) {
		if (!(v->flags & VMA_ACCOUNT))
			continue;
		uintptr_t from = v->start > start ? v->start : start;
		uintptr_t to = v->end < end ? v->end : end;
		pages += (to - from) >> PAGE_SHIFT;
	}
	return pages;
}

/* vma_merge_neighbors' callback: into now covers gone's range, and takes over the owner
 * of gone's anonymous pages if it had none. */
static void absorb(struct vma *into, struct vma *gone)
{
	if (!into->anon && gone->anon)
		anon_vma_link(into, gone->anon);
	free_area(gone);                /* its pages, and their charge, are into's now */
}

/* Whether v may merge with its neighbours: an object that counts its areas keeps them
 * apart, as Linux's is_mergeable_vma refuses a vm_ops->close (a SysV segment's nattch
 * counts areas). */
static bool mergeable(const struct vma *v)
{
	return !(v->object && v->object->ops->area_closed);
}

/* After a change to the areas of [start, end): each that now matches a neighbour (the
 * same protection, flags and object, continuing its pages) merges with it, as Linux's
 * mprotect_fixup and madvise_update_vma do through vma_merge. */
static void merge_changed(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (struct vma *v = vma_find(&mm->vmas, start); v && v->start < end; v = vma_next(v))
		if (mergeable(v))
			v = vma_merge_neighbors(&mm->vmas, v, absorb);
}

/* Gives [start, end), inside area v, these flags and this userfaultfd: splits v at start
 * and end if needed, and merges the result with its neighbours when it can be one area
 * with them again. The area now covering [start, end), or NULL when out of memory. */
static struct vma *change_area(struct mm *mm, struct vma *v, uintptr_t start, uintptr_t end,
			       uint32_t flags, struct uffd_ctx *uffd)
{
	if (flags == v->flags && uffd == v->uffd)
		return v;
	if (mm_split_at(mm, start) || mm_split_at(mm, end))
		return NULL;
	v = vma_find(&mm->vmas, start);
	v->flags = flags;
	v->uffd = uffd;
	mm->map_seq++;
	return mergeable(v) ? vma_merge_neighbors(&mm->vmas, v, absorb) : v;
}

struct vma *mm_change_flags(struct mm *mm, struct vma *v, uintptr_t start, uintptr_t end,
			    uint32_t clear, uint32_t set)
{
	return change_area(mm, v, start, end, (v->flags & ~clear) | set, v->uffd);
}

struct vma *mm_change_uffd(struct mm *mm, struct vma *v, uintptr_t start, uintptr_t end,
			   struct uffd_ctx *ctx)
{
	return change_area(mm, v, start, end, v->flags, ctx);
}

/* Replaces [t->start, t->end) with a new area made from template t (no links). With
 * charge, a charged area's pages are charged first (mm/commit.h), less those the areas
 * it replaces carried, whose charge passes to it (as Linux's mmap_region): -ENOMEM,
 * changing nothing, when the policy refuses. */
static int add_area(struct mm *mm, const struct vma *t, struct anon_vma *anon, bool charge)
{
	uint64_t charged = 0;
	if (charge && (t->flags & VMA_ACCOUNT)) {
		uint64_t pages = pages_of(t), replaced = mm_charged_pages(mm, t->start, t->end);
		if (pages > replaced && vm_enough_memory(mm, pages - replaced))
			return -ENOMEM;
		vm_acct_memory(replaced);       /* the unmap below un-charges them */
		charged = pages;
	}
	int err = mm_unmap(mm, t->start, t->end - t->start);
	struct vma *v = err ? NULL : kzalloc(sizeof(*v));
	if (!v) {
		vm_unacct_memory(charged);
		return -ENOMEM;
	}
	*v = *t;
	attach(v, mm, anon);
	err = vma_insert(&mm->vmas, v);
	if (err) {
		free_area(v);
		vm_unacct_memory(charged);
		return err;
	}
	if (!v->object)
		vma_merge_neighbors(&mm->vmas, v, absorb);
	mm->map_seq++;
	return 0;
}

int mm_map_area(struct mm *mm, uintptr_t start, size_t len, uint32_t prot, uint32_t flags,
		struct vm_object *obj, uint64_t pgoff, uint64_t file_end)
{
	/* Anonymous memory numbers its pages from the address it starts at, so that areas
	 * made next to each other continue each other and can merge. */
	struct vma t = { .start = start, .end = start + len, .prot = prot, .flags = flags,
			 .object = obj, .pgoff = obj ? pgoff : start >> PAGE_SHIFT,
			 .file_end = file_end };
	return add_area(mm, &t, NULL, true);
}

int mm_map_like(struct mm *mm, uintptr_t start, size_t len, const struct vma *like,
		uint64_t pgoff)
{
	struct vma t = { .start = start, .end = start + len, .prot = like->prot,
			 .flags = like->flags, .object = like->object, .pgoff = pgoff,
			 .file_end = like->file_end };
	return add_area(mm, &t, like->anon, false);
}

/* mprotect's effect on a charge, as Linux's mprotect_fixup: a private area made writable
 * for the first time is charged (unless MAP_NORESERVE); one that stops being writable
 * keeps its charge (its private copies may exist), except an anonymous area that never
 * had a page: it has nothing to keep. */
static bool gains_charge(const struct vma *v, uint32_t prot)
{
	return (prot & VMA_WRITE) && !(v->prot & VMA_WRITE) &&
	       !(v->flags & (VMA_ACCOUNT | VMA_SHARED | VMA_NORESERVE));
}

static bool loses_charge(const struct vma *v, uint32_t prot)
{
	return !(prot & VMA_WRITE) && (v->flags & VMA_ACCOUNT) && !v->object && !v->anon;
}

/* Checks that [start, end) may take protection prot, and charges what becoming writable
 * costs (*charged pages): 0, or -ENOMEM (a hole, or the policy refused) or -EACCES with
 * nothing charged. */
static int check_protect(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t prot,
			 uint64_t *charged)
{
	int err = 0;
	*charged = 0;
	uintptr_t at = start;
	for (struct vma *v = vma_find_first_after(&mm->vmas, start); !err && at < end;
	     v = vma_next(v)) {
		if (!v || v->start > at) {
			err = -ENOMEM;
			break;
		}
		/* No writes to a shared mapping of a file opened read-only. */
		if ((prot & VMA_WRITE) && !(v->flags & VMA_MAYWRITE))
			err = -EACCES;
		uintptr_t to = v->end < end ? v->end : end;
		if (!err && gains_charge(v, prot)) {
			uint64_t pages = (to - at) >> PAGE_SHIFT;
			err = vm_enough_memory(mm, pages);
			*charged += err ? 0 : pages;
		}
		at = to;
	}
	if (err)
		vm_unacct_memory(*charged);
	return err;
}

int mm_protect(struct mm *mm, uintptr_t start, size_t len, uint32_t prot)
{
	uintptr_t end = start + len;
	uint64_t charged;
	int err = check_protect(mm, start, end, prot, &charged);
	if (err)
		return err;
	if (mm_split_at(mm, start) || mm_split_at(mm, end)) {
		vm_unacct_memory(charged);
		return -ENOMEM;
	}
	for (struct vma *v = vma_find(&mm->vmas, start); v && v->start < end; v = vma_next(v)) {
		if (gains_charge(v, prot)) {
			v->flags |= VMA_ACCOUNT;        /* charged by check_protect */
		} else if (loses_charge(v, prot)) {
			v->flags &= ~VMA_ACCOUNT;
			vm_unacct_memory(pages_of(v));
		}
		v->prot = prot;
		mm_protect_range(mm, v);
	}
	merge_changed(mm, start, end);
	mm->map_seq++;
	return 0;
}

void mm_discard(struct mm *mm, uintptr_t start, size_t len)
{
	mm_zap_range(mm, start, start + len);
}

void mm_unmap_object_pages(struct vm_object *obj, uint64_t first)
{
	struct list_head *pos;
	list_for_each(pos, &obj->areas) {
		struct vma *v = list_entry(pos, struct vma, object_link);
		uint64_t pages = (v->end - v->start) >> PAGE_SHIFT;
		if (first >= v->pgoff + pages)
			continue;
		uint64_t skip = first > v->pgoff ? first - v->pgoff : 0;
		mm_zap_range(v->mm, v->start + (skip << PAGE_SHIFT), v->end);
	}
}

uint64_t mm_total_size(struct mm *mm)
{
	uint64_t total = 0;
	for (struct vma *v = vma_first(&mm->vmas); v; v = vma_next(v))
		total += v->end - v->start;
	return total;
}

bool mm_may_lock_more(struct mm *mm, uint64_t more)
{
	if (mm->lock_limit == MM_NO_LIMIT)
		return true;
	return (mm_locked_size(mm) + more) >> PAGE_SHIFT <= mm->lock_limit >> PAGE_SHIFT;
}

uint64_t mm_locked_size(struct mm *mm)
{
	return mm_locked_in(mm, 0, USER_TOP);
}

uint64_t mm_locked_in(struct mm *mm, uintptr_t start, uintptr_t end)
{
	uint64_t total = 0;
	for (struct vma *v = vma_find_first_after(&mm->vmas, start); v && v->start < end;
	     v = vma_next(v)) {
		if (!vma_is_locked(v))
			continue;
		uintptr_t from = v->start > start ? v->start : start;
		uintptr_t to = v->end < end ? v->end : end;
		total += to - from;
	}
	return total;
}

bool mm_over_as_limit(struct mm *mm, uint64_t more)
{
	return mm->as_limit != MM_NO_LIMIT && mm_total_size(mm) + more > mm->as_limit;
}
