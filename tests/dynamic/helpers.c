/* Built twice, with PT_INTERP naming a missing file (missing_loader) and a text file
 * (bad_loader), for dynamic_exec's execve errors: neither ever runs. */
int main(void)
{
	return 0;
}
