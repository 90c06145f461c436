/*
 * The console as a terminal: a line discipline over COM1 in canonical mode. Typed
 * characters are echoed and collected into a line; backspace and Ctrl-U edit it; Enter
 * makes it readable; Ctrl-D ends input; Ctrl-C interrupts the programs at the terminal.
 */
#ifndef KERNEL_DRIVERS_TTY_H
#define KERNEL_DRIVERS_TTY_H

#include "fs/vfs.h"

/* Starts receiving keyboard input from COM1 by interrupt. */
void tty_init(void);

/* One received character (the interrupt handler's, and tests'). */
void tty_input(char c);

/* The character devices: /dev/console and /dev/tty (the terminal), /dev/kmsg (writes go
 * to the kernel log). /dev/ttyS1 and /dev/ttyS2 are qrun_serial.h's. */
extern const struct chardev tty_console_dev, tty_tty_dev, kmsg_dev;

#endif
