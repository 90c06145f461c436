/* The threads test (tests/user/threads.c) built with glibc, whose pthread_create, join and
 * exit take their own paths through clone, futex and set_robust_list. */
#include "../user/threads.c"
