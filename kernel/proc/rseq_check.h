/*
 * Restartable sequences (rseq(2)), the decisions that need no process and no user memory,
 * so that the host tests run them: what a call to rseq asks for and which error Linux 6.1
 * gives it, whether a critical section's descriptor is one Linux accepts, and whether an
 * instruction pointer lies inside the section. kernel/proc/rseq.c does the rest.
 */
#ifndef KERNEL_PROC_RSEQ_CHECK_H
#define KERNEL_PROC_RSEQ_CHECK_H

#include "kernel/linux_abi.h"

#include <stdbool.h>
#include <stdint.h>

#define RSEQ_FLAG_UNREGISTER   1
#define RSEQ_AREA_SIZE         32       /* sizeof(struct rseq) in Linux 6.1 */
#define RSEQ_CPU_ID_UNINITIALIZED ((uint32_t)-1)

/* A thread's registration: area 0 when it has none. */
struct rseq_reg {
	uint64_t area;
	uint32_t sig;
};

/* What an rseq call does, once rseq_check_call allowed it. */
enum rseq_op { RSEQ_REGISTER = 1, RSEQ_UNREGISTER = 2 };

/*
 * The arguments of rseq(area, len, flags, sig) for a thread registered as reg, checked in
 * Linux 6.1's order (sys_rseq): RSEQ_REGISTER or RSEQ_UNREGISTER, or -EINVAL, -EPERM
 * (the signature differs from the registered one), -EBUSY (registered already with these
 * very arguments) or -EFAULT (the area is not in the user half, below user_top). Whether
 * the area is mapped is not asked: a registered area that is not is the thread's SIGSEGV
 * on its way back to user mode, as on Linux.
 */
int rseq_check_call(const struct rseq_reg *reg, uint64_t area, uint32_t len, int flags,
		    uint32_t sig, uint64_t user_top);

/*
 * Whether a critical section's descriptor is one Linux's rseq_get_rseq_cs accepts, all but
 * the signature before abort_ip (user memory, which the caller reads): version 0, every
 * address below user_top, the section not wrapping around, abort_ip outside it. 0 or
 * -EINVAL.
 */
int rseq_check_cs(const struct linux_rseq_cs *cs, uint64_t user_top);

/* Whether ip lies in cs's section, [start_ip, start_ip + post_commit_offset). */
bool rseq_in_section(uint64_t ip, const struct linux_rseq_cs *cs);

#endif
