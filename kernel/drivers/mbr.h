/*
 * The MBR partition table (the "DOS" table Linux's block/partitions/msdos.c reads): the
 * first sector of a disk ends with four 16-byte entries at byte 446 and the signature
 * 0x55 0xAA. Each entry gives a type and a range of sectors (LBA start, count). Pure
 * parsing, with no device behind it, so that the host tests and the fuzzer run it.
 */
#ifndef KERNEL_DRIVERS_MBR_H
#define KERNEL_DRIVERS_MBR_H

#include <stdbool.h>
#include <stdint.h>

#define MBR_SECTOR_SIZE 512
#define MBR_ENTRIES     4

/* Partition types that mean something here. */
#define MBR_TYPE_EXTENDED     0x05
#define MBR_TYPE_EXTENDED_LBA 0x0F
#define MBR_TYPE_LINUX_EXTENDED 0x85
#define MBR_TYPE_LINUX_SWAP   0x82
#define MBR_TYPE_GPT          0xEE

/* What became of one of the four entries. */
enum mbr_verdict {
	MBR_EMPTY,              /* no sectors: an unused slot */
	MBR_OK,                 /* a partition: start, nr_sectors */
	MBR_EXTENDED,           /* a container of logical partitions: not followed */
	MBR_BEYOND_EOD,         /* starts at or past the disk's end: ignored */
	MBR_EXTENDS_BEYOND_EOD, /* ends past the disk's end: ignored */
};

struct mbr_entry {
	enum mbr_verdict verdict;
	uint8_t type;
	bool bootable;
	uint64_t start;         /* first sector */
	uint64_t nr_sectors;
};

/*
 * Reads the table in the disk's first sector (MBR_SECTOR_SIZE bytes). Returns false when
 * there is none: no 0x55AA signature, or a boot flag other than 0x00/0x80 in an entry
 * (as Linux: such a sector is a file system's boot sector, not a table). Otherwise fills
 * the four entries, numbered 1..4 as partitions, checked against disk_sectors.
 */
bool mbr_parse(const uint8_t *sector, uint64_t disk_sectors, struct mbr_entry out[MBR_ENTRIES]);

#endif
