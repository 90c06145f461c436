/*
 * pmap: the machine-dependent half of virtual memory, and the only code that reads or
 * writes x86-64 page-table entries. Four levels of 512-entry tables translate a 48-bit
 * virtual address: PML4 (level 4) -> PDPT (3) -> PD (2) -> PT (1) -> 4 KiB frame.
 * Bits 47..39 of the address index the PML4, 38..30 the PDPT, 29..21 the PD, 20..12 the PT.
 *
 * Every address space has its own PML4. Its upper half (entries 256..511, the kernel's)
 * points at the same lower-level tables in every address space, so a kernel mapping made
 * once is seen everywhere; kernel_map.c creates all of those PML4 entries at boot.
 */
#ifndef MM_PMAP_H
#define MM_PMAP_H

#include "mm/page.h"

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t pte_t;

/* Hardware bits (Intel SDM vol. 3, 4.5). */
#define PTE_P    (1ULL << 0)    /* present */
#define PTE_W    (1ULL << 1)    /* writable */
#define PTE_U    (1ULL << 2)    /* user mode may access */
#define PTE_PWT  (1ULL << 3)
#define PTE_PCD  (1ULL << 4)
#define PTE_A    (1ULL << 5)    /* accessed: set by the CPU on use */
#define PTE_D    (1ULL << 6)    /* dirty: set by the CPU on write */
#define PTE_PS   (1ULL << 7)    /* in a PD entry: maps a 2 MiB page */
#define PTE_G    (1ULL << 8)    /* global: survives CR3 reloads */
#define PTE_NX   (1ULL << 63)   /* no execute (needs EFER.NXE) */

/*
 * A user PTE is in one of three states, told apart by these predicates (no code outside
 * pmap tests raw bits):
 *   none       0: nothing was ever mapped here, or it was unmapped
 *   frame      the entry holds a frame: present to the CPU (P), or hidden because the area
 *              is PROT_NONE (P clear, PTE_PROTNONE set): x86 has no "present but no
 *              access" entry, and one without U would still let the kernel read it
 *   swap       P and PTE_PROTNONE clear, the rest a swap entry (the page is on disk)
 * The non-present encodings are Linux's on x86-64: PROT_NONE reuses the G bit (8), which
 * means nothing in a non-present entry; a swap entry keeps its area number ("type") in
 * bits 59..63 and its slot ("offset") inverted in bits 9..58. Inverted, so that the
 * entry's address bits point far above any RAM (the L1TF mitigation), and so that no swap
 * entry is 0 (but for slot 2^50 - 1 of area 0, which is therefore never used).
 */
#define PTE_PROTNONE PTE_G

#define SWP_TYPE_BITS   5
#define SWP_OFFSET_BITS 50
#define SWP_OFFSET_SHIFT 9

#define PTE_ADDR_MASK 0x000ffffffffff000ULL

#define PT_ENTRIES      512
#define LARGE_PAGE_SIZE (1UL << 21)

static inline phys_addr_t pte_addr(pte_t e)
{
	return e & PTE_ADDR_MASK;
}

static inline bool pte_none(pte_t e)
{
	return e == 0;
}

/* True when the entry holds a frame: present, or hidden by PROT_NONE. */
static inline bool pte_has_frame(pte_t e)
{
	return (e & PTE_P) || (e & PTE_PROTNONE);
}

/* True when the CPU may use the entry (so a fault on it is a protection fault). */
static inline bool pte_present(pte_t e)
{
	return e & PTE_P;
}

static inline bool pte_writable(pte_t e)
{
	return (e & (PTE_P | PTE_W)) == (PTE_P | PTE_W);
}

static inline bool pte_is_swap(pte_t e)
{
	return !pte_none(e) && !pte_has_frame(e);
}

/* The swap entry for slot `offset` of swap area `type`. */
static inline pte_t pte_make_swap(unsigned type, uint64_t offset)
{
	uint64_t inverted = ~offset & ((1ULL << SWP_OFFSET_BITS) - 1);
	return ((pte_t)type << (64 - SWP_TYPE_BITS)) | (inverted << SWP_OFFSET_SHIFT);
}

static inline unsigned pte_swap_type(pte_t e)
{
	return (unsigned)(e >> (64 - SWP_TYPE_BITS));
}

static inline uint64_t pte_swap_offset(pte_t e)
{
	return ~(e >> SWP_OFFSET_SHIFT) & ((1ULL << SWP_OFFSET_BITS) - 1);
}

struct pmap {
	phys_addr_t root;       /* physical address of the PML4 */
};

/* The kernel's own address space: the template of every other one's upper half. */
extern struct pmap kernel_pmap;

/* Makes an empty PML4 for pm. Returns 0 or -ENOMEM. */
int pmap_init_empty(struct pmap *pm);

/* The page tables of pm's user half below its PML4 (what Linux counts as an address
 * space's page tables, mm_pgtables_bytes): a cost of the process the OOM killer weighs. */
uint64_t pmap_table_pages(const struct pmap *pm);

/* Makes a new address space sharing kernel_pmap's upper half. Returns 0 or -ENOMEM. */
int pmap_create(struct pmap *pm);

/* Frees pm's page tables of the user half and its PML4. The frames they mapped are the
 * caller's business: they must have been unmapped or released already. */
void pmap_destroy(struct pmap *pm);

/* An entry mapping the frame at pa with flags (PTE_P among them, or PTE_PROTNONE). */
static inline pte_t pte_make(phys_addr_t pa, pte_t flags)
{
	return (pa & PTE_ADDR_MASK) | flags;
}

/*
 * Maps the 4 KiB page at va to the frame at pa, present, with flags (PTE_W, PTE_U, PTE_NX,
 * PTE_G as wanted). Returns 0, -ENOMEM when a table could not be allocated, or -EEXIST
 * when va's entry is in use (unmap first: nothing is lost silently).
 */
int pmap_map(struct pmap *pm, uintptr_t va, phys_addr_t pa, pte_t flags);

/* Stores the whole entry (any state but none) at va's empty place: the user half's way in,
 * for the mm bookkeeper. 0, -ENOMEM or -EEXIST as pmap_map. */
int pmap_install(struct pmap *pm, uintptr_t va, pte_t entry);

/* Replaces the entry at va, which must be in use, in place (no table is freed or made)
 * when it is still `expected` (but for the accessed and dirty bits, which the CPU sets on
 * its own), and
 * invalidates the old translation. Returns true when it did. */
bool pmap_replace(struct pmap *pm, uintptr_t va, pte_t expected, pte_t entry);

/* Like pmap_map for a 2 MiB page; va and pa must be 2 MiB aligned. */
int pmap_map_large(struct pmap *pm, uintptr_t va, phys_addr_t pa, pte_t flags);

/*
 * Removes the mapping of the page at va (a 2 MiB one if that is what maps it), frees the
 * page tables this leaves empty, and invalidates the TLB entry. Returns the old entry, or
 * 0 when nothing was there.
 */
pte_t pmap_unmap(struct pmap *pm, uintptr_t va);

/* The entry that maps va: a PT entry, or a PD entry with PTE_PS; 0 when there is none. */
pte_t pmap_lookup(struct pmap *pm, uintptr_t va);

/*
 * The level-1 entry for va, creating missing tables on the way when alloc is true.
 * NULL when a table is missing (and !alloc), memory ran out, or a 2 MiB page covers va.
 */
pte_t *pmap_walk(struct pmap *pm, uintptr_t va, bool alloc);

/*
 * Visits, in address order, every non-zero 4 KiB leaf entry for addresses in [start, end)
 * (present pages and swap entries alike) and stores what fn returns in its place: the
 * same entry, a changed one, or 0 to remove it. Tables this empties are freed, and the
 * TLB is invalidated for every entry that changed. This one walk serves fork (marking
 * pages copy-on-write), mprotect and munmap, over ranges where most tables are missing.
 */
typedef pte_t (*pte_update_fn)(uintptr_t va, pte_t entry, void *arg);
void pmap_update_range(struct pmap *pm, uintptr_t start, uintptr_t end, pte_update_fn fn,
		       void *arg);

/* Makes pm the current address space (loads CR3). */
void pmap_activate(struct pmap *pm);

/* True for addresses in the kernel half. */
static inline bool pmap_is_kernel_va(uintptr_t va)
{
	return va >= 0xffff800000000000ULL;
}

#endif
