/*
 * qrun-init: the first process when tools/qrun runs one program in the guest.
 * It runs the program named in /etc/qrun.args (NUL-separated argv) in /tmp/qrun, with its
 * standard output and error on the second serial port (which qrun captures byte for byte)
 * and standard input from /dev/null; waits for it and any children it left behind; writes
 * the exit status (128 + N for a signal, as a shell reports it) and the free memory before
 * and after to the kernel log; then powers off.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

#include "swap_probe.h"

#define MAX_ARGS 256

static int kmsg = -1;

static void log_line(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (kmsg >= 0 && n > 0)
		write(kmsg, line, (size_t)n);
}

/* Reads the NUL-separated arguments into argv; returns argc (0 on failure). */
static int read_args(char *buf, size_t size, char **argv)
{
	int fd = open("/etc/qrun.args", O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	int argc = 0;
	for (char *p = buf; p < buf + n && argc < MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	return argc;
}

static void setup_stdio(void)
{
	open("/dev/null", O_RDONLY);            /* fd 0 */
	open("/dev/ttyS1", O_WRONLY);           /* fd 1 */
	dup(1);                                 /* fd 2 */
	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

/* The swap partitions of the disks qrun --swap attached (vda1, vdb1...), as init
 * enables them: those with a swap header. */
#define MAX_SWAP_DEVS 4
static char swap_devs[MAX_SWAP_DEVS][16];
static int nr_swap_devs;

static void enable_swap(void)
{
	for (char disk = 'a'; disk < 'a' + MAX_SWAP_DEVS; disk++) {
		char *dev = swap_devs[nr_swap_devs];
		snprintf(dev, sizeof(swap_devs[0]), "/dev/vd%c1", disk);
		if (!has_swap_header(dev))
			continue;
		if (swapon(dev, 0) != 0) {
			log_line("qrun: swapon %s failed: %s\n", dev, strerror(errno));
			continue;
		}
		log_line("qrun: swap on %s\n", dev);
		nr_swap_devs++;
	}
}

/* Brings every swapped page back and enables swap again: after it, the free memory
 * counts every page the program left behind, and a swap slot it leaked makes swapoff
 * fail. */
static void cycle_swap(void)
{
	for (int i = 0; i < nr_swap_devs; i++) {
		if (swapoff(swap_devs[i]) != 0)
			log_line("qrun: swapoff %s failed: %s\n", swap_devs[i], strerror(errno));
		else if (swapon(swap_devs[i], 0) != 0)
			log_line("qrun: swapon %s failed again: %s\n", swap_devs[i],
				 strerror(errno));
	}
}

static unsigned long free_memory(void)
{
	struct sysinfo si;
	return sysinfo(&si) == 0 ? si.freeram * si.mem_unit : 0;
}

/* Waits for pid, and then for every other child, so that nothing is left running. */
static int wait_all(pid_t pid)
{
	int status = 0, st;
	pid_t r;
	while ((r = wait(&st)) > 0 || (r < 0 && errno == EINTR))
		if (r == pid)
			status = st;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int main(void)
{
	static char buf[65536];
	char *argv[MAX_ARGS + 1];
	char *envp[] = { "PATH=/bin", "HOME=/tmp/qrun", NULL };
	setup_stdio();
	int argc = read_args(buf, sizeof(buf), argv);
	mkdir("/tmp/qrun", 0777);
	if (argc == 0 || chdir("/tmp/qrun") != 0) {
		log_line("qrun: no program to run (/etc/qrun.args)\n");
		reboot(RB_POWER_OFF);
	}
	enable_swap();
	unsigned long before = free_memory();
	pid_t pid = fork();
	if (pid == 0) {
		execve(argv[0], argv, envp);
		dprintf(2, "qrun: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status = pid < 0 ? 126 : wait_all(pid);
	cycle_swap();
	unsigned long after = free_memory();
	log_line("qrun: exit status %d\n", status);
	log_line("qrun: free memory %lu bytes before the program, %lu after\n", before, after);
	reboot(RB_POWER_OFF);
	return 0;
}
