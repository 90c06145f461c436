/*
 * The console's line discipline, as Linux's n_tty: input bytes from COM1's interrupt are
 * translated (ICRNL, INLCR, IGNCR), turned into signals for the foreground process group
 * (ISIG: VINTR, VQUIT, VSUSP), edited into lines (ICANON: VERASE, VWERASE, VKILL, VEOF,
 * VLNEXT) or passed as they come (raw mode: VMIN, VTIME), and echoed (ECHO, ECHOE, ECHOK,
 * ECHOKE, ECHOCTL, ECHONL); output is post-processed (OPOST: ONLCR, OCRNL). The termios that
 * says which is console_tty's (tty_ioctl.c sets it); who may read and write is job
 * control's (tty_job.c).
 */
#include "kernel/drivers/tty.h"
#include "kernel/drivers/tty_state.h"
#include "fs/poll.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/drivers/uart.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/time.h"

#define CTRL(c) ((c) & 0x1f)

/* What a Linux serial console starts with: ICRNL IXON, OPOST ONLCR, B38400 CS8 CREAD,
 * ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN, and the usual control characters. */
struct tty console_tty = {
	.termios = { 0x500, 0x5, 0xbf, 0x8a3b, 0,
		     { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17,
		       0x16, 0, 0, 0 } },
	.winsize = { .ws_row = 24, .ws_col = 80 },
};

static const char tty_channel = 0;      /* readers sleep on this */

static bool lflag(const struct tty *t, uint32_t f) { return t->termios.c_lflag & f; }
static bool iflag(const struct tty *t, uint32_t f) { return t->termios.c_iflag & f; }

/* Is c the control character cc[i] (a 0 there disables it, _POSIX_VDISABLE)? */
static bool is_cc(const struct tty *t, char c, int i)
{
	return t->termios.c_cc[i] && (unsigned char)c == t->termios.c_cc[i];
}

/* One output byte, post-processed as c_oflag says; the echo's column follows. */
static void put_out(struct tty *t, char c)
{
	uint32_t o = t->termios.c_oflag;
	if ((o & OPOST) && c == '\n' && (o & ONLCR)) {
		console_write_raw("\r\n", 2);
		t->column = 0;
		return;
	}
	if ((o & OPOST) && c == '\r' && (o & OCRNL))
		c = '\n';
	console_write_raw(&c, 1);
	if (c == '\r' || c == '\n')
		t->column = 0;
	else if (c == '\b')
		t->column -= t->column > 0;
	else if (c == '\t')
		t->column = (t->column | 7) + 1;
	else if ((unsigned char)c >= 0x20)
		t->column++;
}

/* Is c echoed as ^X (ECHOCTL)? Tab and newline are not, as Linux. */
static bool echoes_as_caret(const struct tty *t, char c)
{
	return lflag(t, ECHOCTL) && ((unsigned char)c < 0x20 || c == 0x7f) && c != '\t' &&
	       c != '\n';
}

/* Echoes c (when ECHO is on), a control character as ^X with ECHOCTL. */
static void echo_char(struct tty *t, char c)
{
	if (!lflag(t, ECHO))
		return;
	if (echoes_as_caret(t, c)) {
		put_out(t, '^');
		put_out(t, c ^ 0x40);
	} else {
		put_out(t, c);
	}
}

/* Takes the last byte of the line being edited back, on the screen too (ECHOE). */
static void erase_one(struct tty *t)
{
	if (t->head == t->canon_head)
		return;
	t->head--;
	char c = t->buf[t->head % TTY_BUFSIZE];
	if (!lflag(t, ECHO))
		return;
	if (!lflag(t, ECHOE)) {
		echo_char(t, t->termios.c_cc[VERASE]);
		return;
	}
	int cols = echoes_as_caret(t, c) ? 2 : 1;
	if (c == '\t') {
		/* Back to where the tab started: the width of what precedes it on the line. */
		size_t col = 0;
		for (size_t i = t->canon_head; i < t->head; i++)
			col = t->buf[i % TTY_BUFSIZE] == '\t' ? (col | 7) + 1 : col + 1;
		cols = (int)(t->column - col);
		while (cols-- > 0)
			put_out(t, '\b');
		return;
	}
	while (cols-- > 0) {
		put_out(t, '\b');
		put_out(t, ' ');
		put_out(t, '\b');
	}
}

/* VWERASE: the word before the cursor, and the blanks after it. */
static void erase_word(struct tty *t)
{
	while (t->head != t->canon_head && t->buf[(t->head - 1) % TTY_BUFSIZE] == ' ')
		erase_one(t);
	while (t->head != t->canon_head && t->buf[(t->head - 1) % TTY_BUFSIZE] != ' ')
		erase_one(t);
}

/* VKILL: the whole line being edited; erased on the screen with ECHOKE, else the kill
 * character echoed and (ECHOK) a newline. */
static void kill_line(struct tty *t)
{
	if (lflag(t, ECHOKE) && lflag(t, ECHOE)) {
		while (t->head != t->canon_head)
			erase_one(t);
		return;
	}
	t->head = t->canon_head;
	echo_char(t, t->termios.c_cc[VKILL]);
	if (lflag(t, ECHOK) && lflag(t, ECHO))
		put_out(t, '\n');
}

/* Puts a byte of kind into the ring (nothing when it is full: the byte is lost). In raw
 * mode, and at the end of a line, it becomes readable. */
static void store(struct tty *t, char c, int kind)
{
	if (t->head - t->tail >= TTY_BUFSIZE - 1 && kind == TTY_CHAR)
		return;                 /* the last slot is kept for a line's end */
	if (t->head - t->tail >= TTY_BUFSIZE)
		return;
	t->buf[t->head % TTY_BUFSIZE] = c;
	t->kind[t->head % TTY_BUFSIZE] = (unsigned char)kind;
	t->head++;
	if (kind != TTY_CHAR || !lflag(t, ICANON)) {
		t->canon_head = t->head;
		wakeup(&tty_channel);
		poll_notify();
	}
}

void tty_flush_input(struct tty *t)
{
	t->head = t->canon_head = t->tail;
	t->lnext = false;
}

/* ISIG: VINTR, VQUIT or VSUSP typed: the input goes (unless NOFLSH), the character is
 * echoed, and the foreground process group gets sig. */
static void signal_char(struct tty *t, char c, int sig)
{
	if (!lflag(t, NOFLSH))
		tty_flush_input(t);
	echo_char(t, c);
	if (t->pgrp)
		tty_signal_pgrp(t->pgrp, sig);
}

/* Canonical mode's editing characters; true when c was one. */
static bool edit_char(struct tty *t, char c)
{
	if (is_cc(t, c, VERASE))
		erase_one(t);
	else if (is_cc(t, c, VKILL))
		kill_line(t);
	else if (is_cc(t, c, VWERASE) && lflag(t, IEXTEN))
		erase_word(t);
	else if (is_cc(t, c, VLNEXT) && lflag(t, IEXTEN)) {
		t->lnext = true;
		if (lflag(t, ECHO) && lflag(t, ECHOCTL)) {
			put_out(t, '^');
			put_out(t, '\b');
		}
	} else if (is_cc(t, c, VEOF))
		store(t, c, TTY_EOF);           /* not echoed, as Linux */
	else if (c == '\n' || is_cc(t, c, VEOL) || is_cc(t, c, VEOL2)) {
		if (c == '\n' && lflag(t, ECHONL) && !lflag(t, ECHO))
			put_out(t, '\n');
		echo_char(t, c);
		store(t, c, TTY_DELIM);
	} else
		return false;
	return true;
}

/* One received byte, through the input flags, the signal characters, the editing
 * characters (canonical mode) and the echo. Runs in the interrupt handler. */
static void receive(struct tty *t, char c)
{
	if (iflag(t, ISTRIP))
		c &= 0x7f;
	if (t->lnext) {
		t->lnext = false;
		if (lflag(t, ECHO) && lflag(t, ECHOCTL)) {
			put_out(t, '\b');
			put_out(t, ' ');
			put_out(t, '\b');
		}
		echo_char(t, c);
		store(t, c, TTY_CHAR);
		return;
	}
	if (c == '\r' && iflag(t, IGNCR))
		return;
	if (c == '\r' && iflag(t, ICRNL))
		c = '\n';
	else if (c == '\n' && iflag(t, INLCR))
		c = '\r';
	if (lflag(t, ISIG)) {
		int sig = is_cc(t, c, VINTR) ? SIGINT : is_cc(t, c, VQUIT) ? SIGQUIT :
			  is_cc(t, c, VSUSP) ? SIGTSTP : 0;
		if (sig) {
			signal_char(t, c, sig);
			return;
		}
	}
	if (lflag(t, ICANON) && edit_char(t, c))
		return;
	echo_char(t, c);
	store(t, c, TTY_CHAR);
}

void tty_input(char c)
{
	receive(&console_tty, c);
}

void tty_termios_changed(struct tty *t, const struct linux_termios *old)
{
	if ((old->c_lflag & ICANON) && !lflag(t, ICANON)) {
		t->canon_head = t->head;        /* the edited line becomes readable */
		wakeup(&tty_channel);
		poll_notify();
	}
}

size_t tty_readable(const struct tty *t)
{
	return t->canon_head - t->tail;
}

size_t tty_input_bytes(const struct tty *t)
{
	size_t n = 0;
	for (size_t i = t->tail; i != t->canon_head; i++)
		n += t->kind[i % TTY_BUFSIZE] != TTY_EOF;
	return n;
}

static void uart_interrupt(struct trap_frame *tf)
{
	(void)tf;
	int c;
	while ((c = uart_getc()) >= 0)
		tty_input((char)c);
}

void tty_init(void)
{
	irq_register(4, uart_interrupt);
	uart_enable_receive_interrupt();
	uart_interrupt(NULL);           /* what was typed before now */
}

/* Canonical read: one line at most (its VEOF not given), or what fits of it. Interrupts
 * are off. */
static ssize_t read_line(struct tty *t, struct iobuf *buf)
{
	size_t n = 0;
	while (n < buf->len && t->tail != t->canon_head) {
		size_t at = t->tail % TTY_BUFSIZE;
		int kind = t->kind[at];
		if (kind == TTY_EOF) {
			t->tail++;
			break;
		}
		if (iobuf_copy_out(buf, n, &t->buf[at], 1))
			return n ? (ssize_t)n : -EFAULT;
		t->tail++;
		n++;
		if (kind == TTY_DELIM)
			break;
	}
	return (ssize_t)n;
}

/* Raw read: what is there, up to buf's length. Interrupts are off. */
static ssize_t read_raw(struct tty *t, struct iobuf *buf, size_t n)
{
	while (n < buf->len && t->tail != t->canon_head) {
		if (iobuf_copy_out(buf, n, &t->buf[t->tail % TTY_BUFSIZE], 1))
			return n ? (ssize_t)n : -EFAULT;
		t->tail++;
		n++;
	}
	return (ssize_t)n;
}

/* Raw mode's wait, as VMIN and VTIME say: until VMIN bytes (at most the read's length)
 * came, VTIME tenths of a second after the last one (or, with VMIN 0, after the read
 * began) at most. Interrupts are off. */
static ssize_t read_noncanonical(struct tty *t, struct file *f, struct iobuf *buf)
{
	size_t want = t->termios.c_cc[VMIN];
	uint64_t vtime = t->termios.c_cc[VTIME] * 100000000ull;
	if (want > buf->len)
		want = buf->len;
	size_t need = want ? want : 1;          /* VMIN 0 with VTIME: a byte, or the time */
	uint64_t deadline = vtime ? time_ns() + vtime : SLEEP_FOREVER;
	ssize_t n = 0;
	for (;;) {
		size_t before = (size_t)n;
		n = read_raw(t, buf, before);
		if (n < 0 || (size_t)n >= need || (size_t)n == buf->len)
			return n;
		if (want == 0 && !vtime)
			return n;                       /* VMIN 0, VTIME 0: what is there */
		if (vtime && want && (size_t)n > before)
			deadline = time_ns() + vtime;   /* VMIN > 0: the timer runs between bytes */
		if (vtime && (n > 0 || want == 0) && time_ns() >= deadline)
			return n;
		if (f->flags & O_NONBLOCK)
			return n ? n : -EAGAIN;
		if (signal_pending())
			return n ? n : -ERESTARTSYS;
		sleep_on(&tty_channel, vtime && (n > 0 || want == 0) ? deadline : SLEEP_FOREVER);
	}
}

/* Canonical: a line, waiting for one; 0 at VEOF on an empty line. Raw: as VMIN and VTIME
 * say. A background process group gets SIGTTIN first (tty_job.c). */
static ssize_t tty_read(struct file *f, struct iobuf *buf)
{
	struct tty *t = &console_tty;
	int err = tty_job_check(t, SIGTTIN);
	if (err)
		return err;
	if (buf->len == 0)
		return 0;
	ssize_t n;
	irq_disable();
	if (!lflag(t, ICANON)) {
		n = read_noncanonical(t, f, buf);
	} else {
		for (;;) {
			if (t->tail != t->canon_head) {
				n = read_line(t, buf);
				break;
			}
			if (f->flags & O_NONBLOCK) {
				n = -EAGAIN;
				break;
			}
			if (signal_pending()) {
				n = -ERESTARTSYS;
				break;
			}
			sleep_on(&tty_channel, 0);
			if (!lflag(t, ICANON)) {        /* switched to raw mode meanwhile */
				n = read_noncanonical(t, f, buf);
				break;
			}
		}
	}
	irq_enable();
	return n;
}

/* Readable once there is a line (or VEOF) in canonical mode, VMIN bytes (or one, with VMIN
 * 0 or a VTIME) in raw mode; always writable. */
static uint32_t tty_poll(struct file *f)
{
	(void)f;
	uint32_t mask = POLLOUT | POLLWRNORM;
	const struct tty *t = &console_tty;
	size_t need = !lflag(t, ICANON) && !t->termios.c_cc[VTIME] && t->termios.c_cc[VMIN] ?
		      t->termios.c_cc[VMIN] : 1;       /* as Linux's input_available_p */
	if (tty_readable(t) >= need)
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

#define CHUNK 256

/* Writes through a kernel buffer to out(), a chunk at a time. */
static ssize_t write_chunks(const struct iobuf *buf, void (*out)(const char *s, size_t n))
{
	char chunk[CHUNK];
	size_t done = 0;
	while (done < buf->len) {
		size_t n = buf->len - done < CHUNK ? buf->len - done : CHUNK;
		int err = iobuf_copy_in(buf, done, chunk, n);
		if (err)
			return done ? (ssize_t)done : err;
		out(chunk, n);
		done += n;
	}
	return (ssize_t)done;
}

static void to_console(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_out(&console_tty, s[i]);
}

/* Output, post-processed; with TOSTOP, a background process group gets SIGTTOU first. */
static ssize_t tty_write(struct file *f, const struct iobuf *buf)
{
	(void)f;
	if (lflag(&console_tty, TOSTOP)) {
		int err = tty_job_check(&console_tty, SIGTTOU);
		if (err)
			return err;
	}
	return write_chunks(buf, to_console);
}

/* /dev/console never becomes a controlling terminal, as on Linux; /dev/ttyS0 does. */
static int console_open(struct file *f)
{
	tty_job_open(&console_tty, f, false);
	return 0;
}

static int ttyS0_open(struct file *f)
{
	tty_job_open(&console_tty, f, !(f->flags & O_NOCTTY));
	return 0;
}

/* /dev/tty: the caller's controlling terminal, which can only be this one; ENXIO for a
 * process without one. */
static int tty_dev_open(struct file *f)
{
	(void)f;
	return tty_is_ctty(&console_tty) ? 0 : -ENXIO;
}

static ssize_t nothing_to_read(struct file *f, struct iobuf *buf)
{
	(void)f;
	(void)buf;
	return 0;
}

static void to_log(const char *s, size_t n)
{
	printk("%.*s", (int)n, s);
}

static ssize_t kmsg_write(struct file *f, const struct iobuf *buf)
{
	(void)f;
	return write_chunks(buf, to_log);
}

const struct chardev tty_console_dev = {
	.name = "console", .major = 5, .minor = 1, .open = console_open,
	.read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
	.splice_read = true, .splice_write = true,
};
const struct chardev tty_ttyS0_dev = {
	.name = "ttyS0", .major = 4, .minor = 64, .open = ttyS0_open,
	.read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
	.splice_read = true, .splice_write = true,
};
const struct chardev tty_tty_dev = {
	.name = "tty", .major = 5, .minor = 0, .open = tty_dev_open,
	.read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
	.splice_read = true, .splice_write = true,
};
const struct chardev kmsg_dev = {
	.name = "kmsg", .major = 1, .minor = 11,
	.read = nothing_to_read, .write = kmsg_write,
};
