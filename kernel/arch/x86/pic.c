#include "kernel/arch/x86/pic.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"

#include <stdint.h>

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1

#define ICW1_INIT_ICW4 0x11
#define ICW4_8086      0x01
#define OCW2_EOI       0x20
#define OCW3_READ_ISR  0x0B
#define CASCADE_IRQ    2
#define ELCR1          0x4D0    /* edge/level control of lines 0-7 (PIIX/ICH) */
#define ELCR2          0x4D1    /* ... and 8-15 */

static uint16_t mask = 0xFFFF;

static void write_mask(void)
{
	outb(PIC1_DATA, mask & 0xFF);
	outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, T_IRQ_BASE);            /* ICW2: vector offsets */
	outb(PIC2_DATA, T_IRQ_BASE + 8);
	outb(PIC1_DATA, 1 << CASCADE_IRQ);      /* ICW3: slave on line 2 */
	outb(PIC2_DATA, CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	mask = 0xFFFF & ~(1u << CASCADE_IRQ);
	write_mask();
}

void pic_unmask(int irq)
{
	mask &= (uint16_t)~(1u << irq);
	write_mask();
}

void pic_mask(int irq)
{
	mask |= (uint16_t)(1u << irq);
	write_mask();
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

void pic_set_level_triggered(int irq)
{
	uint16_t port = irq < 8 ? ELCR1 : ELCR2;
	outb(port, (uint8_t)(inb(port) | (1u << (irq & 7))));
}

static uint8_t read_isr(uint16_t cmd_port)
{
	outb(cmd_port, OCW3_READ_ISR);
	return inb(cmd_port);
}

bool pic_is_spurious(int irq)
{
	if (irq == 7)
		return !(read_isr(PIC1_CMD) & 0x80);
	if (irq == 15 && !(read_isr(PIC2_CMD) & 0x80)) {
		outb(PIC1_CMD, OCW2_EOI);       /* the master did see the cascade line */
		return true;
	}
	return false;
}
