/*
 * The page-fault handler: the spine of the kernel (docs/design.md, "The path of a page
 * fault"). The trap code describes the fault in a struct fault; mm/fault.c decides what it
 * is and resolves it through the mm bookkeeper (mm/ptes.h).
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct mm;

enum fault_access { FAULT_READ, FAULT_WRITE, FAULT_EXEC };

/* A fault, as the CPU reported it. */
struct fault {
	uintptr_t addr;                 /* the address touched (CR2) */
	enum fault_access access;
	bool user;                      /* in user mode (else the kernel touching user memory:
					 * a copy routine, or fault_in_page; it is judged as the
					 * program's own access, and traced as the kernel's) */
	bool present;                   /* the entry was present: a protection fault */
};

enum fault_result {
	FAULT_MINOR = 0,        /* resolved from memory */
	FAULT_MAJOR = 1,        /* resolved by reading from swap (a major fault) */
	FAULT_SIGSEGV = -1,     /* no area there (SEGV_MAPERR) */
	FAULT_SIGBUS = -2,      /* an object page past the end of the object */
	FAULT_OOM = -3,         /* no frame to resolve it */
	FAULT_ACCESS = -4,      /* the area does not allow the access (SEGV_ACCERR) */
	FAULT_INTERRUPTED = -5, /* a signal came while it waited for a userfaultfd's
				 * handler (mm/userfault.h): a user-mode access is taken
				 * again after the signal, the kernel's gets EFAULT */
};

/*
 * Resolves fault f in mm. Finds the area, checks the access against its protection, then
 * handles one of: demand-zero page, object page (from its page cache), copy-on-write, or
 * reports the error that becomes a signal.
 */
enum fault_result handle_page_fault(struct mm *mm, const struct fault *f);

/* Makes sure the page at addr is present and (if write) writable, as a fault would. */
enum fault_result fault_in_page(struct mm *mm, uintptr_t addr, bool write);

#endif
