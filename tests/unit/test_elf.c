/* The checks execve makes on ELF headers, on a real executable and on broken copies. */
#include "tests/unit/unit.h"
#include "kernel/exec/elf.c"

#include <stdlib.h>

static Elf64_Ehdr good_header(void)
{
	Elf64_Ehdr eh;
	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, "\x7f" "ELF", 4);
	eh.e_ident[4] = ELFCLASS64;
	eh.e_ident[5] = ELFDATA2LSB;
	eh.e_ident[6] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_phoff = 64;
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 2;
	return eh;
}

TEST(accepts_a_plain_executable_header)
{
	Elf64_Ehdr eh = good_header();
	CHECK_EQ(elf_check_header(&eh, 4096), 0);
	eh.e_type = ET_DYN;
	CHECK_EQ(elf_check_header(&eh, 4096), 0);
}

TEST(rejects_each_broken_field)
{
	Elf64_Ehdr eh = good_header();
	CHECK_EQ(elf_check_header(&eh, 40), -ENOEXEC);          /* shorter than a header */
	eh.e_ident[1] = 'X';
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_ident[4] = 1;                                      /* 32-bit */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_ident[5] = 2;                                      /* big-endian */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_machine = 3;                                       /* i386 */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_type = 1;                                          /* relocatable object */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_phentsize = 40;
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh = good_header();
	eh.e_phnum = 0;
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh.e_phnum = ELF_MAX_PHNUM + 1;
	CHECK_EQ(elf_check_header(&eh, 1 << 20), -ENOEXEC);
	eh = good_header();
	eh.e_phoff = 4096 - 64;                                 /* table runs past the end */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
	eh.e_phoff = UINT64_MAX - 8;                            /* wraps around */
	CHECK_EQ(elf_check_header(&eh, 4096), -ENOEXEC);
}

static Elf64_Phdr load(uint64_t off, uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	return (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = ELF_PF_R, .p_offset = off,
			     .p_vaddr = vaddr, .p_filesz = filesz, .p_memsz = memsz };
}

TEST(segments)
{
	const uint64_t lo = 0x10000, hi = 0x7ffffffff000;
	Elf64_Phdr ph[2] = { load(0, 0x400000, 0x1000, 0x1000),
			     load(0x1000, 0x401000, 0x100, 0x5000) };
	CHECK_EQ(elf_check_segments(ph, 2, 0, lo, hi), 0);
	ph[1].p_filesz = 0x6000;                                /* file bytes beyond memory */
	CHECK_EQ(elf_check_segments(ph, 2, 0, lo, hi), -ENOEXEC);
	ph[1] = load(0x1010, 0x401000, 0x100, 0x100);            /* offset and address disagree */
	CHECK_EQ(elf_check_segments(ph, 2, 0, lo, hi), -ENOEXEC);
	ph[1] = load(0x1000, 0x1000, 0x100, 0x100);              /* below mmap_min_addr */
	CHECK_EQ(elf_check_segments(ph, 2, 0, lo, hi), -EINVAL);
	ph[1] = load(0x1000, 0xffff800000001000, 0x100, 0x100); /* the kernel's half */
	CHECK_EQ(elf_check_segments(ph, 2, 0, lo, hi), -EINVAL);
	ph[1] = load(0x1000, 0x7fffffffe000, 0x100, 0x4000);     /* runs past the top */
	CHECK_EQ(elf_check_segments(ph, 2, 0, lo, hi), -EINVAL);
	ph[1] = load(0x1000, 0x1000, 0x100, 0x100);              /* fine once relocated */
	CHECK_EQ(elf_check_segments(ph, 2, 0x555555554000, lo, hi), 0);
	ph[0].p_type = ph[1].p_type = PT_NULL;
	CHECK_EQ(elf_check_segments(ph, 2, 0, lo, hi), -ENOEXEC); /* nothing to load */
}

TEST(a_real_static_executable_passes)
{
	/* This very test binary is an ELF64 executable for x86-64 (PIE or not). */
	FILE *f = fopen("/proc/self/exe", "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	static unsigned char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
	CHECK(n >= sizeof(*eh));
	CHECK_EQ(elf_check_header(eh, (uint64_t)size), 0);
	CHECK(eh->e_phoff + eh->e_phnum * sizeof(Elf64_Phdr) <= n);
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(buf + eh->e_phoff);
	uint64_t bias = eh->e_type == ET_DYN ? 0x555555554000 : 0;
	CHECK_EQ(elf_check_segments(ph, eh->e_phnum, bias, 0x10000, 0x7ffffffff000), 0);
}
