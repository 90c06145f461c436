#include "mm/swap_header.h"
#include "kernel/lib/string.h"

static uint32_t get32(const void *hdr, unsigned offset)
{
	uint32_t v;
	memcpy(&v, (const char *)hdr + offset, 4);
	return v;
}

static void put32(void *hdr, unsigned offset, uint32_t v)
{
	memcpy((char *)hdr + offset, &v, 4);
}

static uint32_t swab32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

/* The header made on the other byte order: rewrite its numbers in ours, as Linux does. */
static const char *unswap(void *hdr)
{
	for (unsigned off = SWAP_VERSION_OFFSET; off < SWAP_VERSION_OFFSET + 12; off += 4)
		put32(hdr, off, swab32(get32(hdr, off)));
	uint32_t nbad = get32(hdr, SWAP_VERSION_OFFSET + 8);
	if (nbad > SWAP_MAX_BADPAGES)
		return "Swap area has too many bad pages";
	for (uint32_t i = 0; i < nbad; i++)
		put32(hdr, SWAP_BADPAGES_OFFSET + 4 * i, swab32(get32(hdr, SWAP_BADPAGES_OFFSET + 4 * i)));
	return NULL;
}

const char *swap_header_parse(void *hdr, uint64_t device_pages, uint64_t max_pages,
			      struct swap_header_info *info)
{
	memset(info, 0, sizeof(*info));
	if (memcmp((char *)hdr + SWAP_MAGIC_OFFSET, SWAP_MAGIC, 10) != 0)
		return "Unable to find swap-space signature";
	if (swab32(get32(hdr, SWAP_VERSION_OFFSET)) == 1) {
		const char *err = unswap(hdr);
		if (err)
			return err;
		info->byte_swapped = true;
	}
	uint32_t version = get32(hdr, SWAP_VERSION_OFFSET);
	if (version != 1)
		return "Unable to handle swap header version";
	uint32_t last_page = get32(hdr, SWAP_VERSION_OFFSET + 4);
	if (last_page == 0)
		return "Empty swap-file";
	uint64_t pages = (uint64_t)last_page + 1;
	if (pages > max_pages) {
		pages = max_pages;              /* Linux: "Truncating oversized swap area" */
		info->truncated = true;
	}
	if (pages < 2)
		return "Empty swap-file";               /* nothing but the header fits */
	if (device_pages && pages > device_pages)
		return "Swap area shorter than signature indicates";
	info->nr_badpages = get32(hdr, SWAP_VERSION_OFFSET + 8);
	if (info->nr_badpages > SWAP_MAX_BADPAGES)
		return "Swap area has too many bad pages";
	info->badpages = (const uint32_t *)((char *)hdr + SWAP_BADPAGES_OFFSET);
	for (uint32_t i = 0; i < info->nr_badpages; i++) {
		uint32_t n = get32(hdr, SWAP_BADPAGES_OFFSET + 4 * i);
		if (n == 0 || n > last_page)
			return "Bad page number in the swap header";
	}
	info->pages = pages;
	memcpy(info->uuid, (char *)hdr + SWAP_VERSION_OFFSET + 12, 16);
	memcpy(info->label, (char *)hdr + SWAP_VERSION_OFFSET + 28, 16);
	info->label[16] = '\0';
	return NULL;
}

void swap_header_make(void *hdr, uint64_t pages, const uint8_t uuid[16], const char *label)
{
	memset(hdr, 0, SWAP_HEADER_SIZE);
	put32(hdr, SWAP_VERSION_OFFSET, 1);
	put32(hdr, SWAP_VERSION_OFFSET + 4, (uint32_t)(pages - 1));
	if (uuid)
		memcpy((char *)hdr + SWAP_VERSION_OFFSET + 12, uuid, 16);
	if (label)
		memcpy((char *)hdr + SWAP_VERSION_OFFSET + 28, label, strnlen(label, 16));
	memcpy((char *)hdr + SWAP_MAGIC_OFFSET, SWAP_MAGIC, 10);
}
