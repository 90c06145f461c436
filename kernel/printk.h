/*
 * The kernel log: messages go to the serial console, each prefixed with the time since
 * boot. Messages less important than the console log level (option loglevel=N) are dropped.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>

enum log_level {
	LOG_EMERG = 0,
	LOG_ERR = 3,
	LOG_WARN = 4,
	LOG_NOTICE = 5,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
};

/* Logs a message at the given level; returns the number of characters written. */
int printk_level(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vprintk_level(enum log_level level, const char *fmt, va_list ap);

#define printk(...)   printk_level(LOG_INFO, __VA_ARGS__)
#define pr_err(...)   printk_level(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  printk_level(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  printk_level(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk_level(LOG_DEBUG, __VA_ARGS__)

/* Writes formatted text to the console with no prefix and no level filter (for dumps). */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes raw characters to the console, turning "\n" into "\r\n" as a terminal expects. */
void console_write(const char *s, unsigned long len);
/* The same, byte for byte: no "\r" before "\n" (the terminal's output processing is
 * kernel/drivers/tty.c's). */
void console_write_raw(const char *s, unsigned long len);

#endif
