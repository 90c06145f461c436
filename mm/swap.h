/*
 * Swap: where anonymous pages go when RAM runs short (CS:APP 9.8's "swap file"), as Linux
 * does it.
 *
 * - A swap area is a block device (a partition) that `swapon` enabled, with mkswap's header
 *   in its first page; its other pages are slots. A slot is named by a swap entry: the
 *   area's number (type) and the slot's number (offset), the same pair a swap PTE holds
 *   (mm/pmap.h). Areas are used by priority, higher first, round-robin among equals.
 * - Each slot has a use count: the swap PTEs that name it, one per address space (fork
 *   copies the entry and raises the count; exit, munmap and swap-in lower it). The slot is
 *   free when the count is 0 and no page is in the swap cache for it.
 * - The swap cache holds a page while it is on its way out (written, not yet freed) or back
 *   (read, still the same as its slot): a fault on a slot finds its page there, and a page
 *   read back and evicted again unchanged costs no write. A page in the swap cache is never
 *   mapped writable: the first write takes it out of the cache (and frees the slot), so the
 *   cache never holds a page that differs from its slot except before its first write out
 *   (PG_DIRTY).
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include "mm/page.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct block_device;

/* A swap entry: type in bits 58-63, offset below; 0 is never a valid entry (slot 0 holds
 * the header). The same pair as a swap PTE, without the PTE's layout. */
typedef uint64_t swp_entry_t;
#define SWP_TYPE_SHIFT 58
#define MAX_SWAPFILES 32                /* the 5 bits a swap PTE has for the type */

static inline swp_entry_t swp_entry(unsigned type, uint64_t offset)
{
	return ((uint64_t)type << SWP_TYPE_SHIFT) | offset;
}
static inline unsigned swp_type(swp_entry_t e)
{
	return (unsigned)(e >> SWP_TYPE_SHIFT);
}
static inline uint64_t swp_offset(swp_entry_t e)
{
	return e & ((1ULL << SWP_TYPE_SHIFT) - 1);
}

/* swapon's flags (Linux's SWAP_FLAG_*). */
#define SWAP_FLAG_PREFER        0x8000
#define SWAP_FLAG_PRIO_MASK     0x7fff
#define SWAP_FLAG_DISCARD       0x10000
#define SWAP_FLAG_DISCARD_ONCE  0x20000
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#define SWAP_FLAGS_VALID (SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | \
			  SWAP_FLAG_DISCARD_ONCE | SWAP_FLAG_DISCARD_PAGES)

/* ---- swap areas and slots (mm/swapfile.c) ---- */

/* Enables the swap area on bdev (named `path` in /proc/swaps) with swapon's flags: reads
 * and checks the header. 0, -EINVAL (no or a bad header, bad flags), -EBUSY (bdev already
 * in use), -EPERM (too many areas), -ENOMEM, -EIO. Logs as Linux:
 * "Adding 262140k swap on /dev/vda1.  Priority:-2 extents:1 across:262140k". */
int swap_on(struct block_device *bdev, const char *path, int flags);

/* Disables the area on bdev, first reading every page it holds back into memory. 0,
 * -EINVAL (not a swap area), -ENOMEM (the pages do not fit in RAM) or -EIO (a page could
 * not be read); on an error the area stays on. (Linux would rather OOM-kill, choosing the
 * process that called swapoff first.) */
int swap_off(struct block_device *bdev);

/* What /proc/swaps shows of area number i (in the order they were enabled): false past
 * the last one. */
struct swap_area_info {
	const char *path;
	uint64_t size_kb, used_kb;
	int prio;
};
bool swap_area_get(unsigned i, struct swap_area_info *out);

/* Slots in all active swap areas, and of those the free ones (SwapTotal, SwapFree). */
uint64_t swap_total_pages(void);
uint64_t swap_free_pages(void);

/* Takes up to n free slots, consecutive in one area (the best by priority), for a page-out
 * cluster: returns how many (0 when swap is full or absent), the first in *first. Each has
 * count 0 and is reserved for the swap cache. */
unsigned swap_alloc_slots(unsigned n, swp_entry_t *first);

/* A new swap PTE names e (fork): raises its count. 0, or -ENOMEM if the count is full. */
int swap_dup(swp_entry_t e);

/* A swap PTE naming e is gone (exit, munmap, swap-in): lowers its count; the slot is free
 * once no PTE and no swap-cache page names it (a page left in the cache with nobody to
 * use it is freed too). */
void swap_free(swp_entry_t e);

/* The swap PTEs that name e. */
int swap_count(swp_entry_t e);

/* Marks e's slot as failed (a write error): it is never used again. */
void swap_retire(swp_entry_t e);

/* The block device and sector of slot e, for I/O. */
struct block_device *swap_bdev(swp_entry_t e, uint64_t *sector);

/* Is e a slot of an active area, in use? (A PTE holding anything else is corrupt.) */
bool swap_entry_valid(swp_entry_t e);

/* ---- the swap cache (mm/swap_state.c) ---- */

/* The page in the swap cache for e, with a reference taken, or NULL. */
struct page *swap_cache_lookup(swp_entry_t e);

/* Is a page for e in the swap cache (mincore's "in memory" for a swapped page)? */
bool swap_cache_has(swp_entry_t e);

/* Puts pg (anonymous, not in the cache) in the swap cache at e, a slot reserved by
 * swap_alloc_slots or named by PTEs with no page cached. Takes a reference. 0/-ENOMEM. */
int swap_cache_add(struct page *pg, swp_entry_t e);

/* Takes pg out of the swap cache, dropping the cache's reference; its slot is freed when
 * no PTE names it. */
void swap_cache_delete(struct page *pg);

/* Pages in the swap cache (/proc/meminfo's SwapCached). */
extern uint64_t swap_cache_pages;

/* The page for slot e, read from swap if it is not in the cache (with up to
 * `readahead` neighbouring slots in the same request): returned with a reference and
 * unlocked (its read done), or NULL when out of memory or e is no longer in use. The
 * caller checks PG_ERROR (the read failed). Sleeps for the I/O. *major tells whether it
 * read anything. alloc_flags go to alloc_user_page (FRAME_NO_OOM: swapoff, which fails
 * rather than kill a process). Neighbours are read only while free memory is above the
 * low watermark: a guess must not take the kernel's reserve. */
struct page *swap_read_page(swp_entry_t e, unsigned readahead, unsigned alloc_flags,
			    bool *major);

/* Reads the slots in [e, e + n) that are in use and not cached into the swap cache, in
 * as few requests as they allow, waiting for each (MADV_WILLNEED). Stops when free memory
 * falls below the low watermark. */
void swap_read_ahead(swp_entry_t e, unsigned n);

/* Linux's page-cluster (/proc/sys/vm/page-cluster, 0 to 31): readahead reads the aligned
 * window of 2^page_cluster slots around a fault (at most BIO_MAX_PAGES of them). */
extern int page_cluster;

/* ---- writing pages out (mm/swap_state.c) ---- */

/* Writes the n pages, in the swap cache at consecutive slots, in one request and waits.
 * Each page must be locked; on success PG_DIRTY is cleared, on failure PG_WRITE_ERROR is
 * set and the slots retired. 0 or a negative errno. */
int swap_write_pages(struct page **pages, unsigned n);

#endif
