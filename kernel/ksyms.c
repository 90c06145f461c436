#include "kernel/ksyms.h"
#include "kernel/lib/string.h"

#include <stddef.h>

struct ksym {
	uint64_t addr;
	const char *name;
};

/* Sorted by address; the last entry is the end of .text, with a NULL name. */
extern const struct ksym ksyms_table[];
extern const uint64_t ksyms_count;

const char *ksym_lookup(uint64_t addr, uint64_t *offset, uint64_t *size)
{
	if (ksyms_count < 2 || addr < ksyms_table[0].addr ||
	    addr >= ksyms_table[ksyms_count - 1].addr)
		return NULL;
	/* Find the last entry whose address is <= addr. */
	uint64_t lo = 0, hi = ksyms_count - 1;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (ksyms_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_table[lo].addr;
	*size = ksyms_table[lo + 1].addr - ksyms_table[lo].addr;
	return ksyms_table[lo].name;
}

uint64_t ksym_address(const char *name)
{
	for (uint64_t i = 0; i + 1 < ksyms_count; i++)
		if (strcmp(ksyms_table[i].name, name) == 0)
			return ksyms_table[i].addr;
	return 0;
}
