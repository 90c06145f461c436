/* The program vmbench's dynamic exec rows run: it only returns. Built dynamically linked
 * with musl (exit_musl) and with glibc (exit_glibc), so that what execve and the dynamic
 * loader cost (mapping the C library, relocating, exiting) is all that is measured. */
int main(void)
{
	return 0;
}
