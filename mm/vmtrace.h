/*
 * vmtrace: one kernel-log line for each decision the page-fault handler makes at a user
 * address, and, with swap, for each of reclaim's decisions about a page, so that a student
 * can watch demand paging, copy-on-write and swap happen. Off by default; on with the
 * kernel option vmtrace=1 or `echo 1 > /proc/sys/vm/trace`. When it is off, each trace
 * point costs one test of vmtrace_on, a branch predicted not taken.
 *
 * The lines (fields separated by one space; addresses and frame numbers in hex):
 *
 *   vmtrace: PID NAME ACCESS ADDR [AREA] DECISION [DETAIL] [frame PFN]
 *   vmtrace: PID NAME reclaim frame PFN OUTCOME [DETAIL]
 *   vmtrace: PID NAME swapoff ADDR [AREA] slot TYPE:SLOT frame PFN
 *   vmtrace: PID NAME exec PATH
 *
 * PID and NAME are the running process's: the one that faulted, the one reclaiming
 * (kswapd, or a process whose allocation reclaims), the one running swapoff or execve.
 * ACCESS is R, W or X for a fault in user mode; kR, kW or kX when the kernel touched user
 * memory for the program (a copy routine in a system call, exec building the stack,
 * mlock or MAP_POPULATE faulting pages in); an error decision then becomes EFAULT or
 * ENOMEM, not a signal. ADDR is the address touched (CR2). AREA is KIND START-END, KIND
 * being anon, heap, stack, shmem (shared anonymous memory) or the mapped file's path;
 * [none] when no area holds ADDR. DECISION, with its DETAIL, is one of:
 *
 *   demand-zero                 a new zeroed frame (anonymous memory: a write to a page
 *                               not there yet, or to the zero page)
 *   zero-page                   a read of anonymous memory not there yet: the zero page,
 *                               shared by all, mapped read-only
 *   file-shared                 the file's page itself, in a shared area
 *   file-readonly               the file's page itself, read-only in a private area
 *   file-copy                   a private copy of the file's page (a write, or a last page
 *                               partly past the end of an ELF segment's data)
 *   cow-copy from PFN           a write to a page others share: copied into a new frame
 *   cow-reuse                   a write to a read-only page nobody else has: made writable
 *   swap-in major slot T:N      the page read back from swap (a major fault)
 *   swap-in minor slot T:N      the page found in the swap cache
 *   stack-grow                  the stack area grew down to ADDR (the next line decides
 *                               the page)
 *   already-mapped              nothing left to do: another fault resolved it first, or
 *                               a write's swap-in just mapped the page writable
 *   retry                       what was decided went stale while the handler slept: it
 *                               starts over (the next line is the new decision)
 *   SIGSEGV maperr | accerr     no area there | the area forbids the access
 *   SIGBUS past-end | io-error | bad-swap-entry
 *   OOM                         no frame to be had
 *   userfault                   a missing page of an area registered with a userfaultfd:
 *                               the thread waits for the handler, then faults again (the
 *                               next line)
 *
 * file-shared and file-readonly add "major" when the page was read back from swap (shared
 * anonymous memory). A write to a swapped-out page gives two lines: its swap-in, then the
 * copy-on-write decision (cow-copy, cow-reuse, or already-mapped when the swap-in could
 * map it writable at once). Reclaim's OUTCOMEs for a page it looked at:
 *
 *   swap-out slot T:N           unmapped and queued to be written to that slot
 *   write-error slot T:N        its write failed: it stays in memory, the slot is retired
 *   freed slot T:N              its slot holds it (just written, or read back and never
 *                               changed since): the frame is free
 *   keep REASON                 it stays: referenced (used since last look: a second
 *                               chance), pinned (someone holds it: a fault copying it),
 *                               mlocked, swapoff (its area is being emptied), bad-slot (a
 *                               write to swap failed before), swap-full, mapped (a PTE
 *                               could not be changed), busy (touched while being written)
 *   drop not-anon               no longer anonymous memory: off the lists
 *
 * Filter one process with `grep 'vmtrace: 42 '`, one program with `grep 'vmtrace: [0-9]*
 * cowdemo '`. The format is stable: tests (tests/boot/vmtrace.sh) and docs rely on it.
 */
#ifndef MM_VMTRACE_H
#define MM_VMTRACE_H

#include "mm/fault.h"

#include <stdbool.h>
#include <stdint.h>

struct mm;
struct page;
struct vma;

/* 1 while tracing (/proc/sys/vm/trace), else 0. */
extern int vmtrace_on;

/* A fault's decision, as its line names it. */
enum vmtrace_decision {
	VT_DEMAND_ZERO,
	VT_FILE_SHARED,
	VT_FILE_READONLY,
	VT_FILE_COPY,
	VT_COW_REUSE,
	VT_STACK_GROW,
	VT_ALREADY_MAPPED,
	VT_RETRY,
	VT_SEGV_MAPERR,
	VT_SEGV_ACCERR,
	VT_BUS_PAST_END,
	VT_BUS_IO_ERROR,
	VT_BUS_BAD_SWAP,
	VT_OOM,
	VT_USERFAULT,
	VT_ZERO_PAGE,
	VT_MAJOR = 0x100,               /* or-ed in: the page was read from swap */
};

/* Reclaim's outcome for one page, as its line names it. */
enum vmtrace_reclaim {
	VT_SWAP_OUT,
	VT_WRITE_ERROR,
	VT_FREED,
	VT_KEEP_REFERENCED,
	VT_KEEP_PINNED,
	VT_KEEP_MLOCKED,
	VT_KEEP_SWAPOFF,
	VT_KEEP_BAD_SLOT,
	VT_KEEP_SWAP_FULL,
	VT_KEEP_MAPPED,
	VT_KEEP_BUSY,
	VT_DROP_NOT_ANON,
};

/* The lines themselves (mm/vmtrace.c); call them through the inline functions below. */
void vmtrace_print_fault(struct mm *mm, const struct fault *f, const struct vma *v,
			 unsigned decision, const struct page *pg);
void vmtrace_print_fault_again(struct mm *mm, const struct fault *f, unsigned decision);
void vmtrace_print_cow_copy(struct mm *mm, const struct fault *f, const struct vma *v,
			    const struct page *old, const struct page *copy);
void vmtrace_print_swap_in(struct mm *mm, const struct fault *f, const struct vma *v,
			   uint64_t slot, bool major, const struct page *pg);
void vmtrace_print_reclaim(const struct page *pg, enum vmtrace_reclaim outcome);
void vmtrace_print_swapoff(struct mm *mm, const struct vma *v, uintptr_t va, uint64_t slot,
			   const struct page *pg);
void vmtrace_print_exec(const char *path);

/* Fault f in area v (NULL: none) of mm was decided so; pg is the frame it maps, or NULL. */
static inline void vmtrace_fault(struct mm *mm, const struct fault *f, const struct vma *v,
				 unsigned decision, const struct page *pg)
{
	if (__builtin_expect(vmtrace_on, 0))
		vmtrace_print_fault(mm, f, v, decision, pg);
}

/* vmtrace_fault for a decision made after the area may have changed (a retry, OOM): the
 * area is looked up again, only when tracing. */
static inline void vmtrace_fault_again(struct mm *mm, const struct fault *f, unsigned decision)
{
	if (__builtin_expect(vmtrace_on, 0))
		vmtrace_print_fault_again(mm, f, decision);
}

/* Copy-on-write: the page old was copied into copy. */
static inline void vmtrace_cow_copy(struct mm *mm, const struct fault *f, const struct vma *v,
				    const struct page *old, const struct page *copy)
{
	if (__builtin_expect(vmtrace_on, 0))
		vmtrace_print_cow_copy(mm, f, v, old, copy);
}

/* Swap-in: the page of swap entry slot (a swp_entry_t), read from disk when major. */
static inline void vmtrace_swap_in(struct mm *mm, const struct fault *f, const struct vma *v,
				   uint64_t slot, bool major, const struct page *pg)
{
	if (__builtin_expect(vmtrace_on, 0))
		vmtrace_print_swap_in(mm, f, v, slot, major, pg);
}

/* Reclaim decided outcome for pg (its slot, where one is named, is pg->swap). */
static inline void vmtrace_reclaim(const struct page *pg, enum vmtrace_reclaim outcome)
{
	if (__builtin_expect(vmtrace_on, 0))
		vmtrace_print_reclaim(pg, outcome);
}

/* swapoff pointed the PTE at va in area v of mm, which named slot, at pg again. */
static inline void vmtrace_swapoff(struct mm *mm, const struct vma *v, uintptr_t va,
				   uint64_t slot, const struct page *pg)
{
	if (__builtin_expect(vmtrace_on, 0))
		vmtrace_print_swapoff(mm, v, va, slot, pg);
}

/* The running process now runs the program at path. */
static inline void vmtrace_exec(const char *path)
{
	if (__builtin_expect(vmtrace_on, 0))
		vmtrace_print_exec(path);
}

#endif
