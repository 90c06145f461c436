/*
 * ELF64 executables: the structures (as the System V ABI defines them) and the checks
 * execve makes before it trusts a file's headers. Builds on the host too (tests/unit).
 */
#ifndef KERNEL_EXEC_ELF_H
#define KERNEL_EXEC_ELF_H

#include <stddef.h>
#include <stdint.h>

#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62

#define PT_NULL 0
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551

#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

/* Sanity bounds: more program headers than this is not an executable anyone built. */
#define ELF_MAX_PHNUM 64

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
} Elf64_Phdr;

/*
 * Checks the ELF header of a file of file_size bytes: an x86-64 little-endian ELF64
 * executable (ET_EXEC or ET_DYN) whose program header table lies inside the file.
 * Returns 0 or -ENOEXEC.
 */
int elf_check_header(const Elf64_Ehdr *eh, uint64_t file_size);

/*
 * Checks each PT_LOAD segment: file size at most memory size, offset and address congruent
 * modulo the page size, and [vaddr, vaddr + memsz) (plus bias) inside [low, high).
 * Returns 0, -ENOEXEC for a malformed table, or -EINVAL for a segment outside the range.
 */
int elf_check_segments(const Elf64_Phdr *ph, unsigned phnum, uint64_t bias, uint64_t low,
		       uint64_t high);

#endif
