/*
 * The console's terminal as its three parts share it: the line discipline (tty.c: input,
 * echo, read, write), the ioctls (tty_ioctl.c: termios, window size, queues) and job
 * control (tty_job.c: the session it is the controlling terminal of, its foreground
 * process group, and who may read, write or change it). One terminal, Linux's ttyS0, which
 * /dev/console, /dev/ttyS0 and (for its session) /dev/tty reach.
 */
#ifndef KERNEL_DRIVERS_TTY_STATE_H
#define KERNEL_DRIVERS_TTY_STATE_H

#include "fs/vfs.h"
#include "kernel/linux_abi.h"

#include <stdbool.h>
#include <stddef.h>

#define TTY_BUFSIZE 4096

/* termios flags this terminal honours (Linux's values, <asm-generic/termbits.h>). */
enum {
	/* c_iflag */
	IGNBRK = 01, ISTRIP = 040, INLCR = 0100, IGNCR = 0200, ICRNL = 0400, IXON = 02000,
	/* c_oflag */
	OPOST = 01, ONLCR = 04, OCRNL = 010,
	/* c_lflag */
	ISIG = 01, ICANON = 02, ECHO = 010, ECHOE = 020, ECHOK = 040, ECHONL = 0100,
	NOFLSH = 0200, TOSTOP = 0400, ECHOCTL = 01000, ECHOKE = 04000, IEXTEN = 0100000,
};

/* c_cc indices. */
enum {
	VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSTART = 8,
	VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VWERASE = 14, VLNEXT = 15, VEOL2 = 16,
};

/* What a slot of the input ring holds. */
enum { TTY_CHAR, TTY_DELIM, TTY_EOF };  /* a byte; a byte ending a line; VEOF (no byte) */

struct tty {
	struct linux_termios termios;
	struct linux_winsize winsize;
	/* The input ring: [tail, canon_head) is what read may take (in canonical mode, whole
	 * lines), [canon_head, head) the line being edited (none in raw mode). */
	char buf[TTY_BUFSIZE];
	unsigned char kind[TTY_BUFSIZE];
	size_t head, canon_head, tail;
	size_t column;                  /* where the echo's cursor is, for erasing tabs */
	bool lnext;                     /* VLNEXT: the next byte is taken as it is */
	int session;                    /* the session it controls (0: none) */
	int pgrp;                       /* its foreground process group (0: none) */
};

extern struct tty console_tty;

/* --- tty.c: the line discipline --- */

/* Drops the input (what read would take and the line being edited): TCFLSH, a signal. */
void tty_flush_input(struct tty *t);

/* The termios changed (TCSETS*): leaving canonical mode makes the edited line readable. */
void tty_termios_changed(struct tty *t, const struct linux_termios *old);

/* Slots read would take now (a VEOF among them): poll's readiness. */
size_t tty_readable(const struct tty *t);

/* Bytes read would take now, VEOFs not counted (TIOCINQ). */
size_t tty_input_bytes(const struct tty *t);

/* --- tty_ioctl.c --- */

int tty_ioctl(struct file *f, unsigned long request, uint64_t arg);

/* --- tty_job.c: the controlling terminal and job control --- */

/* Is t the caller's controlling terminal? */
bool tty_is_ctty(const struct tty *t);

/* Before a read (sig SIGTTIN) or a write with TOSTOP or a change of the terminal
 * (SIGTTOU) by a process of a background group of t's session: sends sig to the caller's
 * group and returns -ERESTARTSYS (the call starts over once the group is continued), or
 * -EIO (an orphaned group; SIGTTIN ignored or blocked); 0 when the caller may go on, as
 * Linux's tty_check_change. */
int tty_job_check(struct tty *t, int sig);

/* Sends sig to every process of process group pgrp (from the terminal: the kernel). */
void tty_signal_pgrp(int pgrp, int sig);

/* The job-control ioctls (TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP, TIOCGSID); -ENOIOCTLCMD
 * for any other. */
int tty_job_ioctl(struct tty *t, struct file *f, unsigned long request, uint64_t arg);

/* An open of t: a session leader without a controlling terminal, opening it without
 * O_NOCTTY, acquires it, as Linux's tty_open (but through /dev/console and /dev/tty,
 * which never make one). */
void tty_job_open(struct tty *t, struct file *f, bool may_acquire);

#define ENOIOCTLCMD 515         /* Linux's: not this layer's ioctl (never reaches a program) */

#endif
