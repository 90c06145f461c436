/*
 * userfaultfd, the file (Linux's fs/userfaultfd.c): userfaultfd(2) and /dev/userfaultfd
 * make one; reading it gives a struct uffd_msg per fault waiting for its handler, poll
 * says when one waits, and its ioctls register areas and fill their pages. What a fault
 * does, and the registrations, are mm's (mm/userfault.h); this file turns the ioctls'
 * structures into those calls, in Linux's order of checks.
 *
 * Built: UFFDIO_API, REGISTER and UNREGISTER (missing mode, anonymous memory), COPY,
 * ZEROPAGE, WAKE; the features SIGBUS, THREAD_ID and EXACT_ADDRESS. Not built, each with a
 * kernel-log line and EINVAL as from a Linux configured without them: write-protect and
 * minor modes (UFFDIO_WRITEPROTECT, UFFDIO_CONTINUE), UFFDIO_MOVE, UFFDIO_POISON, the
 * events (fork, remap, remove, unmap), shared memory and hugetlbfs.
 */
#include "fs/userfaultfd.h"
#include "fs/fs_abi.h"
#include "fs/poll.h"
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/linux_abi.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/sys_fs.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/wait.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"
#include "mm/userfault.h"
#include "kernel/arch/x86/cpu.h"

/* vm.unprivileged_userfaultfd: may a process without CAP_SYS_PTRACE (not root) have one
 * that handles the kernel's faults too? (Linux's default: 0, no.) */
int sysctl_unprivileged_userfaultfd;

/* One open userfaultfd: the context, and whether UFFDIO_API was done (Linux's
 * UFFD_FEATURE_INITIALIZED). */
struct uffd_file {
	struct uffd_ctx ctx;
	bool api_done;
};

static struct uffd_file *uffd_of(struct file *f)
{
	return f->private_data;
}

/* The ioctls UFFDIO_API offers, and those a registered range offers (missing mode). */
#define API_IOCTLS ((1ULL << UFFDIO_NR_REGISTER) | (1ULL << UFFDIO_NR_UNREGISTER) | \
		    (1ULL << UFFDIO_NR_API))
#define RANGE_IOCTLS ((1ULL << UFFDIO_NR_WAKE) | (1ULL << UFFDIO_NR_COPY) | \
		      (1ULL << UFFDIO_NR_ZEROPAGE))

/* A fault was queued: readers sleeping on the context, and poll, look again. */
static void uffd_notify(struct uffd_ctx *ctx)
{
	wakeup(ctx);
	poll_notify();
}

/* The next message into buf at `at`: 0, -EAGAIN (none, and O_NONBLOCK or not the first),
 * -ERESTARTSYS, -EFAULT. Blocks for the first one only, as Linux's userfaultfd_read. */
static int read_one(struct uffd_file *u, struct iobuf *buf, size_t at, bool no_wait)
{
	irq_disable();
	while (!uffd_has_unread(&u->ctx)) {
		if (no_wait || signal_pending()) {
			irq_enable();
			return no_wait ? -EAGAIN : -ERESTARTSYS;
		}
		sleep_on(&u->ctx, 0);
	}
	irq_enable();
	struct uffd_fault *w = uffd_next_unread(&u->ctx);
	struct linux_uffd_msg msg = { .event = UFFD_EVENT_PAGEFAULT };
	msg.arg.pagefault.flags = w->flags;
	msg.arg.pagefault.address = w->address;
	msg.arg.pagefault.ptid = (uint32_t)w->ptid;
	return iobuf_copy_out(buf, at, &msg, sizeof(msg));
}

static ssize_t uffd_read(struct file *f, struct iobuf *buf)
{
	struct uffd_file *u = uffd_of(f);
	if (!u->api_done)
		return -EINVAL;
	size_t done = 0;
	for (;;) {
		if (buf->len - done < sizeof(struct linux_uffd_msg))
			return done ? (ssize_t)done : -EINVAL;
		int err = read_one(u, buf, done, done || (f->flags & O_NONBLOCK));
		if (err)
			return done ? (ssize_t)done : err;
		done += sizeof(struct linux_uffd_msg);
	}
}

static ssize_t uffd_no_write(struct file *f, const struct iobuf *buf)
{
	(void)f;
	(void)buf;
	return -EINVAL;                 /* no write operation, as Linux's */
}

/* As Linux's userfaultfd_poll: an error before UFFDIO_API, and for a blocking file (poll
 * never promises that read will not block: a fault may be woken before it is read). */
static uint32_t uffd_poll(struct file *f)
{
	struct uffd_file *u = uffd_of(f);
	if (!u->api_done || !(f->flags & O_NONBLOCK))
		return POLLERR;
	return uffd_has_unread(&u->ctx) ? POLLIN : 0;
}

/* Lets the areas go and every waiting thread with them, then frees the context. */
static void uffd_release_file(struct file *f)
{
	struct uffd_file *u = uffd_of(f);
	uffd_release(&u->ctx);
	kfree(u);
	poll_notify();
}

/* Features Linux has that this kernel does not build: named in the log when asked for. */
static void log_missing_features(uint64_t features)
{
	static const struct { uint64_t bit; const char *name; } known[] = {
		{ UFFD_FEATURE_PAGEFAULT_FLAG_WP, "PAGEFAULT_FLAG_WP (write-protect mode)" },
		{ UFFD_FEATURE_EVENT_FORK, "EVENT_FORK" },
		{ UFFD_FEATURE_EVENT_REMAP, "EVENT_REMAP" },
		{ UFFD_FEATURE_EVENT_REMOVE, "EVENT_REMOVE" },
		{ UFFD_FEATURE_MISSING_HUGETLBFS, "MISSING_HUGETLBFS" },
		{ UFFD_FEATURE_MISSING_SHMEM, "MISSING_SHMEM" },
		{ UFFD_FEATURE_EVENT_UNMAP, "EVENT_UNMAP" },
		{ UFFD_FEATURE_MINOR_HUGETLBFS, "MINOR_HUGETLBFS (minor faults)" },
		{ UFFD_FEATURE_MINOR_SHMEM, "MINOR_SHMEM (minor faults)" },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (features & known[i].bit)
			printk("userfaultfd: %s[%d]: UFFD_FEATURE_%s is not built\n", current->name,
			       current->pid, known[i].name);
}

static int uffdio_api(struct uffd_file *u, void *uarg)
{
	struct linux_uffdio_api api;
	if (copy_from_user(&api, uarg, sizeof(api)))
		return -EFAULT;
	int err = -EINVAL;
	if (api.api == UFFD_API && !(api.features & ~UFFD_SUPPORTED_FEATURES) && !u->api_done) {
		uint64_t asked = api.features;
		api.features = UFFD_SUPPORTED_FEATURES;
		api.ioctls = API_IOCTLS;
		if (copy_to_user(uarg, &api, sizeof(api)))
			return -EFAULT;
		u->api_done = true;
		u->ctx.features = asked;
		return 0;
	}
	if (api.api == UFFD_API)
		log_missing_features(api.features & ~UFFD_SUPPORTED_FEATURES);
	api = (struct linux_uffdio_api){ 0 };   /* Linux's err_out: the answer is zeros */
	return copy_to_user(uarg, &api, sizeof(api)) ? -EFAULT : err;
}

static int uffdio_register(struct uffd_file *u, void *uarg)
{
	struct linux_uffdio_register reg;
	if (copy_from_user(&reg, uarg, sizeof(reg) - sizeof(reg.ioctls)))
		return -EFAULT;
	const uint64_t modes = UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP |
			       UFFDIO_REGISTER_MODE_MINOR;
	if (!reg.mode || (reg.mode & ~modes))
		return -EINVAL;
	if (reg.mode & (UFFDIO_REGISTER_MODE_WP | UFFDIO_REGISTER_MODE_MINOR)) {
		printk("userfaultfd: %s[%d]: the %s mode is not built (missing mode only)\n",
		       current->name, current->pid,
		       (reg.mode & UFFDIO_REGISTER_MODE_WP) ? "write-protect" : "minor");
		return -EINVAL;
	}
	int err = uffd_validate_range(reg.range.start, reg.range.len);
	if (!err)
		err = uffd_register(&u->ctx, reg.range.start, reg.range.start + reg.range.len);
	if (err)
		return err;
	uint64_t ioctls = RANGE_IOCTLS;
	return copy_to_user((char *)uarg + offsetof(struct linux_uffdio_register, ioctls), &ioctls,
			    sizeof(ioctls)) ? -EFAULT : 0;
}

/* UFFDIO_UNREGISTER (unregister) and UFFDIO_WAKE: both take a range. */
static int uffdio_range(struct uffd_file *u, void *uarg, bool unregister)
{
	struct linux_uffdio_range r;
	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	int err = uffd_validate_range(r.start, r.len);
	if (err)
		return err;
	if (unregister)
		return uffd_unregister(&u->ctx, r.start, r.start + r.len);
	uffd_wake(&u->ctx, r.start, r.len);
	return 0;
}

/* What UFFDIO_COPY and UFFDIO_ZEROPAGE share once their arguments are checked: the fill,
 * its result written back (at uresult), the waiters on the filled part let go unless
 * dontwake; -EAGAIN when only part was filled. */
static int fill(struct uffd_file *u, uint64_t dst, uint64_t src, uint64_t len, bool zero,
		bool dontwake, void *uresult)
{
	int64_t done = uffd_fill(&u->ctx, dst, src, len, zero);
	if (copy_to_user(uresult, &done, sizeof(done)))
		return -EFAULT;
	if (done < 0)
		return (int)done;
	if (!dontwake)
		uffd_wake(&u->ctx, dst, (uint64_t)done);
	return (uint64_t)done == len ? 0 : -EAGAIN;
}

static int uffdio_copy(struct uffd_file *u, void *uarg)
{
	struct linux_uffdio_copy c;
	if (copy_from_user(&c, uarg, sizeof(c) - sizeof(c.copy)))
		return -EFAULT;
	int err = uffd_validate_range(c.dst, c.len);
	if (err)
		return err;
	if (c.src + c.len <= c.src || (c.mode & ~(UFFDIO_COPY_MODE_DONTWAKE | UFFDIO_COPY_MODE_WP)))
		return -EINVAL;
	if (c.mode & UFFDIO_COPY_MODE_WP) {
		/* No area is registered in write-protect mode: Linux's mfill refuses it. */
		printk("userfaultfd: %s[%d]: UFFDIO_COPY_MODE_WP: the write-protect mode is not "
		       "built\n", current->name, current->pid);
		int64_t einval = -EINVAL;
		return copy_to_user((char *)uarg + offsetof(struct linux_uffdio_copy, copy), &einval,
				    sizeof(einval)) ? -EFAULT : -EINVAL;
	}
	return fill(u, c.dst, c.src, c.len, false, c.mode & UFFDIO_COPY_MODE_DONTWAKE,
		    (char *)uarg + offsetof(struct linux_uffdio_copy, copy));
}

static int uffdio_zeropage(struct uffd_file *u, void *uarg)
{
	struct linux_uffdio_zeropage z;
	if (copy_from_user(&z, uarg, sizeof(z) - sizeof(z.zeropage)))
		return -EFAULT;
	int err = uffd_validate_range(z.range.start, z.range.len);
	if (err)
		return err;
	if (z.mode & ~UFFDIO_ZEROPAGE_MODE_DONTWAKE)
		return -EINVAL;
	return fill(u, z.range.start, 0, z.range.len, true, z.mode & UFFDIO_ZEROPAGE_MODE_DONTWAKE,
		    (char *)uarg + offsetof(struct linux_uffdio_zeropage, zeropage));
}

/* An ioctl of 0xAA this kernel does not build: a log line, and Linux's EINVAL for a
 * request it does not know. */
static int not_built(unsigned long request)
{
	static const char *const names[] = {
		[UFFDIO_NR_MOVE] = "UFFDIO_MOVE", [UFFDIO_NR_WRITEPROTECT] = "UFFDIO_WRITEPROTECT",
		[UFFDIO_NR_CONTINUE] = "UFFDIO_CONTINUE", [UFFDIO_NR_POISON] = "UFFDIO_POISON",
	};
	unsigned nr = request & 0xff;
	if (((request >> 8) & 0xff) == 0xaa && nr < sizeof(names) / sizeof(names[0]) && names[nr])
		printk("userfaultfd: %s[%d]: %s is not built\n", current->name, current->pid,
		       names[nr]);
	return -EINVAL;
}

static int uffd_ioctl(struct file *f, unsigned long request, uint64_t arg)
{
	struct uffd_file *u = uffd_of(f);
	void *uarg = (void *)arg;
	if (request != UFFDIO_API && !u->api_done)
		return -EINVAL;
	switch (request) {
	case UFFDIO_API:
		return uffdio_api(u, uarg);
	case UFFDIO_REGISTER:
		return uffdio_register(u, uarg);
	case UFFDIO_UNREGISTER:
		return uffdio_range(u, uarg, true);
	case UFFDIO_WAKE:
		return uffdio_range(u, uarg, false);
	case UFFDIO_COPY:
		return uffdio_copy(u, uarg);
	case UFFDIO_ZEROPAGE:
		return uffdio_zeropage(u, uarg);
	default:
		return not_built(request);
	}
}

/* The open files of userfaultfds: no node names them (Linux's anon inode). */
static const struct chardev uffd_file_dev = {
	.name = "[userfaultfd]", .anon = true, .read = uffd_read, .write = uffd_no_write,
	.ioctl = uffd_ioctl, .poll = uffd_poll, .release = uffd_release_file,
};

/* The inode of every userfaultfd's open file, made at boot (Linux's anon_inode_inode,
 * made at its fs_initcall): a program's first userfaultfd takes no memory for good. */
static struct inode *anon;

void userfaultfd_init(void)
{
	anon = inode_alloc(S_IFCHR | 0600);
	if (!anon)
		panic("userfaultfd: no memory for its inode");
	anon->dev = &uffd_file_dev;
}

/* Linux's new_userfaultfd: a descriptor for a new userfaultfd of the running process. */
static int new_userfaultfd(uint64_t flags)
{
	if (flags & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY))
		return -EINVAL;
	struct uffd_file *u = kzalloc(sizeof(*u));
	struct file *f = u ? file_alloc(anon, O_RDONLY | (flags & O_NONBLOCK)) : NULL;
	if (!f) {
		kfree(u);
		return -ENOMEM;
	}
	uffd_ctx_init(&u->ctx, current->mm, flags & UFFD_USER_MODE_ONLY);
	u->ctx.notify = uffd_notify;
	f->private_data = u;
	int fd = fd_install(current->fds, f, 0, flags & O_CLOEXEC, nofile_limit());
	if (fd < 0)
		file_put(f);
	return fd;
}

/* userfaultfd(2). Without CAP_SYS_PTRACE (root) a process may have one that handles its
 * user-mode faults only, unless vm.unprivileged_userfaultfd allows more (Linux 5.11+). */
static int64_t sys_userfaultfd(int flags)
{
	if (!(flags & UFFD_USER_MODE_ONLY) && current_cred()->euid != 0 &&
	    !sysctl_unprivileged_userfaultfd)
		return -EPERM;
	return new_userfaultfd((uint32_t)flags);
}
SYSCALL_DEFINE(323, sys_userfaultfd);

/* /dev/userfaultfd (Linux 6.1): whoever may open it gets userfaultfds by ioctl, whatever
 * the sysctl says; the file's mode (0600, root's) is the permission. */
static int uffd_dev_ioctl(struct file *f, unsigned long request, uint64_t arg)
{
	(void)f;
	if (request != USERFAULTFD_IOC_NEW)
		return -EINVAL;
	return new_userfaultfd(arg);
}

static ssize_t uffd_dev_read(struct file *f, struct iobuf *buf)
{
	(void)f;
	(void)buf;
	return -EINVAL;
}

const struct chardev userfaultfd_dev = {
	.name = "userfaultfd", .major = 10, .minor = 257, .perm = 0600,
	.read = uffd_dev_read, .write = uffd_no_write, .ioctl = uffd_dev_ioctl,
};
