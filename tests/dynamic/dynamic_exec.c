/* A dynamically linked musl program: the kernel loads its dynamic loader (PT_INTERP,
 * /lib/ld-musl-x86_64.so.1, which is musl's libc.so too) below the mmap base and starts
 * there; the loader finds the program through the auxiliary vector. Also execve's errors
 * for a missing or broken loader. Built with musl-gcc without -static. */
#include "../user/check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs the program at path (a copy of a helper linked against loader), and returns
 * execve's errno in the child, or 0 if it ran. */
static int exec_error(const char *path)
{
	int fds[2];
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };
		execv(path, argv);
		int e = errno;
		write(fds[1], &e, sizeof(e));
		_exit(0);
	}
	close(fds[1]);
	int e = 0;
	read(fds[0], &e, sizeof(e));
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return e;
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
	unlink("not_elf_loader");
	CHECK_DONE();
}
