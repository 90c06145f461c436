/* poll, ppoll, select and pselect over pipes, a regular file and /dev/null: what is ready,
 * POLLHUP/POLLERR/POLLNVAL, timeouts, the time left written back, signals (EINTR even with
 * SA_RESTART), the temporary masks of ppoll and pselect, and Linux's errors. */
#include "check.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* poll on one descriptor: its revents, or -1 and errno. */
static int poll_one(int fd, short events, int timeout)
{
	struct pollfd p = { fd, events, 0 };
	int r = poll(&p, 1, timeout);
	return r < 0 ? -1 : p.revents;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void pipes(void)
{
	int p[2];
	pipe(p);
	CHECK("an empty pipe: nothing to read", poll_one(p[0], POLLIN, 0) == 0);
	CHECK("its write end: writable", poll_one(p[1], POLLOUT, 0) == POLLOUT);
	write(p[1], "x", 1);
	CHECK("a byte in it: POLLIN", poll_one(p[0], POLLIN | POLLOUT, 0) == POLLIN);
	CHECK("POLLRDNORM too when asked", poll_one(p[0], POLLRDNORM, 0) == POLLRDNORM);
	close(p[1]);
	CHECK("writer gone, data left: POLLIN | POLLHUP", poll_one(p[0], POLLIN, 0) == (POLLIN | POLLHUP));
	char c;
	read(p[0], &c, 1);
	CHECK("writer gone, empty: POLLHUP even unasked", poll_one(p[0], 0, 0) == POLLHUP);
	close(p[0]);

	pipe(p);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	static char block[4096];
	while (write(p[1], block, sizeof(block)) > 0)
		;
	CHECK("a full pipe: not writable", poll_one(p[1], POLLOUT, 0) == 0);
	static char sink[8192];
	read(p[0], sink, sizeof(sink));
	CHECK("8 KiB read from it: writable again", poll_one(p[1], POLLOUT, 0) == POLLOUT);
	close(p[0]);
	CHECK("reader gone: POLLOUT | POLLERR", poll_one(p[1], POLLOUT, 0) == (POLLOUT | POLLERR));
	close(p[1]);
}

static void files_and_errors(void)
{
	int fd = open("poll_select.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK("a regular file: readable and writable",
	      poll_one(fd, POLLIN | POLLOUT, 0) == (POLLIN | POLLOUT));
	int null = open("/dev/null", O_RDWR);
	CHECK("/dev/null: readable and writable",
	      poll_one(null, POLLIN | POLLOUT | POLLPRI, 0) == (POLLIN | POLLOUT));
	close(null);
	close(fd);
	unlink("poll_select.data");
	CHECK("a closed descriptor: POLLNVAL", poll_one(fd, POLLIN, 0) == POLLNVAL);
	struct pollfd two[2] = { { -1, POLLIN, 7 }, { 0, 0, 7 } };
	CHECK("a negative fd is skipped, revents 0", poll(two, 1, 0) == 0 && two[0].revents == 0);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	CHECK("more descriptors than RLIMIT_NOFILE: EINVAL",
	      poll(NULL, rl.rlim_cur + 1, 0) == -1 && errno == EINVAL);
	CHECK("a bad array: EFAULT", poll((void *)8, 1, 0) == -1 && errno == EFAULT);
	struct timespec bad = { 0, 1000000000 };
	CHECK("ppoll with a bad timeout: EINVAL",
	      ppoll(two, 1, &bad, NULL) == -1 && errno == EINVAL);
	uint64_t mask = 0;
	CHECK("ppoll with a bad sigset size: EINVAL",
	      syscall(SYS_ppoll, two, 1, NULL, &mask, 4) == -1 && errno == EINVAL);
}

static void timeouts(void)
{
	int p[2];
	pipe(p);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK("poll with a 30 ms timeout on nothing: 0", poll_one(p[0], POLLIN, 30) == 0);
	CHECK("... after at least 30 ms", ms_since(&t0) >= 30);
	struct timespec ts = { 0, 20000000 };
	struct pollfd pf = { p[0], POLLIN, 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* The system calls themselves: musl's wrappers pass copies of the timeouts, and
	 * normalise select's microseconds. */
	CHECK("ppoll with 20 ms: 0", syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8) == 0);
	CHECK("... after at least 20 ms, and the time left is 0",
	      ms_since(&t0) >= 20 && ts.tv_sec == 0 && ts.tv_nsec == 0);

	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = { 0, 20000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK("select with 20 ms on nothing: 0, the set cleared",
	      syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rd));
	CHECK("... after at least 20 ms, the time left is 0",
	      ms_since(&t0) >= 20 && tv.tv_sec == 0 && tv.tv_usec == 0);
	write(p[1], "x", 1);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 5, 0 };
	CHECK("select: a readable pipe at once",
	      syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rd));
	CHECK("... and most of the 5 s are left", tv.tv_sec >= 4);
	close(p[0]);
	close(p[1]);
}

static void select_sets(void)
{
	int p[2];
	pipe(p);
	fd_set rd, wr, ex;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	FD_SET(p[0], &ex);
	struct timeval zero = { 0, 0 };
	CHECK("select: the write end is writable, nothing else",
	      select(p[1] + 1, &rd, &wr, &ex, &zero) == 1 && FD_ISSET(p[1], &wr) &&
	      !FD_ISSET(p[0], &rd) && !FD_ISSET(p[0], &ex));
	close(p[1]);
	FD_SET(p[0], &rd);
	CHECK("select: end of file counts as readable",
	      select(p[0] + 1, &rd, NULL, NULL, &zero) == 1 && FD_ISSET(p[0], &rd));
	FD_SET(p[1], &rd);
	CHECK("select on a closed descriptor: EBADF",
	      select(p[1] + 1, &rd, NULL, NULL, &zero) == -1 && errno == EBADF);
	CHECK("select with nfds < 0: EINVAL", select(-1, NULL, NULL, NULL, &zero) == -1 && errno == EINVAL);
	struct timeval bad = { 0, -1 };
	CHECK("select with tv_usec = -1: EINVAL",
	      syscall(SYS_select, 0, NULL, NULL, NULL, &bad) == -1 && errno == EINVAL);
	close(p[0]);
}

/* select over 4096 descriptors: the sets are 512 bytes each, four times glibc's fd_set. */
static void many_descriptors(void)
{
	struct rlimit rl, old;
	getrlimit(RLIMIT_NOFILE, &old);
	rl = old;
	rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
	setrlimit(RLIMIT_NOFILE, &rl);
	int high = (int)rl.rlim_cur - 1;
	static uint64_t rd[64], wr[64];
	memset(rd, 0, sizeof(rd));
	memset(wr, 0, sizeof(wr));
	int p[2];
	pipe(p);
	CHECK("dup2 to the highest descriptor", dup2(p[1], high) == high);
	wr[high / 64] |= 1ULL << (high % 64);
	rd[p[0] / 64] |= 1ULL << (p[0] % 64);
	struct timeval zero = { 0, 0 };
	long r = syscall(SYS_select, high + 1, rd, wr, NULL, &zero);
	CHECK("select on 4096 descriptors: the highest is writable, the empty pipe not readable",
	      r == 1 && (wr[high / 64] >> (high % 64) & 1) && rd[p[0] / 64] == 0);
	close(high);
	close(p[0]);
	close(p[1]);
	setrlimit(RLIMIT_NOFILE, &old);
}

/* A child writes to the pipe: the parent's poll without a timeout wakes for it. */
static void woken_by_a_writer(void)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		write(p[1], "y", 1);
		_exit(0);
	}
	CHECK("poll without a timeout wakes when a child writes",
	      poll_one(p[0], POLLIN, -1) == POLLIN);
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

/* poll returns EINTR for a handled signal, even with SA_RESTART. */
static void interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		for (;;) {
			kill(getppid(), SIGUSR1);
			sched_yield();
		}
	}
	int r = poll_one(p[0], POLLIN, -1);
	CHECK("poll: EINTR for a handled signal, SA_RESTART or not", r == -1 && errno == EINTR);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	/* ppoll and pselect unblock SIGUSR1 only while they wait. */
	sigset_t usr1, empty;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	got_usr1 = 0;
	raise(SIGUSR1);
	struct pollfd pf = { p[0], POLLIN, 0 };
	r = ppoll(&pf, 1, NULL, &empty);
	CHECK("ppoll: the pending signal runs in its mask, EINTR",
	      r == -1 && errno == EINTR && got_usr1 == 1);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("... and SIGUSR1 is blocked again after it", sigismember(&now, SIGUSR1));
	raise(SIGUSR1);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = pselect(p[0] + 1, &rd, NULL, NULL, NULL, &empty);
	CHECK("pselect: the same", r == -1 && errno == EINTR && got_usr1 == 2);
	struct timespec zero = { 0, 0 };
	r = ppoll(&pf, 1, &zero, &usr1);
	CHECK("ppoll that ends normally restores the mask at once", r == 0 && got_usr1 == 2);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	pipes();
	files_and_errors();
	timeouts();
	select_sets();
	many_descriptors();
	woken_by_a_writer();
	interrupted();
	CHECK_DONE();
}
