/*
 * In-kernel self-tests, for what can only be checked on the real (emulated) machine.
 * A test is a function declared with SELFTEST(name) anywhere in the kernel (by habit in
 * tests/kernel/). Booting with selftest=all runs every test, printing its name and PASS or
 * FAIL on the console, and leaves QEMU with a status that carries the verdict.
 * selftest=PREFIX runs the tests whose names start with PREFIX. Tests named crash_* show how
 * the kernel dies (they panic on purpose), so only an explicit selftest=crash_... runs them.
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <stdbool.h>

struct selftest {
	const char *name;
	void (*fn)(void);
};

#define SELFTEST(id)                                                              \
	static void selftest_##id(void);                                          \
	static const struct selftest selftest_entry_##id                          \
	__attribute__((used, section(".selftests"), aligned(8))) = { #id, selftest_##id }; \
	static void selftest_##id(void)

/* Records a failed check (with where it is) unless cond holds; returns cond. */
bool selftest_check(bool cond, const char *what, const char *file, int line);

#define EXPECT(cond) selftest_check((cond), #cond, __FILE__, __LINE__)

/* Like EXPECT(a == b) but prints both values when they differ. */
#define EXPECT_EQ(a, b)                                                           \
	selftest_check_eq((unsigned long)(a), (unsigned long)(b), #a " == " #b,   \
			  __FILE__, __LINE__)
bool selftest_check_eq(unsigned long a, unsigned long b, const char *what,
		       const char *file, int line);

/* True when the command line asked for self-tests; run them with selftest_run(). */
bool selftest_requested(void);

/* Runs the requested tests, prints a summary and leaves QEMU with the verdict. */
_Noreturn void selftest_run(void);

#endif
