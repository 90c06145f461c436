#include "kernel/drivers/pci.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/lib/format.h"
#include "kernel/printk.h"
#include "mm/kernel_map.h"
#include "mm/kmalloc.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA    0xCFC
#define PCI_SLOTS          32
#define PCI_FUNCS          8
#define PCI_CLASS_BRIDGE_PCI 0x0604
/* Capability lists are at most 48 entries long (the 192 bytes after the header, 4 bytes
 * each): a walk longer than that is a loop in a broken list. */
#define PCI_CAP_MAX        48

static struct pci_dev *devices;
static struct pci_dev **devices_tail = &devices;

/* The value for port 0xCF8 that selects a dword of a function's configuration space. */
static uint32_t config_address(uint8_t bus, uint8_t slot, uint8_t func, uint16_t off)
{
	return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 | (uint32_t)func << 8 |
	       (off & 0xFC);
}

/* Reads a dword of (bus, slot, func)'s configuration space, found or not (0xFFFFFFFF: none). */
static uint32_t raw_read32(uint8_t bus, uint8_t slot, uint8_t func, uint16_t off)
{
	outl(PCI_CONFIG_ADDRESS, config_address(bus, slot, func, off));
	return inl(PCI_CONFIG_DATA);
}

uint32_t pci_read32(const struct pci_dev *d, uint16_t off)
{
	return raw_read32(d->bus, d->slot, d->func, off);
}

/* Narrower reads take their bytes out of the aligned dword that holds them. */
uint16_t pci_read16(const struct pci_dev *d, uint16_t off)
{
	return (uint16_t)(pci_read32(d, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(const struct pci_dev *d, uint16_t off)
{
	return (uint8_t)(pci_read32(d, off) >> ((off & 3) * 8));
}

void pci_write32(const struct pci_dev *d, uint16_t off, uint32_t v)
{
	outl(PCI_CONFIG_ADDRESS, config_address(d->bus, d->slot, d->func, off));
	outl(PCI_CONFIG_DATA, v);
}

/* A 16-bit write at its own place in the data window: writing the whole dword would also
 * write the register next to it (the status register's error bits clear when written). */
void pci_write16(const struct pci_dev *d, uint16_t off, uint16_t v)
{
	outl(PCI_CONFIG_ADDRESS, config_address(d->bus, d->slot, d->func, off));
	outw((uint16_t)(PCI_CONFIG_DATA + (off & 2)), v);
}

uint8_t pci_find_capability(const struct pci_dev *d, uint8_t id, uint8_t from)
{
	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	uint8_t pos = from ? pci_read8(d, from + 1) : pci_read8(d, PCI_CAP_PTR);
	for (int n = 0; n < PCI_CAP_MAX && pos >= 0x40; n++) {
		pos &= 0xFC;
		if (pci_read8(d, pos) == id)
			return pos;
		pos = pci_read8(d, pos + 1);
	}
	return 0;
}

/*
 * Sizes BAR n the standard way: write all ones, read back which address bits the device
 * lets us set (the low ones it hardwires to 0 give the size), and put the old value back.
 * Decoding is off meanwhile, so the device never answers at the all-ones address.
 * Returns the number of BAR slots used (2 for a 64-bit memory BAR).
 */
static int read_bar(struct pci_dev *d, int n)
{
	struct pci_bar *bar = &d->bar[n];
	uint16_t off = PCI_BAR0 + 4 * n;
	uint32_t lo = pci_read32(d, off);
	pci_write32(d, off, 0xFFFFFFFF);
	uint32_t lo_mask = pci_read32(d, off);
	pci_write32(d, off, lo);
	if (lo & 1) {                                   /* I/O ports */
		uint32_t m = lo_mask & ~3u;
		bar->io = true;
		bar->addr = lo & ~3u;
		bar->size = m ? (~m & 0xFFFF) + 1 : 0;
		return 1;
	}
	if ((lo_mask & ~0xFu) == 0)
		return 1;                               /* not implemented */
	bar->prefetch = lo & 8;
	uint64_t addr = lo & ~0xFull, mask = lo_mask & ~0xFull;
	int used = 1;
	if (((lo >> 1) & 3) == 2 && n + 1 < PCI_NUM_BARS) {     /* 64-bit */
		uint32_t hi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, 0xFFFFFFFF);
		uint32_t hi_mask = pci_read32(d, off + 4);
		pci_write32(d, off + 4, hi);
		bar->is64 = true;
		addr |= (uint64_t)hi << 32;
		mask |= (uint64_t)hi_mask << 32;
		used = 2;
	} else {
		mask |= 0xFFFFFFFF00000000ull;          /* a 32-bit BAR's size from its 32 bits */
	}
	bar->addr = addr;
	bar->size = mask ? ~mask + 1 : 0;
	return used;
}

/* Logs BAR n as Linux does ("reg 0x20: [mem 0xfe000000-0xfe003fff 64bit pref]"), if any. */
static void log_bar(const struct pci_dev *d, int n)
{
	const struct pci_bar *b = &d->bar[n];
	if (!b->size)
		return;
	printk("pci %s: reg 0x%x: [%s 0x%lx-0x%lx%s%s]\n", d->name, PCI_BAR0 + 4 * n,
	       b->io ? "io " : "mem", b->addr, b->addr + b->size - 1, b->is64 ? " 64bit" : "",
	       b->prefetch ? " pref" : "");
}

/* Sizes and records every BAR of d (6 for a device, 2 for a bridge), then logs them. */
static void read_bars(struct pci_dev *d)
{
	int nbars = (d->header_type & 0x7F) == 0 ? PCI_NUM_BARS : 2;   /* bridges have 2 */
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (int n = 0; n < nbars;)
		n += read_bar(d, n);
	pci_write16(d, PCI_COMMAND, cmd);
	for (int n = 0; n < nbars; n++)
		log_bar(d, n);
}

static void scan_bus(uint8_t bus, int depth);

/* Records function (bus, slot, func), and scans the bus behind it if it is a bridge. */
static void add_function(uint8_t bus, uint8_t slot, uint8_t func, uint32_t id, int depth)
{
	struct pci_dev *d = kzalloc(sizeof(*d));
	if (!d) {
		pr_err("pci: no memory for device %02x:%02x.%x\n", bus, slot, func);
		return;
	}
	d->bus = bus;
	d->slot = slot;
	d->func = func;
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	uint32_t class_rev = pci_read32(d, PCI_REVISION);
	d->revision = (uint8_t)class_rev;
	d->class_code = class_rev >> 8;
	d->header_type = pci_read8(d, PCI_HEADER_TYPE);
	d->irq_line = pci_read8(d, PCI_INTERRUPT_LINE);
	d->irq_pin = pci_read8(d, PCI_INTERRUPT_PIN);
	ksnprintf(d->name, sizeof(d->name), "0000:%02x:%02x.%x", bus, slot, func);
	printk("pci %s: [%04x:%04x] type %02x class 0x%06x\n", d->name, d->vendor, d->device,
	       d->header_type & 0x7F, d->class_code);
	read_bars(d);
	*devices_tail = d;
	devices_tail = &d->next;
	/* A bridge's secondary bus is numbered by the firmware; the depth bound stops a
	 * misconfigured loop of bridges. */
	if ((d->header_type & 0x7F) == 1 && (d->class_code >> 8) == PCI_CLASS_BRIDGE_PCI &&
	    depth < 8) {
		uint8_t secondary = pci_read8(d, PCI_SECONDARY_BUS);
		if (secondary > bus)
			scan_bus(secondary, depth + 1);
	}
}

/* Records every function on bus (and, through add_function, on the buses behind it). */
static void scan_bus(uint8_t bus, int depth)
{
	for (uint8_t slot = 0; slot < PCI_SLOTS; slot++) {
		uint32_t id = raw_read32(bus, slot, 0, PCI_VENDOR_ID);
		if ((id & 0xFFFF) == 0xFFFF)
			continue;                       /* nothing in this slot */
		uint8_t header = (uint8_t)(raw_read32(bus, slot, 0, PCI_HEADER_TYPE) >> 16);
		int nfuncs = (header & 0x80) ? PCI_FUNCS : 1;   /* multi-function device */
		for (uint8_t func = 0; func < nfuncs; func++) {
			if (func)
				id = raw_read32(bus, slot, func, PCI_VENDOR_ID);
			if ((id & 0xFFFF) != 0xFFFF)
				add_function(bus, slot, func, id, depth);
		}
	}
}

void pci_init(void)
{
	printk("PCI: probing hardware with configuration mechanism #1 (ports 0xcf8/0xcfc)\n");
	scan_bus(0, 0);
}

struct pci_dev *pci_find(uint16_t vendor, uint16_t device, struct pci_dev *from)
{
	for (struct pci_dev *d = from ? from->next : devices; d; d = d->next)
		if (d->vendor == vendor && d->device == device)
			return d;
	return NULL;
}

void pci_enable(struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	cmd &= (uint16_t)~PCI_COMMAND_INTX_DISABLE;
	pci_write16(d, PCI_COMMAND, cmd);
}

void *pci_map_bar(struct pci_dev *d, int n)
{
	if (n < 0 || n >= PCI_NUM_BARS)
		return NULL;
	struct pci_bar *b = &d->bar[n];
	if (b->io || !b->size || !b->addr)
		return NULL;
	if (!b->mapped)
		b->mapped = kernel_map_mmio(b->addr, b->size);
	return b->mapped;
}
