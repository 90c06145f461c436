#include "mm/kernel_map.h"
#include "kernel/multiboot.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/frame.h"
#include "mm/kstack.h"
#include "mm/phys.h"
#include "mm/pmap.h"

extern char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern char _data_start[], _kernel_end[];
extern char boot_stack_guard[], boot_stack_bottom[];

static void map_or_die(uintptr_t va, phys_addr_t pa, pte_t flags, bool large)
{
	int err = large ? pmap_map_large(&kernel_pmap, va, pa, flags)
			: pmap_map(&kernel_pmap, va, pa, flags);
	if (err)
		panic("kernel_map: cannot map %lx -> %lx (error %d)", va, pa, err);
}

/* Maps [start, end) of RAM into the direct map: 2 MiB pages where aligned, 4 KiB at the
 * edges, so that nothing but RAM is mapped. */
static void map_direct_range(phys_addr_t start, phys_addr_t end)
{
	const pte_t flags = PTE_W | PTE_NX;
	phys_addr_t pa = start;
	while (pa < end) {
		bool large = (pa & (LARGE_PAGE_SIZE - 1)) == 0 && end - pa >= LARGE_PAGE_SIZE;
		map_or_die(DIRECT_MAP_BASE + pa, pa, flags, large);
		pa += large ? LARGE_PAGE_SIZE : PAGE_SIZE;
	}
}

static void map_direct(const struct boot_info *bi)
{
	for (size_t i = 0; i < bi->nregions; i++) {
		const struct boot_region *r = &bi->regions[i];
		if (r->type != MEM_USABLE)
			continue;
		phys_addr_t s = PAGE_ALIGN_UP(r->base), e = PAGE_ALIGN_DOWN(r->base + r->length);
		if (e > DIRECT_MAP_SIZE)
			e = DIRECT_MAP_SIZE;
		if (s < e)
			map_direct_range(s, e);
	}
}

/* Maps kernel-image pages [start, end) with flags, except the boot stack's guard page. */
static void map_image_section(const char *start, const char *end, pte_t flags)
{
	for (uintptr_t va = (uintptr_t)start; va < (uintptr_t)end; va += PAGE_SIZE) {
		if (va == (uintptr_t)boot_stack_guard)
			continue;
		map_or_die(va, va - KERNEL_VMA, flags, false);
	}
}

static void map_image(void)
{
	map_image_section(_text_start, _text_end, 0);
	map_image_section(_rodata_start, _rodata_end, PTE_NX);
	map_image_section(_data_start, _kernel_end, PTE_W | PTE_NX);
}

void kernel_map_init(void)
{
	if (pmap_init_empty(&kernel_pmap))
		panic("kernel_map: no frame for the kernel's PML4");
	map_direct(&boot_info);
	map_image();
	/* The device area's PML4 entry exists from now on, so every address space created
	 * later shares the mappings drivers add. */
	if (!pmap_walk(&kernel_pmap, MMIO_AREA, true))
		panic("kernel_map: cannot create the device memory area");
	pmap_activate(&kernel_pmap);
	phys_offset = DIRECT_MAP_BASE;
}

static uint64_t mmio_next = MMIO_AREA;

void *kernel_map_mmio(uint64_t phys, uint64_t size)
{
	uint64_t first = PAGE_ALIGN_DOWN(phys);
	uint64_t pages = (PAGE_ALIGN_UP(phys + size) - first) >> PAGE_SHIFT;
	uint64_t room = (MMIO_AREA + MMIO_AREA_SIZE - mmio_next) >> PAGE_SHIFT;
	if (size == 0 || phys + size < phys || pages > room)
		return NULL;
	uintptr_t va = mmio_next;
	for (uint64_t i = 0; i < pages; i++) {
		if (pmap_map(&kernel_pmap, va + i * PAGE_SIZE, first + i * PAGE_SIZE,
			     PTE_W | PTE_NX | PTE_PCD | PTE_PWT) != 0) {
			/* The virtual range stays used (it is never handed out twice): only the
			 * pages are taken back. */
			for (uint64_t j = 0; j < i; j++)
				pmap_unmap(&kernel_pmap, va + j * PAGE_SIZE);
			mmio_next += pages * PAGE_SIZE;
			return NULL;
		}
	}
	mmio_next += pages * PAGE_SIZE;
	return (void *)(va + (phys - first));
}

const char *kernel_stack_guard_hit(uintptr_t addr)
{
	if (addr >= (uintptr_t)boot_stack_guard && addr < (uintptr_t)boot_stack_bottom)
		return "boot stack";
	if (kstack_guard_hit(addr))
		return "kernel stack of a process";
	return NULL;
}
