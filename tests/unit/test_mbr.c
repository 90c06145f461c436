/* The MBR partition table reader: tables as sfdisk writes them, and the ways one is not a
 * table or lists what cannot be a partition (Linux's block/partitions/msdos.c as oracle). */
#include "tests/unit/unit.h"
#include "kernel/drivers/mbr.c"

static uint8_t sector[MBR_SECTOR_SIZE];

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A fresh table with the signature and no entries. */
static void blank(void)
{
	memset(sector, 0, sizeof(sector));
	sector[510] = 0x55;
	sector[511] = 0xAA;
}

static void entry(int i, uint8_t boot, uint8_t type, uint32_t start, uint32_t size)
{
	uint8_t *e = sector + 446 + 16 * i;
	e[0] = boot;
	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, size);
}

/* The table tools/mkdisk IMAGE 256M writes (sfdisk: start=2048, type=82), as bytes. */
TEST(sfdisk_swap_partition)
{
	struct mbr_entry e[MBR_ENTRIES];
	blank();
	sector[440] = 0x8e;                     /* the disk identifier: not ours to read */
	const uint8_t row[16] = { 0x00, 0x20, 0x21, 0x00, 0x82, 0x0f, 0xff, 0xff,
				  0x00, 0x08, 0x00, 0x00, 0x00, 0xf8, 0x07, 0x00 };
	memcpy(sector + 446, row, sizeof(row));
	CHECK(mbr_parse(sector, 524288, e));
	CHECK_EQ(e[0].verdict, MBR_OK);
	CHECK_EQ(e[0].type, MBR_TYPE_LINUX_SWAP);
	CHECK_EQ(e[0].start, 2048);
	CHECK_EQ(e[0].nr_sectors, 524288 - 2048);
	CHECK(!e[0].bootable);
	for (int i = 1; i < MBR_ENTRIES; i++)
		CHECK_EQ(e[i].verdict, MBR_EMPTY);
}

TEST(no_signature_no_table)
{
	struct mbr_entry e[MBR_ENTRIES];
	blank();
	entry(0, 0, 0x83, 2048, 100);
	sector[511] = 0;
	CHECK(!mbr_parse(sector, 1 << 20, e));
	blank();
	sector[510] = 0xAA;                     /* the bytes the other way round */
	sector[511] = 0x55;
	CHECK(!mbr_parse(sector, 1 << 20, e));
}

/* A FAT boot sector also ends in 55 AA; Linux tells it apart by the boot flags. */
TEST(bad_boot_flag_is_not_a_table)
{
	struct mbr_entry e[MBR_ENTRIES];
	blank();
	entry(0, 0x80, 0x83, 2048, 100);
	entry(2, 0x01, 0x83, 4096, 100);
	CHECK(!mbr_parse(sector, 1 << 20, e));
	blank();
	entry(3, 0x80, 0x83, 2048, 100);
	CHECK(mbr_parse(sector, 1 << 20, e));
	CHECK(e[3].bootable);
	CHECK_EQ(e[3].verdict, MBR_OK);
}

TEST(empty_table)
{
	struct mbr_entry e[MBR_ENTRIES];
	blank();
	entry(1, 0, 0x83, 2048, 0);             /* a type but no size: empty, as for Linux */
	CHECK(mbr_parse(sector, 1 << 20, e));
	for (int i = 0; i < MBR_ENTRIES; i++)
		CHECK_EQ(e[i].verdict, MBR_EMPTY);
}

TEST(extended_partitions_are_not_followed)
{
	struct mbr_entry e[MBR_ENTRIES];
	blank();
	entry(0, 0, 0x83, 2048, 2048);
	entry(1, 0, MBR_TYPE_EXTENDED, 4096, 8192);
	entry(2, 0, MBR_TYPE_EXTENDED_LBA, 12288, 100);
	entry(3, 0, MBR_TYPE_LINUX_EXTENDED, 20000, 100);
	CHECK(mbr_parse(sector, 1 << 20, e));
	CHECK_EQ(e[0].verdict, MBR_OK);
	CHECK_EQ(e[1].verdict, MBR_EXTENDED);
	CHECK_EQ(e[2].verdict, MBR_EXTENDED);
	CHECK_EQ(e[3].verdict, MBR_EXTENDED);
}

TEST(entries_past_the_end)
{
	struct mbr_entry e[MBR_ENTRIES];
	blank();
	entry(0, 0, 0x82, 2048, 8192 - 2048);   /* exactly to the end: fine */
	entry(1, 0, 0x83, 8192, 1);             /* starts at the end */
	entry(2, 0, 0x83, 4096, 4097);          /* one sector too long */
	entry(3, 0, 0x83, 0xFFFFFFFF, 0xFFFFFFFF);
	CHECK(mbr_parse(sector, 8192, e));
	CHECK_EQ(e[0].verdict, MBR_OK);
	CHECK_EQ(e[1].verdict, MBR_BEYOND_EOD);
	CHECK_EQ(e[2].verdict, MBR_EXTENDS_BEYOND_EOD);
	CHECK_EQ(e[3].verdict, MBR_BEYOND_EOD);
	/* The largest entry there is, on a disk big enough: no overflow anywhere. */
	CHECK(mbr_parse(sector, 1ULL << 33, e));
	CHECK_EQ(e[3].verdict, MBR_OK);
	CHECK_EQ(e[3].start + e[3].nr_sectors, 0x1FFFFFFFEULL);
}

TEST(a_disk_too_small_for_anything)
{
	struct mbr_entry e[MBR_ENTRIES];
	blank();
	entry(0, 0, 0x83, 0, 1);
	CHECK(mbr_parse(sector, 0, e));
	CHECK_EQ(e[0].verdict, MBR_BEYOND_EOD);
}
