#include "kernel/qemu.h"
#include "kernel/arch/x86/cpu.h"

void qemu_exit(unsigned code)
{
	outl(QEMU_EXIT_PORT, code);
}
