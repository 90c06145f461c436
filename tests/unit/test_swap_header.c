/* The swap header parser (mm/swap_header.c) on headers as mkswap writes them, and broken. */
#include "tests/unit/unit.h"
#include "kernel/lib/string.h"
#include "mm/swap_header.c"

#include <stdlib.h>

static uint8_t hdr[SWAP_HEADER_SIZE];

static void put(unsigned off, uint32_t v)
{
	memcpy(hdr + off, &v, 4);
}

TEST(made_header_parses)
{
	const uint8_t uuid[16] = { 1, 2, 3 };
	swap_header_make(hdr, 1000, uuid, "swap0");
	struct swap_header_info info;
	CHECK(swap_header_parse(hdr, 1000, 1ULL << 50, &info) == NULL);
	CHECK_EQ(info.pages, 1000);
	CHECK_EQ(info.nr_badpages, 0);
	CHECK_STR(info.label, "swap0");
	CHECK_EQ(info.uuid[2], 3);
	CHECK(!info.byte_swapped);
}

TEST(refusals_in_linux_words)
{
	struct swap_header_info info;
	swap_header_make(hdr, 1000, NULL, NULL);
	hdr[SWAP_MAGIC_OFFSET] = 'X';
	CHECK_STR(swap_header_parse(hdr, 0, 1ULL << 50, &info), "Unable to find swap-space signature");
	swap_header_make(hdr, 1000, NULL, NULL);
	put(SWAP_VERSION_OFFSET, 2);
	CHECK_STR(swap_header_parse(hdr, 0, 1ULL << 50, &info), "Unable to handle swap header version");
	swap_header_make(hdr, 1, NULL, NULL);           /* last_page 0 */
	CHECK_STR(swap_header_parse(hdr, 0, 1ULL << 50, &info), "Empty swap-file");
	swap_header_make(hdr, 1000, NULL, NULL);
	CHECK_STR(swap_header_parse(hdr, 999, 1ULL << 50, &info),
		  "Swap area shorter than signature indicates");
	put(SWAP_VERSION_OFFSET + 8, SWAP_MAX_BADPAGES + 1);
	CHECK(swap_header_parse(hdr, 1000, 1ULL << 50, &info) != NULL);
	put(SWAP_VERSION_OFFSET + 8, 1);
	put(SWAP_BADPAGES_OFFSET, 1000);                /* past last_page 999 */
	CHECK(swap_header_parse(hdr, 1000, 1ULL << 50, &info) != NULL);
	put(SWAP_BADPAGES_OFFSET, 0);                   /* the header itself */
	CHECK(swap_header_parse(hdr, 1000, 1ULL << 50, &info) != NULL);
}

TEST(bad_pages_and_truncation)
{
	struct swap_header_info info;
	swap_header_make(hdr, 1000, NULL, NULL);
	put(SWAP_VERSION_OFFSET + 8, 2);
	put(SWAP_BADPAGES_OFFSET, 5);
	put(SWAP_BADPAGES_OFFSET + 4, 999);
	CHECK(swap_header_parse(hdr, 1000, 1ULL << 50, &info) == NULL);
	CHECK_EQ(info.nr_badpages, 2);
	CHECK_EQ(info.badpages[1], 999);
	CHECK(swap_header_parse(hdr, 0, 500, &info) == NULL);
	CHECK_EQ(info.pages, 500);
	CHECK(info.truncated);
}

TEST(other_byte_order)
{
	struct swap_header_info info;
	swap_header_make(hdr, 0x1000, NULL, NULL);
	put(SWAP_VERSION_OFFSET, 0x01000000);           /* 1, big-endian */
	put(SWAP_VERSION_OFFSET + 4, 0xff0f0000);       /* 0xfff */
	put(SWAP_VERSION_OFFSET + 8, 0x01000000);
	put(SWAP_BADPAGES_OFFSET, 0x07000000);
	CHECK(swap_header_parse(hdr, 0, 1ULL << 50, &info) == NULL);
	CHECK(info.byte_swapped);
	CHECK_EQ(info.pages, 0x1000);
	CHECK_EQ(info.badpages[0], 7);
}
