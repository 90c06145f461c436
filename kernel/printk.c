#include "kernel/printk.h"
#include "kernel/drivers/uart.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/format.h"
#include "kernel/options.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/arch/x86/cpu.h"

#include <stdbool.h>

static int console_loglevel = LOG_INFO;
/* True when the last character written ended a line, so the next message gets a timestamp. */
static bool at_line_start = true;

static void console_putc(char c, void *unused)
{
	(void)unused;
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
	at_line_start = (c == '\n');
}

void console_write(const char *s, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		console_putc(s[i], NULL);
}

void console_write_raw(const char *s, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		uart_putc(s[i]);
	if (len)
		at_line_start = s[len - 1] == '\n';
}

static int console_format(const char *fmt, va_list ap)
{
	return format(console_putc, NULL, fmt, ap);
}

static int console_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = console_format(fmt, ap);
	va_end(ap);
	return n;
}

/* Prints one message whole: interrupts are off while it goes out, so the terminal's echo of a
 * key typed meanwhile (written by the serial interrupt) comes before or after the message, not
 * inside it, as Linux's console write holds the port lock with interrupts off. */
int vprintk_level(enum log_level level, const char *fmt, va_list ap)
{
	if ((int)level > console_loglevel)
		return 0;
	uint64_t flags = read_rflags();
	irq_disable();
	int n = 0;
	if (at_line_start) {
		unsigned long ms = timer_uptime_ms();
		n += console_printf("[%5lu.%03lu] ", ms / 1000, ms % 1000);
	}
	n += console_format(fmt, ap);
	if (flags & (1u << 9))
		irq_enable();
	return n;
}

int printk_level(enum log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk_level(level, fmt, ap);
	va_end(ap);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = console_format(fmt, ap);
	va_end(ap);
	return n;
}

static const char *set_loglevel(const char *value)
{
	unsigned long long v;
	if (!value)
		return "needs a value (0-7)";
	if (parse_uint(value, &v) != 0 || v > LOG_DEBUG)
		return "not a log level (0-7)";
	console_loglevel = (int)v;
	return NULL;
}
KERNEL_OPTION("loglevel", set_loglevel);
