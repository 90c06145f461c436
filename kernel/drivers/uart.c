#include "kernel/drivers/uart.h"
#include "kernel/arch/x86/cpu.h"

#define UART_DATA   0           /* transmit/receive buffer (DLAB=0), divisor low (DLAB=1) */
#define UART_IER    1           /* interrupt enable (DLAB=0), divisor high (DLAB=1) */
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define UART_SCR    7           /* scratch: no meaning to the UART */

#define LCR_8N1     0x03
#define LCR_DLAB    0x80
#define FCR_ENABLE_CLEAR_TX 0x05 /* enable FIFOs, clear the transmit one: keep typed-ahead input */
#define FCR_ENABLE_TRIGGER_14 0xC1 /* FIFOs on, receive interrupt at 14 bytes (or a pause) */
#define MCR_DTR_RTS_OUT2 0x0B   /* OUT2 gates the UART's interrupt line to the PIC */
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20
#define IER_RX_AVAILABLE 0x01

#define BAUD_BASE   115200

bool uart_present(unsigned port)
{
	outb((uint16_t)(port + UART_SCR), 0x5A);
	if (inb((uint16_t)(port + UART_SCR)) != 0x5A)
		return false;
	outb((uint16_t)(port + UART_SCR), 0xA5);
	return inb((uint16_t)(port + UART_SCR)) == 0xA5;
}

void uart_init_port(unsigned port, bool fifo)
{
	unsigned divisor = BAUD_BASE / 115200;
	outb((uint16_t)(port + UART_IER), 0);
	outb((uint16_t)(port + UART_LCR), LCR_DLAB);
	outb((uint16_t)(port + UART_DATA), divisor & 0xFF);
	outb((uint16_t)(port + UART_IER), (uint8_t)(divisor >> 8));
	outb((uint16_t)(port + UART_LCR), LCR_8N1);
	if (fifo)
		outb((uint16_t)(port + UART_FCR), FCR_ENABLE_CLEAR_TX);
	outb((uint16_t)(port + UART_MCR), MCR_DTR_RTS_OUT2);
}

void uart_init(void)
{
	uart_init_port(COM1, true);
}

void uart_putc_port(unsigned port, char c)
{
	while (!(inb((uint16_t)(port + UART_LSR)) & LSR_THR_EMPTY))
		cpu_relax();
	outb((uint16_t)(port + UART_DATA), (unsigned char)c);
}

void uart_receive_in_bursts(unsigned port)
{
	outb((uint16_t)(port + UART_FCR), FCR_ENABLE_TRIGGER_14);
}

void uart_enable_receive_interrupt_port(unsigned port)
{
	outb((uint16_t)(port + UART_IER), IER_RX_AVAILABLE);
}

int uart_getc_port(unsigned port)
{
	if (!(inb((uint16_t)(port + UART_LSR)) & LSR_DATA_READY))
		return -1;
	return inb((uint16_t)(port + UART_DATA));
}
