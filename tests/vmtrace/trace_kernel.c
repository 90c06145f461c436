/*
 * The kernel's own touches of user memory are traced as such (kR, kW), run under
 * tools/qrun --trace (tests/boot/vmtrace.sh checks the lines): write() from a page the
 * program never touched makes the kernel read it (kR, zero-page), and read() into
 * another such page makes the kernel write it (kW, demand-zero). It prints the addresses.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

int main(void)
{
	char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fds[2];
	if (m == MAP_FAILED || pipe(fds) != 0)
		return 1;
	char *from = m + 0x80, *to = m + PAGE + 0x40;
	int ok = write(fds[1], from, 8) == 8;   /* eight zeros, read by the kernel */
	ok &= read(fds[0], to, 8) == 8;         /* and written back by it */
	ok &= to[0] == 0 && to[7] == 0;
	printf("kR %p\nkW %p\n%s\n", (void *)from, (void *)to, ok ? "PASS" : "FAIL");
	return !ok;
}
