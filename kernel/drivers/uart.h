/* 16550 UARTs: COM1 is the kernel's console; COM2 and COM3 carry a program's standard
 * streams to tools/qrun (qrun_serial.h). */
#ifndef KERNEL_DRIVERS_UART_H
#define KERNEL_DRIVERS_UART_H

#include <stdbool.h>

#define COM1 0x3F8
#define COM2 0x2F8
#define COM3 0x3E8

/* Whether a UART answers at port (its scratch register keeps what is written): QEMU
 * has only the ports it was given a -serial for. */
bool uart_present(unsigned port);

/* Programs a port for 115200 baud, 8 data bits, no parity, one stop bit; with fifo, turns
 * its FIFOs on (16 bytes each way), which empties the receive side if they were off. */
void uart_init_port(unsigned port, bool fifo);

/* Sets up COM1, the console. */
void uart_init(void);

/* Sends one byte, waiting until the transmitter can take it. */
void uart_putc_port(unsigned port, char c);
static inline void uart_putc(char c)
{
	uart_putc_port(COM1, c);
}

/* Makes a port (with FIFOs on) interrupt when 14 bytes have come, or after a pause of four
 * characters' time, rather than at each byte: QEMU then passes input 14 bytes at a time. */
void uart_receive_in_bursts(unsigned port);

/* Asks a port to interrupt (COM1: IRQ 4, COM2: IRQ 3) when a byte arrives. */
void uart_enable_receive_interrupt_port(unsigned port);
static inline void uart_enable_receive_interrupt(void)
{
	uart_enable_receive_interrupt_port(COM1);
}

/* The next byte a port received, or -1 when none is waiting. */
int uart_getc_port(unsigned port);
static inline int uart_getc(void)
{
	return uart_getc_port(COM1);
}

#endif
