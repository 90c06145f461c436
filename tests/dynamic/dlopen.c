/* dlopen, as a plugin loader uses it: a shared object opened at run time (its text and
 * data mapped by the C library's loader with mmap and mprotect), a symbol looked up and
 * called, the object closed (unmapped), and a missing one refused with the loader's own
 * message. Built with musl and with glibc; each opens the library built with its own C
 * library. */
#include "../user/check.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#ifdef __GLIBC__
#define LIBTWICE "./libtwice-glibc.so"
#else
#define LIBTWICE "./libtwice-musl.so"
#endif

/* Whether /proc/self/maps lists the library now. */
static int mapped(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	while (f && fgets(line, sizeof(line), f))
		found |= strstr(line, LIBTWICE + 2) != NULL;
	if (f)
		fclose(f);
	return found;
}

int main(void)
{
	CHECK("before dlopen, the library is not mapped", !mapped());
	void *h = dlopen(LIBTWICE, RTLD_NOW);
	CHECK("dlopen opens it", h != NULL);
	CHECK("/proc/self/maps lists it then", mapped());
	int (*twice)(int) = NULL;
	if (h)
		*(void **)&twice = dlsym(h, "twice");
	CHECK("dlsym finds twice", twice != NULL);
	CHECK("twice(21) is 42", twice && twice(21) == 42);
	CHECK("dlsym of a name it lacks: NULL", h && dlsym(h, "thrice") == NULL);
	CHECK("dlclose", h && dlclose(h) == 0);
	void *missing = dlopen("./libnowhere.so", RTLD_NOW);
	CHECK("dlopen of a library that is not there: NULL", missing == NULL);
	const char *why = dlerror();
	CHECK("dlerror says why", why && strstr(why, "libnowhere.so") != NULL);
	CHECK_DONE();
}
