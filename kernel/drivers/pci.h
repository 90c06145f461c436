/*
 * PCI: the devices on the machine's PCI buses, found through configuration space (the
 * legacy mechanism: an address written to port 0xCF8, the data at 0xCFC). Each function
 * found is logged as Linux does ("pci 0000:00:04.0: [1af4:1042] type 00 class 0x010000")
 * with its resources (BARs), and kept for drivers to find by vendor and device.
 */
#ifndef KERNEL_DRIVERS_PCI_H
#define KERNEL_DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_NUM_BARS 6

/* Configuration-space offsets (PCI Local Bus spec 3.0, 6.1). */
#define PCI_VENDOR_ID      0x00
#define PCI_DEVICE_ID      0x02
#define PCI_COMMAND        0x04
#define PCI_STATUS         0x06
#define PCI_REVISION       0x08
#define PCI_HEADER_TYPE    0x0E
#define PCI_BAR0           0x10
#define PCI_SUBSYSTEM_ID   0x2E
#define PCI_CAP_PTR        0x34
#define PCI_INTERRUPT_LINE 0x3C
#define PCI_INTERRUPT_PIN  0x3D
#define PCI_SECONDARY_BUS  0x19     /* bridges (header type 1) */

#define PCI_COMMAND_IO     0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_CAP_ID_VNDR    0x09     /* vendor-specific (virtio's structures) */

/* One base address register: a window of memory or I/O ports the device decodes. */
struct pci_bar {
	uint64_t addr;          /* 0: not implemented */
	uint64_t size;
	bool io;                /* I/O ports, not memory */
	bool is64;              /* a 64-bit memory BAR (it uses the next BAR's slot too) */
	bool prefetch;
	void *mapped;           /* the kernel mapping of a memory BAR, once pci_map_bar made it */
};

struct pci_dev {
	struct pci_dev *next;
	uint8_t bus, slot, func;
	uint16_t vendor, device;
	uint32_t class_code;    /* class, subclass, programming interface: 0x010000 */
	uint8_t revision;
	uint8_t header_type;
	uint8_t irq_line;       /* the PIC line the firmware routed INTx to (255: none) */
	uint8_t irq_pin;        /* 0: no INTx; 1..4: INTA..INTD */
	struct pci_bar bar[PCI_NUM_BARS];
	char name[16];          /* "0000:00:04.0" */
};

/* Finds every PCI function (bus 0, then behind each bridge) and logs it. Once, at boot. */
void pci_init(void);

/* The next device after `from` (NULL: the first) with this vendor and device id, or NULL. */
struct pci_dev *pci_find(uint16_t vendor, uint16_t device, struct pci_dev *from);

uint8_t pci_read8(const struct pci_dev *d, uint16_t off);
uint16_t pci_read16(const struct pci_dev *d, uint16_t off);
uint32_t pci_read32(const struct pci_dev *d, uint16_t off);
void pci_write16(const struct pci_dev *d, uint16_t off, uint16_t v);
void pci_write32(const struct pci_dev *d, uint16_t off, uint32_t v);

/* The offset of the first capability with this id at or after `from`'s successor (from
 * 0: the first one of the list), or 0 when there is none. */
uint8_t pci_find_capability(const struct pci_dev *d, uint8_t id, uint8_t from);

/* Lets the device decode its memory BARs and master the bus (DMA), with INTx enabled:
 * what Linux's pci_enable_device and pci_set_master do. */
void pci_enable(struct pci_dev *d);

/* The kernel address of memory BAR n (mapped uncached on first use), or NULL. */
void *pci_map_bar(struct pci_dev *d, int n);

#endif
