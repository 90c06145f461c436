/*
 * Counters of what the memory system did, by kind, as Linux's /proc/vmstat: each decision
 * of the page-fault handler is counted here, so a student can see demand paging and
 * copy-on-write happen.
 */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H

#include <stdint.h>

struct vmstat {
	uint64_t pgfault;               /* every page fault from user mode */
	uint64_t pgmajfault;            /* of which needed I/O (swap-in) */
	uint64_t demand_zero;           /* anonymous page: a new zeroed frame */
	uint64_t zero_page;             /* anonymous page read first: the zero page mapped */
	uint64_t file_map;              /* file page: the page-cache frame itself mapped */
	uint64_t file_copy;             /* private file page copied (a write, or a partial
					 * last page of a segment zero-filled past the data) */
	uint64_t cow_copy;              /* write to a shared copy-on-write page: copied */
	uint64_t cow_reuse;             /* write to a copy-on-write page nobody else uses */
	uint64_t stack_grow;            /* the stack area grew down */
	uint64_t segv;                  /* faults that were the program's error */
	uint64_t swap_in;               /* a swap entry: its page read back or found cached */
	uint64_t pswpin, pswpout;       /* pages read from and written to swap */
	uint64_t pgscan_kswapd, pgscan_direct;  /* pages reclaim looked at, by who */
	uint64_t pgsteal_kswapd, pgsteal_direct;        /* ... and freed */
	uint64_t pgactivate, pgdeactivate;      /* moves between the LRU lists */
	uint64_t pgrotated;             /* pages reclaim passed over for now */
	uint64_t swap_ra, swap_ra_hit;  /* pages read ahead, and of those used by a fault */
	uint64_t kswapd_wakeups;
	uint64_t allocstall;            /* allocations that had to reclaim themselves */
};

extern struct vmstat vmstat;

/* Writes the counters to the kernel log, one line, as name=value pairs. */
void vmstat_log(void);

#endif
