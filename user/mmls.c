/* mmls: lists a directory (default "."), one name per line, sorted; -l adds the type and
 * permissions, the link count and the size (for a device, its major and minor numbers). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void mode_string(mode_t m, char *s)
{
	s[0] = S_ISDIR(m) ? 'd' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : '-';
	const char *rwx = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	s[10] = '\0';
}

static int list(const char *dir, int longform)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		if (longform) {
			char path[4096], mode[11];
			struct stat st;
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			if (stat(path, &st) == 0) {
				char size[32];
				if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
					snprintf(size, sizeof(size), "%u, %u", major(st.st_rdev),
						 minor(st.st_rdev));
				else
					snprintf(size, sizeof(size), "%lld", (long long)st.st_size);
				mode_string(st.st_mode, mode);
				printf("%s %3lu %8s ", mode, (unsigned long)st.st_nlink, size);
			}
		}
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

int main(int argc, char **argv)
{
	int longform = argc > 1 && strcmp(argv[1], "-l") == 0;
	int first = 1 + longform, status = 0;
	if (first >= argc)
		return list(".", longform);
	for (int i = first; i < argc; i++)
		status |= list(argv[i], longform);
	return status;
}
