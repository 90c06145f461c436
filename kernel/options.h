/*
 * Kernel command-line options. Each module declares the options it understands next to the
 * code they configure; the linker gathers them into one table that main.c applies at boot.
 */
#ifndef KERNEL_OPTIONS_H
#define KERNEL_OPTIONS_H

#include "kernel/lib/cmdline.h"

/* Declares option `name`, whose value is handed to fn (see struct kopt). */
#define KERNEL_OPTION(name, fn)                                                   \
	static const struct kopt kopt_##fn                                        \
	__attribute__((used, section(".kopts"), aligned(8))) = { name, fn }

/* Applies the command line to every declared option, warning about the rest. */
void kernel_options_apply(const char *cmdline);

#endif
