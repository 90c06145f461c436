/*
 * userfaultfd, the memory side (Linux's userfaultfd_ctx, handle_userfault and
 * mm/userfaultfd.c's mfill): a program registers areas of its address space with a
 * userfaultfd, and a fault on a missing page there does not get a demand-zero page.
 * Instead the faulting thread queues a message and sleeps until a handler, another
 * thread reading the userfaultfd, fills the page (UFFDIO_COPY, UFFDIO_ZEROPAGE) or wakes
 * it (UFFDIO_WAKE); then it takes the fault again. The file that carries the messages
 * (read, poll, ioctl) is fs/userfaultfd.c; docs/03-page-faults.md follows a fault there.
 *
 * A registration lives in the area (vma->uffd), so splits keep it, fork drops it (no
 * UFFD_FEATURE_EVENT_FORK), and mremap's new area starts without it (no
 * UFFD_FEATURE_EVENT_REMAP), as on Linux. Closing the userfaultfd unregisters its areas
 * and wakes every waiter: their faults then resolve as if nothing had been registered.
 */
#ifndef MM_USERFAULT_H
#define MM_USERFAULT_H

#include "kernel/lib/list.h"
#include "kernel/linux_abi.h"
#include "mm/fault.h"

#include <stdbool.h>
#include <stdint.h>

struct mm;
struct vma;

struct uffd_ctx {
	struct mm *mm;                  /* the address space it was made in; NULL once that
					 * is gone (the file can outlive it) */
	struct list_head mm_link;       /* in mm->uffds */
	uint64_t features;              /* the UFFD_FEATURE_* bits UFFDIO_API asked for */
	bool user_mode_only;            /* UFFD_USER_MODE_ONLY: the kernel's own touches
					 * of user memory do not wait (they get EFAULT) */
	bool warned;                    /* the log said why a kernel touch got EFAULT */
	struct list_head faults;        /* struct uffd_fault: the waiting threads, oldest
					 * first */
	void (*notify)(struct uffd_ctx *ctx);   /* the file side: a fault was queued, so
						 * readers and poll look again */
};

/* A thread waiting for a handler. It lives on the waiting thread's kernel stack, linked
 * into ctx->faults until a handler's fill or wake (or the close) takes it out. */
struct uffd_fault {
	struct list_head link;
	uintptr_t address;              /* as the message gives it: page-aligned, or exact
					 * with UFFD_FEATURE_EXACT_ADDRESS */
	uint64_t flags;                 /* UFFD_PAGEFAULT_FLAG_WRITE */
	int ptid;                       /* the faulting thread (UFFD_FEATURE_THREAD_ID) */
	bool read;                      /* a reader has had its message (Linux moves it from
					 * fault_pending_wqh to fault_wqh) */
	bool woken;                     /* a fill, a wake or the close let it go */
};

/* The features this kernel offers (UFFDIO_API's answer). */
#define UFFD_SUPPORTED_FEATURES (UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID | \
				 UFFD_FEATURE_EXACT_ADDRESS)

/* A new context for mm, with nothing registered (the caller allocates it). */
void uffd_ctx_init(struct uffd_ctx *ctx, struct mm *mm, bool user_mode_only);

/* The userfaultfd is closed: its areas are unregistered (and merge back with their
 * neighbours where they can) and every waiting thread is let go. The caller frees ctx. */
void uffd_release(struct uffd_ctx *ctx);

/* mm is being destroyed: its userfaultfds forget it (their ioctls then fail). */
void uffd_mm_gone(struct mm *mm);

/* Linux's validate_range: a page-aligned, non-empty range of user addresses at or above
 * vm.mmap_min_addr. 0 or -EINVAL. */
int uffd_validate_range(uint64_t start, uint64_t len);

/* UFFDIO_REGISTER (missing mode) of [start, end), validated: every area there must be
 * anonymous (-EINVAL), writable some day (VMA_MAYWRITE, else -EPERM) and not another
 * userfaultfd's (-EBUSY); at least one must be there (-EINVAL; -ENOMEM when nothing is
 * mapped at or above start). 0 or -errno. */
int uffd_register(struct uffd_ctx *ctx, uintptr_t start, uintptr_t end);

/* UFFDIO_UNREGISTER of [start, end): the areas there forget their userfaultfd, and the
 * threads waiting on them are let go. 0 or -errno as uffd_register. */
int uffd_unregister(struct uffd_ctx *ctx, uintptr_t start, uintptr_t end);

/* Lets go the threads waiting for a page in [start, start + len); len 0: all of them. */
void uffd_wake(struct uffd_ctx *ctx, uintptr_t start, uint64_t len);

/* UFFDIO_COPY (src: the user address to copy from) or UFFDIO_ZEROPAGE (zero) into
 * [dst, dst + len) of ctx's address space, page by page: each page must be missing
 * (-EEXIST) in a registered area (-ENOENT); a fatal signal stops it (-EINTR). The bytes
 * filled, or -errno when none was (-ESRCH: the address space is gone). Wakes nobody: the
 * caller does. */
int64_t uffd_fill(struct uffd_ctx *ctx, uintptr_t dst, uintptr_t src, uint64_t len, bool zero);

/* The oldest fault no reader has had yet, now marked read; NULL if none. */
struct uffd_fault *uffd_next_unread(struct uffd_ctx *ctx);

/* Whether a fault waits that no reader has had yet (poll's POLLIN). */
bool uffd_has_unread(const struct uffd_ctx *ctx);

/*
 * The fault path's part (mm/fault.c): fault f found no page in area v, registered with
 * a userfaultfd. Queues f and sleeps until it is let go (FAULT_RETRY_UFFD: take the fault
 * again), or a signal comes (FAULT_INTERRUPTED: any signal for a user-mode fault, only a
 * fatal one for the kernel's touch, as Linux's interruptible and killable sleeps); or,
 * without sleeping, FAULT_SIGBUS with UFFD_FEATURE_SIGBUS, or for the kernel's touch
 * when the userfaultfd handles user-mode faults only.
 */
#define FAULT_RETRY_UFFD 2              /* mm/fault.c's FAULT_RETRY */
int uffd_handle_missing(struct vma *v, const struct fault *f);

#endif
