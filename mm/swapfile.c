/*
 * Swap areas and their slots (Linux's mm/swapfile.c): swapon and swapoff, the use count
 * of each slot, and choosing free slots for pages going out.
 *
 * Each area has a map with one 16-bit word per slot: the number of swap PTEs naming it,
 * and a bit saying a page for it is in the swap cache (or about to be). A bad page (listed
 * in the header, or retired after a write error) is SLOT_BAD and never handed out.
 */
#include "mm/swap.h"
#include "kernel/drivers/block.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/pmap.h"
#include "mm/swap_area.h"
#include "mm/swap_header.h"

#define SLOT_HAS_CACHE 0x8000
#define SLOT_COUNT_MASK 0x7fff
#define SLOT_BAD       0x7fff           /* never with SLOT_HAS_CACHE */
#define SLOT_COUNT_MAX 0x7ffe

struct swap_area swap_areas[MAX_SWAPFILES];
static unsigned nr_areas_enabled;       /* the order /proc/swaps lists them in */
static int least_priority = -1;     /* as Linux: the first area without a priority gets -2 */
static uint64_t total_pages, free_pages;

uint64_t swap_total_pages(void)
{
	return total_pages;
}

uint64_t swap_free_pages(void)
{
	return free_pages;
}

/* The area of entry e if it names a slot of an active area, else NULL. */
static struct swap_area *area_of(swp_entry_t e)
{
	unsigned type = swp_type(e);
	if (type >= MAX_SWAPFILES)
		return NULL;
	struct swap_area *a = &swap_areas[type];
	if (!(a->flags & SWAP_AREA_USED) || swp_offset(e) == 0 || swp_offset(e) >= a->max)
		return NULL;
	return a;
}

/* The map word of e, which must be a slot of an active area (a PTE that names anything
 * else is a kernel bug). */
static uint16_t *slot_of(swp_entry_t e)
{
	struct swap_area *a = area_of(e);
	if (!a)
		panic("swap: bad swap entry %lx (area %u, slot %lu)", e, swp_type(e), swp_offset(e));
	return slot_word(a, swp_offset(e));
}

bool swap_entry_valid(swp_entry_t e)
{
	struct swap_area *a = area_of(e);
	return a && *slot_word(a, swp_offset(e)) && *slot_word(a, swp_offset(e)) != SLOT_BAD;
}

/* Did slot `offset` of a fail a write? */
static bool slot_retired(const struct swap_area *a, uint64_t offset)
{
	unsigned n = a->nr_retired < SWAP_RETIRED_MAX ? a->nr_retired : SWAP_RETIRED_MAX;
	for (unsigned i = 0; i < n; i++)
		if (a->retired[i] == offset)
			return true;
	return false;
}

/* A slot's last user is gone: it is free again, or bad for good if it failed a write. */
static void slot_release(struct swap_area *a, uint64_t offset)
{
	if (slot_retired(a, offset)) {
		*slot_word(a, offset) = SLOT_BAD;
		a->inuse--;
		a->pages--;
		if (!(a->flags & SWAP_AREA_CLOSING))
			total_pages--;
		return;
	}
	*slot_word(a, offset) = 0;
	a->inuse--;
	if (!(a->flags & SWAP_AREA_CLOSING))
		free_pages++;                   /* a closing area's slots count as gone already */
	if (offset < a->lowest_free)
		a->lowest_free = offset;
}

int swap_count(swp_entry_t e)
{
	return *slot_of(e) & SLOT_COUNT_MASK;
}

int swap_dup(swp_entry_t e)
{
	uint16_t *slot = slot_of(e);
	BUG_ON(*slot == SLOT_BAD || *slot == 0);
	if ((*slot & SLOT_COUNT_MASK) >= SLOT_COUNT_MAX)
		return -ENOMEM;
	(*slot)++;
	return 0;
}

void swap_free(swp_entry_t e)
{
	struct swap_area *a = area_of(e);
	uint16_t *slot = slot_of(e);
	BUG_ON((*slot & SLOT_COUNT_MASK) == 0 || *slot == SLOT_BAD);
	(*slot)--;
	if (*slot == 0) {
		slot_release(a, swp_offset(e));
	} else if (*slot == SLOT_HAS_CACHE) {
		/* Only the cache names the slot: a page there that nobody maps is of no use. */
		struct page *pg = swap_cache_lookup(e);
		if (pg) {
			swap_cache_try_free(pg);
			frame_put(pg);
		}
	}
}

/* For the swap cache: whether the slot has a cached page. Setting it on a slot with no
 * PTE and no page makes it reserved; clearing it on a slot no PTE names frees it. */
void swap_slot_set_cached(swp_entry_t e, bool cached)
{
	struct swap_area *a = area_of(e);
	uint16_t *slot = slot_of(e);
	if (cached) {
		BUG_ON(*slot & SLOT_HAS_CACHE);
		*slot |= SLOT_HAS_CACHE;
		return;
	}
	BUG_ON(!(*slot & SLOT_HAS_CACHE));
	*slot &= ~SLOT_HAS_CACHE;
	if (*slot == 0)
		slot_release(a, swp_offset(e));
}

void swap_retire(swp_entry_t e)
{
	struct swap_area *a = area_of(e);
	if (!a || *slot_word(a, swp_offset(e)) == SLOT_BAD || slot_retired(a, swp_offset(e)))
		return;
	/* The slot keeps its count while PTEs name it; slot_release marks it bad instead of
	 * free when it empties. */
	if (a->nr_retired == SWAP_RETIRED_MAX)
		return;                         /* so many failures: keep using the slot */
	printk("swap: retiring slot %lu of %s after a write error\n", swp_offset(e), a->path);
	a->retired[a->nr_retired++] = swp_offset(e);
}

struct block_device *swap_bdev(swp_entry_t e, uint64_t *sector)
{
	struct swap_area *a = area_of(e);
	BUG_ON(!a);
	*sector = swp_offset(e) * SECTORS_PER_PAGE;
	return a->bdev;
}

/* The first run of free slots at or after `from` in a, up to n long: its start, or 0. */
static uint64_t find_free_run(struct swap_area *a, uint64_t from, unsigned n, unsigned *len)
{
	for (uint64_t s = from; s < a->max; s++) {
		if (*slot_word(a, s))
			continue;
		unsigned l = 1;
		while (l < n && s + l < a->max && !*slot_word(a, s + l))
			l++;
		*len = l;
		return s;
	}
	return 0;
}

/* Takes up to n consecutive free slots from a, looking from where it stopped last time
 * (so that pages written together lie together), then from the start. */
static unsigned take_slots(struct swap_area *a, unsigned n, uint64_t *first)
{
	unsigned len = 0;
	uint64_t s = find_free_run(a, a->next, n, &len);
	if (!s)
		s = find_free_run(a, a->lowest_free, n, &len);
	if (!s)
		return 0;
	for (unsigned i = 0; i < len; i++)
		*slot_word(a, s + i) = SLOT_HAS_CACHE;
	a->inuse += len;
	free_pages -= len;
	a->next = s + len;
	*first = s;
	return len;
}

/* The active areas, highest priority first, and within a priority in the order to use
 * them next (round-robin: an area used goes after the others of its priority). */
static struct swap_area *by_prio[MAX_SWAPFILES];
static unsigned nr_by_prio;

static void prio_remove(struct swap_area *a)
{
	for (unsigned i = 0; i < nr_by_prio; i++) {
		if (by_prio[i] != a)
			continue;
		memmove(&by_prio[i], &by_prio[i + 1], (nr_by_prio - i - 1) * sizeof(by_prio[0]));
		nr_by_prio--;
		return;
	}
}

/* Puts a after every area of its priority or higher. */
static void prio_insert(struct swap_area *a)
{
	unsigned i = 0;
	while (i < nr_by_prio && by_prio[i]->prio >= a->prio)
		i++;
	memmove(&by_prio[i + 1], &by_prio[i], (nr_by_prio - i) * sizeof(by_prio[0]));
	by_prio[i] = a;
	nr_by_prio++;
}

unsigned swap_alloc_slots(unsigned n, swp_entry_t *first)
{
	/* A full area is not searched (as Linux's get_swap_pages looks at nr_swap_pages
	 * first): reclaim asks once per page it scans, and with swap full a search of every
	 * map for each would make the way to the OOM killer take minutes. */
	if (free_pages == 0)
		return 0;
	for (unsigned i = 0; i < nr_by_prio; i++) {
		struct swap_area *a = by_prio[i];
		if ((a->flags & SWAP_AREA_CLOSING) || a->inuse == a->pages)
			continue;
		uint64_t s;
		unsigned got = take_slots(a, n, &s);
		if (!got)
			continue;
		prio_remove(a);
		prio_insert(a);
		*first = swp_entry((unsigned)(a - swap_areas), s);
		return got;
	}
	return 0;
}

int swap_area_build_map(struct swap_area *a, const struct swap_header_info *info)
{
	a->max = info->pages;
	a->nr_chunks = (a->max + SLOTS_PER_CHUNK - 1) / SLOTS_PER_CHUNK;
	a->map = kzalloc(a->nr_chunks * sizeof(a->map[0]));
	if (!a->map)
		return -ENOMEM;
	for (uint64_t c = 0; c < a->nr_chunks; c++)
		if (!(a->map[c] = kzalloc(PAGE_SIZE)))
			return -ENOMEM;         /* swap_area_free_map frees what was made */
	*slot_word(a, 0) = SLOT_BAD;            /* the header */
	uint64_t bad = 1;
	for (uint32_t i = 0; i < info->nr_badpages; i++) {
		uint32_t n = info->badpages[i];
		if (n < a->max && *slot_word(a, n) != SLOT_BAD) {
			*slot_word(a, n) = SLOT_BAD;
			bad++;
		}
	}
	a->pages = a->max - bad;
	if (a->pages == 0) {
		printk("Empty swap-file\n");
		return -EINVAL;
	}
	return 0;
}

void swap_area_free_map(struct swap_area *a)
{
	for (uint64_t c = 0; a->map && c < a->nr_chunks; c++)
		kfree(a->map[c]);
	kfree(a->map);
	a->map = NULL;
	a->nr_chunks = 0;
}

bool swap_area_get(unsigned i, struct swap_area_info *out)
{
	for (unsigned t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_area *a = &swap_areas[t];
		if (!(a->flags & SWAP_AREA_USED) || a->order != i)
			continue;
		out->path = a->path;
		out->size_kb = a->pages * (PAGE_SIZE / 1024);
		out->used_kb = a->inuse * (PAGE_SIZE / 1024);
		out->prio = a->prio;
		return true;
	}
	return false;
}

/* Reads the header page of bdev and makes the area's slot map from it. */
static int read_header(struct swap_area *a, struct block_device *bdev)
{
	struct page *pg = frame_alloc(0);
	if (!pg)
		return -ENOMEM;
	struct bio b = { .bdev = bdev, .sector = 0, .npages = 1, .pages = { pg } };
	int err = bdev->nr_sectors < SECTORS_PER_PAGE ? -EINVAL : bio_submit_wait(&b);
	struct swap_header_info info;
	const char *why = NULL;
	if (!err) {
		uint64_t max = (1ULL << SWP_OFFSET_BITS) - 1;  /* the last encodes as 0 */
		why = swap_header_parse(page_address(pg), bdev->nr_sectors / SECTORS_PER_PAGE, max,
					&info);
	}
	if (!err && why) {
		printk("%s\n", why);            /* Linux's words, as its log shows them */
		err = -EINVAL;
	}
	if (!err)
		err = swap_area_build_map(a, &info);
	frame_put(pg);
	return err;
}

/* The lowest area number not in use, or -1. */
static int free_area_number(void)
{
	for (int t = 0; t < MAX_SWAPFILES; t++)
		if (!swap_areas[t].flags)
			return t;
	return -1;
}

int swap_on(struct block_device *bdev, const char *path, int flags)
{
	if (flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	int t = free_area_number();
	if (t < 0)
		return -EPERM;
	if (block_claim(bdev) != 0)
		return -EBUSY;
	struct swap_area *a = &swap_areas[t];
	memset(a, 0, sizeof(*a));
	a->bdev = bdev;
	a->flags = SWAP_AREA_OPENING;           /* reading the header sleeps: keep it ours */
	int err = read_header(a, bdev);
	if (err) {
		swap_area_free_map(a);
		block_release(bdev);
		a->flags = 0;
		return err;
	}
	a->prio = (flags & SWAP_FLAG_PREFER) ? (int)(flags & SWAP_FLAG_PRIO_MASK) : --least_priority;
	size_t n = strnlen(path, sizeof(a->path) - 1);
	memcpy(a->path, path, n);
	a->path[n] = '\0';
	a->flags = SWAP_AREA_USED;
	a->order = nr_areas_enabled++;
	a->next = 1;
	a->lowest_free = 1;
	total_pages += a->pages;
	free_pages += a->pages;
	prio_insert(a);
	printk("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
	       a->pages * (PAGE_SIZE / 1024), a->path, a->prio, (a->max - 1) * (PAGE_SIZE / 1024));
	return 0;
}

/* The area on bdev, or NULL. */
static struct swap_area *area_on(struct block_device *bdev)
{
	for (int t = 0; t < MAX_SWAPFILES; t++)
		if ((swap_areas[t].flags & SWAP_AREA_USED) && swap_areas[t].bdev == bdev)
			return &swap_areas[t];
	return NULL;
}

int swap_off(struct block_device *bdev)
{
	struct swap_area *a = area_on(bdev);
	if (!a || (a->flags & SWAP_AREA_CLOSING))
		return -EINVAL;
	/* No new page goes to this area; what is there comes back (mm/swap_unuse.c). */
	a->flags |= SWAP_AREA_CLOSING;
	total_pages -= a->pages;
	free_pages -= a->pages - a->inuse;
	int err = swap_unuse((unsigned)(a - swap_areas));
	if (err) {
		a->flags &= ~SWAP_AREA_CLOSING;
		total_pages += a->pages;
		free_pages += a->pages - a->inuse;
		return err;
	}
	BUG_ON(a->inuse != 0);
	prio_remove(a);
	if (a->prio < 0 && a->prio == least_priority)
		least_priority++;               /* as Linux gives the number back */
	for (int t = 0; t < MAX_SWAPFILES; t++)
		if ((swap_areas[t].flags & SWAP_AREA_USED) && swap_areas[t].order > a->order)
			swap_areas[t].order--;
	nr_areas_enabled--;
	swap_area_free_map(a);
	block_release(bdev);
	a->flags = 0;
	return 0;
}
