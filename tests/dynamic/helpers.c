/* Built with PT_INTERP naming a missing file (missing_loader) and a text file
 * (bad_loader), for dynamic_exec's execve errors, and linked against a library that is not
 * there (needs_missing with musl, glibc_needs_missing with glibc), for their loaders'
 * messages: none of them ever reaches main. */
int main(void)
{
	return 0;
}
