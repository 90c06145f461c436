/* /proc/sys/kernel's pid_max, tainted, ostype, osrelease and hostname, as Linux shows them
 * and refuses bad writes to them (none of which changes anything, on Linux either), and
 * sethostname's errors. Wrapping at pid_max is checked in the guest only
 * (tests/stress/pid_wrap.c): setting it would change the host. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *res(long r)
{
	return r >= 0 ? "ok" : errno_name(errno);
}

static void say(const char *what, const char *got)
{
	printf("%-60s %s\n", what, got);
}

/* The file's text without its newline ("" when it cannot be read). */
static const char *read_text(const char *path)
{
	static char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

static const char *write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return res(-1);
	long r = write(fd, text, strlen(text));
	const char *s = res(r);
	close(fd);
	return s;
}

int main(void)
{
	const char *pid_max = "/proc/sys/kernel/pid_max";
	long max = atol(read_text(pid_max));
	CHECK("pid_max: this process's ID is below it", getpid() < max && max >= 301);
	say("write 0 to pid_max", write_text(pid_max, "0"));
	say("write 300 to pid_max", write_text(pid_max, "300"));
	say("write 4194305 to pid_max", write_text(pid_max, "4194305"));
	say("write x to pid_max", write_text(pid_max, "x"));
	CHECK("pid_max unchanged", atol(read_text(pid_max)) == max);
	const char *t = read_text("/proc/sys/kernel/tainted");
	CHECK("tainted: a number", t[0] >= '0' && t[0] <= '9');
	struct utsname u;
	uname(&u);
	printf("%-60s %s\n", "ostype", read_text("/proc/sys/kernel/ostype"));
	CHECK("osrelease: uname's release", strcmp(read_text("/proc/sys/kernel/osrelease"),
						   u.release) == 0);
	CHECK("hostname: uname's nodename", strcmp(read_text("/proc/sys/kernel/hostname"),
						   u.nodename) == 0);
	say("write to osrelease", write_text("/proc/sys/kernel/osrelease", "x"));
	char longname[80];
	memset(longname, 'x', sizeof(longname));
	say("sethostname of 65 bytes", res(sethostname(longname, 65)));
	say("sethostname of -1 bytes", res(sethostname(longname, (size_t)-1)));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(2);
		say("sethostname as a normal user", res(sethostname("x", 1)));
		say("write hostname as a normal user",
		    write_text("/proc/sys/kernel/hostname", "x"));
		say("write pid_max as a normal user", write_text(pid_max, "400"));
		fflush(stdout);
		_exit(0);
	}
	int status;
	CHECK("the normal user's child", waitpid(pid, &status, 0) == pid && status == 0);
	CHECK_DONE();
}
