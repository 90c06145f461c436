#include "kernel/exec/script.h"
#include "kernel/errno.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The first character in [p, last] that is not a blank, or NULL. */
static char *skip_blanks(char *p, char *last)
{
	for (; p <= last; p++)
		if (!blank(*p))
			return p;
	return NULL;
}

/* The first blank or NUL in [p, last], which ends a word, or NULL. */
static char *word_end(char *p, char *last)
{
	for (; p <= last; p++)
		if (blank(*p) || *p == '\0')
			return p;
	return NULL;
}

/* The first newline in [p, last] before any NUL, or NULL. */
static char *line_end(char *p, char *last)
{
	for (; p <= last && *p; p++)
		if (*p == '\n')
			return p;
	return NULL;
}

bool script_is_script(const char *head, size_t n)
{
	return n >= 2 && head[0] == '#' && head[1] == '!';
}

int script_parse(char buf[SCRIPT_BUF_SIZE], char **name, char **arg)
{
	char *last = buf + SCRIPT_BUF_SIZE - 1;
	char *end = line_end(buf, last);
	if (!end) {
		/* No whole line in the bytes read: usable only if the interpreter's path
		 * ends inside them (the argument may be cut short, as on Linux). */
		char *first = skip_blanks(buf + 2, last);
		if (!first || !word_end(first, last))
			return -ENOEXEC;
		end = last;
	}
	while (end > buf + 2 && blank(end[-1]))
		end--;
	char *n = skip_blanks(buf + 2, end);
	if (!n || n == end)
		return -ENOEXEC;
	char *sep = word_end(n, end);
	char *a = NULL;
	if (sep && *sep != '\0')
		a = skip_blanks(sep, end);
	*end = '\0';
	if (sep)
		*sep = '\0';
	*name = n;
	*arg = a;       /* may be "": a blank then the file's end, as on Linux */
	return 0;
}
