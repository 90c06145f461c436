/*
 * pmap: a process's areas, in procps' layouts, from /proc/PID/smaps.
 * Usage: pmap [-x] PID...
 *
 *   pmap PID     each area: its address, size, protection and what it maps
 *   pmap -x PID  also how much of it is resident (RSS: in frames now) and dirty (written
 *                since it was read or made: to keep it, it must be written somewhere)
 *
 * Mode is r, w, x, then s for a shared mapping (writes reach the file or the shared
 * object) or - for a private one (writes make private copy-on-write pages). An area with
 * no file is [ anon ]: demand-zero memory, the heap, or shared anonymous memory; the
 * stack is [ stack ].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct area {
	unsigned long start, end;
	char perms[5];
	char name[4096];
	unsigned long rss, dirty;       /* kB */
};

/* What pmap shows in the Mapping column: a file's last path component, or [ anon ]. */
static const char *mapping(const struct area *a)
{
	if (strcmp(a->name, "[stack]") == 0)
		return "  [ stack ]";
	if (a->name[0] != '/')
		return "  [ anon ]";    /* the heap, demand-zero memory, /dev/zero (deleted) */
	const char *slash = strrchr(a->name, '/');
	return slash + 1;
}

/* One area's line: pmap's, or pmap -x's with RSS and Dirty. */
static void print_area(const struct area *a, int extended)
{
	char mode[6] = { a->perms[0], a->perms[1], a->perms[2], a->perms[3] == 's' ? 's' : '-',
			 '-', '\0' };
	unsigned long kb = (a->end - a->start) / 1024;
	if (extended)
		printf("%016lx %7lu %7lu %7lu %s %s\n", a->start, kb, a->rss, a->dirty, mode,
		       mapping(a));
	else
		printf("%016lx %6luK %s %s\n", a->start, kb, mode, mapping(a));
}

/* Shows one process; 0, or 1 when it cannot be read. */
static int pmap(const char *pid, int extended)
{
	char path[64], line[4200], cmd[4096] = "";
	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	FILE *f = fopen(path, "r");
	if (f) {
		size_t n = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
		for (size_t i = 0; i + 1 < n; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		cmd[n] = '\0';
	}
	snprintf(path, sizeof(path), "/proc/%s/smaps", pid);
	if (!(f = fopen(path, "r"))) {
		perror(path);
		return 1;
	}
	printf("%s:   %s\n", pid, cmd);
	if (extended)
		printf("Address           Kbytes     RSS   Dirty Mode  Mapping\n");
	static struct area a, next;
	int have = 0;
	unsigned long total = 0, rss = 0, dirty = 0, kb;
	while (fgets(line, sizeof(line), f)) {
		int name_at = 0;
		size_t word = strcspn(line, " ");
		if (memchr(line, '-', word) && !memchr(line, ':', word) &&
		    sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &next.start, &next.end,
			   next.perms, &name_at) == 3 && name_at) {
			/* An area's first line, as in /proc/PID/maps: the one before is done. */
			if (have)
				print_area(&a, extended);
			have = 1;
			a = next;
			a.rss = a.dirty = 0;
			snprintf(a.name, sizeof(a.name), "%s", line + name_at);
			a.name[strcspn(a.name, "\n")] = '\0';
			total += (a.end - a.start) / 1024;
		} else if (sscanf(line, "Rss: %lu", &kb) == 1) {
			a.rss = kb;
			rss += kb;
		} else if (sscanf(line, "Shared_Dirty: %lu", &kb) == 1 ||
			   sscanf(line, "Private_Dirty: %lu", &kb) == 1) {
			a.dirty += kb;
			dirty += kb;
		}
	}
	fclose(f);
	if (have)
		print_area(&a, extended);
	if (extended)
		printf("---------------- ------- ------- ------- \ntotal kB %15lu %7lu %7lu\n",
		       total, rss, dirty);
	else
		printf(" total %16luK\n", total);
	return 0;
}

int main(int argc, char **argv)
{
	int extended = 0, status = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-x") == 0) {
		extended = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: pmap [-x] PID...\n");
		return 1;
	}
	for (; i < argc; i++)
		status |= pmap(argv[i], extended);
	return status;
}
