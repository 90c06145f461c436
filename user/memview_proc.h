/*
 * What memview reads, all of it from Linux's own /proc files, so that the same program runs
 * on Linux as root: the processes (the numeric names in /proc), a process's name
 * (/proc/PID/status) and areas (/proc/PID/maps), its pages (/proc/PID/pagemap, 8 bytes per
 * virtual page) and every frame's count and flags (/proc/kpagecount, /proc/kpageflags,
 * 8 bytes per frame). Formats: Documentation/admin-guide/mm/pagemap.rst.
 */
#ifndef USER_MEMVIEW_PROC_H
#define USER_MEMVIEW_PROC_H

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE 4096ULL

/* A pagemap entry's bits. */
#define PM_PFN(e)     ((e) & ((1ULL << 55) - 1))
#define PM_EXCLUSIVE  (1ULL << 56)
#define PM_FILE       (1ULL << 61)
#define PM_SWAP       (1ULL << 62)
#define PM_PRESENT    (1ULL << 63)

/* kpageflags bits (include/uapi/linux/kernel-page-flags.h). */
#define KPF(bit) (1ULL << (bit))
enum {
	KPF_UPTODATE = 3, KPF_LRU = 5, KPF_SLAB = 7, KPF_BUDDY = 10, KPF_MMAP = 11,
	KPF_ANON = 12, KPF_SWAPCACHE = 13, KPF_NOPAGE = 20, KPF_RESERVED = 32,
};

/* User space ends here on x86-64: areas above (Linux's [vsyscall]) have no pagemap. */
#define USER_END 0x800000000000ULL

/* qsort order for ints: ascending. */
static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The pids in /proc, ascending, in a malloc'd array; *n is how many. */
static int *list_pids(size_t *n)
{
	size_t cap = 64;
	int *pids = malloc(cap * sizeof(int));
	*n = 0;
	DIR *d = opendir("/proc");
	struct dirent *de;
	while (d && pids && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (*n == cap) {
			int *more = realloc(pids, (cap *= 2) * sizeof(int));
			if (!more)
				break;
			pids = more;
		}
		pids[(*n)++] = atoi(de->d_name);
	}
	if (d)
		closedir(d);
	if (pids)
		qsort(pids, *n, sizeof(int), cmp_int);
	return pids;
}

/* The process's name (the Name: line of /proc/PID/status) into name; "?" if it is gone. */
static void proc_name(int pid, char *name, size_t size)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	snprintf(name, size, "?");
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Name:", 5) == 0) {
			char *s = line + 5;
			s += strspn(s, " \t");
			s[strcspn(s, "\n")] = '\0';
			snprintf(name, size, "%s", s);
			break;
		}
	}
	if (f)
		fclose(f);
}

/* One line of /proc/PID/maps. */
struct area {
	uint64_t start, end;
	char perms[5];
	char name[256];         /* a file's path, [heap], [stack]... or "" */
};

/* Parses a maps line; false if it is not one. */
static int parse_area(const char *line, struct area *a)
{
	unsigned long long s, e;
	int name_at = 0;
	a->name[0] = '\0';
	if (sscanf(line, "%llx-%llx %4s %*s %*s %*s %n", &s, &e, a->perms, &name_at) < 3)
		return 0;
	a->start = s;
	a->end = e;
	if (name_at > 0) {
		snprintf(a->name, sizeof(a->name), "%s", line + name_at);
		a->name[strcspn(a->name, "\n")] = '\0';
	}
	return 1;
}

/* The areas of process pid in a malloc'd array (NULL, *n = 0 when it has none or is gone). */
static struct area *read_areas(int pid, size_t *n)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	*n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 16;
	struct area *areas = malloc(cap * sizeof(*areas));
	while (areas && fgets(line, sizeof(line), f)) {
		if (*n == cap) {
			struct area *more = realloc(areas, (cap *= 2) * sizeof(*areas));
			if (!more)
				break;
			areas = more;
		}
		if (parse_area(line, &areas[*n]) && areas[*n].start < USER_END)
			(*n)++;
	}
	fclose(f);
	return areas;
}

/* Reads count 8-byte entries from index first of a table file; returns how many it got. */
static size_t read_entries(int fd, uint64_t first, uint64_t *out, size_t count)
{
	size_t got = 0;
	while (got < count) {
		ssize_t r = pread(fd, out + got, (count - got) * 8, (off_t)((first + got) * 8));
		if (r <= 0)
			break;
		got += (size_t)r / 8;
	}
	return got;
}

/* Opens /proc/PID/pagemap (-1 when the process is gone or not ours to read). */
static int open_pagemap(int pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	return open(path, O_RDONLY);
}

#endif
