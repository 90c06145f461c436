#include "kernel/arch/x86/extable.h"

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

/* The table is short and only searched on a fault, so a linear scan is enough. */
uint64_t extable_fixup(uint64_t ip)
{
	for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->fault_ip == ip)
			return e->fixup_ip;
	return 0;
}
