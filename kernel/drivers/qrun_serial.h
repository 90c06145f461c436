/*
 * A program's standard streams on the host, for tools/qrun: COM2 and COM3 carry them to
 * QEMU, which passes them to qrun on the host.
 *
 *   /dev/ttyS1 (COM2): writes are the program's standard output, byte for byte; reads are
 *                      the host's standard input, which qrun sends escaped: 0xFF 0x00 is
 *                      the byte 0xFF, 0xFF 0x01 the end of the input (a read returns 0 from
 *                      then on, as at the end of a pipe). qrun sends nothing until the
 *                      kernel log says "qrun_serial: COM2 ready for stdin".
 *   /dev/ttyS2 (COM3): writes are the program's standard error.
 *
 * Without the port (a boot that is not qrun's) a read is at the end at once, and writes go
 * nowhere.
 */
#ifndef KERNEL_DRIVERS_QRUN_SERIAL_H
#define KERNEL_DRIVERS_QRUN_SERIAL_H

#include "fs/vfs.h"

/* Finds COM2 and COM3 and starts receiving COM2's input by interrupt (IRQ 3). */
void qrun_serial_init(void);

extern const struct chardev ttyS1_dev, ttyS2_dev;

#endif
