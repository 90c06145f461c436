/* userfaultfd: a program handles its own missing-page faults. The handshake (UFFDIO_API),
 * registering anonymous memory, filling pages (UFFDIO_COPY, UFFDIO_ZEROPAGE: EEXIST on a
 * present page, a partial fill), a fault read and resolved by a second thread (read and
 * write faults, the exact address and thread id features), UFFDIO_WAKE, a signal while a
 * fault waits (the fault comes again after the signal's handler), a non-blocking
 * read with nothing queued (EAGAIN), closing the userfaultfd letting the faulting thread
 * go, unregistering, fork (the child's areas are not registered), mremap's
 * MREMAP_DONTUNMAP (the old range stays registered), a system call's own touch waiting for
 * the handler (and EFAULT with UFFD_USER_MODE_ONLY), UFFD_FEATURE_SIGBUS, who may have one
 * (vm.unprivileged_userfaultfd), /dev/userfaultfd, and what /proc shows of it (smaps' um,
 * the descriptor's anon_inode:[userfaultfd]). Needs root on Linux, as the guest
 * is; the structures are Linux's <linux/userfaultfd.h>, which musl's headers lack. */
#include "check.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define UFFD_API 0xaaULL
#define UFFD_USER_MODE_ONLY 1
#define UFFD_EVENT_PAGEFAULT 0x12
#define UFFD_PAGEFAULT_FLAG_WRITE 1ULL
#define UFFD_FEATURE_SIGBUS (1ULL << 7)
#define UFFD_FEATURE_THREAD_ID (1ULL << 8)
#define UFFD_FEATURE_EXACT_ADDRESS (1ULL << 11)
#define UFFDIO_REGISTER_MODE_MISSING 1ULL
#define UFFDIO_COPY_MODE_DONTWAKE 1ULL
#define UFFDIO_ZEROPAGE_MODE_DONTWAKE 1ULL
#define UFFDIO_API _IOWR(0xaa, 0x3f, struct uffdio_api)
#define UFFDIO_REGISTER _IOWR(0xaa, 0x00, struct uffdio_register)
#define UFFDIO_UNREGISTER _IOR(0xaa, 0x01, struct uffdio_range)
#define UFFDIO_WAKE _IOR(0xaa, 0x02, struct uffdio_range)
#define UFFDIO_COPY _IOWR(0xaa, 0x03, struct uffdio_copy)
#define UFFDIO_ZEROPAGE _IOWR(0xaa, 0x04, struct uffdio_zeropage)
#define USERFAULTFD_IOC_NEW _IO(0xaa, 0x00)
/* The ioctls bits every kernel since 4.3 gives (newer ones add more). */
#define API_IOCTLS ((1ULL << 0x00) | (1ULL << 0x01) | (1ULL << 0x3f))
#define RANGE_IOCTLS ((1ULL << 0x02) | (1ULL << 0x03) | (1ULL << 0x04))

struct uffd_msg {
	uint8_t event, reserved1;
	uint16_t reserved2;
	uint32_t reserved3;
	union {
		struct {
			uint64_t flags, address;
			uint32_t ptid;
		} pagefault;
		uint64_t reserved[3];
	} arg;
} __attribute__((packed));
struct uffdio_api { uint64_t api, features, ioctls; };
struct uffdio_range { uint64_t start, len; };
struct uffdio_register { struct uffdio_range range; uint64_t mode, ioctls; };
struct uffdio_copy { uint64_t dst, src, len, mode; int64_t copy; };
struct uffdio_zeropage { struct uffdio_range range; uint64_t mode; int64_t zeropage; };

#define P 4096UL

static int uffd_new(int flags)
{
	return (int)syscall(SYS_userfaultfd, flags);
}

/* A userfaultfd after the handshake, asking for these features; -1 on failure. */
static int uffd_ready(int flags, uint64_t features)
{
	int fd = uffd_new(flags);
	struct uffdio_api api = { .api = UFFD_API, .features = features };
	if (fd < 0 || ioctl(fd, UFFDIO_API, &api) != 0)
		return -1;
	return fd;
}

static int uffd_register(int fd, void *addr, size_t len)
{
	struct uffdio_register r = { { (uintptr_t)addr, len }, UFFDIO_REGISTER_MODE_MISSING, 0 };
	return ioctl(fd, UFFDIO_REGISTER, &r);
}

static char *anon(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* --- the handler: a second thread that waits for one fault and resolves it ---------- */
enum action { COPY, ZERO_THEN_WAKE, CLOSE, SIGNAL_THEN_COPY };
struct handler {
	int fd;
	enum action action;
	char fill;                      /* COPY: the byte the page is filled with */
	struct uffd_msg msg;            /* what it read */
	struct uffd_msg first;          /* SIGNAL_THEN_COPY: the message before the signal */
	pid_t victim;                   /* SIGNAL_THEN_COPY: the faulting thread */
	int poll_revents, read_ret, act_ret;
	pthread_t thread;
};

/* Waits for the next message. */
static void next_message(struct handler *h)
{
	struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
	poll(&pfd, 1, -1);
	h->poll_revents = pfd.revents;
	h->read_ret = (int)read(h->fd, &h->msg, sizeof(h->msg));
}

static void *handle(void *arg)
{
	struct handler *h = arg;
	next_message(h);
	if (h->action == SIGNAL_THEN_COPY) {
		/* The signal ends the faulting thread's wait: its handler runs, and the access
		 * faults again, which queues a second message. */
		h->first = h->msg;
		syscall(SYS_tgkill, getpid(), h->victim, SIGUSR1);
		next_message(h);
		h->action = COPY;
	}
	uintptr_t page = h->msg.arg.pagefault.address & ~(P - 1);
	static char src[P];
	switch (h->action) {
	case COPY: {
		memset(src, h->fill, P);
		struct uffdio_copy c = { page, (uintptr_t)src, P, 0, 0 };
		h->act_ret = ioctl(h->fd, UFFDIO_COPY, &c);
		break;
	}
	case ZERO_THEN_WAKE: {
		struct uffdio_zeropage z = { { page, P }, UFFDIO_ZEROPAGE_MODE_DONTWAKE, 0 };
		struct uffdio_range r = { page, P };
		h->act_ret = ioctl(h->fd, UFFDIO_ZEROPAGE, &z) || ioctl(h->fd, UFFDIO_WAKE, &r);
		break;
	}
	case CLOSE:
		h->act_ret = close(h->fd);
		break;
	case SIGNAL_THEN_COPY:          /* became COPY above */
		break;
	}
	return NULL;
}

static void handler_start(struct handler *h, int fd, enum action action, char fill)
{
	*h = (struct handler){ .fd = fd, .action = action, .fill = fill,
			       .victim = (pid_t)syscall(SYS_gettid) };
	pthread_create(&h->thread, NULL, handle, h);
}

static void handler_join(struct handler *h)
{
	pthread_join(h->thread, NULL);
}

/* --- the checks ----------------------------------------------------------------------- */
static void check_create_and_api(void)
{
	errno = 0;
	CHECK("userfaultfd(unknown flag): EINVAL", uffd_new(0x10) == -1 && errno == EINVAL);
	int fd = uffd_new(O_CLOEXEC | O_NONBLOCK);
	CHECK("userfaultfd(O_CLOEXEC | O_NONBLOCK)", fd >= 0);
	CHECK("  close-on-exec", fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK("  non-blocking, read-only", fcntl(fd, F_GETFL) == (O_RDONLY | O_NONBLOCK));
	char *mem = anon(P);
	errno = 0;
	CHECK("UFFDIO_REGISTER before UFFDIO_API: EINVAL",
	      uffd_register(fd, mem, P) == -1 && errno == EINVAL);
	struct uffd_msg m;
	errno = 0;
	CHECK("read before UFFDIO_API: EINVAL", read(fd, &m, sizeof(m)) == -1 && errno == EINVAL);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	CHECK("poll before UFFDIO_API: POLLERR", poll(&pfd, 1, 0) == 1 && pfd.revents == POLLERR);
	struct uffdio_api api = { .api = 0xab, .features = 0, .ioctls = 7 };
	errno = 0;
	CHECK("UFFDIO_API with a wrong api: EINVAL, answer zeroed",
	      ioctl(fd, UFFDIO_API, &api) == -1 && errno == EINVAL && api.api == 0 &&
	      api.ioctls == 0);
	api = (struct uffdio_api){ .api = UFFD_API, .features = 1ULL << 62 };
	errno = 0;
	CHECK("UFFDIO_API with an unknown feature: EINVAL", ioctl(fd, UFFDIO_API, &api) == -1 &&
	      errno == EINVAL);
	api = (struct uffdio_api){ .api = UFFD_API };
	CHECK("UFFDIO_API", ioctl(fd, UFFDIO_API, &api) == 0 && api.api == UFFD_API);
	CHECK("  offers REGISTER, UNREGISTER, API",
	      (api.ioctls & API_IOCTLS) == API_IOCTLS);
	CHECK("  offers SIGBUS, THREAD_ID, EXACT_ADDRESS",
	      (api.features & (UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID |
			       UFFD_FEATURE_EXACT_ADDRESS)) ==
	      (UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EXACT_ADDRESS));
	errno = 0;
	CHECK("UFFDIO_API again: EINVAL", ioctl(fd, UFFDIO_API, &api) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("read with nothing queued (O_NONBLOCK): EAGAIN",
	      read(fd, &m, sizeof(m)) == -1 && errno == EAGAIN);
	errno = 0;
	CHECK("read into less than a message: EINVAL", read(fd, &m, 16) == -1 && errno == EINVAL);
	CHECK("poll with nothing queued: nothing", poll(&pfd, 1, 0) == 0);
	close(fd);
	fd = uffd_ready(0, 0);
	pfd.fd = fd;
	CHECK("poll of a blocking userfaultfd: POLLERR",
	      poll(&pfd, 1, 0) == 1 && pfd.revents == POLLERR);
	close(fd);
	munmap(mem, P);
}

/* Whether the VmFlags line of the smaps entry holding addr has flag in it. */
static int smaps_flag(const void *addr, const char *flag)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int in = 0, found = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2)     /* an area's first line */
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
		else if (in && strncmp(line, "VmFlags:", 8) == 0)
			found = strstr(line, flag) != NULL;
	}
	if (f)
		fclose(f);
	return found;
}

static void check_register(void)
{
	int fd = uffd_ready(O_NONBLOCK, 0);
	char *mem = anon(4 * P);
	struct uffdio_register r = { { (uintptr_t)mem, 4 * P }, 0, 0 };
	errno = 0;
	CHECK("UFFDIO_REGISTER with no mode: EINVAL", ioctl(fd, UFFDIO_REGISTER, &r) == -1 &&
	      errno == EINVAL);
	r = (struct uffdio_register){ { (uintptr_t)mem + 1, P }, UFFDIO_REGISTER_MODE_MISSING, 0 };
	errno = 0;
	CHECK("UFFDIO_REGISTER of an unaligned start: EINVAL",
	      ioctl(fd, UFFDIO_REGISTER, &r) == -1 && errno == EINVAL);
	r = (struct uffdio_register){ { (uintptr_t)mem, 0 }, UFFDIO_REGISTER_MODE_MISSING, 0 };
	errno = 0;
	CHECK("UFFDIO_REGISTER of nothing: EINVAL", ioctl(fd, UFFDIO_REGISTER, &r) == -1 &&
	      errno == EINVAL);
	r = (struct uffdio_register){ { (uintptr_t)mem, 4 * P }, UFFDIO_REGISTER_MODE_MISSING, 0 };
	CHECK("UFFDIO_REGISTER of 4 anonymous pages", ioctl(fd, UFFDIO_REGISTER, &r) == 0);
	CHECK("  the range offers WAKE, COPY, ZEROPAGE", (r.ioctls & RANGE_IOCTLS) == RANGE_IOCTLS);
	CHECK("  smaps: VmFlags says um", smaps_flag(mem + P, " um"));
	char link[64], target[64] = "";
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	readlink(link, target, sizeof(target) - 1);
	CHECK("  /proc/self/fd names it anon_inode:[userfaultfd]",
	      strcmp(target, "anon_inode:[userfaultfd]") == 0);
	int other = uffd_ready(O_NONBLOCK, 0);
	errno = 0;
	CHECK("another userfaultfd registering them: EBUSY",
	      uffd_register(other, mem + P, P) == -1 && errno == EBUSY);
	close(other);

	static char src[2 * P];
	memset(src, 'A', sizeof(src));
	struct uffdio_copy c = { (uintptr_t)mem, (uintptr_t)src, P, 0, 0 };
	CHECK("UFFDIO_COPY into a missing page", ioctl(fd, UFFDIO_COPY, &c) == 0 && c.copy == P);
	CHECK("  the page holds the copy", mem[0] == 'A' && mem[P - 1] == 'A');
	c.copy = 0;
	errno = 0;
	CHECK("UFFDIO_COPY onto a present page: EEXIST, copy = -EEXIST",
	      ioctl(fd, UFFDIO_COPY, &c) == -1 && errno == EEXIST && c.copy == -EEXIST);
	struct uffdio_zeropage z = { { (uintptr_t)mem + P, P }, 0, 0 };
	CHECK("UFFDIO_ZEROPAGE", ioctl(fd, UFFDIO_ZEROPAGE, &z) == 0 && z.zeropage == P);
	CHECK("  the page reads zeros", mem[P] == 0 && mem[2 * P - 1] == 0);
	mem[P] = 'w';
	CHECK("  and takes a write", mem[P] == 'w');
	c = (struct uffdio_copy){ (uintptr_t)mem + 3 * P, (uintptr_t)src, P, 0, 0 };
	ioctl(fd, UFFDIO_COPY, &c);
	c = (struct uffdio_copy){ (uintptr_t)mem + 2 * P, (uintptr_t)src, 2 * P, 0, 0 };
	errno = 0;
	CHECK("UFFDIO_COPY of 2 pages, the second present: EAGAIN, copy = one page",
	      ioctl(fd, UFFDIO_COPY, &c) == -1 && errno == EAGAIN && c.copy == P);
	char *plain = anon(P);
	c = (struct uffdio_copy){ (uintptr_t)plain, (uintptr_t)src, P, 0, 0 };
	errno = 0;
	CHECK("UFFDIO_COPY into an area not registered: ENOENT",
	      ioctl(fd, UFFDIO_COPY, &c) == -1 && errno == ENOENT && c.copy == -ENOENT);
	c = (struct uffdio_copy){ (uintptr_t)mem, (uintptr_t)src, P, 4, 0 };
	errno = 0;
	CHECK("UFFDIO_COPY with an unknown mode: EINVAL",
	      ioctl(fd, UFFDIO_COPY, &c) == -1 && errno == EINVAL);
	struct uffdio_range range = { (uintptr_t)mem, 4 * P };
	CHECK("UFFDIO_WAKE with nobody waiting", ioctl(fd, UFFDIO_WAKE, &range) == 0);
	close(fd);
	munmap(plain, P);
	munmap(mem, 4 * P);
}

static volatile int usr1_count;

static void on_sigusr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static void check_faults(void)
{
	int fd = uffd_ready(O_NONBLOCK, UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EXACT_ADDRESS);
	char *mem = anon(3 * P);
	uffd_register(fd, mem, 3 * P);
	struct handler h;
	handler_start(&h, fd, COPY, 'X');
	char c = ((volatile char *)mem)[0x123];
	handler_join(&h);
	CHECK("a read fault, resolved by another thread's UFFDIO_COPY", c == 'X');
	CHECK("  poll said POLLIN", h.poll_revents == POLLIN);
	CHECK("  read gave one message", h.read_ret == (int)sizeof(struct uffd_msg));
	CHECK("  UFFD_EVENT_PAGEFAULT", h.msg.event == UFFD_EVENT_PAGEFAULT);
	CHECK("  at the exact address (UFFD_FEATURE_EXACT_ADDRESS)",
	      h.msg.arg.pagefault.address == (uintptr_t)mem + 0x123);
	CHECK("  flags: a read", h.msg.arg.pagefault.flags == 0);
	CHECK("  by this thread (UFFD_FEATURE_THREAD_ID)",
	      h.msg.arg.pagefault.ptid == (uint32_t)syscall(SYS_gettid));
	CHECK("  the copy worked", h.act_ret == 0);

	handler_start(&h, fd, COPY, 'Y');
	((volatile char *)mem)[P + 8] = 'w';
	handler_join(&h);
	CHECK("a write fault: the write lands on the copied page",
	      mem[P + 8] == 'w' && mem[P + 9] == 'Y');
	CHECK("  flags: UFFD_PAGEFAULT_FLAG_WRITE",
	      h.msg.arg.pagefault.flags == UFFD_PAGEFAULT_FLAG_WRITE);

	handler_start(&h, fd, ZERO_THEN_WAKE, 0);
	c = ((volatile char *)mem)[2 * P];
	handler_join(&h);
	CHECK("a fault resolved by UFFDIO_ZEROPAGE (DONTWAKE), then UFFDIO_WAKE",
	      c == 0 && h.act_ret == 0);
	close(fd);

	/* A signal while the thread waits: the handler runs, then the fault comes again. */
	fd = uffd_ready(O_NONBLOCK, 0);
	char *sig = anon(P);
	uffd_register(fd, sig, P);
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	sigaction(SIGUSR1, &sa, NULL);
	handler_start(&h, fd, SIGNAL_THEN_COPY, 'S');
	c = ((volatile char *)sig)[5];
	handler_join(&h);
	CHECK("a signal while the fault waits: its handler runs, then the fault comes again",
	      usr1_count == 1 && c == 'S' && h.act_ret == 0 &&
	      h.first.arg.pagefault.address == (uintptr_t)sig &&
	      h.msg.arg.pagefault.address == (uintptr_t)sig);
	signal(SIGUSR1, SIG_DFL);
	close(fd);
	munmap(sig, P);

	/* Closing the userfaultfd lets the faulting thread go: a demand-zero page then. */
	fd = uffd_ready(O_NONBLOCK, 0);
	char *more = anon(P);
	uffd_register(fd, more, P);
	handler_start(&h, fd, CLOSE, 0);
	c = ((volatile char *)more)[0];
	handler_join(&h);
	CHECK("closing the userfaultfd lets the faulting thread go",
	      c == 0 && h.act_ret == 0 && h.msg.arg.pagefault.address == (uintptr_t)more);
	munmap(more, P);
	munmap(mem, 3 * P);
}

static void check_unregister_fork_mremap(void)
{
	int fd = uffd_ready(O_NONBLOCK, 0);
	char *mem = anon(2 * P);
	uffd_register(fd, mem, 2 * P);
	struct uffdio_range r = { (uintptr_t)mem, P };
	CHECK("UFFDIO_UNREGISTER of the first page", ioctl(fd, UFFDIO_UNREGISTER, &r) == 0);
	CHECK("  it is demand-zero memory again", ((volatile char *)mem)[0] == 0);
	struct uffd_msg m;
	errno = 0;
	CHECK("  and queued nothing", read(fd, &m, sizeof(m)) == -1 && errno == EAGAIN);

	pid_t pid = fork();
	if (pid == 0)
		_exit(((volatile char *)mem)[P] == 0 ? 0 : 1);
	int status;
	waitpid(pid, &status, 0);
	CHECK("fork: the child's copy is not registered (no UFFD_FEATURE_EVENT_FORK)",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);

	char *old = anon(P);
	memcpy(old, "ABCD", 5);
	uffd_register(fd, old, P);
	char *moved = mremap(old, P, P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	CHECK("mremap(MREMAP_DONTUNMAP) of a registered page", moved != MAP_FAILED &&
	      strcmp(moved, "ABCD") == 0);
	struct handler h;
	handler_start(&h, fd, COPY, 'M');
	char c = ((volatile char *)old)[0];
	handler_join(&h);
	CHECK("  the old range is still registered: its fault reaches the handler",
	      c == 'M' && h.msg.arg.pagefault.address == (uintptr_t)old);
	moved[1] = 0;
	CHECK("  the new one keeps the data", moved[0] == 'A');
	close(fd);
	munmap(moved, P);
	munmap(old, P);
	munmap(mem, 2 * P);
}

/* A system call writing into a registered missing page: the kernel's own touch waits for
 * the handler as a program's does, unless UFFD_USER_MODE_ONLY, where it is EFAULT. */
static void check_kernel_touch(void)
{
	int fd = uffd_ready(O_NONBLOCK, 0);
	char *mem = anon(P);
	uffd_register(fd, mem, P);
	int pipefd[2];
	pipe(pipefd);
	write(pipefd[1], "hello", 5);
	struct handler h;
	handler_start(&h, fd, COPY, 'Z');
	ssize_t n = read(pipefd[0], mem, 5);
	handler_join(&h);
	CHECK("read(2) into a registered missing page waits for the handler",
	      n == 5 && memcmp(mem, "helloZ", 6) == 0);
	CHECK("  the handler saw a write", h.msg.arg.pagefault.flags == UFFD_PAGEFAULT_FLAG_WRITE);
	close(fd);
	munmap(mem, P);

	fd = uffd_ready(O_NONBLOCK | UFFD_USER_MODE_ONLY, 0);
	CHECK("userfaultfd(UFFD_USER_MODE_ONLY)", fd >= 0);
	mem = anon(P);
	uffd_register(fd, mem, P);
	write(pipefd[1], "hello", 5);
	errno = 0;
	CHECK("  read(2) into a registered missing page: EFAULT",
	      read(pipefd[0], mem, 5) == -1 && errno == EFAULT);
	close(fd);
	munmap(mem, P);
	close(pipefd[0]);
	close(pipefd[1]);
}

static sigjmp_buf bus_jump;
static void *bus_addr;

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	bus_addr = si->si_addr;
	siglongjmp(bus_jump, 1);
}

static void check_sigbus_and_permission(void)
{
	int fd = uffd_ready(O_NONBLOCK, UFFD_FEATURE_SIGBUS);
	char *mem = anon(P);
	uffd_register(fd, mem, P);
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	sigaction(SIGBUS, &sa, NULL);
	int got = 0;
	if (sigsetjmp(bus_jump, 1) == 0)
		(void)((volatile char *)mem)[10];
	else
		got = 1;
	CHECK("UFFD_FEATURE_SIGBUS: a missing page is SIGBUS at once",
	      got && bus_addr == mem + 10);
	signal(SIGBUS, SIG_DFL);
	close(fd);
	munmap(mem, P);

	char knob[8] = "";
	int k = open("/proc/sys/vm/unprivileged_userfaultfd", O_RDONLY);
	CHECK("/proc/sys/vm/unprivileged_userfaultfd is 0",
	      k >= 0 && read(k, knob, sizeof(knob)) == 2 && strcmp(knob, "0\n") == 0);
	close(k);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(2);
		errno = 0;
		int denied = uffd_new(0) == -1 && errno == EPERM;
		int user_only = uffd_new(UFFD_USER_MODE_ONLY) >= 0;
		_exit(denied && user_only ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("not root: EPERM, but UFFD_USER_MODE_ONLY is allowed",
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);

	int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	fd = dev >= 0 ? ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC) : -1;
	struct uffdio_api api = { .api = UFFD_API };
	CHECK("/dev/userfaultfd: USERFAULTFD_IOC_NEW makes one", fd >= 0 &&
	      ioctl(fd, UFFDIO_API, &api) == 0);
	errno = 0;
	CHECK("  another request: EINVAL", ioctl(dev, 1, 0) == -1 && errno == EINVAL);
	close(fd);
	close(dev);
}

int main(void)
{
	check_create_and_api();
	check_register();
	check_faults();
	check_unregister_fork_mremap();
	check_kernel_touch();
	check_sigbus_and_permission();
	CHECK_DONE();
}
