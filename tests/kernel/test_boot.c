/* Self-tests of what boot set up: the boot information, the options, the symbol table. */
#include "kernel/ksyms.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/multiboot.h"
#include "kernel/selftest.h"

void kernel_main(uint32_t magic, uint32_t info_phys);

SELFTEST(boot_memory_map)
{
	EXPECT(boot_info.nregions > 0);
	/* QEMU runs these tests with at least 32 MiB; some of it is always reserved. */
	EXPECT(boot_usable_bytes(&boot_info) >= (16u << 20));
	EXPECT(strncmp(boot_info.bootloader, "GRUB", 4) == 0);
}

SELFTEST(boot_cmdline_seen)
{
	EXPECT(strstr(boot_info.cmdline, "selftest"));
}

SELFTEST(boot_ksyms_lookup)
{
	uint64_t off = 1, size = 0;
	const char *name = ksym_lookup((uint64_t)kernel_main + 3, &off, &size);
	EXPECT(name && strcmp(name, "kernel_main") == 0);
	EXPECT_EQ(off, 3);
	EXPECT(size > 3);
	EXPECT_EQ(ksym_address("kernel_main"), (uint64_t)kernel_main);
	EXPECT(ksym_lookup(0x1000, &off, &size) == NULL);
}

SELFTEST(boot_format_in_kernel)
{
	char buf[64];
	ksnprintf(buf, sizeof(buf), "%d|%5u|%-4x|%08lx|%s|%c|%%", -42, 7u, 0xabu, 0xdeadUL, "ok", 'z');
	EXPECT(strcmp(buf, "-42|    7|ab  |0000dead|ok|z|%") == 0);
}
