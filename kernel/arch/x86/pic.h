/* The two cascaded 8259A interrupt controllers, remapped to vectors 32-47. */
#ifndef KERNEL_ARCH_X86_PIC_H
#define KERNEL_ARCH_X86_PIC_H

#include <stdbool.h>

/* Remaps both PICs above the exception vectors and masks every line. */
void pic_init(void);
void pic_unmask(int irq);
void pic_mask(int irq);
/* Acknowledges line irq, so that it can interrupt again. */
void pic_eoi(int irq);
/* Makes line irq level-triggered in the chipset's edge/level control registers (ELCR,
 * ports 0x4D0/0x4D1), as PCI interrupts are: the line stays asserted until the device is
 * acknowledged, so it is shared safely and never lost. */
void pic_set_level_triggered(int irq);
/* True when an IRQ 7 or 15 was spurious (no line really asserted): it must not be EOI'd. */
bool pic_is_spurious(int irq);

#endif
