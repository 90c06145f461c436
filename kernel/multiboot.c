#include "kernel/multiboot.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"

#include <stdbool.h>

/* Tag types (multiboot2 specification, 3.6). */
enum {
	TAG_END = 0,
	TAG_CMDLINE = 1,
	TAG_BOOTLOADER = 2,
	TAG_MODULE = 3,
	TAG_MMAP = 6,
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_module {
	uint32_t type, size;
	uint32_t mod_start, mod_end;
	char string[];
};

struct mb2_mmap {
	uint32_t type, size;
	uint32_t entry_size, entry_version;
};

struct mb2_mmap_entry {
	uint64_t base, length;
	uint32_t type, reserved;
};

#define INFO_MAX_SIZE (1u << 20)   /* far more than any real information; a sanity bound */

struct boot_info boot_info;

static char error[128];

/* Formats an error message into a static buffer and returns it. */
static const char *fail(const char *fmt, uint64_t a, uint64_t b)
{
	ksnprintf(error, sizeof(error), fmt, a, b);
	return error;
}

/* Copies a string of a tag, bounded by the tag's end; false if it does not fit in out. */
static bool copy_string(char *out, size_t outsize, const char *s, size_t avail)
{
	size_t n = strnlen(s, avail);
	if (n == avail || n >= outsize)
		return false;
	memcpy(out, s, n + 1);
	return true;
}

static const char *parse_mmap(const struct mb2_mmap *m, struct boot_info *bi)
{
	if (m->size < sizeof(*m) || m->entry_size < sizeof(struct mb2_mmap_entry))
		return fail("memory map tag: bad entry size %lu", m->entry_size, 0);
	const uint8_t *p = (const uint8_t *)(m + 1);
	const uint8_t *end = (const uint8_t *)m + m->size;
	for (; p + m->entry_size <= end; p += m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		if (bi->nregions == BOOT_MAX_REGIONS)
			return fail("memory map has more than %lu regions", BOOT_MAX_REGIONS, 0);
		bi->regions[bi->nregions++] = (struct boot_region){ e->base, e->length, e->type };
	}
	return NULL;
}

static const char *parse_module(const struct mb2_module *m, struct boot_info *bi)
{
	if (m->size < sizeof(*m))
		return fail("module tag too short (%lu bytes)", m->size, 0);
	if (bi->nmodules == BOOT_MAX_MODULES)
		return fail("more than %lu boot modules", BOOT_MAX_MODULES, 0);
	if (m->mod_end < m->mod_start)
		return fail("module ends (%lx) before it starts (%lx)", m->mod_end, m->mod_start);
	struct boot_module *bm = &bi->modules[bi->nmodules++];
	bm->start = m->mod_start;
	bm->end = m->mod_end;
	if (!copy_string(bm->name, sizeof(bm->name), m->string, m->size - sizeof(*m)))
		return fail("module %lu: name too long or unterminated", bi->nmodules - 1, 0);
	return NULL;
}

static const char *parse_tag(const struct mb2_tag *tag, struct boot_info *bi)
{
	const char *s = (const char *)(tag + 1);
	size_t avail = tag->size - sizeof(*tag);
	switch (tag->type) {
	case TAG_CMDLINE:
		if (!copy_string(bi->cmdline, sizeof(bi->cmdline), s, avail))
			return fail("command line longer than %lu bytes or unterminated",
				    BOOT_CMDLINE_MAX - 1, 0);
		return NULL;
	case TAG_BOOTLOADER:
		if (!copy_string(bi->bootloader, sizeof(bi->bootloader), s, avail))
			return fail("boot loader name too long or unterminated", 0, 0);
		return NULL;
	case TAG_MODULE:
		return parse_module((const void *)tag, bi);
	case TAG_MMAP:
		return parse_mmap((const void *)tag, bi);
	default:
		return NULL;            /* a tag we do not need */
	}
}

const char *multiboot_parse(uint32_t magic, const void *info, uint64_t info_phys,
			    struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		return fail("bad magic %lx (expected %lx): not booted by a multiboot2 loader",
			    magic, MULTIBOOT2_BOOTLOADER_MAGIC);
	if ((uintptr_t)info & 7)
		return fail("information at %lx is not 8-byte aligned", info_phys, 0);
	uint32_t total = *(const uint32_t *)info;
	if (total < 16 || total > INFO_MAX_SIZE)
		return fail("information size %lu is implausible", total, 0);
	bi->info_start = info_phys;
	bi->info_end = info_phys + total;

	const uint8_t *base = info;
	for (uint32_t off = 8;;) {
		if (off + sizeof(struct mb2_tag) > total)
			return fail("no end tag within %lu bytes", total, 0);
		const struct mb2_tag *tag = (const void *)(base + off);
		if (tag->size < sizeof(*tag) || tag->size > total - off)
			return fail("tag at offset %lu has bad size %lu", off, tag->size);
		if (tag->type == TAG_END)
			break;
		const char *err = parse_tag(tag, bi);
		if (err)
			return err;
		off += (tag->size + 7) & ~7u;
	}
	if (bi->nregions == 0)
		return fail("no memory map", 0, 0);
	return NULL;
}

uint64_t boot_usable_bytes(const struct boot_info *bi)
{
	uint64_t total = 0;
	for (size_t i = 0; i < bi->nregions; i++)
		if (bi->regions[i].type == MEM_USABLE)
			total += bi->regions[i].length;
	return total;
}
