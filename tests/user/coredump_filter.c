/*
 * What a core dump holds, compared with Linux: /proc/PID/coredump_filter (its text, the
 * numbers a write takes, fork and execve keeping it) chooses the kinds of area a core
 * holds (anonymous private and shared memory, private and shared file mappings, ELF
 * header pages), and madvise(MADV_DONTDUMP) leaves an area out until MADV_DODUMP puts it
 * back, splitting areas as other madvise flags do (smaps' VmFlags shows "dd"). The cores
 * are named "core" in the current folder (the default core_pattern here and on the host).
 * With the argument --show-filter it prints its coredump_filter (the program execve'd).
 */
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define P 4096L
#define FILTER "/proc/self/coredump_filter"
#define DATA "coredump_filter.data"

/* The areas the cores are searched for, each two pages with a hole on either side (so
 * that none merges with another): anonymous private (touched, and untouched), anonymous
 * shared, a private file mapping with one copied page, a shared file mapping. */
enum { ANON, ANON_UNTOUCHED, ANON_SHARED, FILE_PRIVATE, FILE_SHARED, AREAS };
static const char *const area_names[AREAS] = {
	"anonymous private", "anonymous untouched", "anonymous shared", "file private",
	"file shared",
};
static char *areas[AREAS];
static int cores_missing;

static const char *read_filter(void)
{
	static char buf[32];
	int fd = open(FILTER, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Writes s to the filter: "ok" or the errno's name; with the value read back. */
static void write_filter(const char *s)
{
	int fd = open(FILTER, O_WRONLY);
	ssize_t n = write(fd, s, strlen(s));
	int e = errno;
	close(fd);
	char shown[32];
	snprintf(shown, sizeof(shown), "\"%s\"", s);
	for (char *c = shown; *c; c++)
		if (*c == '\n')
			*c = '~';
	if (n == (ssize_t)strlen(s))
		printf("write %-14s -> ok, reads %s", shown, read_filter());
	else
		printf("write %-14s -> %s\n", shown, n < 0 ? errno_name(e) : "short");
}

static void set_filter(unsigned v)
{
	char s[16];
	snprintf(s, sizeof(s), "0x%x", v);
	int fd = open(FILTER, O_WRONLY);
	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) {
		perror("coredump_filter");
		exit(1);
	}
	close(fd);
}

static void filter_text(char *self)
{
	printf("coredump_filter at start: %s", read_filter());
	write_filter("0x7\n");
	write_filter("51");
	write_filter("0777");
	write_filter("+0x10");
	write_filter("0xffffffff");
	write_filter("4294967296");
	write_filter("-1");
	write_filter("0x1 ");
	write_filter("zz");
	set_filter(0x25);
	pid_t pid = fork();
	if (pid == 0) {
		printf("a fork child reads %s", read_filter());
		set_filter(0x3);
		printf("the child wrote 0x3, reads %s", read_filter());
		fflush(stdout);
		execl("/proc/self/exe", self, "--show-filter", (char *)NULL);
		_exit(1);
	}
	waitpid(pid, NULL, 0);
	printf("the parent still reads %s", read_filter());
	set_filter(0x33);
}

/* Maps the areas, with holes between them. */
static void map_areas(void)
{
	char *base = mmap(NULL, (2 * AREAS + 1) * 2 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	munmap(base, (2 * AREAS + 1) * 2 * P);
	int fd = open(DATA, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char page[P];
	memset(page, 'f', P);
	write(fd, page, P);
	write(fd, page, P);
	for (int i = 0; i < AREAS; i++) {
		char *at = base + (2 * i + 1) * 2 * P;
		int flags = MAP_FIXED | (i == ANON_SHARED || i == FILE_SHARED ? MAP_SHARED : MAP_PRIVATE);
		int file = i == FILE_PRIVATE || i == FILE_SHARED;
		areas[i] = mmap(at, 2 * P, PROT_READ | PROT_WRITE,
				flags | (file ? 0 : MAP_ANONYMOUS), file ? fd : -1, 0);
		if (areas[i] != at) {
			perror("mmap");
			exit(1);
		}
	}
	close(fd);
	memset(areas[ANON], 'a', 2 * P);
	memset(areas[ANON_SHARED], 's', P);     /* its second page never touched */
	areas[FILE_PRIVATE][P] = 'c';           /* one copied page */
}

/* The program header of the area at va in the core, or one with p_type 0. */
static Elf64_Phdr area_of(int fd, const void *va)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph = { 0 };
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		return ph;
	for (int i = 0; i < eh.e_phnum; i++) {
		pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph)));
		if (ph.p_type == PT_LOAD && ph.p_vaddr == (uintptr_t)va)
			return ph;
	}
	return (Elf64_Phdr){ 0 };
}

/* How much of an area of `size` bytes the core holds. */
static const char *how_much(Elf64_Phdr ph, long size)
{
	static char buf[32];
	if (!ph.p_type)
		return "no header";
	if (ph.p_filesz == 0)
		return "none";
	if ((long)ph.p_filesz == size)
		return "whole";
	snprintf(buf, sizeof(buf), "%ld bytes", (long)ph.p_filesz);
	return buf;
}

/* The first byte of each dumped page of the area, as a string ('0' for a zero byte). */
static void first_bytes(int fd, Elf64_Phdr ph, char *out)
{
	size_t n = 0;
	for (uint64_t off = 0; off < ph.p_filesz; off += P) {
		char c = 0;
		pread(fd, &c, 1, (off_t)(ph.p_offset + off));
		out[n++] = c ? c : '0';
	}
	out[n] = '\0';
}

/* A child that sets the filter, calls prepare, and aborts; returns whether it dumped. */
static int dump_child(unsigned filter, void (*prepare)(void))
{
	unlink("core");
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
		setrlimit(RLIMIT_CORE, &r);
		set_filter(filter);
		if (prepare)
			prepare();
		abort();
	}
	int status;
	waitpid(pid, &status, 0);
	int dumped = WIFSIGNALED(status) && WCOREDUMP(status);
	cores_missing += !dumped;
	return dumped;
}

/* The first area of the program file (its ELF header page), as /proc/self/maps says. */
static void *program_start(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	void *at = NULL;
	if (f && fgets(line, sizeof(line), f))
		at = (void *)strtoul(line, NULL, 16);
	if (f)
		fclose(f);
	return at;
}

static void filters(void)
{
	static const unsigned values[] = { 0x33, 0x0, 0x1, 0x2, 0x4, 0x8, 0x10, 0x1f };
	void *prog = program_start();
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		int dumped = dump_child(values[i], NULL);
		printf("filter 0x%02x: %s\n", values[i], dumped ? "dumped" : "no core");
		int fd = open("core", O_RDONLY);
		for (int a = 0; a < AREAS; a++) {
			Elf64_Phdr ph = area_of(fd, areas[a]);
			char bytes[8];
			first_bytes(fd, ph, bytes);
			printf("  %-20s %-10s %s\n", area_names[a], how_much(ph, 2 * P), bytes);
		}
		Elf64_Phdr ph = area_of(fd, prog);
		char bytes[8] = "";
		if (ph.p_filesz == P)
			first_bytes(fd, ph, bytes);
		printf("  %-20s %s %s\n", "program's first page", ph.p_filesz == P ? "page" :
		       ph.p_filesz ? "more" : "none", !strcmp(bytes, "\177") ? "(ELF header)" : "");
		close(fd);
	}
}

/* madvise's answer, as a word. */
static const char *advise(void *at, long len, int advice)
{
	return madvise(at, (size_t)len, advice) == 0 ? "ok" : errno_name(errno);
}

/* Whether smaps shows "dd" in the VmFlags of the area that starts at va. */
static const char *smaps_dd(const void *va)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int in = 0;
	const char *found = "no area";
	while (f && fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strchr(line, ':') && line[0] != 'V' &&
		    strtoul(line, NULL, 16) == (uintptr_t)va)
			in = 1;
		else if (in && !strncmp(line, "VmFlags:", 8)) {
			found = strstr(line, " dd") ? "dd" : "no dd";
			break;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static void dontdump_anon(void)
{
	madvise(areas[ANON], 2 * P, MADV_DONTDUMP);
}

static void dontdump_then_dodump(void)
{
	madvise(areas[ANON], 2 * P, MADV_DONTDUMP);
	madvise(areas[ANON], 2 * P, MADV_DODUMP);
}

static void dontdump_shared(void)
{
	madvise(areas[ANON_SHARED], 2 * P, MADV_DONTDUMP);
	madvise(areas[FILE_PRIVATE], P, MADV_DONTDUMP);
}

static void report_core(const char *what)
{
	int fd = open("core", O_RDONLY);
	printf("%s:\n", what);
	for (int a = 0; a < AREAS; a++) {
		Elf64_Phdr ph = area_of(fd, areas[a]);
		char bytes[8];
		first_bytes(fd, ph, bytes);
		printf("  %-20s %-10s %s\n", area_names[a], how_much(ph, 2 * P), bytes);
	}
	/* the file area's second page, split off by the advice on its first */
	Elf64_Phdr ph = area_of(fd, areas[FILE_PRIVATE] + P);
	printf("  %-20s %s\n", "file private page 2", ph.p_type ? how_much(ph, P) : "in one area");
	close(fd);
}

static void dontdump(void)
{
	printf("MADV_DONTDUMP anonymous: %s\n", advise(areas[ANON], 2 * P, MADV_DONTDUMP));
	printf("  smaps: %s\n", smaps_dd(areas[ANON]));
	printf("MADV_DODUMP anonymous: %s\n", advise(areas[ANON], 2 * P, MADV_DODUMP));
	printf("  smaps: %s\n", smaps_dd(areas[ANON]));
	printf("MADV_DONTDUMP on its second page: %s\n", advise(areas[ANON] + P, P, MADV_DONTDUMP));
	printf("  smaps: first page %s, second page %s\n", smaps_dd(areas[ANON]),
	       smaps_dd(areas[ANON] + P));
	printf("MADV_DODUMP on it again: %s\n", advise(areas[ANON] + P, P, MADV_DODUMP));
	printf("  smaps: %s (merged again: %s)\n", smaps_dd(areas[ANON]),
	       !strcmp(smaps_dd(areas[ANON] + P), "no area") ? "yes" : "no");
	printf("MADV_DONTDUMP over a hole: %s\n",
	       advise(areas[ANON] - 2 * P, 4 * P, MADV_DONTDUMP));
	printf("  smaps: %s\n", smaps_dd(areas[ANON]));
	madvise(areas[ANON], 2 * P, MADV_DODUMP);
	printf("MADV_DODUMP unaligned: %s\n", advise(areas[ANON] + 1, P, MADV_DODUMP));

	printf("core after MADV_DONTDUMP: %s\n", dump_child(0x33, dontdump_anon) ? "dumped" : "no core");
	report_core("  its areas");
	printf("core after MADV_DONTDUMP, MADV_DODUMP: %s\n",
	       dump_child(0x33, dontdump_then_dodump) ? "dumped" : "no core");
	report_core("  its areas");
	printf("core after MADV_DONTDUMP of shared memory and a file page: %s\n",
	       dump_child(0x3f, dontdump_shared) ? "dumped" : "no core");
	report_core("  its areas (filter 0x3f)");
	madvise(areas[ANON], 2 * P, MADV_DONTDUMP);
	int dumped = dump_child(0x33, NULL);
	int fd = open("core", O_RDONLY);
	Elf64_Phdr ph = area_of(fd, areas[ANON]);
	close(fd);
	printf("a fork child keeps MADV_DONTDUMP: %s\n",
	       dumped && ph.p_type && ph.p_filesz == 0 ? "yes" : "no");
	madvise(areas[ANON], 2 * P, MADV_DODUMP);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--show-filter")) {
		printf("after execve it reads %s", read_filter());
		return 0;
	}
	filter_text(argv[0]);
	map_areas();
	filters();
	dontdump();
	CHECK("every child left a core", cores_missing == 0);
	unlink("core");
	unlink(DATA);
	CHECK_DONE();
}
