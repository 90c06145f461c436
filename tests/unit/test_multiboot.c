/* The multiboot2 information parser, on well-formed and malformed information. */
#include "tests/unit/unit.h"
#include "kernel/lib/format.c"
#include "kernel/multiboot.c"

#include <stdint.h>
#include <stdlib.h>

/* Builds multiboot2 information tag by tag into an 8-byte-aligned buffer. */
static uint64_t storage[512];
static uint8_t *info = (uint8_t *)storage;
static uint32_t len;

static void begin(void)
{
	memset(storage, 0, sizeof(storage));
	len = 8;
}

static void *tag(uint32_t type, uint32_t size)
{
	uint8_t *t = info + len;
	((uint32_t *)t)[0] = type;
	((uint32_t *)t)[1] = size;
	len += (size + 7) & ~7u;
	return t;
}

static void string_tag(uint32_t type, const char *s)
{
	char *t = tag(type, 8 + (uint32_t)strlen(s) + 1);
	strcpy(t + 8, s);
}

static void mmap_tag(int n, const uint64_t (*regions)[3])
{
	uint32_t *t = tag(6, 16 + 24 * n);
	t[2] = 24;
	t[3] = 0;
	uint8_t *e = (uint8_t *)(t + 4);
	for (int i = 0; i < n; i++, e += 24) {
		memcpy(e, &regions[i][0], 8);
		memcpy(e + 8, &regions[i][1], 8);
		uint32_t type = (uint32_t)regions[i][2];
		memcpy(e + 16, &type, 4);
	}
}

static void end(void)
{
	tag(0, 8);
	((uint32_t *)info)[0] = len;
}

static const uint64_t two_regions[2][3] = { { 0, 0x9fc00, 1 }, { 0x100000, 0x7ee0000, 1 } };

TEST(well_formed)
{
	begin();
	string_tag(1, "selftest=all loglevel=7");
	string_tag(2, "GRUB 2.06");
	tag(99, 20);                    /* unknown tag: skipped */
	uint32_t *m = tag(3, 16 + 7);
	m[2] = 0x200000;
	m[3] = 0x201000;
	strcpy((char *)(m + 4), "initrd");
	mmap_tag(2, two_regions);
	end();
	struct boot_info bi;
	CHECK(multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0x10000, &bi) == NULL);
	CHECK_STR(bi.cmdline, "selftest=all loglevel=7");
	CHECK_STR(bi.bootloader, "GRUB 2.06");
	CHECK_EQ(bi.nregions, 2);
	CHECK_EQ(bi.regions[1].base, 0x100000);
	CHECK_EQ(boot_usable_bytes(&bi), 0x9fc00 + 0x7ee0000);
	CHECK_EQ(bi.nmodules, 1);
	CHECK_EQ(bi.modules[0].start, 0x200000);
	CHECK_EQ(bi.modules[0].end, 0x201000);
	CHECK_STR(bi.modules[0].name, "initrd");
	CHECK_EQ(bi.info_start, 0x10000);
	CHECK_EQ(bi.info_end, 0x10000 + len);
}

TEST(bad_magic)
{
	begin();
	mmap_tag(2, two_regions);
	end();
	struct boot_info bi;
	const char *err = multiboot_parse(0x2BADB002, info, 0, &bi);
	CHECK(err && strstr(err, "bad magic 2badb002"));
}

TEST(missing_end_tag)
{
	begin();
	mmap_tag(2, two_regions);
	((uint32_t *)info)[0] = len;    /* no end tag */
	struct boot_info bi;
	const char *err = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0, &bi);
	CHECK(err && strstr(err, "no end tag"));
}

TEST(tag_size_past_the_end)
{
	begin();
	uint32_t *t = tag(1, 16);
	t[1] = 4000;                    /* claims more than the whole information */
	end();
	struct boot_info bi;
	const char *err = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0, &bi);
	CHECK(err && strstr(err, "tag at offset 8 has bad size 4000"));
	t[1] = 3;                       /* smaller than a tag header */
	err = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0, &bi);
	CHECK(err && strstr(err, "bad size 3"));
}

TEST(unterminated_cmdline)
{
	begin();
	char *t = tag(1, 8 + 4);
	memcpy(t + 8, "abcd", 4);       /* no terminating NUL inside the tag */
	mmap_tag(2, two_regions);
	end();
	struct boot_info bi;
	const char *err = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0, &bi);
	CHECK(err && strstr(err, "command line"));
}

TEST(implausible_total_size_and_no_memory_map)
{
	begin();
	end();
	struct boot_info bi;
	const char *err = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0, &bi);
	CHECK(err && strstr(err, "no memory map"));
	((uint32_t *)info)[0] = 4;
	err = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0, &bi);
	CHECK(err && strstr(err, "implausible"));
}

TEST(module_ending_before_start)
{
	begin();
	uint32_t *m = tag(3, 16 + 1);
	m[2] = 0x300000;
	m[3] = 0x200000;
	mmap_tag(2, two_regions);
	end();
	struct boot_info bi;
	const char *err = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, info, 0, &bi);
	CHECK(err && strstr(err, "before it starts"));
}
