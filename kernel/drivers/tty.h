/*
 * The console as a terminal, as Linux's ttyS0: a line discipline over COM1 that termios
 * configures (canonical or raw, echo, the signal characters: tty.c, tty_ioctl.c), and job
 * control: the session it controls and its foreground process group, which Ctrl-C, Ctrl-\
 * and Ctrl-Z signal and which alone may read it (tty_job.c). kernel/drivers/tty_state.h
 * is what the three share.
 */
#ifndef KERNEL_DRIVERS_TTY_H
#define KERNEL_DRIVERS_TTY_H

#include "fs/vfs.h"

/* Starts receiving keyboard input from COM1 by interrupt. */
void tty_init(void);

/* One received character (the interrupt handler's, and tests'). */
void tty_input(char c);

/* The character devices: /dev/console and /dev/ttyS0 (the terminal), /dev/tty (the
 * caller's controlling terminal: the same one), /dev/kmsg (writes go to the kernel log).
 * /dev/ttyS1 and /dev/ttyS2 are qrun_serial.h's. */
extern const struct chardev tty_console_dev, tty_ttyS0_dev, tty_tty_dev, kmsg_dev;

struct proc;

/* What /proc/PID/stat says of p's controlling terminal, as Linux's do_task_stat: its device
 * number encoded as new_encode_dev (ttyS0, 4:64, is 1088) and its foreground process group
 * (0 when it has none); 0 and -1 when p has no controlling terminal. */
void tty_stat_fields(const struct proc *p, int *tty_nr, int *tpgid);

/* The last thread of process leader has exited: a session leader's session lets its
 * controlling terminal go, and the foreground group gets SIGHUP (tty_job.c). */
void tty_process_exit(struct proc *leader);

#endif
