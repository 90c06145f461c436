/*
 * The header a swap area begins with, as Linux's mkswap writes it (union swap_header,
 * version 1 "SWAPSPACE2"): its first page says how many pages the area has and which are
 * bad, and ends with the signature. Parsing it needs no hardware, so it is tested on the
 * host and fuzzed.
 */
#ifndef MM_SWAP_HEADER_H
#define MM_SWAP_HEADER_H

#include <stdbool.h>
#include <stdint.h>

#define SWAP_HEADER_SIZE   4096
#define SWAP_MAGIC         "SWAPSPACE2"
#define SWAP_MAGIC_OFFSET  (SWAP_HEADER_SIZE - 10)
#define SWAP_VERSION_OFFSET 1024        /* after 1 KiB of "boot bits" (a disk label) */
#define SWAP_BADPAGES_OFFSET 1536       /* the list of bad pages, 32 bits each */
#define SWAP_MAX_BADPAGES ((SWAP_MAGIC_OFFSET - SWAP_BADPAGES_OFFSET) / 4)     /* 637 */

/* What a header says. Page 0 (the header itself) is never used for data. */
struct swap_header_info {
	uint64_t pages;                 /* the area's pages, header included: last_page + 1,
					 * clipped to the device and to what a PTE can name */
	uint32_t nr_badpages;
	const uint32_t *badpages;       /* into the header: page numbers, 1 <= n < pages */
	bool byte_swapped;              /* made on a machine of the other byte order */
	bool truncated;                 /* last_page reached past what we can use */
	uint8_t uuid[16];
	char label[17];                 /* NUL-terminated volume name */
};

/*
 * Checks the 4096-byte header `hdr` of an area of device_pages pages (0: unknown) whose
 * slots a PTE can name up to max_pages. Fills *info and returns NULL, or the reason it is
 * refused in Linux's words ("Unable to find swap-space signature", ...). The badpages
 * array is rewritten in place when the header is byte-swapped.
 */
const char *swap_header_parse(void *hdr, uint64_t device_pages, uint64_t max_pages,
			      struct swap_header_info *info);

/* Writes a version-1 header for an area of `pages` pages (mkswap's job), with no bad
 * pages, the given uuid (or zeros) and label (or none). */
void swap_header_make(void *hdr, uint64_t pages, const uint8_t uuid[16], const char *label);

#endif
