/*
 * Swap: where anonymous pages go when RAM runs short (CS:APP 9.8's "swap file"), as Linux
 * does it: swap areas on block devices (swapon), a use count per slot, the swap cache of
 * pages on their way out or back, and the counters /proc shows.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include <stdint.h>

/* Slots in all active swap areas, and of those the free ones (SwapTotal, SwapFree). */
uint64_t swap_total_pages(void);
uint64_t swap_free_pages(void);

#endif
