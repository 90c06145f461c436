/*
 * kernel_main: the order in which the kernel comes up, readable top to bottom.
 * boot/boot.S gets here in 64-bit mode on the boot stack, with interrupts off.
 */
#include "boot/layout.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/cpu_features.h"
#include "kernel/arch/x86/gdt.h"
#include "kernel/arch/x86/pic.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/drivers/uart.h"
#include "kernel/multiboot.h"
#include "kernel/options.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include "fs/procfs.h"
#include "fs/vfs.h"
#include "kernel/lib/string.h"
#include "kernel/time.h"
#include "kernel/arch/x86/fpu.h"
#include "kernel/arch/x86/syscall.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/drivers/qrun_serial.h"
#include "kernel/drivers/tty.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/virtio_blk.h"
#include "mm/commit.h"
#include "mm/frame.h"
#include "mm/kernel_map.h"
#include "mm/kstack.h"
#include "mm/vmscan.h"

/* The boot page tables map the first 1 GiB of physical memory at KERNEL_VMA. */
#define EARLY_MAPPED_PHYS (1ULL << 30)

static const char *region_type_name(uint32_t type)
{
	switch (type) {
	case MEM_USABLE: return "usable";
	case MEM_RESERVED: return "reserved";
	case MEM_ACPI_RECLAIMABLE: return "ACPI data";
	case MEM_ACPI_NVS: return "ACPI NVS";
	case MEM_BAD: return "bad RAM";
	default: return "unknown";
	}
}

static void print_memory_map(const struct boot_info *bi)
{
	printk("Physical memory map from %s:\n", bi->bootloader[0] ? bi->bootloader : "the boot loader");
	for (size_t i = 0; i < bi->nregions; i++) {
		const struct boot_region *r = &bi->regions[i];
		printk("  [%016lx-%016lx] %-9s %8lu KiB\n", r->base, r->base + r->length - 1,
		       region_type_name(r->type), r->length >> 10);
	}
}

static void print_memory_summary(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	printk("Memory: %lu KiB total, %lu KiB free (%lu KiB usable RAM%s; %lu KiB kernel image, "
	       "boot information and modules; %lu KiB mem_map)\n",
	       s.total * 4, s.free * 4, s.usable * 4, s.mem_limit ? " below mem=" : "",
	       (s.usable - s.total) * 4, s.mem_map_frames * 4);
}

/* Reads the multiboot2 information through the boot mapping; a bad one stops boot. */
static void read_boot_info(uint32_t magic, uint32_t info_phys)
{
	if (info_phys >= EARLY_MAPPED_PHYS)
		panic("multiboot2: information at %x is beyond the early mapping", info_phys);
	const void *info = (const void *)(KERNEL_VMA + info_phys);
	const char *err = multiboot_parse(magic, info, info_phys, &boot_info);
	if (err)
		panic("multiboot2: malformed boot information: %s", err);
}

/* Unpacks the ramdisk module into the file system, then frees the module's frames. */
static void load_initrd(void)
{
	for (size_t i = 0; i < boot_info.nmodules; i++) {
		struct boot_module *m = &boot_info.modules[i];
		if (strcmp(m->name, "initrd") != 0)
			continue;
		initrd_unpack(phys_to_virt(m->start), m->end - m->start);
		frame_release_boot_range(m->start, m->end);
		m->released = true;
		return;
	}
	pr_warn("initrd: no ramdisk module: the file system holds only /dev and /tmp\n");
}

/* The first program (option init=PATH), and its arguments. */
static char init_path[CMDLINE_TOKEN_MAX] = "/bin/init";

static const char *set_init(const char *value)
{
	if (!value || value[0] != '/')
		return "needs an absolute path, e.g. init=/bin/init";
	memcpy(init_path, value, strlen(value) + 1);
	return NULL;
}
KERNEL_OPTION("init", set_init);

void kernel_main(uint32_t magic, uint32_t info_phys)
{
	uart_init();
	kprintf("\nmmk: a small x86-64 kernel for learning how memory mapping works\n");
	kprintf("(serial console; in QEMU press Ctrl-A then X to quit)\n");

	gdt_init();
	idt_init();
	read_boot_info(magic, info_phys);
	printk("Command line: \"%s\"\n", boot_info.cmdline);
	kernel_options_apply(boot_info.cmdline);

	print_memory_map(&boot_info);

	/* Memory: the frames, then the kernel's own address space, then the heap. */
	cpu_features_init();
	frame_init_early(&boot_info);
	kernel_map_init();
	frame_init();
	commit_init();
	kstack_area_init();

	/* Processes: the CPU state they need, and the scheduler (the boot flow becomes the
	 * idle process). */
	fpu_init();
	syscall_init();
	sched_init();
	pic_init();
	timer_init();
	irq_enable();
	time_init();

	/* Files: the tree in RAM, filled from the ramdisk; the console as a terminal. */
	vfs_init();
	load_initrd();
	procfs_init();
	tty_init();
	qrun_serial_init();

	/* Devices on PCI: disks (virtio-blk), their partitions, /dev/vda... */
	pci_init();
	virtio_blk_init();
	print_memory_summary();

	if (selftest_requested())
		selftest_run();

	/* init's arguments: the words after "--" on the command line, as Linux gives them. */
	static char init_words[CMDLINE_TOKEN_MAX];
	char *argv[8] = { init_path };
	cmdline_init_args(boot_info.cmdline, init_words, sizeof(init_words), argv + 1, 6);
	proc_start_init(init_path, argv);
	reclaim_init();                 /* kswapd: after init, which is pid 1 */
	sched_idle();
}
