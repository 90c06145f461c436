/*
 * The OOM killer with swap: with 32 MiB of RAM and 16 MiB of swap, an innocent process
 * holds 8 MiB it filled with a pattern; a hog allocates and touches memory without bound.
 * Reclaim sends pages to swap until swap is full too; then the OOM killer kills the hog
 * (the biggest, counting its swapped pages) with SIGKILL and logs Linux's line. The hog got
 * more memory than RAM had free (so swap was used); the innocent's data is intact (some of
 * it came back from swap); the hog's slots are free again: every slot still used is named
 * by a process's swap entry (VmSwap) or held by the swap cache, and once the innocent has
 * rewritten its pages Used is back within what the others hold; and the kernel keeps
 * running: a new process gets 16 MiB and checks it. Guest-only (it exhausts memory). See
 * tests/stress/oom.c for the same without swap.
 * qrun: --mem 32M --swap 16M
 * log: Out of memory: Killed process [0-9]+ \(swap_oom\) total-vm:[0-9]+kB, anon-rss:[0-9]+kB, file-rss:[0-9]+kB, shmem-rss:[0-9]+kB, UID:0 pgtables:[0-9]+kB oom_score_adj:0
 */
#include "swapcheck.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>

#define INNOCENT_PAGES (8 * MIB / PAGE)
#define INNOCENT_SEED 41
#define HOG_CHUNK (4 * MIB)

static void set_oom_score_adj(const char *value)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd < 0 || write(fd, value, strlen(value)) != (ssize_t)strlen(value))
		printf("FAIL set oom_score_adj to %s\n", value);
	if (fd >= 0)
		close(fd);
}

/* Touches memory without bound, telling `progress` one byte per MiB; ends only killed. */
static _Noreturn void hog(int progress)
{
	set_oom_score_adj("0");
	for (;;) {
		char *m = mmap(NULL, HOG_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (m == MAP_FAILED)
			_exit(3);
		for (size_t i = 0; i < HOG_CHUNK; i += PAGE) {
			m[i] = 1;
			if ((i + PAGE) % MIB == 0 && write(progress, "m", 1) != 1)
				_exit(4);
		}
	}
}

/* The sum of VmSwap over every process, in KiB. */
static long all_vm_swap_kb(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	long sum = 0;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		char path[300];
		snprintf(path, sizeof(path), "/proc/%s/status", de->d_name);
		long kb = field(path, "VmSwap:");
		if (kb > 0)
			sum += kb;
	}
	if (d)
		closedir(d);
	return sum;
}

/* Is every slot in use named by a swap PTE or held by the swap cache? */
static int slots_accounted(long *used, long *named, long *cached)
{
	*used = swap_used_kb();
	*named = all_vm_swap_kb();
	*cached = field("/proc/meminfo", "SwapCached:");
	return *used >= 0 && *cached >= 0 && *used <= *named + *cached;
}

int main(void)
{
	set_oom_score_adj("-1000");     /* the test itself is never the victim */
	int to_innocent[2], from_innocent[2], progress[2];
	if (pipe(to_innocent) || pipe(from_innocent))
		return 2;
	long used0 = swap_used_kb();
	pid_t innocent = fork();
	if (innocent == 0) {
		set_oom_score_adj("0");
		uint64_t *mine = fill_pages(INNOCENT_PAGES, INNOCENT_SEED);
		char c;
		if (write(from_innocent[1], "r", 1) != 1 || read(to_innocent[0], &c, 1) != 1)
			_exit(2);
		/* After the hog: check everything (some comes back from swap), then write
		 * every page (which takes it out of the swap cache and frees its slot). */
		char reply[2];
		reply[0] = pages_intact(mine, INNOCENT_PAGES, INNOCENT_SEED) == INNOCENT_PAGES ?
			   'y' : 'n';
		for (size_t i = 0; i < INNOCENT_PAGES; i++)
			mine[i * (PAGE / 8) + 1] = i;
		static uint64_t pm[INNOCENT_PAGES];
		int in_ram = pagemap_range(mine, INNOCENT_PAGES, pm);
		for (size_t i = 0; i < INNOCENT_PAGES; i++)
			in_ram &= (pm[i] & (PM_PRESENT | PM_SWAP)) == PM_PRESENT;
		reply[1] = in_ram ? 'y' : 'n';
		if (write(from_innocent[1], reply, 2) != 2 || read(to_innocent[0], &c, 1) != 1)
			_exit(2);
		_exit(pages_intact(mine, INNOCENT_PAGES, INNOCENT_SEED) == INNOCENT_PAGES ? 0 : 1);
	}
	close(from_innocent[1]);        /* the innocent's death is then an end of file */
	close(to_innocent[0]);
	char c;
	if (read(from_innocent[0], &c, 1) != 1) {
		printf("FAIL the innocent process filled 8 MiB\n");
		return 1;
	}
	long free_kb = field("/proc/meminfo", "MemFree:");

	if (pipe(progress))              /* after the innocent's fork: the hog's alone */
		return 2;
	pid_t h = fork();
	if (h == 0)
		hog(progress[1]);
	close(progress[1]);
	int status;
	check("the hog is killed by SIGKILL", waitpid(h, &status, 0) == h && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL);
	long mib = 0;
	char buf[64];
	ssize_t n;
	while ((n = read(progress[0], buf, sizeof(buf))) > 0)
		mib += n;
	printf("the hog touched %ld MiB; %ld KiB of RAM were free before it\n", mib, free_kb);
	check("it got more memory than RAM had free: swap took the rest", mib * 1024 > free_kb);

	long used, named, cached;
	int accounted = slots_accounted(&used, &named, &cached);
	printf("after the kill: swap used %ld KiB, named by swap entries %ld KiB, cached %ld KiB\n",
	       used, named, cached);
	check("after the kill, every slot used is named by a swap entry or cached", accounted);
	char reply[2] = "";
	check("the innocent process is alive, its 8 MiB intact", write(to_innocent[1], "v", 1) == 1 &&
	      read(from_innocent[0], reply, 2) == 2 && reply[0] == 'y');
	check("... and, rewritten, all of it in RAM (pagemap)", reply[1] == 'y');
	accounted = slots_accounted(&used, &named, &cached);
	printf("then: swap used %ld KiB (%ld before the hog), named %ld KiB, cached %ld KiB\n",
	       used, used0, named, cached);
	check("... so that Used is back where it was, within what the others hold",
	      accounted && used - used0 <= named + cached && used - used0 < 1024);

	/* The kernel carries on: a new process gets memory. */
	pid_t after = fork();
	if (after == 0) {
		set_oom_score_adj("0");
		uint64_t *m = fill_pages(16 * MIB / PAGE, 43);
		_exit(pages_intact(m, 16 * MIB / PAGE, 43) == 16 * MIB / PAGE ? 0 : 1);
	}
	check("a new process gets 16 MiB and finds it intact", waitpid(after, &status, 0) == after &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("the innocent exits normally, its data intact", write(to_innocent[1], "x", 1) == 1 &&
	      waitpid(innocent, &status, 0) == innocent && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	return failures != 0;
}
