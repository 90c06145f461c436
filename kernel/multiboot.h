/*
 * What GRUB tells us at boot (the multiboot2 information), parsed into one structure that
 * later stages read: the physical memory map, the command line and the boot modules.
 */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289

/* Memory-map region types, as multiboot2 (and the BIOS E820 call) number them. */
enum {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIMABLE = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
};

/* Limits on what we keep; the information GRUB gives is far smaller in practice. */
#define BOOT_MAX_REGIONS  128
#define BOOT_MAX_MODULES  16
#define BOOT_CMDLINE_MAX  1024
#define BOOT_NAME_MAX     128

struct boot_region {
	uint64_t base;
	uint64_t length;
	uint32_t type;
};

struct boot_module {
	uint64_t start;                 /* physical, inclusive */
	uint64_t end;                   /* physical, exclusive */
	char name[BOOT_NAME_MAX];       /* the string after the module's path in grub.cfg */
	bool released;                  /* its frames went back to the allocator */
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];
	char bootloader[BOOT_NAME_MAX];
	struct boot_region regions[BOOT_MAX_REGIONS];
	size_t nregions;
	struct boot_module modules[BOOT_MAX_MODULES];
	size_t nmodules;
	uint64_t info_start, info_end;  /* physical range of the information itself */
};

/*
 * Parses the multiboot2 information at physical address info (which must be reachable
 * through boot_virt) into *bi. Unknown tags are skipped. Returns NULL on success or a
 * message describing what is malformed.
 */
const char *multiboot_parse(uint32_t magic, const void *info, uint64_t info_phys,
			    struct boot_info *bi);

/* The boot information of this boot, filled by main.c. */
extern struct boot_info boot_info;

/* Total bytes of usable RAM in the memory map. */
uint64_t boot_usable_bytes(const struct boot_info *bi);

#endif
