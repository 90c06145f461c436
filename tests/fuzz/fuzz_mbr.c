/* libFuzzer target: the MBR reader takes any first sector and any disk size, and every
 * partition it accepts lies inside the disk and is not empty. */
#include "kernel/drivers/mbr.c"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t disk_sectors;
	if (size < sizeof(disk_sectors) + MBR_SECTOR_SIZE)
		return 0;
	memcpy(&disk_sectors, data, sizeof(disk_sectors));
	if (data[size - 1] & 1)
		disk_sectors &= 0xFFFFFFFFFFull;        /* sizes near the entries' range too */
	struct mbr_entry e[MBR_ENTRIES];
	if (!mbr_parse(data + sizeof(disk_sectors), disk_sectors, e))
		return 0;
	for (int i = 0; i < MBR_ENTRIES; i++) {
		if (e[i].verdict != MBR_OK)
			continue;
		if (e[i].nr_sectors == 0 || e[i].start >= disk_sectors ||
		    e[i].nr_sectors > disk_sectors - e[i].start)
			__builtin_trap();
	}
	return 0;
}
