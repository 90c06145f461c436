/*
 * Self-tests of the kernel's address space and of pmap on the real MMU: section
 * permissions, the unmapped null page, NX, SMEP and SMAP, and map/protect/unmap round trips
 * observed both in the page-table entries and in what the CPU then allows.
 */
#include "kernel/arch/x86/cpu_features.h"
#include "kernel/arch/x86/extable.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/selftest.h"
#include "mm/frame.h"
#include "mm/kernel_map.h"
#include "mm/pmap.h"
#include "mm/tlb.h"
#include "tests/kernel/trap_expect.h"

void kernel_main(uint32_t magic, uint32_t info_phys);
extern char boot_stack_guard[], _rodata_start[];

#define USER_TEST_VA 0x400000UL

static uint64_t free_frames(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	return s.free;
}

SELFTEST(kmap_section_permissions)
{
	pte_t text = pmap_lookup(&kernel_pmap, (uintptr_t)kernel_main);
	EXPECT((text & PTE_P) && !(text & PTE_W) && !(text & PTE_NX));
	pte_t ro = pmap_lookup(&kernel_pmap, (uintptr_t)_rodata_start);
	EXPECT((ro & PTE_P) && !(ro & PTE_W) && (ro & PTE_NX));
	pte_t data = pmap_lookup(&kernel_pmap, (uintptr_t)&kernel_pmap);
	EXPECT((data & PTE_P) && (data & PTE_W) && (data & PTE_NX));
	EXPECT_EQ(pte_addr(data), virt_to_phys(&kernel_pmap) & PAGE_MASK);
	EXPECT_EQ(pmap_lookup(&kernel_pmap, (uintptr_t)boot_stack_guard), 0);
	EXPECT_EQ(pmap_lookup(&kernel_pmap, 0), 0);
	EXPECT_EQ(pmap_lookup(&kernel_pmap, 0x100000), 0);      /* the boot identity map is gone */
}

SELFTEST(kmap_direct_map)
{
	struct page *p = frame_alloc(0);
	phys_addr_t pa = page_to_phys(p);
	pte_t e = pmap_lookup(&kernel_pmap, DIRECT_MAP_BASE + pa);
	EXPECT((e & PTE_P) && (e & PTE_W) && (e & PTE_NX));
	uint64_t *v = page_address(p);
	*v = 0x5eed;
	EXPECT_EQ(*(uint64_t *)phys_to_virt(pa), 0x5eed);
	EXPECT_EQ(virt_to_phys(v), pa);
	frame_put(p);
	/* RAM at 2 MiB is mapped by a 2 MiB page on any machine with 8 MiB or more. */
	EXPECT(pmap_lookup(&kernel_pmap, DIRECT_MAP_BASE + (2u << 20)) & PTE_PS);
}

SELFTEST(kmap_write_to_text_faults)
{
	trap_expect_begin();
	int r = probe_write_u64((void *)kernel_main, 0);
	trap_expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(trap_seen.vector, T_PF);
	EXPECT_EQ(trap_seen.cr2, (uint64_t)kernel_main);
	EXPECT_EQ(trap_seen.error_code, PF_P | PF_W);    /* present, write, kernel */
}

SELFTEST(kmap_null_read_faults)
{
	uint64_t v;
	trap_expect_begin();
	int r = probe_read_u64(NULL, &v);
	trap_expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(trap_seen.vector, T_PF);
	EXPECT_EQ(trap_seen.cr2, 0);
	EXPECT_EQ(trap_seen.error_code, 0);      /* not present, read, kernel */
}

SELFTEST(kmap_data_is_not_executable)
{
	static uint8_t code[16] = { 0xc3 };     /* ret, in .data */
	trap_expect_begin();
	((void (*)(void))(uintptr_t)code)();
	trap_expect_end();
	EXPECT_EQ(trap_seen.vector, T_PF);
	EXPECT_EQ(trap_seen.cr2, (uint64_t)code);
	EXPECT_EQ(trap_seen.error_code, PF_P | PF_I);
}

/* A fresh address space with one user page at USER_TEST_VA holding a `ret`. */
static struct pmap user_pm;
static struct page *user_page;

static void user_space_begin(pte_t flags)
{
	EXPECT_EQ(pmap_create(&user_pm), 0);
	user_page = frame_alloc(FRAME_ZERO);
	*(uint8_t *)page_address(user_page) = 0xc3;
	EXPECT_EQ(pmap_map(&user_pm, USER_TEST_VA, page_to_phys(user_page), flags), 0);
	pmap_activate(&user_pm);
}

static void user_space_end(void)
{
	pmap_activate(&kernel_pmap);
	pmap_unmap(&user_pm, USER_TEST_VA);
	frame_put(user_page);
	pmap_destroy(&user_pm);
}

SELFTEST(kmap_user_roundtrip_map_protect_unmap)
{
	uint64_t before = free_frames();
	user_space_begin(PTE_U | PTE_W | PTE_NX);
	uint64_t v = 0;
	/* Mapped writable: the kernel may write inside a user-access window. */
	user_access_begin();
	EXPECT_EQ(probe_write_u64((void *)(USER_TEST_VA + 8), 0x1234), 0);
	EXPECT_EQ(probe_read_u64((void *)(USER_TEST_VA + 8), &v), 0);
	user_access_end();
	EXPECT_EQ(v, 0x1234);
	EXPECT_EQ(((uint64_t *)page_address(user_page))[1], 0x1234);
	pte_t e = pmap_lookup(&user_pm, USER_TEST_VA);
	EXPECT_EQ(pte_addr(e), page_to_phys(user_page));
	EXPECT((e & PTE_D) && (e & PTE_A));     /* the CPU marked it accessed and dirty */

	/* Read-only now: a write faults with P=1 W=1, and the A and D bits survive. */
	EXPECT(pmap_replace(&user_pm, USER_TEST_VA, e, (e & ~PTE_W) | PTE_NX));
	e = pmap_lookup(&user_pm, USER_TEST_VA);
	EXPECT(!(e & PTE_W) && (e & PTE_D));
	trap_expect_begin();
	user_access_begin();
	EXPECT_EQ(probe_write_u64((void *)USER_TEST_VA, 1), -1);
	user_access_end();
	trap_expect_end();
	EXPECT_EQ(trap_seen.error_code, PF_P | PF_W);

	/* Unmapped: a read faults with P=0, and the entry is gone. */
	EXPECT_EQ(pte_addr(pmap_unmap(&user_pm, USER_TEST_VA)), page_to_phys(user_page));
	trap_expect_begin();
	user_access_begin();
	EXPECT_EQ(probe_read_u64((void *)USER_TEST_VA, &v), -1);
	user_access_end();
	trap_expect_end();
	EXPECT_EQ(trap_seen.error_code, 0);
	EXPECT_EQ(pmap_lookup(&user_pm, USER_TEST_VA), 0);
	user_space_end();
	EXPECT_EQ(free_frames(), before);
}

SELFTEST(kmap_smap_blocks_kernel_access_to_user_pages)
{
	if (!cpu_features.smap)
		return;
	user_space_begin(PTE_U | PTE_W);
	uint64_t v;
	trap_expect_begin();
	int r = probe_read_u64((void *)USER_TEST_VA, &v);       /* no stac: refused */
	trap_expect_end();
	EXPECT_EQ(r, -1);
	EXPECT_EQ(trap_seen.vector, T_PF);
	EXPECT_EQ(trap_seen.error_code, PF_P);
	EXPECT_EQ(trap_seen.cr2, USER_TEST_VA);
	user_space_end();
}

SELFTEST(kmap_smep_blocks_kernel_execution_of_user_pages)
{
	if (!cpu_features.smep)
		return;
	user_space_begin(PTE_U);
	trap_expect_begin();
	((void (*)(void))USER_TEST_VA)();
	trap_expect_end();
	EXPECT_EQ(trap_seen.vector, T_PF);
	EXPECT_EQ(trap_seen.error_code, PF_P | PF_I);
	user_space_end();
}

SELFTEST(kmap_tables_freed_after_unmap)
{
	uint64_t before = free_frames();
	struct pmap pm;
	EXPECT_EQ(pmap_create(&pm), 0);
	struct page *p = frame_alloc(0);
	/* Three pages in three different PML4 slots: 3 PDPTs, 3 PDs, 3 PTs. */
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(pmap_map(&pm, (uintptr_t)(i + 1) << 39, page_to_phys(p), PTE_U), 0);
	EXPECT_EQ(free_frames(), before - 1 - 1 - 9);
	for (int i = 0; i < 3; i++)
		EXPECT(pmap_unmap(&pm, (uintptr_t)(i + 1) << 39) & PTE_P);
	EXPECT_EQ(free_frames(), before - 1 - 1);       /* the PML4 and the page remain */
	pmap_destroy(&pm);
	frame_put(p);
	EXPECT_EQ(free_frames(), before);
}

/* Device memory is mapped uncached (PCD, PWT), writable, never executable, in its own area,
 * at the same offset in the page as the physical address. */
SELFTEST(kmap_mmio_uncached)
{
	const uint64_t ioapic = 0xFEC00000;     /* the I/O APIC's registers: above any RAM here */
	uint8_t *va = kernel_map_mmio(ioapic + 0x10, 0x20);
	EXPECT(va != NULL);
	EXPECT((uintptr_t)va >= MMIO_AREA && (uintptr_t)va < MMIO_AREA + MMIO_AREA_SIZE);
	EXPECT_EQ((uintptr_t)va & (PAGE_SIZE - 1), 0x10);
	pte_t e = pmap_lookup(&kernel_pmap, (uintptr_t)va);
	EXPECT_EQ(pte_addr(e), ioapic);
	EXPECT((e & PTE_P) && (e & PTE_W) && (e & PTE_NX) && (e & PTE_PCD) && (e & PTE_PWT));
	EXPECT(!(e & PTE_U));
	uint8_t *two = kernel_map_mmio(ioapic + PAGE_SIZE - 8, 16);     /* spans two pages */
	EXPECT(two != NULL && (uintptr_t)two > (uintptr_t)va);
	EXPECT_EQ(pte_addr(pmap_lookup(&kernel_pmap, (uintptr_t)two + 8)), ioapic + PAGE_SIZE);
	EXPECT(kernel_map_mmio(ioapic, 0) == NULL);
	EXPECT(kernel_map_mmio(~0ULL - 10, 100) == NULL);
}
