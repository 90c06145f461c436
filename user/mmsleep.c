/* mmsleep: waits the given number of seconds. */
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec t = { argc > 1 ? atoi(argv[1]) : 1, 0 };
	return nanosleep(&t, NULL) != 0;
}
