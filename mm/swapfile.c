/* Swap areas and their slots. */
#include "mm/swap.h"

/* No swap area can be enabled yet. */
uint64_t swap_total_pages(void)
{
	return 0;
}

uint64_t swap_free_pages(void)
{
	return 0;
}
