/* System information, personality, pause, getrandom, and memory-size system calls (the
 * time calls are in sys_time.c). */
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/printk.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/random.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/sys_fs.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "kernel/uts.h"
#include "mm/frame.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

/* Sleeps until a signal arrives that runs a handler or ends the process. */
static int64_t sys_pause(void)
{
	irq_disable();
	while (!signal_pending())
		sleep_on(&current->wake_tick, UINT64_MAX);
	irq_enable();
	return -ERESTARTNOHAND;                 /* EINTR once a handler has run */
}
SYSCALL_DEFINE(34, sys_pause);

char uts_nodename[UTS_NAME_LEN + 1] = "mmk";

static int64_t sys_uname(struct linux_utsname *ubuf)
{
	struct linux_utsname u;
	memset(&u, 0, sizeof(u));
	memcpy(u.sysname, UTS_SYSNAME, sizeof(UTS_SYSNAME));
	memcpy(u.nodename, uts_nodename, sizeof(uts_nodename));
	memcpy(u.release, UTS_RELEASE, sizeof(UTS_RELEASE));
	memcpy(u.version, "#1 mmk, a teaching kernel", 26);
	memcpy(u.machine, "x86_64", 7);
	memcpy(u.domainname, "(none)", 7);
	return copy_to_user(ubuf, &u, sizeof(u));
}
SYSCALL_DEFINE(63, sys_uname);

/* sethostname(2): root only (CAP_SYS_ADMIN), at most UTS_NAME_LEN bytes, not NUL-ended. */
static int64_t sys_sethostname(const char *uname, int len)
{
	char buf[UTS_NAME_LEN];
	if (!cred_capable_setid(current_cred()))
		return -EPERM;
	if (len < 0 || len > UTS_NAME_LEN)
		return -EINVAL;
	if (copy_from_user(buf, uname, (size_t)len))
		return -EFAULT;
	memcpy(uts_nodename, buf, (size_t)len);
	uts_nodename[len] = '\0';
	return 0;
}
SYSCALL_DEFINE(170, sys_sethostname);

/* personality(2): sets the process's execution domain and flags unless asked 0xffffffff,
 * and returns the old value, as Linux (any value is taken). The one flag that changes
 * anything here is ADDR_NO_RANDOMIZE (kernel/exec/layout.h), which setarch -R sets. */
static int64_t sys_personality(uint32_t personality)
{
	uint32_t old = current->personality;
	if (personality != 0xffffffffu)
		current->personality = personality;
	return old;
}
SYSCALL_DEFINE(135, sys_personality);

/* socket(2): this kernel has no networking and no socket family at all (not even AF_UNIX),
 * so every family is EAFNOSUPPORT, Linux's answer for a family it was built without. C
 * libraries read that as "no name-service daemon here": musl's getgrgid and getpwuid then
 * answer from /etc/group and /etc/passwd alone, as on a Linux without nscd. A kernel log
 * line says so, once. */
static int64_t sys_socket(int family, int type, int protocol)
{
	static bool said;
	if (!said) {
		said = true;
		pr_warn("socket: %s[%d] asked for a socket (family %d, type %d, protocol %d); "
			"this kernel has no socket families: -EAFNOSUPPORT\n", current->name,
			current->pid, family, type, protocol);
	}
	return -EAFNOSUPPORT;
}
SYSCALL_DEFINE(41, sys_socket);

static int64_t sys_sysinfo(struct linux_sysinfo *ubuf)
{
	struct frame_stats fs;
	frame_get_stats(&fs);
	struct linux_sysinfo si;
	memset(&si, 0, sizeof(si));
	si.uptime = time_since_boot().tv_sec;
	si.totalram = fs.total * PAGE_SIZE;
	si.freeram = fs.free * PAGE_SIZE;
	si.totalswap = swap_total_pages() * PAGE_SIZE;
	si.freeswap = swap_free_pages() * PAGE_SIZE;
	si.mem_unit = 1;
	struct list_head *it;
	list_for_each(it, &all_procs)
		si.procs++;
	return copy_to_user(ubuf, &si, sizeof(si));
}
SYSCALL_DEFINE(99, sys_sysinfo);

/* getrandom's flags (Linux's values). */
#define GRND_NONBLOCK 1
#define GRND_RANDOM   2
#define GRND_INSECURE 4

/* getrandom(buf, len, flags): len random bytes (at most MAX_RW_COUNT), from the kernel's
 * generator (kernel/random.h). It never blocks: it is seeded at boot. Unlike Linux's, the
 * bytes are not of cryptographic strength, which a teaching kernel can live with. A fault
 * part way returns what was copied; a signal ends a long request early, as Linux. */
static int64_t sys_getrandom(char *ubuf, uint64_t len, unsigned flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	uint64_t done = 0;
	while (done < len) {
		uint64_t words[32];
		for (int i = 0; i < 32; i++)
			words[i] = get_random_u64();
		size_t n = len - done < sizeof(words) ? len - done : sizeof(words);
		size_t to_page_end = PAGE_SIZE - (uintptr_t)(ubuf + done) % PAGE_SIZE;
		if (n > to_page_end)
			n = to_page_end;        /* a fault stops the copy at a page's end */
		if (copy_to_user(ubuf + done, words, n))
			return done ? (int64_t)done : -EFAULT;
		done += n;
		if (done % PAGE_SIZE == 0 && signal_pending())
			break;
	}
	return (int64_t)done;
}
SYSCALL_DEFINE(318, sys_getrandom);
