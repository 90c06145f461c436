/*
 * What tools/qrun passes to a program and back, for tests/boot/qrun.sh, which runs it on
 * this host and in the guest and compares: its arguments (their number, the longest, a
 * hash of them all), a line on stdout and one on stderr, Linux's argument limits (execve
 * with one string over MAX_ARG_STRLEN, and with 3 MiB of strings, is E2BIG; one string of
 * exactly 128 KiB is not), then its stdin copied to stdout as it arrives, until the end.
 * In the guest only (where the test gives them with --file), it also tries to run each
 * file bad-* in its working directory and says on stderr how execve failed. Exit status 3.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARG_STRLEN (128 * 1024)

/* FNV-1a over every argument with its NUL. */
static unsigned long hash_args(int argc, char **argv, size_t *longest)
{
	unsigned long h = 14695981039346656037ul;
	*longest = 0;
	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (n > *longest)
			*longest = n;
		for (size_t j = 0; j <= n; j++)
			h = (h ^ (unsigned char)argv[i][j]) * 1099511628211ul;
	}
	return h;
}

/* Runs self with n arguments of len bytes each (NUL included); execve's error, or 0 when
 * the child ran. */
static int try_exec(const char *self, int n, size_t len)
{
	char *s = malloc(len);
	char **argv = calloc((size_t)n + 3, sizeof(*argv));
	memset(s, 'a', len - 1);
	s[len - 1] = '\0';
	argv[0] = (char *)self;
	argv[1] = "--child";
	for (int i = 0; i < n; i++)
		argv[2 + i] = s;
	pid_t pid = fork();
	if (pid == 0) {
		char *envp[] = { NULL };
		execve(self, argv, envp);
		_exit(errno);
	}
	int st;
	waitpid(pid, &st, 0);
	free(s);
	free(argv);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Tries each file bad-* here, in name order. */
static void exec_bad_files(void)
{
	char *names[16];
	int n = 0;
	DIR *d = opendir(".");
	struct dirent *e;
	while (d && (e = readdir(d)) && n < 16)
		if (strncmp(e->d_name, "bad-", 4) == 0)
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	for (int i = 0; i < n; i++) {
		char *argv[] = { names[i], NULL }, *envp[] = { NULL };
		execve(names[i], argv, envp);
		fprintf(stderr, "exec %s: %s\n", names[i], strerror(errno));
	}
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--child") == 0)
		return 0;
	size_t longest;
	unsigned long h = hash_args(argc, argv, &longest);
	printf("argc %d, the longest %zu bytes, hash %016lx\n", argc, longest, h);
	printf("to stdout\n");
	fflush(stdout);
	fprintf(stderr, "to stderr\n");
	printf("one argument of 128 KiB: %s\n", strerror(try_exec(argv[0], 1, MAX_ARG_STRLEN)));
	printf("one argument of 128 KiB + 1: %s\n", strerror(try_exec(argv[0], 1, MAX_ARG_STRLEN + 1)));
	printf("24 arguments of 128 KiB: %s\n", strerror(try_exec(argv[0], 24, MAX_ARG_STRLEN)));
	fflush(stdout);
	exec_bad_files();
	char buf[4096];
	ssize_t n;
	size_t total = 0;
	while ((n = read(0, buf, sizeof(buf))) > 0) {
		write(1, buf, (size_t)n);
		total += (size_t)n;
	}
	printf("stdin: %zu bytes, then %s\n", total, n == 0 ? "the end" : strerror(errno));
	return 3;
}
