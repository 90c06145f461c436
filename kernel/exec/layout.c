#include "kernel/exec/layout.h"
#include "kernel/options.h"
#include "kernel/proc/proc.h"
#include "kernel/random.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

int randomize_va_space = 2;

/* norandmaps: no randomization from boot on, as Linux's option (randomize_va_space 0). */
static const char *set_norandmaps(const char *value)
{
	if (value)
		return "takes no value";
	randomize_va_space = 0;
	return NULL;
}
KERNEL_OPTION("norandmaps", set_norandmaps);

/* Linux x86-64's entropy: 28 bits of pages for the mmap base and a PIE's base
 * (mmap_rnd_bits), 22 bits of pages for the stack top (STACK_RND_MASK), 32 MiB of pages
 * for the heap (arch_randomize_brk), and 8 KiB below the argument strings. */
#define MMAP_RND_BITS   28
#define STACK_RND_MASK  0x3fffffULL
#define BRK_RND_RANGE   (32ULL << 20)

/* The mmap base leaves at least this gap below the stack, at most 5/6 of the space. */
#define MIN_GAP (128ULL << 20)
#define MAX_GAP (USER_TOP / 6 * 5)

/* Linux's arch_mmap_rnd: a random number of pages, in bytes. */
static uint64_t mmap_rnd(void)
{
	return (get_random_u64() & ((1ULL << MMAP_RND_BITS) - 1)) << PAGE_SHIFT;
}

/* Linux's mmap_base: below the stack by its limit, its randomization's reach and the guard
 * gap (within MIN_GAP..MAX_GAP), less rnd. Without randomization and with an 8 MiB stack
 * limit this is USER_MMAP_BASE. */
static uint64_t mmap_base(uint64_t rnd, uint64_t stack_limit, bool randomize)
{
	uint64_t pad = (randomize ? STACK_RND_MASK << PAGE_SHIFT : 0) + STACK_GUARD_GAP;
	uint64_t gap = stack_limit;
	if (gap + pad > gap)                    /* a limit near infinity would overflow */
		gap += pad;
	if (gap < MIN_GAP)
		gap = MIN_GAP;
	else if (gap > MAX_GAP)
		gap = MAX_GAP;
	return PAGE_ALIGN_UP(USER_TOP - gap - rnd);
}

void exec_layout_choose(struct exec_layout *l, uint64_t stack_limit)
{
	if (stack_limit == MM_NO_LIMIT)         /* Linux's legacy bottom-up layout then: */
		stack_limit = 8ULL << 20;       /* not here; the default limit's base */
	l->randomize = randomize_va_space && !(current->personality & ADDR_NO_RANDOMIZE);
	l->stack_top = USER_STACK_TOP;
	l->pie_base = USER_PIE_BASE;
	if (l->randomize) {
		l->stack_top -= (get_random_u64() & STACK_RND_MASK) << PAGE_SHIFT;
		l->pie_base += mmap_rnd();
	}
	l->mmap_base = mmap_base(l->randomize ? mmap_rnd() : 0, stack_limit, l->randomize);
}

uint64_t exec_layout_brk(const struct exec_layout *l, uint64_t brk)
{
	if (!l->randomize || randomize_va_space < 2)
		return brk;
	return brk + (get_random_u64() % (BRK_RND_RANGE >> PAGE_SHIFT) << PAGE_SHIFT);
}

uint64_t exec_layout_align_stack(const struct exec_layout *l, uint64_t sp)
{
	if (!l->randomize)
		return sp;
	return (sp - get_random_u64() % EXEC_STACK_RND_BYTES) & ~(uint64_t)15;
}
