#include "kernel/selftest.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/options.h"
#include "kernel/printk.h"
#include "kernel/qemu.h"

extern const struct selftest __selftests_start[], __selftests_end[];

/* "all", or a name prefix such as "trap" that selects the tests whose names start with it. */
static char selection[CMDLINE_TOKEN_MAX];
static int current_failures;

static const char *set_selftest(const char *value)
{
	const char *v = value ? value : "all";
	size_t n = strlen(v);
	memcpy(selection, v, n + 1);
	return NULL;
}
KERNEL_OPTION("selftest", set_selftest);

bool selftest_requested(void)
{
	return selection[0] != '\0';
}

bool selftest_check(bool cond, const char *what, const char *file, int line)
{
	if (!cond) {
		current_failures++;
		printk("selftest:   check failed: %s (%s:%d)\n", what, file, line);
	}
	return cond;
}

bool selftest_check_eq(unsigned long a, unsigned long b, const char *what,
		       const char *file, int line)
{
	if (a != b)
		printk("selftest:   %s: %lu (0x%lx) != %lu (0x%lx)\n", what, a, a, b, b);
	return selftest_check(a == b, what, file, line);
}

/* Crash tests end the kernel, so "all" leaves them out; they must be named. */
#define CRASH_TEST_PREFIX "crash_"

static bool selected(const char *name)
{
	if (strcmp(selection, "all") == 0)
		return strncmp(name, CRASH_TEST_PREFIX, strlen(CRASH_TEST_PREFIX)) != 0;
	return strncmp(name, selection, strlen(selection)) == 0;
}

_Noreturn void selftest_run(void)
{
	int passed = 0, failed = 0;
	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		if (!selected(t->name))
			continue;
		current_failures = 0;
		t->fn();
		printk("selftest: %s %s\n", t->name, current_failures ? "FAIL" : "PASS");
		if (current_failures)
			failed++;
		else
			passed++;
	}
	printk("selftest: %d passed, %d failed\n", passed, failed);
	qemu_exit(failed || passed == 0 ? QEMU_EXIT_FAIL : QEMU_EXIT_PASS);
	for (;;)
		cpu_halt();
}
