#include "kernel/drivers/qrun_serial.h"
#include "fs/poll.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/trap.h"
#include "kernel/drivers/uart.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "mm/uaccess.h"

#define IN_SIZE    4096
#define ESC        0xFF         /* the escape byte of qrun's input encoding */
#define ESC_BYTE   0x00         /* ESC ESC_BYTE: the byte 0xFF itself */
#define ESC_EOF    0x01         /* ESC ESC_EOF: the end of the input */

static bool com2_present, com3_present;
static unsigned char in_buf[IN_SIZE];   /* decoded input, waiting for read() */
static size_t in_head, in_tail;         /* ring positions: tail <= head */
static bool in_escape;                  /* the last byte received was ESC */
static bool in_eof;                     /* the end of the input has arrived */
static const char in_channel;           /* readers sleep on this */

/*
 * Moves what COM2 received into in_buf, decoding it, while there is room. With the ring
 * full the bytes stay in the UART: QEMU then takes no more from the host, so a program
 * that reads slowly holds the host's writer back, as a pipe does. Interrupts disabled.
 */
static void receive(void)
{
	int c;
	bool got = false;
	while (!in_eof && in_head - in_tail < IN_SIZE && (c = uart_getc_port(COM2)) >= 0) {
		got = true;
		if (in_escape) {
			in_escape = false;
			if (c == ESC_EOF)
				in_eof = true;
			else
				in_buf[in_head++ % IN_SIZE] = ESC;
		} else if (c == ESC) {
			in_escape = true;
		} else {
			in_buf[in_head++ % IN_SIZE] = (unsigned char)c;
		}
	}
	if (got) {
		wakeup(&in_channel);
		poll_notify();
	}
}

static void com2_interrupt(struct trap_frame *tf)
{
	(void)tf;
	receive();
}

void qrun_serial_init(void)
{
	com2_present = uart_present(COM2);
	com3_present = uart_present(COM3);
	if (com3_present)
		uart_init_port(COM3, true);
	if (!com2_present)
		return;
	/* The FIFOs on (14 bytes a receive interrupt, not one); turning them on empties the
	 * receive side, so qrun sends nothing before the line below is in the kernel log. */
	uart_init_port(COM2, true);
	uart_receive_in_bursts(COM2);
	irq_register(3, com2_interrupt);
	uart_enable_receive_interrupt_port(COM2);
	pr_info("qrun_serial: COM2 ready for stdin\n");
}

/* What has arrived, waiting for at least one byte; 0 at the end of the input. */
static ssize_t ttyS1_read(struct file *f, struct iobuf *buf)
{
	(void)f;
	if (!com2_present)
		return 0;
	irq_disable();
	receive();
	while (in_head == in_tail && !in_eof) {
		if (signal_pending()) {
			irq_enable();
			return -ERESTARTSYS;
		}
		sleep_on(&in_channel, 0);
		receive();
	}
	size_t n = 0;
	int err = 0;
	while (n < buf->len && in_tail < in_head) {
		unsigned char ch = in_buf[in_tail % IN_SIZE];
		if ((err = iobuf_copy_out(buf, n, &ch, 1)))
			break;
		in_tail++;
		n++;
	}
	receive();                      /* room again: take what waits in the UART */
	irq_enable();
	return n || !err ? (ssize_t)n : err;
}

/* Readable once a byte or the end of the input is there; always writable. */
static uint32_t ttyS1_poll(struct file *f)
{
	(void)f;
	uint32_t mask = POLLOUT | POLLWRNORM;
	if (!com2_present || in_head != in_tail || in_eof)
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

#define CHUNK 256

/* Sends buf to port, through a kernel buffer a chunk at a time, as it is: no "\r\n". */
static ssize_t send(unsigned port, bool present, const struct iobuf *buf)
{
	char chunk[CHUNK];
	size_t done = 0;
	while (done < buf->len) {
		size_t n = buf->len - done < CHUNK ? buf->len - done : CHUNK;
		int err = iobuf_copy_in(buf, done, chunk, n);
		if (err)
			return done ? (ssize_t)done : err;
		for (size_t i = 0; present && i < n; i++)
			uart_putc_port(port, chunk[i]);
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t ttyS1_write(struct file *f, const struct iobuf *buf)
{
	(void)f;
	return send(COM2, com2_present, buf);
}

static ssize_t ttyS2_write(struct file *f, const struct iobuf *buf)
{
	(void)f;
	return send(COM3, com3_present, buf);
}

static ssize_t nothing_to_read(struct file *f, struct iobuf *buf)
{
	(void)f;
	(void)buf;
	return 0;
}

const struct chardev ttyS1_dev = {
	.name = "ttyS1", .major = 4, .minor = 65,
	.read = ttyS1_read, .write = ttyS1_write, .poll = ttyS1_poll,
	.splice_read = true, .splice_write = true,     /* a terminal's, as Linux's ttyS1 */
};
const struct chardev ttyS2_dev = {
	.name = "ttyS2", .major = 4, .minor = 66,
	.read = nothing_to_read, .write = ttyS2_write,
	.splice_read = true, .splice_write = true,
};
