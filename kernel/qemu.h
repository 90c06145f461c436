/*
 * Leaving QEMU with a status: the isa-debug-exit device (-device isa-debug-exit,iobase=0xf4)
 * turns a write of v to its port into QEMU exiting with status (v << 1) | 1. On a machine
 * without the device the write does nothing and the caller goes on to halt.
 */
#ifndef KERNEL_QEMU_H
#define KERNEL_QEMU_H

#define QEMU_EXIT_PORT   0xf4
#define QEMU_EXIT_PASS   0x10   /* QEMU exits with 33 */
#define QEMU_EXIT_FAIL   0x11   /* 35 */
#define QEMU_EXIT_PANIC  0x12   /* 37 */

/* Asks QEMU to exit with status (code << 1) | 1; returns only without the device. */
void qemu_exit(unsigned code);

#endif
