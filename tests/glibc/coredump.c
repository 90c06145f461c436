/* tests/user/coredump.c built with glibc (`gcc -static`): glibc forks through clone, and
 * its abort() blocks and unblocks signals its own way before it raises SIGABRT; the core
 * files and WCOREDUMP must be Linux's all the same. */
#include "../user/coredump.c"
