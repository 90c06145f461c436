/* The buddy allocator, over a simulated set of frames (no memory behind them is needed). */
#include "tests/unit/unit.h"
#include "mm/buddy.c"

#include <stdlib.h>

#define NFRAMES 5000

static struct page pages[NFRAMES];
static struct buddy b;

/* Frames 0..15 reserved (like the BIOS area), usable 16..NFRAMES with a hole. */
static void setup(void)
{
	buddy_init(&b, pages, NFRAMES);
	buddy_add_free(&b, 16, 3000);
	buddy_add_free(&b, 3100, NFRAMES);
}

static uint64_t free_at(unsigned order)
{
	return b.area[order].count;
}

/* Sum of the free lists, checked against the free counter. */
static uint64_t free_by_lists(void)
{
	uint64_t sum = 0;
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++)
		sum += b.area[k].count << k;
	return sum;
}

TEST(init_counts)
{
	setup();
	CHECK_EQ(b.total, (3000 - 16) + (NFRAMES - 3100));
	CHECK_EQ(b.free, b.total);
	CHECK_EQ(free_by_lists(), b.free);
	CHECK(free_at(BUDDY_MAX_ORDER) >= 1);
}

TEST(alloc_every_frame_then_free_all_restores_everything)
{
	setup();
	uint64_t before[BUDDY_MAX_ORDER + 1];
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++)
		before[k] = free_at(k);
	uint64_t n = b.free;
	pfn_t *got = malloc(n * sizeof(*got));
	for (uint64_t i = 0; i < n; i++) {
		got[i] = buddy_alloc(&b, 0);
		CHECK(got[i] != (pfn_t)-1);
		CHECK(got[i] >= 16 && got[i] < NFRAMES && !(got[i] >= 3000 && got[i] < 3100));
	}
	CHECK_EQ(b.free, 0);
	CHECK_EQ(buddy_alloc(&b, 0), (pfn_t)-1);
	/* Free in a scrambled order: coalescing must not depend on it. */
	for (uint64_t i = 0; i < n; i++) {
		uint64_t j = (i * 7919) % n;
		pfn_t t = got[i];
		got[i] = got[j];
		got[j] = t;
	}
	for (uint64_t i = 0; i < n; i++)
		CHECK_EQ(buddy_free(&b, got[i], 0), BUDDY_OK);
	free(got);
	CHECK_EQ(b.free, n);
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++)
		CHECK_EQ(free_at(k), before[k]);
}

TEST(each_frame_handed_out_once)
{
	setup();
	static unsigned char owned[NFRAMES];
	memset(owned, 0, sizeof(owned));
	pfn_t p;
	int orders[] = { 0, 3, 1, 5, 0, 2, 10, 4 };
	for (int round = 0; round < 40; round++) {
		unsigned order = (unsigned)orders[round % 8];
		p = buddy_alloc(&b, order);
		if (p == (pfn_t)-1)
			continue;
		CHECK_EQ(p & ((1u << order) - 1), 0);   /* aligned to its size */
		for (pfn_t f = p; f < p + (1u << order); f++) {
			CHECK(!owned[f]);
			owned[f] = 1;
		}
	}
	CHECK_EQ(free_by_lists(), b.free);
}

TEST(split_and_coalesce_large_block)
{
	setup();
	uint64_t big = free_at(BUDDY_MAX_ORDER);
	pfn_t a = buddy_alloc(&b, 0);
	CHECK(free_at(BUDDY_MAX_ORDER) + 1 >= big);    /* at most one large block was split */
	pfn_t c = buddy_alloc(&b, 3);
	CHECK_EQ(buddy_free(&b, a, 0), BUDDY_OK);
	CHECK_EQ(buddy_free(&b, c, 3), BUDDY_OK);
	CHECK_EQ(free_at(BUDDY_MAX_ORDER), big);
	CHECK_EQ(free_by_lists(), b.free);
}

TEST(errors_are_detected)
{
	setup();
	pfn_t a = buddy_alloc(&b, 0);
	CHECK_EQ(buddy_free(&b, a, 0), BUDDY_OK);
	CHECK_EQ(buddy_free(&b, a, 0), BUDDY_DOUBLE_FREE);
	CHECK_EQ(buddy_free(&b, 3, 0), BUDDY_NOT_ALLOCATED);          /* reserved */
	CHECK_EQ(buddy_free(&b, 3050, 0), BUDDY_NOT_ALLOCATED);       /* in the hole */
	CHECK_EQ(buddy_free(&b, NFRAMES + 5, 0), BUDDY_NOT_ALLOCATED);/* out of range */
	pfn_t blk = buddy_alloc(&b, 2);
	CHECK_EQ(buddy_free(&b, blk + 1, 0), BUDDY_NOT_ALLOCATED);    /* a tail frame */
	CHECK_EQ(buddy_free(&b, blk, 1), BUDDY_NOT_ALLOCATED);        /* wrong order */
	pfn_t m = buddy_alloc(&b, 0);
	pages[m].mapcount = 1;
	CHECK_EQ(buddy_free(&b, m, 0), BUDDY_STILL_MAPPED);
	pages[m].mapcount = 0;
	pages[m].refcount = 2;
	CHECK_EQ(buddy_free(&b, m, 0), BUDDY_STILL_REFERENCED);
	pages[m].refcount = 1;
	CHECK_EQ(buddy_free(&b, m, 0), BUDDY_OK);
	CHECK_EQ(buddy_free(&b, blk, 2), BUDDY_OK);
	CHECK_EQ(b.free, b.total);
	CHECK_STR(buddy_error_name(BUDDY_DOUBLE_FREE), "double free");
}

TEST(exhaustion_of_an_order)
{
	buddy_init(&b, pages, 64);
	buddy_add_free(&b, 0, 64);
	CHECK_EQ(free_at(6), 1);        /* 64 aligned frames: one block of order 6 */
	CHECK_EQ(buddy_alloc(&b, BUDDY_MAX_ORDER), (pfn_t)-1);
	CHECK_EQ(buddy_alloc(&b, BUDDY_MAX_ORDER + 1), (pfn_t)-1);
	pfn_t x = buddy_alloc(&b, 5);
	pfn_t y = buddy_alloc(&b, 5);
	CHECK(x != (pfn_t)-1 && y != (pfn_t)-1 && x != y);
	CHECK_EQ(buddy_alloc(&b, 0), (pfn_t)-1);
}

TEST(mark_allocated_frames_can_be_freed)
{
	buddy_init(&b, pages, 128);
	buddy_mark_allocated(&b, 0, 4);
	buddy_add_free(&b, 4, 128);
	CHECK_EQ(b.total, 128);
	CHECK_EQ(b.free, 124);
	for (pfn_t p = 0; p < 4; p++)
		CHECK_EQ(buddy_free(&b, p, 0), BUDDY_OK);
	CHECK_EQ(b.free, 128);
	CHECK_EQ(free_at(7), 1);        /* the 128 frames merged back into one block */
}

/* buddy_is_free answers for every frame of a free block, not only its first (what
 * /proc/kpageflags' KPF_BUDDY shows), and for no frame handed out, reserved or past the end. */
TEST(is_free_covers_whole_free_blocks)
{
	buddy_init(&b, pages, 64);
	buddy_add_free(&b, 16, 64);
	pfn_t x = buddy_alloc(&b, 2);           /* four frames out of a larger free block */
	CHECK(x != (pfn_t)-1);
	uint64_t free_frames = 0;
	for (pfn_t p = 0; p < 64; p++) {
		bool in_x = p >= x && p < x + 4;
		CHECK_EQ(buddy_is_free(&b, p), p >= 16 && !in_x);
		free_frames += buddy_is_free(&b, p);
	}
	CHECK_EQ(free_frames, b.free);
	CHECK(!buddy_is_free(&b, 64));
	CHECK_EQ(buddy_free(&b, x, 2), BUDDY_OK);
	for (pfn_t p = 16; p < 64; p++)
		CHECK(buddy_is_free(&b, p));
}
