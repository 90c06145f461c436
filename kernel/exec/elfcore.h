/*
 * The structures of an ELF core file's notes, in Linux's x86-64 layout (include/uapi/
 * linux/elfcore.h, arch/x86/include/asm/user_64.h), which gdb and readelf read. Checked
 * against the host's <sys/procfs.h> by tests/unit/test_elfcore.c.
 */
#ifndef KERNEL_EXEC_ELFCORE_H
#define KERNEL_EXEC_ELFCORE_H

#include "kernel/linux_abi.h"

#include <stdint.h>

#define ET_CORE 4
#define PT_NOTE 4

/* Note types of the "CORE" notes (include/uapi/linux/elf.h). */
#define NT_PRSTATUS 1
#define NT_PRFPREG  2           /* NT_FPREGSET: the fxsave area */
#define NT_PRPSINFO 3
#define NT_AUXV     6
#define NT_SIGINFO  0x53494749  /* "SIGI" */
#define NT_FILE     0x46494c45  /* "FILE" */

#define CORE_PSARGS_SIZE 80     /* pr_psargs: the command line, cut */

/* The registers as ptrace and core files give them (struct user_regs_struct). */
struct linux_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi, orig_rax;
	uint64_t rip, cs, eflags, rsp, ss;
	uint64_t fs_base, gs_base, ds, es, fs, gs;
};

struct linux_elf_siginfo {
	int32_t si_signo, si_code, si_errno;
};

/* NT_PRSTATUS: a thread's state when it died. */
struct linux_elf_prstatus {
	struct linux_elf_siginfo pr_info;
	int16_t pr_cursig;              /* the signal that killed it */
	uint64_t pr_sigpend, pr_sighold;
	int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
	struct linux_timeval pr_utime, pr_stime, pr_cutime, pr_cstime;
	struct linux_user_regs pr_reg;
	int32_t pr_fpvalid;             /* an NT_PRFPREG note follows */
};

/* NT_PRPSINFO: what ps would say about the process. */
struct linux_elf_prpsinfo {
	char pr_state, pr_sname, pr_zomb, pr_nice;
	uint64_t pr_flag;
	uint32_t pr_uid, pr_gid;
	int32_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
	char pr_fname[16];
	char pr_psargs[CORE_PSARGS_SIZE];
};

/* A note's header; its name and then its data follow, each padded to 4 bytes. */
struct elf_note_header {
	uint32_t n_namesz, n_descsz, n_type;
};

#endif
