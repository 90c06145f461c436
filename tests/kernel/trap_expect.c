#include "tests/kernel/trap_expect.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/arch/x86/extable.h"
#include "kernel/arch/x86/trap.h"

#include <stddef.h>

struct trap_record trap_seen;

/*
 * Records the exception and decides where to resume:
 *  - #UD: after the two-byte ud2;  #BP: already past the int3;
 *  - a fault inside a probe function: at its exception-table fix-up;
 *  - an instruction fetch fault (a call into a page that may not execute): back in the
 *    caller, by popping the return address the call pushed.
 */
static bool record_trap(struct trap_frame *tf)
{
	trap_seen.count++;
	trap_seen.vector = tf->vector;
	trap_seen.error_code = tf->error_code;
	trap_seen.cr2 = read_cr2();
	trap_seen.rip = tf->rip;
	if (tf->vector == T_UD) {
		tf->rip += 2;
		return true;
	}
	if (tf->vector == T_BP)
		return true;
	uint64_t fixup = extable_fixup(tf->rip);
	if (fixup) {
		tf->rip = fixup;
		return true;
	}
	if (tf->vector == T_PF && (tf->error_code & PF_I)) {
		tf->rip = *(uint64_t *)tf->rsp;
		tf->rsp += 8;
		return true;
	}
	return false;
}

void trap_expect_begin(void)
{
	trap_seen = (struct trap_record){0};
	trap_set_test_hook(record_trap);
}

void trap_expect_end(void)
{
	trap_set_test_hook(NULL);
}
