/*
 * Traps: exceptions, interrupts and (later) system calls all arrive through trap.S, which
 * saves the interrupted registers in a struct trap_frame and calls trap_dispatch.
 */
#ifndef KERNEL_ARCH_X86_TRAP_H
#define KERNEL_ARCH_X86_TRAP_H

/* Byte offsets in struct trap_frame, for assembly; checked against the struct below. */
#define TF_R11     32
#define TF_RCX     96
#define TF_VECTOR  120
#define TF_RIP     136
#define TF_CS      144
#define TF_RFLAGS  152
#define TF_RSP     160
#define TF_SS      168

/* trap_frame.vector of a system call (no IDT gate uses it); its error_code holds the
 * call's number. A frame rt_sigreturn restored is marked otherwise: nothing to restart. */
#define SYSCALL_VECTOR   0x80
#define SIGRETURN_VECTOR 0x81

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The registers as trap.S saves them; the last five the CPU pushed itself. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code;            /* 0 for traps that push none */
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(offsetof(struct trap_frame, r11) == TF_R11, "TF_R11");
_Static_assert(offsetof(struct trap_frame, rcx) == TF_RCX, "TF_RCX");
_Static_assert(offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(offsetof(struct trap_frame, rip) == TF_RIP, "TF_RIP");
_Static_assert(offsetof(struct trap_frame, cs) == TF_CS, "TF_CS");
_Static_assert(offsetof(struct trap_frame, rflags) == TF_RFLAGS, "TF_RFLAGS");
_Static_assert(offsetof(struct trap_frame, rsp) == TF_RSP, "TF_RSP");
_Static_assert(offsetof(struct trap_frame, ss) == TF_SS, "TF_SS");

/* Exception vectors. */
enum {
	T_DE = 0, T_DB = 1, T_NMI = 2, T_BP = 3, T_OF = 4, T_BR = 5, T_UD = 6, T_NM = 7,
	T_DF = 8, T_TS = 10, T_NP = 11, T_SS = 12, T_GP = 13, T_PF = 14, T_MF = 16,
	T_AC = 17, T_MC = 18, T_XM = 19, T_VE = 20, T_CP = 21,
	T_IRQ_BASE = 32,                /* the PIC's 16 lines follow */
	T_NUM_IRQS = 16,
};

/* Page-fault error code bits (Intel SDM vol. 3, 4.7). */
#define PF_P     (1u << 0)      /* 1: protection violation; 0: page not present */
#define PF_W     (1u << 1)      /* 1: write */
#define PF_U     (1u << 2)      /* 1: from user mode */
#define PF_RSVD  (1u << 3)      /* 1: reserved bit set in a paging entry */
#define PF_I     (1u << 4)      /* 1: instruction fetch */

/* Installs the IDT on this CPU. */
void idt_init(void);

/* Called by trap.S for every trap, with the saved registers. */
void trap_dispatch(struct trap_frame *tf);

/* The name of an exception vector, e.g. "page fault". */
const char *trap_name(uint64_t vector);

/*
 * Test hook: when set, every exception in kernel mode is first offered to hook (before the
 * exception table), which
 * returns true if it handled it (typically by recording it and moving tf->rip on). This is
 * how self-tests provoke #UD, #BP or a page fault and check that the handler ran.
 */
typedef bool (*trap_hook_t)(struct trap_frame *tf);
void trap_set_test_hook(trap_hook_t hook);

/* Runs fn for interrupt line irq (0-15) of the PIC, and unmasks the line. */
typedef void (*irq_handler_t)(struct trap_frame *tf);
void irq_register(int irq, irq_handler_t fn);

/* Interrupts taken on each line since boot (spurious ones not counted): /proc/stat. */
extern uint64_t irq_counts[T_NUM_IRQS];

/*
 * A handler on a line that PCI devices may share (level-triggered): it checks whether its
 * device raised the line and acknowledges it there, and returns true if so. Every handler
 * on the line runs on each interrupt, since several devices may be asserting it at once.
 */
typedef bool (*irq_shared_handler_t)(void *data);

/* A shared line is masked after this many interrupts in a row that no handler claimed, as
 * Linux disables a line after 100000 interrupts of which almost none were handled. */
#define IRQ_UNCLAIMED_LIMIT 100000

/* Adds fn(data) to the handlers of line irq, makes the line level-triggered and unmasks
 * it. 0 or -ENOMEM. A line that keeps interrupting with no handler claiming it (a device
 * nobody drives asserting it) is masked with a message rather than hang the machine. */
int irq_register_shared(int irq, irq_shared_handler_t fn, void *data);

#endif /* __ASSEMBLER__ */

#endif
