/* A dynamically linked musl program: the kernel loads its dynamic loader (PT_INTERP,
 * /lib/ld-musl-x86_64.so.1, which is musl's libc.so too) below the mmap base and starts
 * there; the loader finds the program through the auxiliary vector. Also execve's errors
 * for a missing or broken loader, as Linux's, and what each C library's loader says, and
 * exits with, when a library a program needs is missing. Built with musl-gcc and with gcc,
 * without -static. */
#include "../user/check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs the program at path (a copy of a helper linked against loader), and returns
 * execve's errno in the child, or 0 if it ran; its wait status to *status, if asked. */
static int exec_status(const char *path, int *status)
{
	int fds[2];
	pipe2(fds, O_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };       /* a loader that dies leaves no core */
		setrlimit(RLIMIT_CORE, &no_core);
		char *argv[] = { (char *)path, NULL };
		execv(path, argv);
		int e = errno;
		write(fds[1], &e, sizeof(e));
		_exit(0);
	}
	close(fds[1]);
	int e = 0, st = 0;
	read(fds[0], &e, sizeof(e));
	close(fds[0]);
	waitpid(pid, &st, 0);
	if (status)
		*status = st;
	return e;
}

static int exec_error(const char *path)
{
	return exec_status(path, NULL);
}

/* Runs path, whose loader finds a library missing, and prints what it wrote to stderr and
 * its exit status: the loader's own message, the same as on Linux. */
static void show_missing_library(const char *path)
{
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		char *argv[] = { (char *)path, NULL };
		execv(path, argv);
		_exit(126);
	}
	close(fds[1]);
	char msg[512];
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(msg) - 1 && (n = read(fds[0], msg + got, sizeof(msg) - 1 - got)) > 0)
		got += (size_t)n;               /* a loader may write its message in pieces */
	msg[got] = '\0';
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	printf("%s says: %s", path, msg);
	printf("%s: exit status %d\n", path, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Writes a fake loader: an ELF header of the given type and machine, then, if phdr_type is
 * not 0, one program header of that type (a PT_LOAD of 256 bytes, or another). */
static void write_loader(unsigned short type, unsigned short machine, unsigned phdr_type)
{
	unsigned char f[192] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	f[16] = (unsigned char)type;            /* e_type */
	f[18] = (unsigned char)machine;         /* e_machine */
	f[20] = 1;                              /* e_version */
	if (phdr_type) {
		f[32] = 64;                     /* e_phoff */
		f[52] = 64;                     /* e_ehsize */
		f[54] = 56;                     /* e_phentsize */
		f[56] = 1;                      /* e_phnum */
		f[64] = (unsigned char)phdr_type;       /* p_type */
		f[68] = 5;                      /* p_flags: R X */
		f[64 + 32] = 0;                 /* p_filesz, p_memsz: 256 */
		f[64 + 33] = 1;
		f[64 + 41] = 1;
		f[64 + 49] = 0x10;              /* p_align: 0x1000 */
	}
	int fd = open("not_elf_loader", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, f, sizeof(f));
	close(fd);
}

/* Copies the file at from to the fake loader. */
static void copy_to_loader(const char *from)
{
	int in = open(from, O_RDONLY);
	int out = open("not_elf_loader", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	char buf[4096];
	ssize_t n;
	while (in >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, (size_t)n);
	close(in);
	close(out);
}

int main(void)
{
	unsigned long base = getauxval(AT_BASE), entry = getauxval(AT_ENTRY);
	CHECK("AT_BASE: the loader was loaded at a base", base != 0);
	CHECK("AT_ENTRY: the program's entry, not the loader's", entry != 0 && entry != base);
	CHECK("the loader lies above the program", base > entry);
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[512];
	int loader_areas = 0;
	while (maps && fgets(line, sizeof(line), maps))
		loader_areas += strstr(line, "ld-musl-x86_64.so.1") || strstr(line, "libc.so");
	CHECK("/proc/self/maps lists the loader's areas", loader_areas >= 2);

	/* A copy of a program whose PT_INTERP names a missing file, and one naming a file
	 * that is not ELF. */
	CHECK("a missing loader: ENOENT", exec_error("./missing_loader") == ENOENT);
	int fd = open("not_elf_loader", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, "#!/bin/sh\n", 10);
	close(fd);                              /* open for writing, it could not run: ETXTBSY */
	CHECK("a loader shorter than an ELF header: EIO", exec_error("./bad_loader") == EIO);
	fd = open("not_elf_loader", O_WRONLY | O_APPEND);
	static char text[128];
	memset(text, '#', sizeof(text));
	write(fd, text, sizeof(text));
	close(fd);
	CHECK("a loader that is not ELF: ELIBBAD", exec_error("./bad_loader") == ELIBBAD);
	write_loader(3, 3, 1);
	CHECK("a loader for another machine (i386): ELIBBAD", exec_error("./bad_loader") == ELIBBAD);
	write_loader(3, 62, 0);
	CHECK("an x86-64 loader without program headers: ELIBBAD",
	      exec_error("./bad_loader") == ELIBBAD);
	/* Linux checks the rest of a loader past the point of no return: the process dies. */
	int status = 0;
	write_loader(1, 62, 1);
	CHECK("a relocatable object as loader: execve succeeds",
	      exec_status("./bad_loader", &status) == 0);
	CHECK("  and the process dies of SIGSEGV", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	write_loader(3, 62, 6);
	CHECK("a loader with nothing to load: execve succeeds",
	      exec_status("./bad_loader", &status) == 0);
	CHECK("  and the process dies of SIGSEGV", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	/* A dynamically linked program as the loader: Linux does not look at its own
	 * PT_INTERP; it runs it unrelocated, and it dies. */
	copy_to_loader("./missing_loader");
	CHECK("a dynamically linked loader: execve succeeds", exec_status("./bad_loader", &status) == 0);
	CHECK("  and the loader, unrelocated, dies of SIGSEGV",
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	unlink("not_elf_loader");

	show_missing_library("./needs_missing");
	show_missing_library("./glibc_needs_missing");
	CHECK_DONE();
}
