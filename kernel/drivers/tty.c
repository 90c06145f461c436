#include "kernel/drivers/tty.h"
#include "fs/poll.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/drivers/uart.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "mm/uaccess.h"

#define TTY_BUFSIZE 4096
#define CTRL(c) ((c) & 0x1f)

static char line[TTY_BUFSIZE];          /* the line being typed */
static size_t line_len;
static char input[TTY_BUFSIZE];         /* finished lines, waiting for read() */
static size_t input_head, input_tail;   /* ring positions: tail <= head */
static int eof_marks;                   /* Ctrl-D on an empty line: a read returns 0 */
static const char tty_channel = 0;      /* readers sleep on this */

static void echo(char c)
{
	console_write(&c, 1);
}

static void erase_one(void)
{
	if (line_len) {
		line_len--;
		console_write("\b \b", 3);
	}
}

/* Moves the edited line to the input readers see. */
static void finish_line(void)
{
	for (size_t i = 0; i < line_len && input_head - input_tail < TTY_BUFSIZE; i++)
		input[input_head++ % TTY_BUFSIZE] = line[i];
	line_len = 0;
	wakeup(&tty_channel);
	poll_notify();
}

/* Ctrl-C: SIGINT for every process at the terminal but init. */
static void interrupt(void)
{
	console_write("^C\n", 3);
	line_len = 0;
	struct list_head *it;
	list_for_each(it, &all_procs) {
		struct proc *p = list_entry(it, struct proc, all);
		if (p != init_proc)
			signal_send(p, SIGINT);
	}
}

void tty_input(char c)
{
	if (c == '\r')
		c = '\n';
	if (c == CTRL('C'))
		interrupt();
	else if (c == 0x7f || c == '\b')
		erase_one();
	else if (c == CTRL('U'))
		while (line_len)
			erase_one();
	else if (c == CTRL('D')) {
		if (line_len == 0)
			eof_marks++;
		finish_line();
	} else if (line_len < TTY_BUFSIZE - 1) {
		line[line_len++] = c;
		echo(c);
		if (c == '\n')
			finish_line();
	}
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

/* Reads at most one line, waiting for it; 0 at end of input (Ctrl-D). */
static ssize_t tty_read(struct file *f, struct iobuf *buf)
{
	(void)f;
	irq_disable();
	while (input_head == input_tail && !eof_marks) {
		if (signal_pending()) {
			irq_enable();
			return -ERESTARTSYS;
		}
		sleep_on(&tty_channel, 0);
	}
	size_t n = 0;
	if (input_head == input_tail) {
		eof_marks--;
	} else {
		while (n < buf->len && input_tail < input_head) {
			char ch = input[input_tail++ % TTY_BUFSIZE];
			if (iobuf_copy_out(buf, n, &ch, 1)) {
				irq_enable();
				return n ? (ssize_t)n : -EFAULT;
			}
			n++;
			if (ch == '\n')
				break;
		}
	}
	irq_enable();
	return (ssize_t)n;
}

/* Readable once a line (or Ctrl-D) is there; always writable. */
static uint32_t tty_poll(struct file *f)
{
	(void)f;
	uint32_t mask = POLLOUT | POLLWRNORM;
	if (input_head != input_tail || eof_marks)
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
	console_write(s, n);            /* "\n" becomes "\r\n", as a terminal's ONLCR */
}

static ssize_t tty_write(struct file *f, const struct iobuf *buf)
{
	(void)f;
	return write_chunks(buf, to_console);
}

#define TCGETS     0x5401
#define TIOCGWINSZ 0x5413

static int tty_ioctl(struct file *f, unsigned long request, uint64_t arg)
{
	(void)f;
	if (request == TCGETS) {
		/* What a Linux serial console in canonical mode reports: ICRNL IXON, OPOST
		 * ONLCR, B38400 CS8 CREAD HUPCL, ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE
		 * IEXTEN, with the usual control characters. */
		struct linux_termios t = { 0x500, 0x5, 0xbf, 0x8a3b, 0,
			{ 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17,
			  0x16, 0, 0, 0 } };
		return copy_to_user((void *)arg, &t, sizeof(t));
	}
	if (request == TIOCGWINSZ) {
		struct linux_winsize ws = { .ws_row = 24, .ws_col = 80 };
		return copy_to_user((void *)arg, &ws, sizeof(ws));
	}
	return -ENOTTY;
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
	.name = "console", .major = 5, .minor = 1,
	.read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
};
const struct chardev tty_tty_dev = {
	.name = "tty", .major = 5, .minor = 0,
	.read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
};
const struct chardev kmsg_dev = {
	.name = "kmsg", .major = 1, .minor = 11,
	.read = nothing_to_read, .write = kmsg_write,
};
