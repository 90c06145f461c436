/*
 * Where a new program's areas go: the top of its stack, the mmap base (below which mmap
 * places areas, top-down), the start of its heap (brk) and a position-independent
 * program's base. Fixed, or randomized as Linux's (address-space layout randomization:
 * arch/x86/mm/mmap.c and fs/binfmt_elf.c), as /proc/sys/kernel/randomize_va_space says:
 * 0 none (also the kernel option norandmaps), 1 stack, mmap base and PIE base, 2 also
 * the heap (the default). A process with personality(ADDR_NO_RANDOMIZE) (setarch -R)
 * gets the fixed layout, it and the programs it runs.
 */
#ifndef KERNEL_EXEC_LAYOUT_H
#define KERNEL_EXEC_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

extern int randomize_va_space;

/* How far below the argument strings a randomized stack pointer may start. */
#define EXEC_STACK_RND_BYTES 8192

/* personality(2)'s flag that turns randomization off for a process. */
#define ADDR_NO_RANDOMIZE 0x0040000

struct exec_layout {
	bool randomize;         /* Linux's PF_RANDOMIZE for this execve */
	uint64_t stack_top;     /* the stack area ends here */
	uint64_t mmap_base;
	uint64_t pie_base;      /* an ET_DYN program's load bias */
};

/* Chooses the layout of the program the current process is about to run, with its stack
 * limit (RLIMIT_STACK) for the gap kept between the stack and the mmap base. */
void exec_layout_choose(struct exec_layout *l, uint64_t stack_limit);

/* Where the heap starts: right after the program (brk), or up to 32 MiB past it when
 * randomize_va_space is 2. */
uint64_t exec_layout_brk(const struct exec_layout *l, uint64_t brk);

/* The stack pointer below the argument strings: moved down by up to 8 KiB and 16-byte
 * aligned when randomizing (Linux's arch_align_stack), else sp itself. */
uint64_t exec_layout_align_stack(const struct exec_layout *l, uint64_t sp);

#endif
