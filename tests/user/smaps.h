/*
 * Shared by guest test programs that look at their own areas in /proc/self/smaps.
 */
#ifndef TESTS_USER_SMAPS_H
#define TESTS_USER_SMAPS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of field (e.g. "Rss:") in /proc/self/smaps for the area that starts at p, in
 * kB; -1 when no area starts there. */
static inline long smaps_kb(const volatile void *p, const char *field)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[256];
	int in = 0;
	long kb = -1;
	while (f && fgets(line, sizeof(line), f)) {
		char *dash;
		uintptr_t start = strtoul(line, &dash, 16);
		if (*dash == '-' && line[0] != 'V')
			in = start == (uintptr_t)p;
		else if (in && !strncmp(line, field, strlen(field))) {
			kb = strtol(line + strlen(field), NULL, 10);
			break;
		}
	}
	if (f)
		fclose(f);
	return kb;
}

#endif
