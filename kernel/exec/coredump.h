/*
 * Core dumps: a process killed by a core signal leaves an ELF core file, the picture of
 * its address space and registers at the moment it died, which `gdb PROGRAM core` opens.
 * As Linux's fs/coredump.c and fs/binfmt_elf.c's elf_core_dump.
 */
#ifndef KERNEL_EXEC_COREDUMP_H
#define KERNEL_EXEC_COREDUMP_H

#include <stdbool.h>

struct sig_info;

/* /proc/sys/kernel/core_pattern: the core file's name (Linux's CORENAME_MAX_SIZE). */
#define CORENAME_MAX_SIZE 128
extern char core_pattern[CORENAME_MAX_SIZE];

/* The wait status bit of a process that left a core (WCOREDUMP). */
#define WCOREFLAG 0x80

/* True for the signals whose default action dumps core (Linux's SIG_KERNEL_COREDUMP_MASK):
 * SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS. */
bool sig_dumps_core(int sig);

/* Writes current's core file for its death by sig (info: its siginfo), from its trap frame
 * and address space (both still whole), with the registers of every other thread of the
 * process, when RLIMIT_CORE (at least a page) and core_pattern allow. True when a core was
 * written, even cut short by the limit or a failed write (as Linux): the wait status then
 * gets WCOREFLAG. Never fails loudly: a core that cannot be written is none. */
bool coredump(int sig, const struct sig_info *info);

#endif
