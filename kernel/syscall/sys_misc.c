/* System information, personality, pause, and memory-size system calls (the time calls
 * are in sys_time.c). */
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/timer.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/signal/signal.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
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

static int64_t sys_uname(struct linux_utsname *ubuf)
{
	struct linux_utsname u;
	memset(&u, 0, sizeof(u));
	memcpy(u.sysname, "Linux", 6);  /* what programs built for Linux expect to see */
	memcpy(u.nodename, "mmk", 4);
	memcpy(u.release, "6.1.0-mmk", 10);
	memcpy(u.version, "#1 mmk, a teaching kernel", 26);
	memcpy(u.machine, "x86_64", 7);
	memcpy(u.domainname, "(none)", 7);
	return copy_to_user(ubuf, &u, sizeof(u));
}
SYSCALL_DEFINE(63, sys_uname);

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
