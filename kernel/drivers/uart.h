/* The 16550 UART on COM1: the kernel's console. */
#ifndef KERNEL_DRIVERS_UART_H
#define KERNEL_DRIVERS_UART_H

/* Programs COM1 for 115200 baud, 8 data bits, no parity, one stop bit. */
void uart_init(void);

/* Sends one byte, waiting until the transmitter can take it. */
void uart_putc(char c);

#endif
