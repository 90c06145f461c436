/*
 * The console's ioctls, as Linux's tty_ioctl.c for a serial line: the termios (TCGETS,
 * TCSETS, TCSETSW, TCSETSF), the window size (TIOCGWINSZ, TIOCSWINSZ: a change sends
 * SIGWINCH to the foreground group), the queues (TCFLSH, TIOCINQ, TIOCOUTQ), breaks and
 * flow control, which a virtual line does not need (TCSBRK, TCSBRKP, TCXONC); job
 * control's (TIOCSCTTY, TIOCSPGRP...) are tty_job.c's.
 */
#include "kernel/drivers/tty_state.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/signal/signal.h"
#include "mm/uaccess.h"

#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TCSBRK     0x5409
#define TCXONC     0x540A
#define TCFLSH     0x540B
#define TIOCOUTQ   0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCINQ    0x541B           /* FIONREAD */
#define TCSBRKP    0x5425

enum { TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2 };     /* TCFLSH's argument */
enum { TCIOFF = 2, TCION = 3 };                         /* TCXONC's last ones */

/* TCSETS*: a background process gets SIGTTOU first; TCSETSF drops the input first (there
 * is never output to wait for: writes reach the UART before they return). */
static int set_termios(struct tty *t, unsigned long request, uint64_t arg)
{
	int err = tty_job_check(t, SIGTTOU);
	if (err)
		return err;
	struct linux_termios new, old = t->termios;
	if (copy_from_user(&new, (const void *)arg, sizeof(new)))
		return -EFAULT;
	irq_disable();
	if (request == TCSETSF)
		tty_flush_input(t);
	t->termios = new;
	tty_termios_changed(t, &old);
	irq_enable();
	return 0;
}

/* TIOCSWINSZ: a new size tells the foreground group (SIGWINCH). */
static int set_winsize(struct tty *t, uint64_t arg)
{
	struct linux_winsize ws;
	if (copy_from_user(&ws, (const void *)arg, sizeof(ws)))
		return -EFAULT;
	if (memcmp(&ws, &t->winsize, sizeof(ws)) == 0)
		return 0;
	t->winsize = ws;
	if (t->pgrp)
		tty_signal_pgrp(t->pgrp, SIGWINCH);
	return 0;
}

/* TCFLSH: drops the input (output is never queued). */
static int flush(struct tty *t, uint64_t arg)
{
	int err = tty_job_check(t, SIGTTOU);
	if (err)
		return err;
	if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
		return -EINVAL;
	if (arg != TCOFLUSH) {
		irq_disable();
		tty_flush_input(t);
		irq_enable();
	}
	return 0;
}

static int put_int(uint64_t arg, int v)
{
	return copy_to_user((void *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

int tty_ioctl(struct file *f, unsigned long request, uint64_t arg)
{
	struct tty *t = &console_tty;
	switch (request) {
	case TCGETS:
		return copy_to_user((void *)arg, &t->termios, sizeof(t->termios)) ? -EFAULT : 0;
	case TCSETS: case TCSETSW: case TCSETSF:
		return set_termios(t, request, arg);
	case TIOCGWINSZ:
		return copy_to_user((void *)arg, &t->winsize, sizeof(t->winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return set_winsize(t, arg);
	case TCFLSH:
		return flush(t, arg);
	case TIOCINQ:
		return put_int(arg, (int)tty_input_bytes(t));
	case TIOCOUTQ:
		return put_int(arg, 0);
	case TCSBRK: case TCSBRKP:
		return 0;
	case TCXONC: {
		int err = tty_job_check(t, SIGTTOU);
		return err ? err : arg <= TCION ? 0 : -EINVAL;
	}
	}
	int err = tty_job_ioctl(t, f, request, arg);
	if (err != -ENOIOCTLCMD)
		return err;
	pr_debug("tty: ioctl %#lx not supported: ENOTTY\n", request);
	return -ENOTTY;
}
