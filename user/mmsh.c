/*
 * mmsh: a small shell. It reads a line, splits it into words ('single' and "double" quotes
 * and backslash escapes work), and runs each `;`-separated command: a pipeline of programs
 * joined by `|`, with `<`, `>`, `>>` and `2>` redirections. Programs are found in PATH
 * (default /bin). Built-ins: cd, pwd, exit. After a command, a non-zero exit status is
 * shown as [exit N] and a fatal signal as [killed by signal N: NAME]. `sh -c LINE` runs
 * one line, quietly, and exits with its status (as system() and posix_spawn use it).
 *
 * What it shows about memory: every command is a fork (copy-on-write copy of the shell)
 * followed by an execve (a new program, paged in from its file as it runs).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LINE 4096
#define MAX_WORDS 256
#define MAX_STAGES 16

struct stage {                  /* one program of a pipeline */
	char *argv[MAX_WORDS];
	int argc;
	char *in, *out, *err;   /* redirections, or NULL */
	int append;             /* out was >> */
};

extern char **environ;
static int last_status;

/* --- reading and splitting --------------------------------------------------------- */

/* Reads one line from fd 0 into buf (without the newline); -1 at end of input. */
static int read_line(char *buf, size_t size)
{
	size_t n = 0;
	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return n ? (int)n : -1;
		if (c == '\n')
			break;
		if (n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = '\0';
	return (int)n;
}

/* Splits line into words in place. Operators (| ; < > >> 2>) become words of their own,
 * marked by a leading '\1' so a quoted "|" is not mistaken for one. */
static int split(char *line, char **words)
{
	static char store[MAX_LINE * 2];
	char *out = store;
	int n = 0;
	char *p = line;
	while (*p && n < MAX_WORDS - 1) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			break;
		words[n++] = out;
		if (*p == '|' || *p == ';' || *p == '<' || *p == '>' ||
		    (p[0] == '2' && p[1] == '>')) {
			*out++ = '\1';
			if (p[0] == '2')
				*out++ = *p++;
			*out++ = *p++;
			if (p[-1] == '>' && *p == '>')
				*out++ = *p++;
			*out++ = '\0';
			continue;
		}
		char quote = 0;
		while (*p && (quote || (*p != ' ' && *p != '\t' && !strchr("|;<>", *p)))) {
			if (quote && *p == quote)
				quote = 0;
			else if (!quote && (*p == '\'' || *p == '"'))
				quote = *p;
			else if (*p == '\\' && p[1] && quote != '\'')
				*out++ = *++p;
			else
				*out++ = *p;
			p++;
		}
		*out++ = '\0';
	}
	words[n] = NULL;
	return n;
}

static int is_op(const char *w, const char *op)
{
	return w[0] == '\1' && strcmp(w + 1, op) == 0;
}

/* Fills stages from words[from..to); returns the number of stages, or -1 on a syntax error. */
static int parse(char **words, int from, int to, struct stage *st)
{
	int n = 0;
	memset(&st[0], 0, sizeof(st[0]));
	for (int i = from; i < to; i++) {
		char *w = words[i];
		if (is_op(w, "|")) {
			if (st[n].argc == 0 || n + 1 == MAX_STAGES)
				return -1;
			memset(&st[++n], 0, sizeof(st[0]));
		} else if (is_op(w, "<") || is_op(w, ">") || is_op(w, ">>") || is_op(w, "2>")) {
			if (i + 1 >= to || words[i + 1][0] == '\1')
				return -1;
			char *file = words[++i];
			if (is_op(w, "<"))
				st[n].in = file;
			else if (is_op(w, "2>"))
				st[n].err = file;
			else {
				st[n].out = file;
				st[n].append = is_op(w, ">>");
			}
		} else {
			st[n].argv[st[n].argc++] = w;
		}
	}
	return st[n].argc ? n + 1 : (n == 0 && !st[0].in && !st[0].out ? 0 : -1);
}

/* --- running ------------------------------------------------------------------------ */

static void redirect(const char *file, int fd, int flags)
{
	int f = open(file, flags, 0644);
	if (f < 0) {
		fprintf(stderr, "sh: %s: %s\n", file, strerror(errno));
		_exit(1);
	}
	dup2(f, fd);
	close(f);
}

/* In the child: find the program in PATH and run it. */
static void exec_program(char **argv)
{
	signal(SIGINT, SIG_DFL);        /* the shell ignores Ctrl-C; its programs must not */
	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, environ);
	} else {
		const char *path = getenv("PATH");
		char dirs[MAX_LINE], full[MAX_LINE];
		snprintf(dirs, sizeof(dirs), "%s", path ? path : "/bin");
		for (char *d = strtok(dirs, ":"); d; d = strtok(NULL, ":")) {
			snprintf(full, sizeof(full), "%s/%s", d, argv[0]);
			execve(full, argv, environ);
			if (errno != ENOENT)
				break;
		}
	}
	if (errno == ENOENT) {
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
		_exit(127);
	}
	fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(errno));
	_exit(126);
}

static void run_stage(struct stage *s, int in, int out)
{
	if (in != 0) {
		dup2(in, 0);
		close(in);
	}
	if (out != 1) {
		dup2(out, 1);
		close(out);
	}
	if (s->in)
		redirect(s->in, 0, O_RDONLY);
	if (s->out)
		redirect(s->out, 1, O_WRONLY | O_CREAT | (s->append ? O_APPEND : O_TRUNC));
	if (s->err)
		redirect(s->err, 2, O_WRONLY | O_CREAT | O_TRUNC);
	exec_program(s->argv);
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGKILL: return "SIGKILL";
	case SIGSEGV: return "SIGSEGV";
	case SIGTERM: return "SIGTERM";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGPIPE: return "SIGPIPE";
	default: return "signal";
	}
}

static int quiet;                       /* sh -c: no [exit N] lines */

static void report(int status)
{
	if (WIFEXITED(status)) {
		last_status = WEXITSTATUS(status);
		if (last_status && !quiet)
			printf("[exit %d]\n", last_status);
	} else if (WIFSIGNALED(status)) {
		last_status = 128 + WTERMSIG(status);
		if (!quiet)
			printf("[killed by signal %d: %s]\n", WTERMSIG(status),
			       signal_name(WTERMSIG(status)));
	}
	fflush(stdout);
}

/* Starts every stage of a pipeline, then waits for them; the last one's status counts. */
static void run_pipeline(struct stage *st, int n)
{
	pid_t pids[MAX_STAGES];
	int in = 0;
	for (int i = 0; i < n; i++) {
		int fds[2] = { -1, 1 };
		if (i + 1 < n && pipe(fds) != 0) {
			perror("sh: pipe");
			break;
		}
		pids[i] = fork();
		if (pids[i] == 0) {
			if (fds[0] >= 0)
				close(fds[0]);
			run_stage(&st[i], in, fds[1]);
		}
		if (in != 0)
			close(in);
		if (fds[1] != 1)
			close(fds[1]);
		in = fds[0];
	}
	int status = 0;
	for (int i = 0; i < n; i++) {
		int st_i;
		if (pids[i] > 0 && waitpid(pids[i], &st_i, 0) == pids[i] && i == n - 1)
			status = st_i;
	}
	report(status);
}

/* Built-ins run in the shell itself; returns 1 when argv was one. */
static int builtin(char **argv)
{
	if (strcmp(argv[0], "exit") == 0)
		exit(argv[1] ? atoi(argv[1]) : last_status);
	if (strcmp(argv[0], "cd") == 0) {
		const char *dir = argv[1] ? argv[1] : getenv("HOME");
		if (chdir(dir ? dir : "/") != 0)
			fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (strcmp(argv[0], "pwd") == 0) {
		char buf[MAX_LINE];
		if (getcwd(buf, sizeof(buf)))
			printf("%s\n", buf);
		fflush(stdout);
		return 1;
	}
	return 0;
}

static void run_line(char *line)
{
	char *words[MAX_WORDS];
	int n = split(line, words);
	struct stage st[MAX_STAGES];
	for (int from = 0; from < n;) {
		int to = from;
		while (to < n && !is_op(words[to], ";"))
			to++;
		int stages = parse(words, from, to, st);
		if (stages < 0)
			fprintf(stderr, "sh: syntax error\n");
		else if (stages == 1 && !st[0].in && !st[0].out && builtin(st[0].argv))
			;
		else if (stages > 0)
			run_pipeline(st, stages);
		from = to + 1;
	}
}

int main(int argc, char **argv)
{
	static char line[MAX_LINE];
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		quiet = 1;
		snprintf(line, sizeof(line), "%s", argv[2]);
		run_line(line);
		return last_status;
	}
	int interactive = isatty(0);
	signal(SIGINT, SIG_IGN);
	for (;;) {
		if (interactive) {
			printf("$ ");
			fflush(stdout);
		}
		if (read_line(line, sizeof(line)) < 0)
			break;
		run_line(line);
	}
	return last_status;
}
