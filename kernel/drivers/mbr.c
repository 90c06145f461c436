#include "kernel/drivers/mbr.h"

#define MBR_TABLE_OFFSET 446
#define MBR_ENTRY_SIZE   16

/* Entry fields (the CHS addresses are not used: LBA is what every tool writes). */
#define E_BOOT   0
#define E_TYPE   4
#define E_START  8
#define E_SIZE   12

/* A little-endian 32-bit field, at any alignment. */
static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* True for the container types that hold logical partitions. */
static bool is_extended(uint8_t type)
{
	return type == MBR_TYPE_EXTENDED || type == MBR_TYPE_EXTENDED_LBA ||
	       type == MBR_TYPE_LINUX_EXTENDED;
}

bool mbr_parse(const uint8_t *sector, uint64_t disk_sectors, struct mbr_entry out[MBR_ENTRIES])
{
	if (sector[510] != 0x55 || sector[511] != 0xAA)
		return false;
	const uint8_t *table = sector + MBR_TABLE_OFFSET;
	for (int i = 0; i < MBR_ENTRIES; i++) {
		uint8_t boot = table[i * MBR_ENTRY_SIZE + E_BOOT];
		if (boot != 0 && boot != 0x80)
			return false;
	}
	for (int i = 0; i < MBR_ENTRIES; i++) {
		const uint8_t *e = table + i * MBR_ENTRY_SIZE;
		struct mbr_entry *p = &out[i];
		p->type = e[E_TYPE];
		p->bootable = e[E_BOOT] == 0x80;
		p->start = le32(e + E_START);
		p->nr_sectors = le32(e + E_SIZE);
		if (p->nr_sectors == 0)
			p->verdict = MBR_EMPTY;         /* Linux looks at the size only */
		else if (is_extended(p->type))
			p->verdict = MBR_EXTENDED;
		else if (p->start >= disk_sectors)
			p->verdict = MBR_BEYOND_EOD;
		else if (p->nr_sectors > disk_sectors - p->start)
			p->verdict = MBR_EXTENDS_BEYOND_EOD;
		else
			p->verdict = MBR_OK;
	}
	return true;
}
