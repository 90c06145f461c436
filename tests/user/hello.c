/* The smallest check that a static Linux program runs unmodified: arguments, stdout,
 * stderr, and the exit status. */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argv;
	printf("hello from a static musl program, argc=%d\n", argc);
	fprintf(stderr, "this line went to stderr\n");
	return 0;
}
