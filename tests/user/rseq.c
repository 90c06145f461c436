/*
 * rseq(2), restartable sequences, compared with Linux: registering an area (each error, in
 * Linux's order), the CPU number the kernel keeps in it (compared with sched_getcpu, never
 * printed: the host has several CPUs), registering again (EBUSY, EPERM, EINVAL),
 * unregistering (its errors, and cpu_id back to -1), a forked child that keeps the
 * registration, a thread and an exec'd program that start with none, and critical
 * sections: one a signal interrupts (kill of itself inside the section) resumes at its
 * abort_ip, and so does one the process stops in (SIGSTOP, then SIGCONT: it was switched
 * out); a descriptor that is not valid (its fields, its signature, the NO_RESTART flags
 * Linux 6.0 deprecated), or a registered area the kernel cannot write, is SIGSEGV. musl
 * does not register rseq itself, so the test owns the thread's area.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define SYS_RSEQ 334
#define RSEQ_FLAG_UNREGISTER 1
#define SIG 0x53053053                  /* what glibc uses: an x86 `ud1` with a mark */
#define STR(x) #x
#define XSTR(x) STR(x)

/* Linux 6.1's struct rseq and struct rseq_cs (include/uapi/linux/rseq.h). */
struct rseq_area {
	uint32_t cpu_id_start;
	uint32_t cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
} __attribute__((aligned(32)));

struct rseq_desc {
	uint32_t version;
	uint32_t flags;
	uint64_t start_ip;
	uint64_t post_commit_offset;
	uint64_t abort_ip;
} __attribute__((aligned(32)));

static struct rseq_area area, other_area, exec_area;
static char misaligned[96] __attribute__((aligned(32)));

static long rseq(void *a, long len, long flags, long sig)
{
	return syscall(SYS_RSEQ, a, len, flags, sig);
}

static const char *result(long r)
{
	return r == 0 ? "0" : r < 0 ? errno_name(errno) : "positive";
}

/* cpu_id_start and cpu_id both name the CPU sched_getcpu says it runs on. The thread may
 * move between the reads on a machine with several CPUs: the kernel then writes the area
 * again before the thread runs on, so some try of a thousand sees them agree. */
static int cpu_ids_valid(volatile struct rseq_area *r)
{
	for (int i = 0; i < 1000; i++) {
		uint32_t start = r->cpu_id_start, id = r->cpu_id;
		int cpu = sched_getcpu();
		if (cpu >= 0 && start == (uint32_t)cpu && id == (uint32_t)cpu && r->cpu_id == id)
			return 1;
	}
	return 0;
}

/*
 * A critical section that makes system call nr(a1, a2) inside it and then commits: 1 when
 * it committed, 2 when the kernel sent it to abort_ip instead. Its descriptor lies in the
 * data section; the signature precedes abort_ip, as Linux requires.
 */
static __attribute__((noinline)) int section_with_syscall(long nr, long a1, long a2)
{
	int path;
	__asm__ volatile(
		".pushsection .data.rseq_desc, \"aw\"\n\t"
		".balign 32\n"
		"section_desc:\n"
		"3:\n\t"
		".long 0, 0\n\t"
		".quad 1f, 2f - 1f, 4f\n\t"
		".popsection\n\t"
		"leaq 3b(%%rip), %%rax\n\t"
		"movq %%rax, %[cs]\n"
		"1:\n\t"                        /* start_ip */
		"movq %[nr], %%rax\n\t"
		"syscall\n\t"
		"movl $1, %[path]\n"            /* the commit */
		"2:\n\t"                        /* start_ip + post_commit_offset */
		"jmp 5f\n\t"
		".long " XSTR(SIG) "\n"
		"4:\n\t"                        /* abort_ip */
		"movl $2, %[path]\n"
		"5:\n"
		: [path] "=m"(path), [cs] "=m"(area.rseq_cs)
		: [nr] "r"(nr), "D"(a1), "S"(a2)
		: "rax", "rcx", "r11", "memory", "cc");
	return path;
}

/* The descriptor of section_with_syscall's section (its flags are changed in children). */
extern struct rseq_desc section_desc;

static volatile int usr1_handled;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_handled++;
}

static void handle_usr1(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigaction(SIGUSR1, &sa, NULL);
}

/* How a child ended, in words that do not depend on core dumps being enabled. */
static void print_end(const char *what, int status)
{
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
	else if (WIFEXITED(status))
		printf("%s: exit %d\n", what, WEXITSTATUS(status));
	else
		printf("%s: status %#x\n", what, status);
	fflush(stdout);
}

static int wait_for(pid_t pid)
{
	int status = 0;
	waitpid(pid, &status, 0);
	return status;
}

static void no_core(void)
{
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
}

static void registration_errors(void)
{
	printf("unregister with none registered: %s\n",
	       result(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG)));
	printf("an unknown flag: %s\n", result(rseq(&area, 32, 8, SIG)));
	printf("a length of 16: %s\n", result(rseq(&area, 16, 0, SIG)));
	printf("a length of 0: %s\n", result(rseq(&area, 0, 0, SIG)));
	printf("8 bytes off alignment: %s\n", result(rseq(misaligned + 8, 32, 0, SIG)));
	printf("4 bytes off alignment: %s\n", result(rseq(misaligned + 4, 32, 0, SIG)));
	printf("a kernel address: %s\n", result(rseq((void *)0xffff800000000000UL, 32, 0, SIG)));
	printf("a non-canonical address: %s\n", result(rseq((void *)0x800000000000UL, 32, 0, SIG)));
	printf("a kernel address off alignment: %s\n",
	       result(rseq((void *)0xffff800000000008UL, 32, 0, SIG)));
	printf("the area's last byte past the user half: %s\n",
	       result(rseq((void *)0x7fffffffffe0UL, 32, 0, SIG)));
}

static void registered_errors(void)
{
	printf("the same area again: %s\n", result(rseq(&area, 32, 0, SIG)));
	printf("the same area with another signature: %s\n", result(rseq(&area, 32, 0, SIG + 1)));
	printf("another area: %s\n", result(rseq(&other_area, 32, 0, SIG)));
	printf("the same area, a length of 16: %s\n", result(rseq(&area, 16, 0, SIG)));
	printf("the same area, an unknown flag: %s\n", result(rseq(&area, 32, 8, SIG)));
	printf("unregister another area: %s\n",
	       result(rseq(&other_area, 32, RSEQ_FLAG_UNREGISTER, SIG)));
	printf("unregister with a length of 16: %s\n",
	       result(rseq(&area, 16, RSEQ_FLAG_UNREGISTER, SIG)));
	printf("unregister with another signature: %s\n",
	       result(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG + 1)));
	printf("unregister with an unknown flag too: %s\n",
	       result(rseq(&area, 32, RSEQ_FLAG_UNREGISTER | 8, SIG)));
}

/* A forked child keeps the registration: the kernel updates its copy of the area before
 * the child runs (cpu_id was spoiled just before the fork), and registering it again is
 * EBUSY. The child's unregistering leaves the parent's registration alone. */
static void fork_keeps_it(void)
{
	uint32_t saved = area.cpu_id;
	fflush(stdout);
	area.cpu_id = 0xfffffffe;               /* RSEQ_CPU_ID_REGISTRATION_FAILED */
	pid_t pid = fork();
	if (pid == 0) {
		CHECK("child: cpu_id rewritten before it ran", cpu_ids_valid(&area));
		printf("child: the same area again: %s\n", result(rseq(&area, 32, 0, SIG)));
		printf("child: unregister: %s\n",
		       result(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG)));
		fflush(stdout);
		_exit(check_failures);
	}
	area.cpu_id = saved;
	print_end("the forked child", wait_for(pid));
	printf("parent after the child unregistered, the same area again: %s\n",
	       result(rseq(&area, 32, 0, SIG)));
}

static long thread_unregister, thread_register, thread_main_area, thread_own_unregister;
static int thread_ids_valid;
static struct rseq_area thread_area;

static void *thread_main(void *arg)
{
	(void)arg;
	thread_unregister = rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG) ? errno : 0;
	thread_register = rseq(&thread_area, 32, 0, SIG) ? errno : 0;
	thread_ids_valid = cpu_ids_valid(&thread_area);
	thread_main_area = rseq(&area, 32, 0, SIG) ? errno : 0;
	thread_own_unregister = rseq(&thread_area, 32, RSEQ_FLAG_UNREGISTER, SIG) ? errno : 0;
	return NULL;
}

/* A thread (clone with CLONE_VM) starts with no registration, whatever its creator has. */
static void thread_starts_unregistered(void)
{
	pthread_t t;
	pthread_create(&t, NULL, thread_main, NULL);
	pthread_join(t, NULL);
	printf("thread: unregister its creator's area: %s\n",
	       thread_unregister ? errno_name((int)thread_unregister) : "0");
	printf("thread: register its own area: %s\n",
	       thread_register ? errno_name((int)thread_register) : "0");
	CHECK("thread: its cpu_id is valid", thread_ids_valid);
	printf("thread: then its creator's area: %s\n",
	       thread_main_area ? errno_name((int)thread_main_area) : "0");
	printf("thread: unregister its own: %s\n",
	       thread_own_unregister ? errno_name((int)thread_own_unregister) : "0");
	printf("main after the thread, the same area again: %s\n",
	       result(rseq(&area, 32, 0, SIG)));
}

static void sections(void)
{
	int committed = 0;
	for (int i = 0; i < 1000 && !committed; i++)
		committed = section_with_syscall(SYS_getpid, 0, 0) == 1;
	CHECK("a section that nothing interrupts commits", committed);

	handle_usr1();
	usr1_handled = 0;
	int path = section_with_syscall(SYS_kill, getpid(), SIGUSR1);
	printf("a signal inside the section: %s, handler ran %d time(s)\n",
	       path == 2 ? "abort" : path == 1 ? "commit" : "neither", usr1_handled);
	CHECK("rseq_cs cleared by the kernel", area.rseq_cs == 0);

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(section_with_syscall(SYS_kill, getpid(), SIGSTOP));
	int status = 0;
	waitpid(pid, &status, WUNTRACED);
	printf("stopped inside the section: %s\n", WIFSTOPPED(status) ? "yes" : "no");
	kill(pid, SIGCONT);
	status = wait_for(pid);
	printf("continued: %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 2 ? "abort"
				  : WIFEXITED(status) && WEXITSTATUS(status) == 1 ? "commit"
				  : "neither");
}

/* In a child: a signal inside the section while the descriptor's flags (or the area's)
 * hold a NO_RESTART flag, which Linux 6.0 deprecated: the section is not valid. */
static void section_flags(const char *what, uint32_t desc_flags, uint32_t area_flags)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		no_core();
		handle_usr1();
		section_desc.flags = desc_flags;
		area.flags = area_flags;
		_exit(section_with_syscall(SYS_kill, getpid(), SIGUSR1));
	}
	print_end(what, wait_for(pid));
}

/* A descriptor a signal finds outside its section: a valid one is simply cleared. */
static void valid_outside(void)
{
	static const uint32_t marked[2] = { SIG, 0 };
	static struct rseq_desc d;
	d = (struct rseq_desc){ 0, 0, 0x1000, 0x10, (uint64_t)&marked[1] };
	handle_usr1();
	usr1_handled = 0;
	area.rseq_cs = (uint64_t)&d;
	kill(getpid(), SIGUSR1);
	printf("a valid descriptor outside its section: handler ran %d time(s), rseq_cs %s\n",
	       usr1_handled, area.rseq_cs ? "kept" : "cleared");
}

/* In a child: rseq_cs = d, then a signal with a handler: the kernel reads d first. */
static void bad_descriptor(const char *what, const struct rseq_desc *d)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		no_core();
		handle_usr1();
		area.rseq_cs = (uint64_t)d;
		kill(getpid(), SIGUSR1);
		_exit(0);
	}
	print_end(what, wait_for(pid));
}

static void bad_descriptors(void)
{
	static const uint32_t words[3] = { SIG, SIG ^ 1, 0 };
	static struct rseq_desc good_sig, bad_sig, version1, abort_inside, wraps, far;
	uint64_t at_good = (uint64_t)&words[1], at_bad = (uint64_t)&words[2];
	good_sig = (struct rseq_desc){ 0, 0, 0x1000, 0x10, at_good };
	bad_sig = (struct rseq_desc){ 0, 0, 0x1000, 0x10, at_bad };
	version1 = (struct rseq_desc){ 1, 0, 0x1000, 0x10, at_good };
	abort_inside = (struct rseq_desc){ 0, 0, at_good - 8, 0x10, at_good };
	wraps = (struct rseq_desc){ 0, 0, 0x1000, ~0ULL - 0x800, at_good };
	far = (struct rseq_desc){ 0, 0, 0x800000000000UL, 0x10, at_good };
	bad_descriptor("a valid descriptor (control)", &good_sig);
	bad_descriptor("another signature before abort_ip", &bad_sig);
	bad_descriptor("version 1", &version1);
	bad_descriptor("abort_ip inside the section", &abort_inside);
	bad_descriptor("a section that wraps around", &wraps);
	bad_descriptor("a section past the user half", &far);
	bad_descriptor("rseq_cs pointing at nothing", (const struct rseq_desc *)0x1000);
	bad_descriptor("rseq_cs pointing into the kernel",
		       (const struct rseq_desc *)0xffff800000000000UL);
}

/* In a child, unregistered: an area the kernel cannot read is EFAULT (registering reads
 * its rseq_cs); one it can read but not write is registered, and the write on the way
 * back to user mode is SIGSEGV. */
static void unwritable_area(const char *what, int prot, int unmap)
{
	fflush(stdout);
	char *page = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (unmap)
		munmap(page, 4096);
	pid_t pid = fork();
	if (pid == 0) {
		no_core();
		rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG);
		long r = rseq(page, 32, 0, SIG);
		printf("%s: register: %s\n", what, result(r));
		fflush(stdout);
		_exit(0);
	}
	print_end(what, wait_for(pid));
	if (!unmap)
		munmap(page, 4096);
}

/* execve: the new program (this one, with "exec") finds no registration. */
static void exec_forgets_it(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "rseq", "exec", (char *)NULL);
		_exit(127);
	}
	print_end("the exec'd program", wait_for(pid));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec") == 0) {
		printf("exec'd: register the same area: %s\n", result(rseq(&area, 32, 0, SIG)));
		printf("exec'd: register another: %s\n", result(rseq(&exec_area, 32, 0, SIG)));
		return 0;
	}
	registration_errors();
	area.cpu_id = 0xfffffffe;
	area.cpu_id_start = 12345;
	printf("register: %s\n", result(rseq(&area, 32, 0, SIG)));
	CHECK("cpu_id_start and cpu_id name this CPU", cpu_ids_valid(&area));
	registered_errors();
	fork_keeps_it();
	thread_starts_unregistered();
	sections();
	valid_outside();
	section_flags("no flags (control)", 0, 0);
	section_flags("the descriptor's NO_RESTART_ON_SIGNAL", 2, 0);
	section_flags("the descriptor's NO_RESTART_ON_PREEMPT", 1, 0);
	section_flags("the area's NO_RESTART_ON_SIGNAL", 0, 2);
	section_flags("an unknown flag in the descriptor", 8, 0);
	bad_descriptors();
	unwritable_area("an unmapped area", PROT_READ | PROT_WRITE, 1);
	unwritable_area("a read-only area", PROT_READ, 0);
	exec_forgets_it();

	printf("unregister: %s\n", result(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG)));
	printf("cpu_id_start %u, cpu_id %d\n", area.cpu_id_start, (int)area.cpu_id);
	printf("unregister again: %s\n", result(rseq(&area, 32, RSEQ_FLAG_UNREGISTER, SIG)));
	printf("register again: %s\n", result(rseq(&area, 32, 0, SIG)));
	CHECK_DONE();
}
