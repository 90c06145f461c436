/*
 * Commit accounting: how much memory the kernel has promised (Linux's overcommit policy,
 * Documentation/mm/overcommit-accounting.rst). Demand paging makes a mapping cost nothing
 * until it is touched, so a kernel can promise more memory than it has; this is the
 * ledger of those promises. Every page a program may dirty privately (a private writable
 * mapping, the heap, the stack, shared anonymous memory) is charged once, in pages, to
 * vm_committed_as (Committed_AS in /proc/meminfo) when it is mapped, and un-charged when
 * it is unmapped. Whether a charge is allowed is the policy vm.overcommit_memory decides:
 *   0 (heuristic): refuse only a single request larger than RAM plus swap
 *   1 (always):    never refuse
 *   2 (never):     refuse when Committed_AS would pass CommitLimit, which is
 *                  overcommit_kbytes, or overcommit_ratio percent of RAM, plus swap
 * Which areas carry a charge (VMA_ACCOUNT) is mm/mm.c's and mm/mmap.c's business; this
 * file only keeps the ledger and applies the policy.
 */
#ifndef MM_COMMIT_H
#define MM_COMMIT_H

#include <stdint.h>

struct mm;

enum { OVERCOMMIT_GUESS = 0, OVERCOMMIT_ALWAYS = 1, OVERCOMMIT_NEVER = 2 };

/* The settings /proc/sys/vm shows and sets, with Linux's names and defaults. */
extern int sysctl_overcommit_memory;            /* 0 */
extern int sysctl_overcommit_ratio;             /* 50 (percent of RAM) */
extern uint64_t sysctl_overcommit_kbytes;       /* 0: use the ratio */
extern uint64_t sysctl_user_reserve_kbytes;     /* mode 2 keeps this much from one process */
extern uint64_t sysctl_admin_reserve_kbytes;    /* and this much for root (unused: every
						 * process here is root) */

/* Pages charged now, over every address space (Committed_AS). */
extern uint64_t vm_committed_as;

/* Sets the reserves from the free memory at boot, as Linux's init_user_reserve. */
void commit_init(void);

/* The most that mode 2 lets be charged, in pages (CommitLimit). */
uint64_t vm_commit_limit(void);

/* Charges `pages` for mm (NULL: no process to keep a reserve from) if the policy allows:
 * 0, or -ENOMEM with nothing charged. Linux's __vm_enough_memory. */
int vm_enough_memory(struct mm *mm, uint64_t pages);

/* Charges without asking (a charge moving with its pages), and un-charges. */
void vm_acct_memory(uint64_t pages);
void vm_unacct_memory(uint64_t pages);

#endif
