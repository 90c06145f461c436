/*
 * A tiny host unit-test harness. A test file includes this header and the kernel .c files
 * it tests, then declares tests with TEST(name) { ... CHECK(...); }. Each binary prints
 * "PASS name" or "FAIL name" per test and ends with "N passed, N failed"; it exits non-zero
 * when anything failed. Built with ASan and UBSan, so memory errors fail loudly too.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

static struct unit_test *unit_tests, **unit_tail = &unit_tests;
static int unit_failures;

static inline void unit_register(struct unit_test *t)
{
	*unit_tail = t;
	unit_tail = &t->next;
}

#define TEST(id)                                                                  \
	static void test_##id(void);                                              \
	static struct unit_test unit_##id = { #id, test_##id, NULL };             \
	__attribute__((constructor)) static void register_##id(void)              \
	{ unit_register(&unit_##id); }                                            \
	static void test_##id(void)

#define CHECK(cond)                                                               \
	do {                                                                      \
		if (!(cond)) {                                                    \
			unit_failures++;                                          \
			printf("  check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
		}                                                                 \
	} while (0)

#define CHECK_EQ(a, b)                                                            \
	do {                                                                      \
		long long va_ = (long long)(a), vb_ = (long long)(b);             \
		if (va_ != vb_) {                                                 \
			unit_failures++;                                          \
			printf("  check failed: %s == %s: %lld != %lld (%s:%d)\n", #a, #b, \
			       va_, vb_, __FILE__, __LINE__);                     \
		}                                                                 \
	} while (0)

#define CHECK_STR(a, b)                                                           \
	do {                                                                      \
		const char *sa_ = (a), *sb_ = (b);                                \
		if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                      \
			unit_failures++;                                          \
			printf("  check failed: %s == %s: \"%s\" != \"%s\" (%s:%d)\n", #a, #b, \
			       sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)", __FILE__, __LINE__); \
		}                                                                 \
	} while (0)

int main(void)
{
	int passed = 0, failed = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);       /* a test that aborts still shows its name */
	for (struct unit_test *t = unit_tests; t; t = t->next) {
		int before = unit_failures;
		t->fn();
		if (unit_failures == before) {
			passed++;
			printf("PASS %s\n", t->name);
		} else {
			failed++;
			printf("FAIL %s\n", t->name);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}

#endif
