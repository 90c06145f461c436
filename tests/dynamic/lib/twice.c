/* The library tests/dynamic/dlopen.c opens at run time: built as libtwice-musl.so and
 * libtwice-glibc.so, one for each C library. */
int twice(int x);
int twice(int x)
{
	return 2 * x;
}

/* Data the library writes: each process gets its own copy-on-write page of it. */
int calls;
