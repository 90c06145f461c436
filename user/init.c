/*
 * init [SHELL]: the first program, pid 1. It gives itself the console as standard input,
 * output and error, shows /etc/motd, and keeps a shell running, in a session of its own
 * whose controlling terminal is the console (docs/terminal.md): busybox's ash (/bin/sh) as
 * a login shell, or the program SHELL names (the kernel passes the command line's words
 * after "--": `-- /bin/mmsh` gives the project's own small shell). When the shell exits
 * (the `exit` command, or Ctrl-D), init powers the machine off; if a signal killed the
 * shell, init starts a new one.
 * Meanwhile it collects every child that ends, including orphans the kernel gave it, so
 * that none stays a zombie. Before the shell, it turns on swap on every disk partition
 * that mkswap formatted (as `swapon -a` would with an /etc/fstab listing them).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#include "swap_probe.h"

static void open_console(void)
{
	if (fcntl(0, F_GETFD) < 0) {
		open("/dev/console", O_RDWR);   /* becomes fd 0 */
		dup(0);
		dup(0);
	}
}

static void show_motd(void)
{
	char buf[512];
	int fd = open("/etc/motd", O_RDONLY);
	if (fd < 0)
		return;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, (size_t)n);
	close(fd);
}

static void enable_swap(void)
{
	for (char disk = 'a'; disk <= 'd'; disk++) {
		for (int part = 1; part <= 4; part++) {
			char dev[16];
			snprintf(dev, sizeof(dev), "/dev/vd%c%d", disk, part);
			if (!has_swap_header(dev))
				continue;
			if (swapon(dev, 0) == 0)
				printf("init: swap on %s\n", dev);
			else
				printf("init: swapon %s: %s\n", dev, strerror(errno));
		}
	}
}

/* Starts shell as a login shell: its argv[0] is "-" and its name ("-sh"), so that ash
 * reads /etc/profile. */
static pid_t start_shell(const char *shell)
{
	char login_name[64];
	const char *base = strrchr(shell, '/');
	snprintf(login_name, sizeof(login_name), "-%s", base ? base + 1 : shell);
	char *argv[] = { login_name, NULL };
	char *envp[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=vt100", NULL };
	pid_t pid = fork();
	if (pid == 0) {
		/* As getty and login: the shell leads its own session, whose controlling
		 * terminal is the console, so that its jobs can have the terminal in turn.
		 * Like getty, it opens the terminal's own device (/dev/ttyS0, which a session
		 * leader's open makes its controlling terminal), not /dev/console: `tty` and
		 * `ps` then name it, as on a Linux serial console. */
		setsid();
		int tty = open("/dev/ttyS0", O_RDWR);
		if (tty >= 0) {
			dup2(tty, 0);
			dup2(tty, 1);
			dup2(tty, 2);
			if (tty > 2)
				close(tty);
		}
		ioctl(0, TIOCSCTTY, 0);         /* /dev/console's, when ttyS0 did not open */
		execve(shell, argv, envp);
		fprintf(stderr, "init: cannot run %s: %s\n", shell, strerror(errno));
		_exit(127);
	}
	return pid;
}

int main(int argc, char **argv)
{
	const char *shell = argc > 1 ? argv[1] : "/bin/sh";
	open_console();
	enable_swap();
	show_motd();
	for (;;) {
		pid_t shell_pid = start_shell(shell);
		int status = 0;
		pid_t pid;
		/* Reap everything; stop when the shell itself is done. */
		while ((pid = wait(&status)) != shell_pid)
			if (pid < 0 && shell_pid < 0)
				break;
		if (WIFEXITED(status)) {
			printf("init: the shell exited; powering off\n");
			fflush(stdout);
			reboot(RB_POWER_OFF);
		}
		printf("init: shell ended (status %d); starting a new one\n", status);
	}
}
