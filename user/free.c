/* free: physical memory and swap as the kernel reports them (sysinfo), in KiB. */
#include <stdio.h>
#include <sys/sysinfo.h>

int main(void)
{
	struct sysinfo si;
	if (sysinfo(&si) != 0) {
		perror("free: sysinfo");
		return 1;
	}
	unsigned long unit = si.mem_unit ? si.mem_unit : 1;
	printf("%-8s %12s %12s %12s\n", "", "total", "used", "free");
	printf("%-8s %12lu %12lu %12lu\n", "Mem:", si.totalram * unit / 1024,
	       (si.totalram - si.freeram) * unit / 1024, si.freeram * unit / 1024);
	printf("%-8s %12lu %12lu %12lu\n", "Swap:", si.totalswap * unit / 1024,
	       (si.totalswap - si.freeswap) * unit / 1024, si.freeswap * unit / 1024);
	printf("processes: %u\n", si.procs);
	return 0;
}
