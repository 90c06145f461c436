#include "kernel/options.h"
#include "kernel/printk.h"

extern const struct kopt __kopts_start[], __kopts_end[];

static void warn_option(const char *key, const char *why)
{
	pr_warn("cmdline: option '%s' ignored: %s\n", key, why);
}

void kernel_options_apply(const char *cmdline)
{
	int n = cmdline_parse(cmdline, __kopts_start, (size_t)(__kopts_end - __kopts_start),
			      warn_option);
	if (n)
		pr_warn("cmdline: %d warning%s; booting anyway\n", n, n == 1 ? "" : "s");
}
