/*
 * ttycheck: the terminal's termios and job-control ioctls, as Linux answers them. Run with
 * a terminal as standard input and output, in its foreground process group: in the guest
 * from the shell on the console (tests/boot/tty.sh), on the host under a pseudo-terminal
 * (python3's pty module), and the two outputs must be the same. Nothing is typed while it
 * runs. Children report what they saw by their exit status (an errno, or a stop) or a
 * pipe, so that only this process writes, in a fixed order. The last checks take the
 * terminal away from the caller's session: run it last. Also sendfile from and to the
 * terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char *signame(int sig)
{
	switch (sig) {
	case SIGTTIN: return "SIGTTIN";
	case SIGTTOU: return "SIGTTOU";
	case SIGTSTP: return "SIGTSTP";
	case SIGHUP: return "SIGHUP";
	case SIGKILL: return "SIGKILL";
	default: return "another signal";
	}
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "ok";
	case EPERM: return "EPERM";
	case ESRCH: return "ESRCH";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case EAGAIN: return "EAGAIN";
	case ESPIPE: return "ESPIPE";
	default: return strerror(e);
	}
}

/* 0 or the errno of a call that returned -1. */
static int err_of(long r)
{
	return r < 0 ? errno : 0;
}

/* sendfile and the terminal, in a new open file of it (O_NONBLOCK there only): it has no
 * positions, so it cannot be sent into a file (EINVAL) nor from an offset (ESPIPE); a pipe
 * takes what a read of it gives (nothing typed, O_NONBLOCK: EAGAIN); a file's bytes sent
 * to it are written as a write's. */
static void sendfile_checks(void)
{
	int tty = open("/dev/tty", O_RDWR | O_NONBLOCK);
	int null = open("/dev/null", O_WRONLY);
	int p[2];
	pipe(p);
	off_t off = 0;
	printf("ttycheck sendfile from the terminal into /dev/null: %s, with an offset: %s\n",
	       errname(err_of(sendfile(null, tty, NULL, 1))),
	       errname(err_of(sendfile(null, tty, &off, 1))));
	printf("ttycheck sendfile from the terminal into a pipe, nothing typed: %s\n",
	       errname(err_of(sendfile(p[1], tty, NULL, 1))));
	char name[] = "/tmp/ttycheck.XXXXXX";
	int fd = mkstemp(name);
	unlink(name);
	static const char line[] = "ttycheck this line was sent with sendfile\n";
	write(fd, line, sizeof(line) - 1);
	fflush(stdout);
	long n = sendfile(tty, fd, &off, 100);
	printf("ttycheck sendfile of a file to the terminal: %ld, the offset %ld\n", n, (long)off);
	close(fd);
	close(p[0]);
	close(p[1]);
	close(null);
	close(tty);
}

/* Waits for child pid (stops too) and says what became of it. */
static void report(const char *what, pid_t pid)
{
	int st;
	waitpid(pid, &st, WUNTRACED);
	if (WIFSTOPPED(st)) {
		printf("ttycheck %s: stopped by %s\n", what, signame(WSTOPSIG(st)));
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	} else if (WIFEXITED(st)) {
		printf("ttycheck %s: %s\n", what, errname(WEXITSTATUS(st)));
	} else {
		printf("ttycheck %s: killed by %s\n", what, signame(WTERMSIG(st)));
	}
	fflush(stdout);
}

/* A child in a process group of its own (a background one), running fn. */
static pid_t background(int (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(fn());
	}
	setpgid(pid, pid);
	return pid;
}

static int bg_read(void)
{
	char c;
	return err_of(read(0, &c, 1));
}

static int bg_read_ignoring(void)
{
	signal(SIGTTIN, SIG_IGN);
	return bg_read();
}

static int bg_tcsetattr(void)
{
	struct termios t;
	tcgetattr(0, &t);
	return err_of(tcsetattr(0, TCSANOW, &t));
}

static int bg_tcsetattr_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return bg_tcsetattr();
}

static int bg_write(void)
{
	return err_of(write(1, "\r", 1));       /* moves no text: the output stays the same */
}

static int bg_write_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return bg_write();
}

/* 0 when the foreground group is the parent's, not the caller's. */
static int bg_tcgetpgrp(void)
{
	return tcgetpgrp(0) == getpgid(getppid()) && tcgetpgrp(0) != getpgrp() ? 0 : 1;
}

/* A new session has no controlling terminal: its ioctls answer ENOTTY, /dev/tty ENXIO,
 * and the terminal cannot be taken while another session has it. */
static int new_session_tcgetpgrp(void) { setsid(); return err_of(tcgetpgrp(0)); }
static int new_session_tcgetsid(void) { setsid(); return err_of(tcgetsid(0)); }
static int new_session_open_tty(void) { setsid(); return err_of(open("/dev/tty", O_RDWR)); }
static int new_session_tiocsctty(void) { setsid(); return err_of(ioctl(0, TIOCSCTTY, 0)); }
static int new_session_tiocnotty(void) { setsid(); return err_of(ioctl(0, TIOCNOTTY)); }
static int new_session_tcsetpgrp(void) { setsid(); return err_of(tcsetpgrp(0, getpgrp())); }
static int not_leader_tiocsctty(void) { return err_of(ioctl(0, TIOCSCTTY, 0)); }

/* TIOCNOTTY by a process that is not its session's leader: it alone lets go. */
static int notty_then_open(void)
{
	if (ioctl(0, TIOCNOTTY) < 0)
		return 100 + errno;
	return err_of(open("/dev/tty", O_RDWR));
}

static int notty_then_tcgetpgrp(void)
{
	if (ioctl(0, TIOCNOTTY) < 0)
		return 100 + errno;
	return err_of(tcgetpgrp(0));
}

/* /proc/self/stat's tty_nr and tpgid (fields 7 and 8): 0 when read. */
static int stat_tty(int *tty_nr, int *tpgid)
{
	char buf[1024];
	int fd = open("/proc/self/stat", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *after = strrchr(buf, ')');
	return after && sscanf(after, ") %*c %*d %*d %*d %d %d", tty_nr, tpgid) == 2 ? 0 : -1;
}

/* Whether stat's tty_nr is standard input's device number, in Linux's new_encode_dev. */
static bool stat_tty_is_stdin(int tty_nr)
{
	struct stat st;
	if (fstat(0, &st) != 0)
		return false;
	unsigned maj = major(st.st_rdev), min = minor(st.st_rdev);
	return tty_nr == (int)((min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12));
}

/* In a new session, with no controlling terminal: tty_nr 0, tpgid -1. */
static int new_session_stat(void)
{
	int tty_nr, tpgid;
	setsid();
	return stat_tty(&tty_nr, &tpgid) == 0 && tty_nr == 0 && tpgid == -1 ? 0 : 1;
}

/* From the background: tty_nr is the terminal's, tpgid the foreground group, not ours. */
static int bg_stat(void)
{
	int tty_nr, tpgid;
	return stat_tty(&tty_nr, &tpgid) == 0 && stat_tty_is_stdin(tty_nr) &&
	       tpgid == tcgetpgrp(0) && tpgid != getpgrp() ? 0 : 1;
}

static void child(const char *what, int (*fn)(void), bool own_group)
{
	fflush(stdout);
	if (own_group) {
		report(what, background(fn));
		return;
	}
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	report(what, pid);
}

static void termios_checks(void)
{
	struct termios t, raw;
	tcgetattr(0, &t);
	printf("ttycheck lflag ICANON %d ECHO %d ECHOE %d ECHOK %d ECHOCTL %d ISIG %d IEXTEN %d TOSTOP %d\n",
	       !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO), !!(t.c_lflag & ECHOE),
	       !!(t.c_lflag & ECHOK), !!(t.c_lflag & ECHOCTL), !!(t.c_lflag & ISIG),
	       !!(t.c_lflag & IEXTEN), !!(t.c_lflag & TOSTOP));
	printf("ttycheck iflag ICRNL %d INLCR %d IGNCR %d oflag OPOST %d ONLCR %d\n",
	       !!(t.c_iflag & ICRNL), !!(t.c_iflag & INLCR), !!(t.c_iflag & IGNCR),
	       !!(t.c_oflag & OPOST), !!(t.c_oflag & ONLCR));
	printf("ttycheck cc VINTR %d VQUIT %d VERASE %d VKILL %d VEOF %d VSUSP %d VWERASE %d VMIN %d\n",
	       t.c_cc[VINTR], t.c_cc[VQUIT], t.c_cc[VERASE], t.c_cc[VKILL], t.c_cc[VEOF],
	       t.c_cc[VSUSP], t.c_cc[VWERASE], t.c_cc[VMIN]);
	raw = t;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	printf("ttycheck raw mode: %s\n", errname(err_of(tcsetattr(0, TCSAFLUSH, &raw))));
	struct termios back;
	tcgetattr(0, &back);
	printf("ttycheck raw mode kept: ICANON %d ECHO %d VMIN %d\n", !!(back.c_lflag & ICANON),
	       !!(back.c_lflag & ECHO), back.c_cc[VMIN]);
	char c;
	printf("ttycheck raw read, VMIN 0 VTIME 0, nothing typed: %zd\n", read(0, &c, 1));
	raw.c_cc[VTIME] = 1;
	tcsetattr(0, TCSANOW, &raw);
	printf("ttycheck raw read, VMIN 0 VTIME 1 (a tenth of a second), nothing typed: %zd\n",
	       read(0, &c, 1));
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	int n = -1;
	int e = err_of(ioctl(0, TIOCINQ, &n));
	printf("ttycheck TIOCINQ: %s %d\n", errname(e), n);
	n = -1;
	e = err_of(ioctl(0, TIOCOUTQ, &n));
	printf("ttycheck TIOCOUTQ: %s %d\n", errname(e), n);
	int fl = fcntl(0, F_GETFL);
	raw.c_lflag |= ICANON;
	tcsetattr(0, TCSANOW, &raw);
	fcntl(0, F_SETFL, fl | O_NONBLOCK);
	printf("ttycheck canonical read, O_NONBLOCK, no line: %s\n", errname(err_of(read(0, &c, 1))));
	fcntl(0, F_SETFL, fl);
	printf("ttycheck TCFLSH TCIFLUSH: %s, bad queue: %s\n", errname(err_of(tcflush(0, TCIFLUSH))),
	       errname(err_of(tcflush(0, 7))));
	printf("ttycheck tcdrain: %s, tcsendbreak: %s\n", errname(err_of(tcdrain(0))),
	       errname(err_of(tcsendbreak(0, 0))));
	printf("ttycheck restored: %s\n", errname(err_of(tcsetattr(0, TCSADRAIN, &t))));
	fflush(stdout);
}

static volatile sig_atomic_t winches;

static void on_winch(int sig)
{
	(void)sig;
	winches++;
}

static void winsize_checks(void)
{
	struct winsize ws, big;
	signal(SIGWINCH, on_winch);
	printf("ttycheck TIOCGWINSZ: %s\n", errname(err_of(ioctl(0, TIOCGWINSZ, &ws))));
	big = ws;
	big.ws_row += 10;
	big.ws_col += 20;
	int e = err_of(ioctl(0, TIOCSWINSZ, &big));
	struct winsize now;
	ioctl(0, TIOCGWINSZ, &now);
	printf("ttycheck TIOCSWINSZ: %s, kept %d, SIGWINCH %d\n", errname(e),
	       now.ws_row == big.ws_row && now.ws_col == big.ws_col, winches);
	ioctl(0, TIOCSWINSZ, &big);
	printf("ttycheck TIOCSWINSZ same size: SIGWINCH %d\n", winches);
	ioctl(0, TIOCSWINSZ, &ws);
	printf("ttycheck TIOCSWINSZ back: SIGWINCH %d\n", winches);
	signal(SIGWINCH, SIG_DFL);
	fflush(stdout);
}

/* Another group becomes the foreground one and back, as a shell's fg does (from the
 * background, with SIGTTOU blocked). */
static void foreground_checks(void)
{
	pid_t me = getpgrp();
	pid_t pid = background(bg_tcgetpgrp);
	/* The child waits on nothing: it may run before or after the switch, so it only
	 * reports; what is checked is this side's view. */
	int e = err_of(tcsetpgrp(0, pid));
	printf("ttycheck tcsetpgrp to a child's group: %s, tcgetpgrp is it: %d\n", errname(e),
	       tcgetpgrp(0) == pid);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGTTOU);
	sigprocmask(SIG_BLOCK, &block, &old);
	e = err_of(tcsetpgrp(0, me));
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("ttycheck tcsetpgrp back from the background, SIGTTOU blocked: %s, ours: %d\n",
	       errname(e), tcgetpgrp(0) == me);
	int st;
	waitpid(pid, &st, 0);
	printf("ttycheck tcsetpgrp -1: %s, a pid no process has: %s, init's group: %s\n",
	       errname(err_of(tcsetpgrp(0, -1))), errname(err_of(tcsetpgrp(0, 0x7fffffff))),
	       errname(err_of(tcsetpgrp(0, 1))));
	fflush(stdout);
}

/* A group whose parent left is orphaned: its read gets EIO, not SIGTTIN, and SIGTSTP does
 * not stop it. */
static void orphan_check(void)
{
	int go[2], res[2];
	pipe(go);
	pipe(res);
	fflush(stdout);
	pid_t mid = fork();
	if (mid == 0) {
		if (fork() == 0) {
			setpgid(0, 0);
			char c;
			close(go[1]);
			read(go[0], &c, 1);     /* until its parent has been waited for */
			int e[2] = { bg_read(), 0 };
			raise(SIGTSTP);         /* nobody could continue it: it does not stop */
			e[1] = 1;
			write(res[1], e, sizeof(e));
			_exit(0);
		}
		_exit(0);
	}
	waitpid(mid, NULL, 0);
	close(go[0]);
	write(go[1], "g", 1);
	int e[2] = { -1, 0 };
	close(res[1]);
	read(res[0], e, sizeof(e));
	printf("ttycheck read from an orphaned background group: %s\n", errname(e[0]));
	printf("ttycheck SIGTSTP in an orphaned group stops nothing: %d\n", e[1]);
	fflush(stdout);
}

/* What the session checks saw, from the processes that saw it. */
struct session_report {
	int steal_without_force, steal, steal_sid_ours, steal_fg_ours;
	int notty, hup_seen, after_notty_tcgetpgrp;
	int open_noctty_sid, open_acquires, open_sid_ours;
};

static volatile sig_atomic_t hups;

static void on_hup(int sig)
{
	(void)sig;
	hups++;
}

/* A process of the foreground group that waits for SIGHUP (its session's leader lets the
 * terminal go); tells ready once its handler is in place. Exits 0 when SIGHUP came. */
static void wait_for_hup(int ready)
{
	sigset_t block, none;
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, NULL);
	signal(SIGHUP, on_hup);
	write(ready, "r", 1);
	sigemptyset(&none);
	while (!hups)
		sigsuspend(&none);
	_exit(0);
}

/* A new session opens the terminal's device: with O_NOCTTY it stays without a controlling
 * terminal; without, as the leader of a session without one, it acquires it. */
static void open_in_new_session(const char *dev, struct session_report *r)
{
	if (fork() == 0) {
		setsid();
		int fd = open(dev, O_RDWR | O_NOCTTY);
		_exit(err_of(tcgetsid(fd)));
	}
	int st;
	wait(&st);
	r->open_noctty_sid = WEXITSTATUS(st);
	if (fork() == 0) {
		setsid();
		signal(SIGHUP, SIG_IGN);        /* its TIOCNOTTY hangs up its own group */
		int fd = open(dev, O_RDWR);
		int ours = tcgetsid(fd) == getsid(0);
		int e = err_of(ioctl(fd, TIOCNOTTY));
		_exit(e ? 100 + e : ours ? 0 : 1);
	}
	wait(&st);
	r->open_acquires = WEXITSTATUS(st);
}

/* In a new session: takes the terminal by force (root), then lets it go (TIOCNOTTY), which
 * hangs up the foreground group; then new sessions open it. Leaves the terminal with no
 * session: run last. */
static void session_child(int out, const char *dev)
{
	struct session_report r = {0};
	setsid();
	signal(SIGHUP, SIG_IGN);
	r.steal_without_force = err_of(ioctl(0, TIOCSCTTY, 0));
	r.steal = err_of(ioctl(0, TIOCSCTTY, 1));
	r.steal_sid_ours = tcgetsid(0) == getsid(0);
	r.steal_fg_ours = tcgetpgrp(0) == getpgrp();
	int ready[2];
	pipe(ready);
	pid_t d = fork();
	if (d == 0)
		wait_for_hup(ready[1]);
	char c;
	read(ready[0], &c, 1);
	r.notty = err_of(ioctl(0, TIOCNOTTY));
	int st;
	waitpid(d, &st, 0);
	r.hup_seen = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	r.after_notty_tcgetpgrp = err_of(tcgetpgrp(0));
	open_in_new_session(dev, &r);
	write(out, &r, sizeof(r));
	_exit(0);
}

static void session_checks(void)
{
	if (geteuid() != 0) {
		printf("ttycheck session checks: need root (TIOCSCTTY's steal)\n");
		return;
	}
	char dev[64];
	snprintf(dev, sizeof(dev), "%s", ttyname(0));
	if (strcmp(dev, "/dev/console") == 0)
		snprintf(dev, sizeof(dev), "/dev/ttyS0");   /* the console's own device */
	int res[2];
	pipe(res);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		session_child(res[1], dev);
	close(res[1]);
	struct session_report r;
	memset(&r, 0xff, sizeof(r));
	read(res[0], &r, sizeof(r));
	waitpid(pid, NULL, 0);
	printf("ttycheck new session TIOCSCTTY 0: %s, 1 (root steals): %s, its session %d, its group in front %d\n",
	       errname(r.steal_without_force), errname(r.steal), r.steal_sid_ours, r.steal_fg_ours);
	printf("ttycheck its leader's TIOCNOTTY: %s, foreground group hung up %d, then tcgetpgrp: %s\n",
	       errname(r.notty), r.hup_seen, errname(r.after_notty_tcgetpgrp));
	printf("ttycheck a new session opens it O_NOCTTY, tcgetsid: %s; without, acquires it: %s\n",
	       errname(r.open_noctty_sid), errname(r.open_acquires));
	fflush(stdout);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ttycheck begin\n");
	printf("ttycheck isatty %d, foreground %d, tcgetsid is getsid %d\n", isatty(0),
	       tcgetpgrp(0) == getpgrp(), tcgetsid(0) == getsid(0));
	int fd = open("/dev/tty", O_RDWR);
	printf("ttycheck open /dev/tty: %s, isatty %d\n", errname(err_of(fd)), fd >= 0 && isatty(fd));
	if (fd >= 0)
		close(fd);
	int tty_nr = 0, tpgid = 0;
	int e = stat_tty(&tty_nr, &tpgid);
	printf("ttycheck /proc/self/stat read %d, tty_nr is the terminal's %d, tpgid ours %d\n", e,
	       stat_tty_is_stdin(tty_nr), tpgid == getpgrp());
	termios_checks();
	winsize_checks();
	sendfile_checks();
	child("background read", bg_read, true);
	child("background read, SIGTTIN ignored", bg_read_ignoring, true);
	child("background tcsetattr", bg_tcsetattr, true);
	child("background tcsetattr, SIGTTOU ignored", bg_tcsetattr_ignoring, true);
	child("background write", bg_write, true);
	struct termios t, stop;
	tcgetattr(0, &t);
	stop = t;
	stop.c_lflag |= TOSTOP;
	tcsetattr(0, TCSANOW, &stop);
	child("background write, TOSTOP", bg_write, true);
	child("background write, TOSTOP, SIGTTOU ignored", bg_write_ignoring, true);
	tcsetattr(0, TCSANOW, &t);
	child("background tcgetpgrp is the foreground group", bg_tcgetpgrp, true);
	child("background /proc/self/stat: the terminal, the foreground group", bg_stat, true);
	child("new session /proc/self/stat: no terminal", new_session_stat, false);
	child("new session tcgetpgrp", new_session_tcgetpgrp, false);
	child("new session tcgetsid", new_session_tcgetsid, false);
	child("new session open /dev/tty", new_session_open_tty, false);
	child("new session TIOCSCTTY", new_session_tiocsctty, false);
	child("new session TIOCNOTTY", new_session_tiocnotty, false);
	child("new session tcsetpgrp", new_session_tcsetpgrp, false);
	child("not a session leader TIOCSCTTY", not_leader_tiocsctty, false);
	child("TIOCNOTTY, then open /dev/tty", notty_then_open, false);
	child("TIOCNOTTY, then tcgetpgrp", notty_then_tcgetpgrp, false);
	foreground_checks();
	orphan_check();
	session_checks();
	printf("ttycheck end\n");
	return 0;
}
