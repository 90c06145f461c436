#include "kernel/drivers/uart.h"
#include "kernel/arch/x86/cpu.h"

#define COM1        0x3F8
#define UART_DATA   0           /* transmit/receive buffer (DLAB=0), divisor low (DLAB=1) */
#define UART_IER    1           /* interrupt enable (DLAB=0), divisor high (DLAB=1) */
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5

#define LCR_8N1     0x03
#define LCR_DLAB    0x80
#define FCR_ENABLE_CLEAR 0x07   /* enable FIFOs and clear both */
#define MCR_DTR_RTS_OUT2 0x0B   /* OUT2 gates the UART's interrupt line to the PIC */
#define LSR_THR_EMPTY    0x20

#define BAUD_BASE   115200

void uart_init(void)
{
	unsigned divisor = BAUD_BASE / 115200;
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, divisor & 0xFF);
	outb(COM1 + UART_IER, divisor >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

void uart_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		cpu_relax();
	outb(COM1 + UART_DATA, (unsigned char)c);
}
