/*
 * procstat.h: reading a process's /proc/PID/stat and /proc/PID/cmdline, for ps and vmtop.
 * The same files and field numbers as on Linux (proc(5)), so these tools run there too.
 */
#ifndef USER_PROCSTAT_H
#define USER_PROCSTAT_H

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fields of /proc/PID/stat that the tools show. */
struct proc_stat {
	int pid, ppid;
	char comm[64];                  /* the name, without its parentheses */
	char state;                     /* R, S, T, Z... */
	unsigned long minflt, majflt;   /* page faults without and with a disk read */
	unsigned long utime, stime;     /* clock ticks in user mode and in the kernel */
	unsigned long starttime;        /* clock ticks after boot when it started */
	unsigned long vsize;            /* bytes of address space */
	long rss;                       /* pages in memory */
};

/* Reads a whole small file into buf (NUL added); its length, or -1. */
static inline long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long n = 0, r;
	while (n < (long)size - 1 && (r = read(fd, buf + n, size - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return n;
}

/* Fills s from /proc/PID/stat; 0, or -1 when the process is gone. The name may hold
 * spaces and parentheses: it ends at the last ')'. */
static inline int read_proc_stat(int pid, struct proc_stat *s)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	char *open = strchr(buf, '('), *close = strrchr(buf, ')');
	if (!open || !close)
		return -1;
	memset(s, 0, sizeof(*s));
	s->pid = atoi(buf);
	snprintf(s->comm, sizeof(s->comm), "%.*s", (int)(close - open - 1), open + 1);
	/* Fields 3 on: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice num_threads itrealvalue
	 * starttime vsize rss. */
	unsigned long skip;
	if (sscanf(close + 2, "%c %d %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu "
		   "%lu %lu %lu %lu %lu %ld", &s->state, &s->ppid, &skip, &skip, &skip, &skip,
		   &skip, &s->minflt, &skip, &s->majflt, &skip, &s->utime, &s->stime, &skip,
		   &skip, &skip, &skip, &skip, &skip, &s->starttime, &s->vsize, &s->rss) != 22)
		return -1;
	return 0;
}

/* The command line of pid with spaces between the arguments, or "" (a kernel thread, a
 * zombie). */
static inline void read_cmdline(int pid, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	long n = read_file(path, buf, size);
	for (long i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (n < 0)
		buf[0] = '\0';
}

static inline int by_number(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The pids in /proc, smallest first, into pids (at most max); how many. */
static inline int list_pids(int *pids, int max)
{
	DIR *d = opendir("/proc");
	if (!d) {
		perror("/proc");
		exit(1);
	}
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max)
		if (isdigit((unsigned char)e->d_name[0]))
			pids[n++] = atoi(e->d_name);
	closedir(d);
	qsort(pids, (size_t)n, sizeof(int), by_number);
	return n;
}

#endif
