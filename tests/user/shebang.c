/* Scripts: execve of a file that starts with "#!" runs the interpreter it names, as Linux's
 * binfmt_script: argv becomes the interpreter, its one optional argument (the rest of the
 * line), the script's path, then the caller's arguments after argv[0]. Scripts may name
 * scripts, a few levels deep; the errors are Linux's. The interpreter here is this
 * program itself, through a link of a fixed name, and it prints what it was given. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SELF "./sb.self"         /* a link to this program: the interpreter */

/* As the interpreter: prints argv, the process's name and AT_EXECFN. */
static int interpreter(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("  argv[%d] = \"%s\"\n", i, argv[i]);
	char comm[17] = "";
	prctl(PR_GET_NAME, comm);
	printf("  comm = \"%s\", AT_EXECFN = \"%s\"\n", comm, (char *)getauxval(AT_EXECFN));
	return 0;
}

static void make_file(const char *name, const char *text, size_t len, mode_t mode)
{
	unlink(name);
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, mode);
	if (write(fd, text, len) != (ssize_t)len)
		printf("writing %s failed\n", name);
	close(fd);
	chmod(name, mode);
}

static void make_script(const char *name, const char *text)
{
	make_file(name, text, strlen(text), 0755);
}

/* Runs path with argv in a child; prints what execve said, or what the child printed. */
static void run(const char *what, const char *path, char *const argv[])
{
	printf("%s:\n", what);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *envp[] = { "SHEBANG_INTERPRETER=1", NULL };
		execve(path, argv, envp);
		printf("  execve: %s\n", errno_name(errno));
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("  the child ended with status 0x%x\n", status);
}

/* The line head, this program's link, tail. */
static const char *line_to_self(const char *head, const char *tail)
{
	static char buf[1024];
	snprintf(buf, sizeof(buf), "%s%s%s", head, SELF, tail);
	return buf;
}

static void arguments(void)
{
	char *argv[] = { "sb.one", "x", "y z", NULL };
	make_script("sb.one", line_to_self("#!", " one  two\t\necho not read\n"));
	run("an argument with spaces inside, the caller's after the path", "./sb.one", argv);
	make_script("sb.one", line_to_self("#! \t", "\n"));
	run("blanks before the name, no argument", "./sb.one", argv);
	make_script("sb.one", line_to_self("#!", " arg \t \n"));
	run("blanks after the argument are dropped", "./sb.one", argv);
	make_script("sb.one", line_to_self("#!", ""));
	run("no newline at the end of a short file", "./sb.one", argv);
	make_script("sb.one", line_to_self("#!", " "));
	run("a blank, then the end of the file", "./sb.one", argv);
	char *no_args[] = { NULL };
	run("argv empty: the script's path still comes", "./sb.one", no_args);
	run("the script by another path", "sbdir/../sb.one", argv);
}

static void nesting(void)
{
	char *argv[] = { "first", "arg", NULL };
	make_script("sb.level0", line_to_self("#!", " inner\n"));
	char name[32], line[64];
	for (int i = 1; i <= 6; i++) {
		snprintf(name, sizeof(name), "sb.level%d", i);
		snprintf(line, sizeof(line), "#!./sb.level%d\n", i - 1);
		make_script(name, line);
	}
	run("a script naming a script", "./sb.level1", argv);
	for (int i = 2; i <= 6; i++) {
		char what[64];
		snprintf(what, sizeof(what), "%d scripts deep", i + 1);
		snprintf(name, sizeof(name), "./sb.level%d", i);
		run(what, name, argv);
	}
}

static void errors(void)
{
	char *argv[] = { "s", NULL };
	make_script("sb.err", "#!\n");
	run("#! alone", "./sb.err", argv);
	make_script("sb.err", "#!  \t \n");
	run("#! with only blanks", "./sb.err", argv);
	make_script("sb.err", "#!/no/such/interpreter\n");
	run("a missing interpreter", "./sb.err", argv);
	make_script("sb.err", "#!/\n");
	run("a directory as interpreter", "./sb.err", argv);
	make_script("sb.err", line_to_self("#!", "\r\n"));
	run("a carriage return ends the name", "./sb.err", argv);
	make_file("sb.err", line_to_self("#!", "\n"), strlen(line_to_self("#!", "\n")), 0644);
	run("a script without execute permission", "./sb.err", argv);
	char longline[400] = "#!";
	memset(longline + 2, 'a', 300);
	longline[302] = '\n';
	longline[303] = '\0';
	make_script("sb.err", longline);
	run("a name longer than the first 256 bytes", "./sb.err", argv);
	snprintf(longline, sizeof(longline), "#!%s ", SELF);
	size_t n = strlen(longline);
	memset(longline + n, 'b', 300);
	longline[n + 300] = '\n';
	longline[n + 301] = '\0';
	make_script("sb.err", longline);
	run("an argument cut at 256 bytes", "./sb.err", argv);
	make_script("sb.err", "#!");
	run("#! and the end of the file", "./sb.err", argv);
	make_script("sb.err", "#");
	run("only a #", "./sb.err", argv);
}

int main(int argc, char **argv)
{
	if (getenv("SHEBANG_INTERPRETER"))
		return interpreter(argc, argv);
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	unlink(SELF);
	CHECK("a link to this program, the interpreter", symlink(self, SELF) == 0);
	mkdir("sbdir", 0755);
	arguments();
	nesting();
	errors();
	/* The files go: the guest's run checks that its memory comes back. */
	const char *files[] = { "sb.one", "sb.err", SELF, "sb.level0", "sb.level1", "sb.level2",
				"sb.level3", "sb.level4", "sb.level5", "sb.level6" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(files[i]);
	rmdir("sbdir");
	CHECK_DONE();
}
