/*
 * The fault trace (mm/vmtrace.h) on simulated RAM: with tracing on, each decision of the
 * page-fault handler is one line in the documented format, naming the access, the area
 * and the frame the fault mapped; with tracing off there is none. The simulated faults
 * are pid 42's, "sim" (tests/unit/mm_sim.h).
 */
#include "tests/unit/mm_sim.h"

#define MAX_LINES 16
static char lines[MAX_LINES][256];
static int nlines;

static void keep_line(const char *line)
{
	if (nlines < MAX_LINES)
		snprintf(lines[nlines], sizeof(lines[0]), "%s", line);
	nlines++;
}

/* Starts collecting the log, tracing on. */
static void trace_start(void)
{
	nlines = 0;
	log_hook = keep_line;
	vmtrace_on = 1;
}

static void trace_stop(void)
{
	vmtrace_on = 0;
	log_hook = NULL;
}

/* The expected line, printf style, with its newline. */
static const char *want(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *want(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	strcat(buf, "\n");
	return buf;
}

static unsigned long pfn(const struct page *pg)
{
	return (unsigned long)(page_to_phys(pg) >> PAGE_SHIFT);
}

/* Demand-zero, copy-on-write copy (in the child) and reuse (in the parent), each with its
 * frame; the kernel's own touch is marked kW; nothing is logged with tracing off. */
TEST(anonymous_decisions)
{
	setup();
	struct mm *parent = mm_create();
	CHECK_EQ(mm_map_area(parent, ANON, 2 * P, RW, VMA_MAYWRITE, NULL, 0, 0), 0);
	trace_start();
	CHECK_EQ(touch(parent, ANON + 0x10, FAULT_WRITE), FAULT_MINOR);
	struct page *pg = mm_page_at(parent, ANON);
	struct mm *child = mm_fork(parent);
	CHECK_EQ(touch(child, ANON + 0x20, FAULT_WRITE), FAULT_MINOR);
	struct page *copy = mm_page_at(child, ANON);
	CHECK_EQ(touch(parent, ANON + 0x30, FAULT_WRITE), FAULT_MINOR);
	CHECK_EQ(fault_in_page(parent, ANON + P, true), FAULT_MINOR);
	trace_stop();
	CHECK_EQ(nlines, 4);
	CHECK_STR(lines[0], want("vmtrace: 42 sim W 0x10000010 [anon 10000000-10002000] "
				 "demand-zero frame 0x%lx", pfn(pg)));
	CHECK_STR(lines[1], want("vmtrace: 42 sim W 0x10000020 [anon 10000000-10002000] "
				 "cow-copy from 0x%lx frame 0x%lx", pfn(pg), pfn(copy)));
	CHECK_STR(lines[2], want("vmtrace: 42 sim W 0x10000030 [anon 10000000-10002000] "
				 "cow-reuse frame 0x%lx", pfn(pg)));
	CHECK_STR(lines[3], want("vmtrace: 42 sim kW 0x10001000 [anon 10000000-10002000] "
				 "demand-zero frame 0x%lx", pfn(mm_page_at(parent, ANON + P))));
	nlines = 0;
	log_hook = keep_line;           /* tracing off: the hook sees nothing */
	mm_discard(parent, ANON, P);
	CHECK_EQ(touch(parent, ANON, FAULT_WRITE), FAULT_MINOR);
	log_hook = NULL;
	CHECK_EQ(nlines, 0);
	mm_destroy(child);
	mm_destroy(parent);
	check_no_leaks();
}

/* A file's page read in a private area (file-readonly), then written (file-copy); a
 * read in a shared area (file-shared); past the file's end (SIGBUS); no area (SIGSEGV
 * maperr); a write the area forbids (SIGSEGV accerr); a stack growing down. */
TEST(file_error_and_stack_decisions)
{
	setup();
	struct test_file f;
	file_init(&f, 2 * P);
	struct mm *mm = mm_create();
	mm->stack_limit = 8 * P;
	CHECK_EQ(mm_map_area(mm, FILEA, 3 * P, RW, VMA_MAYWRITE, &f.obj, 0, UINT64_MAX), 0);
	CHECK_EQ(mm_map_area(mm, FILEB, P, VMA_READ, VMA_SHARED, &f.obj, 0, UINT64_MAX), 0);
	CHECK_EQ(mm_map_area(mm, ANON, P, VMA_READ, 0, NULL, 0, 0), 0);
	CHECK_EQ(mm_map_area(mm, STACK - P, P, RW, VMA_GROWSDOWN | VMA_MAYWRITE, NULL, 0, 0), 0);
	trace_start();
	CHECK_EQ(touch(mm, FILEA, FAULT_READ), FAULT_MINOR);
	struct page *cached = cache_page(&f, 0);
	CHECK_EQ(touch(mm, FILEA + P, FAULT_WRITE), FAULT_MINOR);
	struct page *copy = mm_page_at(mm, FILEA + P);
	CHECK_EQ(touch(mm, FILEB + 8, FAULT_EXEC), FAULT_ACCESS);
	CHECK_EQ(touch(mm, FILEB + 8, FAULT_READ), FAULT_MINOR);
	CHECK_EQ(touch(mm, FILEA + 2 * P, FAULT_READ), FAULT_SIGBUS);
	CHECK_EQ(touch(mm, 0x5000, FAULT_READ), FAULT_SIGSEGV);
	CHECK_EQ(touch(mm, ANON, FAULT_WRITE), FAULT_ACCESS);
	CHECK_EQ(touch(mm, STACK - 3 * P + 8, FAULT_WRITE), FAULT_MINOR);
	struct page *stack = mm_page_at(mm, STACK - 3 * P);
	trace_stop();
	CHECK_EQ(nlines, 9);
	CHECK_STR(lines[0], want("vmtrace: 42 sim R 0x%lx [file %lx-%lx] file-readonly frame 0x%lx",
				 FILEA, FILEA, FILEA + 3 * P, pfn(cached)));
	CHECK_STR(lines[1], want("vmtrace: 42 sim W 0x%lx [file %lx-%lx] file-copy frame 0x%lx",
				 FILEA + P, FILEA, FILEA + 3 * P, pfn(copy)));
	CHECK_STR(lines[2], want("vmtrace: 42 sim X 0x%lx [file %lx-%lx] SIGSEGV accerr",
				 FILEB + 8, FILEB, FILEB + P));
	CHECK_STR(lines[3], want("vmtrace: 42 sim R 0x%lx [file %lx-%lx] file-shared frame 0x%lx",
				 FILEB + 8, FILEB, FILEB + P, pfn(cached)));
	CHECK_STR(lines[4], want("vmtrace: 42 sim R 0x%lx [file %lx-%lx] SIGBUS past-end",
				 FILEA + 2 * P, FILEA, FILEA + 3 * P));
	CHECK_STR(lines[5], want("vmtrace: 42 sim R 0x5000 [none] SIGSEGV maperr"));
	CHECK_STR(lines[6], want("vmtrace: 42 sim W 0x%lx [anon %lx-%lx] SIGSEGV accerr", ANON,
				 ANON, ANON + P));
	CHECK_STR(lines[7], want("vmtrace: 42 sim W 0x%lx [stack %lx-%lx] stack-grow",
				 STACK - 3 * P + 8, STACK - 3 * P, STACK));
	CHECK_STR(lines[8], want("vmtrace: 42 sim W 0x%lx [stack %lx-%lx] demand-zero frame 0x%lx",
				 STACK - 3 * P + 8, STACK - 3 * P, STACK, pfn(stack)));
	mm_destroy(mm);
	file_destroy(&f);
	check_no_leaks();
}
