/* libFuzzer target: the swap header parser takes any first page, device size and limit;
 * what it accepts names no more pages than the device and the limit allow, and only bad
 * pages inside the area. */
#include "kernel/lib/string.c"
#include "mm/swap_header.c"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t hdr[SWAP_HEADER_SIZE];
	uint32_t device_pages, max_pages;
	if (size < 8)
		return 0;
	memcpy(&device_pages, data, 4);
	memcpy(&max_pages, data + 4, 4);
	if (max_pages == 0)
		return 0;
	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, data + 8, size - 8 < sizeof(hdr) ? size - 8 : sizeof(hdr));
	struct swap_header_info info;
	if (swap_header_parse(hdr, device_pages, max_pages, &info))
		return 0;
	if (info.pages < 2 || info.pages > max_pages || (device_pages && info.pages > device_pages) ||
	    info.nr_badpages > SWAP_MAX_BADPAGES)
		__builtin_trap();
	for (uint32_t i = 0; i < info.nr_badpages; i++)
		if (info.badpages[i] == 0)
			__builtin_trap();
	return 0;
}
