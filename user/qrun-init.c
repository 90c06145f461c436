/*
 * qrun-init: the first process when tools/qrun runs one program in the guest.
 * It runs the program named in /etc/qrun.args (NUL-separated argv, as many and as long as
 * execve takes) in /tmp/qrun, with its standard input and output on /dev/ttyS1 and its
 * standard error on /dev/ttyS2 (the serial ports qrun connects to its own stdin, stdout
 * and stderr: kernel/drivers/qrun_serial.h), or on /dev/ttyS1 too; waits for it and any children it left behind;
 * writes the exit status (128 + N for a signal, as a shell reports it) and the free memory
 * before and after to the kernel log; then powers off. An execve that fails gets a hint on
 * stderr, as a shell's "cannot execute" would, and exit status 126 or 127 as a shell's.
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

/* Reads the whole file at path; its size goes to *size. NULL on failure. */
static char *read_file(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0)
		return NULL;
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	ssize_t n = 1;
	while (buf && got < (size_t)st.st_size && (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (!buf || n <= 0)
		return free(buf), NULL;
	buf[got] = '\0';
	*size = got;
	return buf;
}

/* The NUL-separated arguments of /etc/qrun.args as a NULL-terminated argv, however many
 * there are (execve, not qrun-init, decides what is too many: E2BIG); NULL on failure. */
static char **read_args(void)
{
	size_t n;
	char *buf = read_file("/etc/qrun.args", &n);
	if (!buf)
		return NULL;
	size_t argc = 0;
	for (size_t i = 0; i < n; i++)
		argc += buf[i] == '\0';
	char **argv = malloc((argc + 1) * sizeof(*argv));
	if (!argv || argc == 0)
		return NULL;
	size_t i = 0;
	for (char *p = buf; p < buf + n; p += strlen(p) + 1)
		argv[i++] = p;
	argv[i] = NULL;
	return argv;
}

/* fd 0, 1 and 2. When qrun's stdout and stderr are one file (2>&1, a terminal), it says so
 * with /etc/qrun.stderr-is-stdout: both go to COM2 then, so their writes stay in the order
 * the program made them, as in that file natively. */
static void setup_stdio(void)
{
	open("/dev/ttyS1", O_RDONLY);           /* fd 0: the host's stdin */
	open("/dev/ttyS1", O_WRONLY);           /* fd 1: the host's stdout */
	if (access("/etc/qrun.stderr-is-stdout", F_OK) == 0)
		dup(1);                         /* fd 2: the same */
	else
		open("/dev/ttyS2", O_WRONLY);   /* fd 2: the host's stderr */
	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

/* What a shell would say for an execve that failed, with a hint for the usual cause of
 * ENOEXEC (the kernel log says which check failed); the exit status a shell gives. */
static int exec_failed(const char *path, int err)
{
	dprintf(2, "qrun: cannot run %s: %s\n", path, strerror(err));
	if (err == ENOEXEC)
		dprintf(2, "qrun: not a static x86-64 Linux executable: built with `musl-gcc -static`? "
			"(the kernel log says why)\n");
	return err == ENOENT ? 127 : 126;
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
	char *envp[] = { "PATH=/bin", "HOME=/tmp/qrun", NULL };
	setup_stdio();
	char **argv = read_args();
	mkdir("/tmp/qrun", 0777);
	if (!argv || chdir("/tmp/qrun") != 0) {
		log_line("qrun: no program to run (/etc/qrun.args)\n");
		reboot(RB_POWER_OFF);
	}
	enable_swap();
	unsigned long before = free_memory();
	pid_t pid = fork();
	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(exec_failed(argv[0], errno));
	}
	int status = pid < 0 ? 126 : wait_all(pid);
	cycle_swap();
	unsigned long after = free_memory();
	log_line("qrun: exit status %d\n", status);
	log_line("qrun: free memory %lu bytes before the program, %lu after\n", before, after);
	reboot(RB_POWER_OFF);
	return 0;
}
