/*
 * Scripts: a file whose first two bytes are "#!" is run by the interpreter its first line
 * names, as Linux's binfmt_script. The line is read from the first SCRIPT_BUF_SIZE bytes
 * only; it holds the interpreter's path and at most one argument, which is everything
 * after the first blank (blanks inside it kept, blanks at its ends dropped). Builds on the
 * host too (tests/unit).
 */
#ifndef KERNEL_EXEC_SCRIPT_H
#define KERNEL_EXEC_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#define SCRIPT_BUF_SIZE 256     /* Linux's BINPRM_BUF_SIZE: how much of the file is read */
#define SCRIPT_MAX_DEPTH 5      /* scripts naming scripts: ELOOP beyond this many */

/* True if the file's first bytes (n of them) make it a script. */
bool script_is_script(const char *head, size_t n);

/* Parses the "#!" line of buf, the file's first SCRIPT_BUF_SIZE bytes with zeros after its
 * end. Cuts the line in place: the interpreter's path in *name, the argument in *arg (NULL
 * if none), both NUL-terminated inside buf. -ENOEXEC when there is no interpreter, or when
 * its path does not fit in the bytes read. */
int script_parse(char buf[SCRIPT_BUF_SIZE], char **name, char **arg);

#endif
