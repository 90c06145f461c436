/* The page-fault handler: the spine of the kernel (see docs and ../shared/design.md). */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct mm;

enum fault_result {
	FAULT_MINOR = 0,        /* resolved from memory */
	FAULT_MAJOR = 1,        /* resolved with I/O */
	FAULT_SIGSEGV = -1,     /* no area there (SEGV_MAPERR) */
	FAULT_ACCESS = -4,      /* the area does not allow the access (SEGV_ACCERR) */
	FAULT_SIGBUS = -2,      /* a file page past the end of the file */
	FAULT_OOM = -3,         /* no frame to resolve it */
};

/*
 * Resolves a fault at addr in mm; error_code is the CPU's (PF_P, PF_W, PF_U, PF_I).
 * Finds the area, checks the access against its protection, then handles one of:
 * demand-zero page, file page (from the page cache), copy-on-write, or reports the
 * error that becomes a signal.
 */
enum fault_result handle_page_fault(struct mm *mm, uintptr_t addr, uint32_t error_code);

/* Makes sure the page at addr is present and (if write) writable, as a fault would. */
enum fault_result fault_in_page(struct mm *mm, uintptr_t addr, bool write);

#endif
