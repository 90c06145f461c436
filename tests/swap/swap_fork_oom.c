/*
 * Copy-on-write under pressure, past what RAM and swap hold together: a parent fills
 * 40 MiB and forks; the child rewrites every page, so the two need 80 MiB of the 32 MiB
 * of RAM and 48 MiB of swap there are. Each copy-on-write fault must either get its copy
 * or end in the OOM killer: once, reclaim took the very page a fault was copying, the
 * fault found its entry changed, read the page back, and so on for ever, with the whole
 * machine stuck. The child offers itself to the OOM killer (oom_score_adj 1000); the
 * parent must see its own data intact.
 * qrun: --mem 32M --swap 48M
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024UL * 1024)

int main(void)
{
	size_t n = 40 * MIB;
	unsigned char *p = malloc(n);
	if (!p)
		return 1;
	for (size_t i = 0; i < n; i += 4096)
		p[i] = (unsigned char)(i >> 12);
	pid_t child = fork();
	if (child == 0) {
		FILE *adj = fopen("/proc/self/oom_score_adj", "w");
		if (adj) {
			fputs("1000\n", adj);
			fclose(adj);
		}
		size_t bad = 0;
		for (size_t i = 0; i < n; i += 4096)
			p[i] ^= 0x55;
		for (size_t i = 0; i < n; i += 4096)
			bad += p[i] != (unsigned char)((i >> 12) ^ 0x55);
		_exit(bad ? 1 : 0);
	}
	int status;
	waitpid(child, &status, 0);
	size_t bad = 0;
	for (size_t i = 0; i < n; i += 4096)
		bad += p[i] != (unsigned char)(i >> 12);
	int killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	printf("%s the child either finished with its data intact or was OOM-killed\n",
	       killed || ok ? "PASS" : "FAIL");
	printf("%s the parent's data is intact\n", bad ? "FAIL" : "PASS");
	return 0;
}
