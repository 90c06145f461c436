/* Helper of exec_args: prints its arguments, environment, and what its auxiliary vector and
 * initial stack say, as facts that hold on any correct kernel. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

int main(int argc, char **argv, char **envp)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	int envc = 0;
	for (; envp[envc]; envc++)
		printf("envp[%d]=\"%s\"\n", envc, envp[envc]);
	printf("argv[argc] is NULL: %s\n", yes(argv[argc] == NULL));
	int ordered = 1;
	for (int i = 0; i + 1 < argc; i++)
		ordered &= argv[i] < argv[i + 1];
	printf("argument strings in order: %s\n", yes(ordered));
	printf("envp follows argv: %s\n", yes((char **)envp == argv + argc + 1));
	printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
	printf("AT_PHENT is sizeof(Elf64_Phdr): %s\n", yes(getauxval(AT_PHENT) == sizeof(Elf64_Phdr)));
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	int loads = 0;
	for (unsigned long i = 0; ph && i < getauxval(AT_PHNUM); i++)
		loads += ph[i].p_type == PT_LOAD;
	printf("AT_PHDR points at program headers with a PT_LOAD: %s\n", yes(loads > 0));
	printf("AT_ENTRY set: %s\n", yes(getauxval(AT_ENTRY) != 0));
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	unsigned sum = 0;
	for (int i = 0; rnd && i < 16; i++)
		sum += rnd[i];
	printf("AT_RANDOM has 16 readable bytes: %s\n", yes(rnd != NULL && sum != 0));
	printf("AT_UID/EUID/GID/EGID match: %s\n",
	       yes(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() &&
		   getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid()));
	printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	printf("AT_EXECFN=\"%s\"\n", execfn ? execfn : "(none)");
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	printf("strings above the stack pointer: %s\n", yes((uintptr_t)argv[0] > sp));
	return 0;
}
