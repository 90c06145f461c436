/*
 * linux-bench-init: /init of the initramfs in which tools/linux-bench boots Debian's Linux
 * kernel. It makes Linux look, to qrun-init, as mmk does at boot, and then becomes
 * qrun-init (user/qrun-init.c), so that a benchmark runs under Linux exactly as under
 * tools/qrun in mmk: the same first process, working directory, environment and standard
 * streams (output on the second serial port), and the exit status in the kernel log.
 *
 * Three differences to bridge: an initramfs has no device nodes (mmk's /dev is built in),
 * so devtmpfs is mounted on /dev; Linux starts init with the console open as fds 0-2
 * (mmk with none, which qrun-init relies on), so they are closed; and "quiet" hides the
 * lines qrun-init writes to /dev/kmsg (their level, 4, is not below quiet's console level,
 * 4), so the console level is raised to 5 to show them.
 */
#include <stdio.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSLOG_ACTION_CONSOLE_LEVEL 8

int main(void)
{
	char *argv[] = { "/bin/qrun-init", NULL };
	char *envp[] = { NULL };
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0)
		perror("linux-bench-init: mount devtmpfs on /dev");
	if (klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 5) != 0)
		perror("linux-bench-init: console log level");
	if (access(argv[0], X_OK) != 0)
		perror("linux-bench-init: /bin/qrun-init");
	close(0);
	close(1);
	close(2);
	execve(argv[0], argv, envp);
	return 127;     /* Linux panics when init exits: panic=-1 then ends QEMU */
}
