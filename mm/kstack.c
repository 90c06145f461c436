#include "mm/kstack.h"
#include "kernel/panic.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/pmap.h"

#define KSTACK_AREA_SIZE (1ULL << 39)           /* one PML4 slot: 512 GiB of slots */

/* Slots freed by exited processes, reused before new ones. */
struct free_slot {
	struct free_slot *next;
	uint64_t index;
};
static struct free_slot *free_slots;
static uint64_t next_slot;

void kstack_area_init(void)
{
	/* Creating the tables of the first slot creates the area's PML4 entry, which every
	 * address space copies; the entry is never removed. */
	if (!pmap_walk(&kernel_pmap, KSTACK_AREA, true))
		panic("kstack: cannot create the kernel stack area");
}

static uintptr_t slot_base(uint64_t index)
{
	return KSTACK_AREA + index * KSTACK_SLOT + PAGE_SIZE;   /* above the guard */
}

/* Puts a slot back for reuse (if there is no memory to remember it, the slot is lost, not
 * the memory). */
static void release_slot(uint64_t index)
{
	struct free_slot *s = kmalloc(sizeof(*s));
	if (!s)
		return;
	s->index = index;
	s->next = free_slots;
	free_slots = s;
}

static void unmap_stack(uintptr_t base, int pages)
{
	for (int i = 0; i < pages; i++) {
		pte_t old = pmap_unmap(&kernel_pmap, base + (uintptr_t)i * PAGE_SIZE);
		frame_free_phys(pte_addr(old));
	}
}

uintptr_t kstack_alloc(void)
{
	uint64_t index;
	if (free_slots) {
		struct free_slot *s = free_slots;
		free_slots = s->next;
		index = s->index;
		kfree(s);
	} else {
		if ((next_slot + 1) * KSTACK_SLOT > KSTACK_AREA_SIZE)
			return 0;
		index = next_slot++;
	}
	uintptr_t base = slot_base(index);
	for (int i = 0; i < KSTACK_PAGES; i++) {
		phys_addr_t pa = frame_alloc_phys(0);
		if (!pa || pmap_map(&kernel_pmap, base + (uintptr_t)i * PAGE_SIZE, pa,
				    PTE_W | PTE_NX) != 0) {
			if (pa)
				frame_free_phys(pa);
			unmap_stack(base, i);
			release_slot(index);
			return 0;
		}
	}
	return base;
}

void kstack_free(uintptr_t base)
{
	unmap_stack(base, KSTACK_PAGES);
	release_slot((base - KSTACK_AREA) / KSTACK_SLOT);
}

int kstack_guard_hit(uintptr_t addr)
{
	if (addr < KSTACK_AREA || addr >= KSTACK_AREA + next_slot * KSTACK_SLOT)
		return 0;
	return (addr - KSTACK_AREA) % KSTACK_SLOT < PAGE_SIZE;
}
