#include "kernel/exec/elf.h"
#include "kernel/errno.h"

#define ELF_PAGE 4096ULL

int elf_check_header(const Elf64_Ehdr *eh, uint64_t file_size)
{
	const unsigned char *id = eh->e_ident;
	if (file_size < sizeof(*eh) || id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' ||
	    id[3] != 'F')
		return -ENOEXEC;
	if (id[4] != ELFCLASS64 || id[5] != ELFDATA2LSB || id[6] != EV_CURRENT)
		return -ENOEXEC;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHNUM)
		return -ENOEXEC;
	uint64_t table = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	if (eh->e_phoff > file_size || table > file_size - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}

int elf_check_segments(const Elf64_Phdr *ph, unsigned phnum, uint64_t bias, uint64_t low,
		       uint64_t high)
{
	unsigned loads = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		loads++;
		if (p->p_filesz > p->p_memsz)
			return -ENOEXEC;
		if ((p->p_vaddr - p->p_offset) % ELF_PAGE != 0)
			return -ENOEXEC;
		if (p->p_offset + p->p_filesz < p->p_offset)
			return -ENOEXEC;
		uint64_t start = p->p_vaddr + bias;
		if (start < p->p_vaddr || start < low || start > high || p->p_memsz > high - start)
			return -EINVAL;
	}
	return loads ? 0 : -ENOEXEC;
}
