/*
 * userfaultfd, the memory side: registering areas, a fault waiting for its handler, and
 * the handler filling pages (mm/userfault.h). One CPU and no preemption in the kernel, so
 * the lists need no lock: nothing runs between a check and the sleep that follows it
 * with interrupts off.
 */
#include "mm/userfault.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/running.h"
#include "kernel/wait.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/ptes.h"
#include "mm/uaccess.h"
#include "mm/vmscan.h"
#ifndef HOST_TEST
#include "kernel/arch/x86/cpu.h"
#endif

/* Interrupts off between the test and the sleep, so that a wakeup cannot slip in between
 * (none on the host, where the unit tests run this). */
static void no_wakeup_between(bool off)
{
#ifndef HOST_TEST
	if (off)
		irq_disable();
	else
		irq_enable();
#else
	(void)off;
#endif
}

void uffd_ctx_init(struct uffd_ctx *ctx, struct mm *mm, bool user_mode_only)
{
	*ctx = (struct uffd_ctx){ .mm = mm, .user_mode_only = user_mode_only };
	list_init(&ctx->faults);
	list_add_tail(&ctx->mm_link, &mm->uffds);
}

/* Lets one waiting thread go: it takes its fault again. */
static void let_go(struct uffd_fault *w)
{
	list_del(&w->link);
	w->woken = true;
	wakeup(w);
}

void uffd_wake(struct uffd_ctx *ctx, uintptr_t start, uint64_t len)
{
	struct list_head *pos = ctx->faults.next;
	while (pos != &ctx->faults) {
		struct uffd_fault *w = list_entry(pos, struct uffd_fault, link);
		pos = pos->next;
		uintptr_t page = w->address & PAGE_MASK;
		if (len == 0 || (page >= start && page - start < len))
			let_go(w);
	}
}

void uffd_release(struct uffd_ctx *ctx)
{
	struct mm *mm = ctx->mm;
	if (mm) {
		for (struct vma *v = vma_first(&mm->vmas); v; v = vma_next(v))
			if (v->uffd == ctx)             /* clearing it only merges: no memory */
				v = mm_change_uffd(mm, v, v->start, v->end, NULL);
		list_del(&ctx->mm_link);
		ctx->mm = NULL;
	}
	uffd_wake(ctx, 0, 0);
}

void uffd_mm_gone(struct mm *mm)
{
	while (!list_empty(&mm->uffds)) {
		struct uffd_ctx *ctx = list_entry(mm->uffds.next, struct uffd_ctx, mm_link);
		list_del(&ctx->mm_link);
		ctx->mm = NULL;
	}
}

int uffd_validate_range(uint64_t start, uint64_t len)
{
	if ((start | len) & (PAGE_SIZE - 1) || len == 0 || start < USER_MMAP_MIN ||
	    start >= USER_TOP || len > USER_TOP - start)
		return -EINVAL;
	return 0;
}

/* Linux's vma_can_userfault for the missing mode: anonymous memory (no object). Shared
 * anonymous memory (shmem) and hugetlbfs, which Linux also allows, are not built. */
static bool can_userfault(const struct vma *v)
{
	return !v->object;
}

/* The checks of UFFDIO_REGISTER and UFFDIO_UNREGISTER over [start, end), in Linux's
 * order, before anything changes: the first area there, or NULL with *err set. */
static struct vma *check_range(struct uffd_ctx *ctx, uintptr_t start, uintptr_t end,
			       bool registering, int *err)
{
	*err = -ENOMEM;
	if (!ctx->mm)
		return NULL;                    /* Linux's mmget_not_zero failing */
	struct vma *first = vma_find_first_after(&ctx->mm->vmas, start);
	if (!first)
		return NULL;
	*err = -EINVAL;
	if (first->start >= end)
		return NULL;
	for (struct vma *v = first; v && v->start < end; v = vma_next(v)) {
		if (!can_userfault(v)) {
			if (v->object && registering)
				printk("userfaultfd: %s[%d]: registering a file or shared memory "
				       "area is not built (anonymous memory only)\n",
				       running_name(), running_pid());
			*err = -EINVAL;
			return NULL;
		}
		if (registering && !(v->flags & VMA_MAYWRITE)) {
			*err = -EPERM;
			return NULL;
		}
		if (registering && v->uffd && v->uffd != ctx) {
			*err = -EBUSY;
			return NULL;
		}
	}
	*err = 0;
	return first;
}

/* Gives every area in [start, end) the userfaultfd `to` (NULL: none). */
static int set_range(struct mm *mm, struct vma *v, uintptr_t start, uintptr_t end,
		     struct uffd_ctx *to)
{
	for (; v && v->start < end; v = vma_next(v)) {
		uintptr_t from = v->start > start ? v->start : start;
		uintptr_t until = v->end < end ? v->end : end;
		if (v->uffd == to)
			continue;
		if (v->uffd && !to)
			uffd_wake(v->uffd, from, until - from);   /* nobody hangs on after */
		v = mm_change_uffd(mm, v, from, until, to);
		if (!v)
			return -ENOMEM;
	}
	return 0;
}

int uffd_register(struct uffd_ctx *ctx, uintptr_t start, uintptr_t end)
{
	int err;
	struct vma *v = check_range(ctx, start, end, true, &err);
	return v ? set_range(ctx->mm, v, start, end, ctx) : err;
}

int uffd_unregister(struct uffd_ctx *ctx, uintptr_t start, uintptr_t end)
{
	int err;
	struct vma *v = check_range(ctx, start, end, false, &err);
	return v ? set_range(ctx->mm, v, start, end, NULL) : err;
}

/* Fills the missing page at va with a copy of the user page at src, or zeros. */
static int fill_page(struct uffd_ctx *ctx, uintptr_t va, uintptr_t src, bool zero)
{
	struct page *pg = alloc_user_page(zero ? FRAME_ZERO : 0);      /* may sleep */
	if (!pg)
		return -ENOMEM;
	if (!zero && copy_from_user(page_address(pg), (const void *)src, PAGE_SIZE)) {
		frame_put(pg);                  /* may sleep too, faulting src in */
		return -EFAULT;
	}
	/* Look again after the sleeps: the area may have gone, the page been filled. */
	struct mm *mm = ctx->mm;
	struct vma *v = mm ? vma_find(&mm->vmas, va) : NULL;
	int err = v && v->uffd ? mm_install(mm, v, va, pg, true) : -ENOENT;
	frame_put(pg);
	return err;
}

int64_t uffd_fill(struct uffd_ctx *ctx, uintptr_t dst, uintptr_t src, uint64_t len, bool zero)
{
	if (!ctx->mm)
		return -ESRCH;
	/* Linux's find_dst_vma: the whole range inside one registered area. */
	struct vma *v = vma_find(&ctx->mm->vmas, dst);
	if (!v || dst + len > v->end || !v->uffd)
		return -ENOENT;
	uint64_t done = 0;
	int err = 0;
	while (done < len && !err) {
		uintptr_t va = dst + done;
		pte_t e = ctx->mm ? mm_pte_at(ctx->mm, va) : 0;
		err = !pte_none(e) ? -EEXIST : fill_page(ctx, va, src + done, zero);
		if (!err)
			done += PAGE_SIZE;
		if (!err && done < len && wait_interrupted(true))
			err = -EINTR;           /* a long fill stops for a fatal signal (Linux) */
	}
	return done ? (int64_t)done : err;
}

struct uffd_fault *uffd_next_unread(struct uffd_ctx *ctx)
{
	for (struct list_head *p = ctx->faults.next; p != &ctx->faults; p = p->next) {
		struct uffd_fault *w = list_entry(p, struct uffd_fault, link);
		if (!w->read) {
			w->read = true;
			return w;
		}
	}
	return NULL;
}

bool uffd_has_unread(const struct uffd_ctx *ctx)
{
	for (const struct list_head *p = ctx->faults.next; p != &ctx->faults; p = p->next)
		if (!list_entry(p, struct uffd_fault, link)->read)
			return true;
	return false;
}

int uffd_handle_missing(struct vma *v, const struct fault *f)
{
	struct uffd_ctx *ctx = v->uffd;
	if (ctx->features & UFFD_FEATURE_SIGBUS)
		return FAULT_SIGBUS;
	if (!f->user && ctx->user_mode_only) {
		if (!ctx->warned)               /* once per userfaultfd: Linux rate-limits it */
			printk("uffd: Set unprivileged_userfaultfd sysctl knob to 1 if kernel "
			       "faults must be handled without obtaining CAP_SYS_PTRACE "
			       "capability\n");
		ctx->warned = true;
		return FAULT_SIGBUS;
	}
	struct uffd_fault w = {
		.address = (ctx->features & UFFD_FEATURE_EXACT_ADDRESS) ? f->addr
									: f->addr & PAGE_MASK,
		.flags = f->access == FAULT_WRITE ? UFFD_PAGEFAULT_FLAG_WRITE : 0,
		.ptid = (ctx->features & UFFD_FEATURE_THREAD_ID) ? running_pid() : 0,
	};
	list_add_tail(&w.link, &ctx->faults);
	ctx->notify(ctx);
	no_wakeup_between(true);
	while (!w.woken && !wait_interrupted(!f->user))
		sleep_on(&w, 0);
	no_wakeup_between(false);
	if (w.woken)
		return FAULT_RETRY_UFFD;
	list_del(&w.link);                      /* ctx lives: the close would have let it go */
	return FAULT_INTERRUPTED;
}
