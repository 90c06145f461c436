/* 16550 UARTs: COM1 is the kernel's console; COM2 carries a program's raw output (qrun). */
#ifndef KERNEL_DRIVERS_UART_H
#define KERNEL_DRIVERS_UART_H

#include <stdbool.h>

#define COM1 0x3F8
#define COM2 0x2F8

/* Programs a port for 115200 baud, 8 data bits, no parity, one stop bit. */
void uart_init_port(unsigned port);

/* Sets up COM1, the console. */
void uart_init(void);

/* Sends one byte, waiting until the transmitter can take it. */
void uart_putc_port(unsigned port, char c);
static inline void uart_putc(char c)
{
	uart_putc_port(COM1, c);
}

/* Asks COM1 to interrupt (IRQ 4) when a byte arrives. */
void uart_enable_receive_interrupt(void);

/* The next received byte of COM1, or -1 when none is waiting. */
int uart_getc(void);

#endif
