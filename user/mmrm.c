/* mmrm: removes each file named (directories with -d: rmdir). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int dirs = argc > 1 && strcmp(argv[1], "-d") == 0, status = 0;
	for (int i = 1 + dirs; i < argc; i++)
		if ((dirs ? rmdir(argv[i]) : unlink(argv[i])) != 0) {
			fprintf(stderr, "rm: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	return status;
}
