/*
 * The structures of a core file's notes (kernel/exec/elfcore.h) against the host's own:
 * glibc's <sys/procfs.h> and <sys/user.h> for x86-64 describe the same Linux layout gdb
 * reads (struct elf_prstatus, elf_prpsinfo, user_regs_struct), and <elf.h> the note types.
 * (A file of its own: glibc's headers do not mix with the UAPI ones test_abi.c uses.)
 */
#include "tests/unit/unit.h"
#include "tests/unit/same_layout.h"

#include <elf.h>
#include <stddef.h>
#include <sys/procfs.h>
#include <sys/user.h>

#include "kernel/exec/elfcore.h"


TEST(note_types)
{
	CHECK(NT_PRSTATUS == 1 && NT_PRFPREG == NT_FPREGSET && NT_PRPSINFO == 3);
	CHECK(NT_AUXV == 6);
	CHECK(ET_CORE == 4 && PT_NOTE == 4);
#ifdef NT_SIGINFO
	CHECK(NT_SIGINFO == 0x53494749);
#endif
#ifdef NT_FILE
	CHECK(NT_FILE == 0x46494c45);
#endif
	CHECK(sizeof(struct elf_note_header) == sizeof(Elf64_Nhdr));
}

TEST(user_regs)
{
	SAME_SIZE(struct linux_user_regs, struct user_regs_struct);
	SAME_FIELD(struct linux_user_regs, r15, struct user_regs_struct, r15);
	SAME_FIELD(struct linux_user_regs, rbp, struct user_regs_struct, rbp);
	SAME_FIELD(struct linux_user_regs, rbx, struct user_regs_struct, rbx);
	SAME_FIELD(struct linux_user_regs, r11, struct user_regs_struct, r11);
	SAME_FIELD(struct linux_user_regs, r8, struct user_regs_struct, r8);
	SAME_FIELD(struct linux_user_regs, rax, struct user_regs_struct, rax);
	SAME_FIELD(struct linux_user_regs, rdi, struct user_regs_struct, rdi);
	SAME_FIELD(struct linux_user_regs, orig_rax, struct user_regs_struct, orig_rax);
	SAME_FIELD(struct linux_user_regs, rip, struct user_regs_struct, rip);
	SAME_FIELD(struct linux_user_regs, cs, struct user_regs_struct, cs);
	SAME_FIELD(struct linux_user_regs, eflags, struct user_regs_struct, eflags);
	SAME_FIELD(struct linux_user_regs, rsp, struct user_regs_struct, rsp);
	SAME_FIELD(struct linux_user_regs, ss, struct user_regs_struct, ss);
	SAME_FIELD(struct linux_user_regs, fs_base, struct user_regs_struct, fs_base);
	SAME_FIELD(struct linux_user_regs, gs_base, struct user_regs_struct, gs_base);
	SAME_FIELD(struct linux_user_regs, ds, struct user_regs_struct, ds);
	SAME_FIELD(struct linux_user_regs, gs, struct user_regs_struct, gs);
}

TEST(prstatus)
{
	SAME_SIZE(struct linux_elf_prstatus, struct elf_prstatus);
	CHECK(sizeof(struct linux_elf_prstatus) == 336);
	SAME_FIELD(struct linux_elf_prstatus, pr_info, struct elf_prstatus, pr_info);
	SAME_FIELD(struct linux_elf_prstatus, pr_info.si_signo, struct elf_prstatus,
		   pr_info.si_signo);
	SAME_FIELD(struct linux_elf_prstatus, pr_info.si_code, struct elf_prstatus,
		   pr_info.si_code);
	SAME_FIELD(struct linux_elf_prstatus, pr_info.si_errno, struct elf_prstatus,
		   pr_info.si_errno);
	SAME_FIELD(struct linux_elf_prstatus, pr_cursig, struct elf_prstatus, pr_cursig);
	SAME_FIELD(struct linux_elf_prstatus, pr_sigpend, struct elf_prstatus, pr_sigpend);
	SAME_FIELD(struct linux_elf_prstatus, pr_sighold, struct elf_prstatus, pr_sighold);
	SAME_FIELD(struct linux_elf_prstatus, pr_pid, struct elf_prstatus, pr_pid);
	SAME_FIELD(struct linux_elf_prstatus, pr_ppid, struct elf_prstatus, pr_ppid);
	SAME_FIELD(struct linux_elf_prstatus, pr_pgrp, struct elf_prstatus, pr_pgrp);
	SAME_FIELD(struct linux_elf_prstatus, pr_sid, struct elf_prstatus, pr_sid);
	SAME_FIELD(struct linux_elf_prstatus, pr_utime, struct elf_prstatus, pr_utime);
	SAME_FIELD(struct linux_elf_prstatus, pr_stime, struct elf_prstatus, pr_stime);
	SAME_FIELD(struct linux_elf_prstatus, pr_cutime, struct elf_prstatus, pr_cutime);
	SAME_FIELD(struct linux_elf_prstatus, pr_cstime, struct elf_prstatus, pr_cstime);
	SAME_FIELD(struct linux_elf_prstatus, pr_reg, struct elf_prstatus, pr_reg);
	SAME_FIELD(struct linux_elf_prstatus, pr_fpvalid, struct elf_prstatus, pr_fpvalid);
}

TEST(prpsinfo)
{
	SAME_SIZE(struct linux_elf_prpsinfo, struct elf_prpsinfo);
	CHECK(sizeof(struct linux_elf_prpsinfo) == 136);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_state, struct elf_prpsinfo, pr_state);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_sname, struct elf_prpsinfo, pr_sname);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_zomb, struct elf_prpsinfo, pr_zomb);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_nice, struct elf_prpsinfo, pr_nice);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_flag, struct elf_prpsinfo, pr_flag);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_uid, struct elf_prpsinfo, pr_uid);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_gid, struct elf_prpsinfo, pr_gid);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_pid, struct elf_prpsinfo, pr_pid);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_ppid, struct elf_prpsinfo, pr_ppid);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_pgrp, struct elf_prpsinfo, pr_pgrp);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_sid, struct elf_prpsinfo, pr_sid);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_fname, struct elf_prpsinfo, pr_fname);
	SAME_FIELD(struct linux_elf_prpsinfo, pr_psargs, struct elf_prpsinfo, pr_psargs);
	CHECK(CORE_PSARGS_SIZE == 80);
}
