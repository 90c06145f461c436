/* Self-tests of the frame allocator on the machine's real memory map. */
#include "boot/layout.h"
#include "kernel/lib/string.h"
#include "kernel/multiboot.h"
#include "kernel/selftest.h"
#include "mm/frame.h"

extern char _kernel_end[];

/* Frames held since boot: the kernel image, the boot information and the modules not yet
 * released. They may
 * share frames (GRUB puts the information right after the kernel), so count the union. */
#define HELD_MAX (2 + BOOT_MAX_MODULES)

static uint64_t held_frames(void)
{
	uint64_t start[HELD_MAX], end[HELD_MAX];
	size_t n = 0;
	start[n] = KERNEL_PHYS_BASE;
	end[n++] = (uint64_t)_kernel_end - KERNEL_VMA;
	start[n] = boot_info.info_start;
	end[n++] = boot_info.info_end;
	for (size_t i = 0; i < boot_info.nmodules; i++) {
		if (boot_info.modules[i].released)
			continue;
		start[n] = boot_info.modules[i].start;
		end[n++] = boot_info.modules[i].end;
	}
	uint64_t count = 0;
	for (size_t i = 0; i < n; i++) {
		for (uint64_t f = PAGE_ALIGN_DOWN(start[i]); f < end[i]; f += PAGE_SIZE) {
			bool seen_before = false;
			for (size_t j = 0; j < i; j++)
				if (f + PAGE_SIZE > start[j] && f < end[j])
					seen_before = true;
			count += !seen_before;
		}
	}
	return count;
}

SELFTEST(frame_alloc_every_frame_then_free_all)
{
	struct frame_stats before, empty, after;
	frame_get_stats(&before);
	/* Chain the allocated frames through their own first word: no other memory needed. */
	phys_addr_t head = 0;
	uint64_t n = 0;
	struct page *p;
	while ((p = frame_alloc(0))) {
		*(phys_addr_t *)page_address(p) = head;
		head = page_to_phys(p);
		n++;
	}
	frame_get_stats(&empty);
	EXPECT_EQ(n, before.free);
	EXPECT_EQ(empty.free, 0);
	EXPECT(frame_alloc_order(0, 0) == NULL);
	while (head) {
		phys_addr_t next = *(phys_addr_t *)phys_to_virt(head);
		frame_free_phys(head);
		head = next;
	}
	frame_get_stats(&after);
	EXPECT_EQ(after.free, before.free);
	/* Coalescing put every block back together: the same free blocks of every order. */
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++)
		EXPECT_EQ(after.free_blocks[k], before.free_blocks[k]);
	EXPECT(after.free_blocks[BUDDY_MAX_ORDER] > 0 || after.total < (1u << BUDDY_MAX_ORDER) * 2);
}

SELFTEST(frame_blocks_are_aligned_and_zeroed)
{
	struct frame_stats before, after;
	frame_get_stats(&before);
	struct page *dirty = frame_alloc_order(3, 0);
	EXPECT(dirty != NULL);
	memset(page_address(dirty), 0xa5, 8 * PAGE_SIZE);
	frame_free_order(dirty, 3);
	struct page *z = frame_alloc_order(3, FRAME_ZERO);
	EXPECT(z != NULL);
	EXPECT_EQ(page_to_phys(z) & (8 * PAGE_SIZE - 1), 0);
	const uint8_t *b = page_address(z);
	int nonzero = 0;
	for (size_t i = 0; i < 8 * PAGE_SIZE; i++)
		nonzero += b[i] != 0;
	EXPECT_EQ(nonzero, 0);
	frame_free_order(z, 3);
	frame_get_stats(&after);
	EXPECT_EQ(after.free, before.free);
}

SELFTEST(frame_reference_counts)
{
	struct frame_stats before, after;
	frame_get_stats(&before);
	struct page *p = frame_alloc(0);
	EXPECT_EQ(p->refcount, 1);
	frame_get(p);
	frame_get(p);
	EXPECT_EQ(p->refcount, 3);
	frame_put(p);
	frame_put(p);
	frame_get_stats(&after);
	EXPECT_EQ(after.free, before.free - 1);         /* one holder left */
	frame_put(p);
	frame_get_stats(&after);
	EXPECT_EQ(after.free, before.free);
}

SELFTEST(frame_accounting_matches_memory_map)
{
	struct frame_stats s;
	frame_get_stats(&s);
	/* Every usable frame is either managed or holds the kernel, the boot info or a module. */
	EXPECT_EQ(s.usable - s.total, held_frames());
	EXPECT(s.free + s.early <= s.total);
	EXPECT(s.early >= s.mem_map_frames);
	/* The usable frames are those of the memory map (all of them without mem=). */
	uint64_t map_frames = 0;
	for (size_t i = 0; i < boot_info.nregions; i++) {
		const struct boot_region *r = &boot_info.regions[i];
		if (r->type != MEM_USABLE)
			continue;
		uint64_t s0 = PAGE_ALIGN_UP(r->base), e0 = PAGE_ALIGN_DOWN(r->base + r->length);
		if (s0 < PAGE_SIZE)
			s0 = PAGE_SIZE;
		if (s.mem_limit && e0 > s.mem_limit)
			e0 = PAGE_ALIGN_DOWN(s.mem_limit);
		if (s0 < e0)
			map_frames += (e0 - s0) >> PAGE_SHIFT;
	}
	EXPECT_EQ(s.usable, map_frames);
}

SELFTEST(frame_mem_limit)
{
	struct frame_stats s;
	frame_get_stats(&s);
	uint64_t ram = boot_usable_bytes(&boot_info);
	if (s.mem_limit) {
		/* Booted with mem=: nothing at or above the limit is used. */
		EXPECT(s.total * PAGE_SIZE <= s.mem_limit);
		EXPECT(frame_ram_end() <= s.mem_limit);
		EXPECT(s.total * PAGE_SIZE > s.mem_limit - (4u << 20));
		EXPECT(ram > s.mem_limit);      /* the machine has more than we use */
	} else {
		EXPECT(s.total * PAGE_SIZE > ram - (2u << 20));
	}
}
