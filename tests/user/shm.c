/* SysV shared memory: a shared object without a file. shmget makes a segment (private or
 * by key, with IPC_CREAT and IPC_EXCL), shmat maps it (where mmap would, at a given
 * address, rounded with SHM_RND, over a mapping with SHM_REMAP, read-only with SHM_RDONLY),
 * two attaches and a forked child see one set of pages, shmctl's IPC_STAT counts the
 * attaches (nattch: one per area, so fork and a split add one), exit and exec drop them,
 * IPC_RMID frees the key at once and the segment with its last attach, /proc/self/maps
 * names an attach /SYSVkey (deleted) with the id as its inode, /proc/sysvipc/shm lists
 * the segment; Linux's errors; /proc/sys/kernel/shmmax, shmall and shmmni are IPC_INFO's
 * limits, and (in mmk only: a test may not change the host's) shmget honours them. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <grp.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define P 4096

static struct shmid_ds stat_of(int id)
{
	struct shmid_ds ds;
	memset(&ds, 0xa5, sizeof(ds));
	if (shmctl(id, IPC_STAT, &ds) != 0)
		memset(&ds, 0, sizeof(ds));
	return ds;
}

static long nattch(int id)
{
	struct shmid_ds ds;
	return shmctl(id, IPC_STAT, &ds) == 0 ? (long)ds.shm_nattch : -errno;
}

/* The errno a call gave, by name, or "no error". */
static const char *err_of(long r)
{
	return r == -1 ? errno_name(errno) : "no error";
}

static char maps[1 << 16];

/* The /proc/self/maps line of the area starting at a, in line (without the newline). */
static int maps_line(void *a, char *line, size_t size)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t n = 0, r;
	while (fd >= 0 && (r = read(fd, maps + n, sizeof(maps) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	maps[n] = '\0';
	char want[32];
	snprintf(want, sizeof(want), "%lx-", (unsigned long)a);
	for (char *l = maps; *l;) {
		char *end = strchr(l, '\n');
		if (!end)
			break;
		*end = '\0';
		if (strncmp(l, want, strlen(want)) == 0) {
			size_t len = strlen(l) < size - 1 ? strlen(l) : size - 1;
			memcpy(line, l, len);
			line[len] = '\0';
			return 0;
		}
		l = end + 1;
	}
	return -1;
}

/* The maps line of an attach: shared, offset 0, the id as inode, /SYSVkey (deleted). */
static int maps_shows(void *a, int id, int key, const char *perms)
{
	char line[512], want[64];
	unsigned long ino = 0;
	char p[8] = "", off[20] = "", dev[16] = "", name[64] = "", deleted[16] = "";
	if (maps_line(a, line, sizeof(line)) != 0)
		return 0;
	sscanf(line, "%*s %7s %19s %15s %lu %63s %15s", p, off, dev, &ino, name, deleted);
	snprintf(want, sizeof(want), "/SYSV%08x", (unsigned)key);
	return strcmp(p, perms) == 0 && strcmp(off, "00000000") == 0 && ino == (unsigned long)id &&
	       strcmp(name, want) == 0 && strcmp(deleted, "(deleted)") == 0;
}

/* The fields of id's line in /proc/sysvipc/shm (Linux's order), or -1 when none. */
struct sysvipc_line {
	long key, id, perms, size, cpid, lpid, nattch, uid, gid, cuid, cgid, atime, dtime, ctime,
	     rss, swap;
};

static int sysvipc_shm(int id, struct sysvipc_line *l)
{
	FILE *f = fopen("/proc/sysvipc/shm", "r");
	char line[512];
	int found = -1;
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f) || strncmp(line, "       key      shmid perms", 27) != 0)
		found = -2;                             /* not Linux's header */
	while (found == -1 && fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%ld %ld %lo %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld",
			       &l->key, &l->id, &l->perms, &l->size, &l->cpid, &l->lpid, &l->nattch,
			       &l->uid, &l->gid, &l->cuid, &l->cgid, &l->atime, &l->dtime, &l->ctime,
			       &l->rss, &l->swap);
		if (n == 16 && l->id == id)
			found = 0;
	}
	fclose(f);
	return found;
}

static int child_status(pid_t pid)
{
	int st = 0;
	waitpid(pid, &st, 0);
	return st;
}

static void basics(void)
{
	printf("-- a private segment, two attaches, fork\n");
	int id = shmget(IPC_PRIVATE, 10000, 0600);
	CHECK("shmget(IPC_PRIVATE, 10000, 0600) gives an id", id >= 0);
	struct shmid_ds ds = stat_of(id);
	CHECK("IPC_STAT: size 10000", ds.shm_segsz == 10000);
	CHECK("IPC_STAT: mode 0600, key 0", (ds.shm_perm.mode & 0777) == 0600 &&
	      ds.shm_perm.__key == 0);
	CHECK("IPC_STAT: owner and creator are us", ds.shm_perm.uid == geteuid() &&
	      ds.shm_perm.cuid == geteuid() && ds.shm_perm.gid == getegid() &&
	      ds.shm_perm.cgid == getegid());
	CHECK("IPC_STAT: nattch 0, cpid us, lpid 0", ds.shm_nattch == 0 &&
	      ds.shm_cpid == getpid() && ds.shm_lpid == 0);
	CHECK("IPC_STAT: atime and dtime 0, ctime set", ds.shm_atime == 0 && ds.shm_dtime == 0 &&
	      ds.shm_ctime > 0);

	char *a = shmat(id, NULL, 0), *b = shmat(id, NULL, 0);
	CHECK("two attaches at two addresses", a != (void *)-1 && b != (void *)-1 && a != b);
	ds = stat_of(id);
	CHECK("nattch 2, lpid us, atime set", ds.shm_nattch == 2 && ds.shm_lpid == getpid() &&
	      ds.shm_atime > 0);
	CHECK("a new segment reads as zeros", a[0] == 0 && a[9999] == 0 && b[5000] == 0);
	strcpy(a, "written through a");
	a[9999] = 'z';
	CHECK("a write through one attach shows through the other",
	      strcmp(b, "written through a") == 0 && b[9999] == 'z');
	CHECK("maps: rw-s, offset 0, inode = id, /SYSV00000000 (deleted)",
	      maps_shows(a, id, 0, "rw-s"));
	struct sysvipc_line l;
	ds = stat_of(id);
	CHECK("/proc/sysvipc/shm has its line", sysvipc_shm(id, &l) == 0);
	CHECK("  key 0, perms 600, size 10000, nattch 2", l.key == 0 && l.perms == 0600 &&
	      l.size == 10000 && l.nattch == 2);
	CHECK("  cpid, lpid, owner and creator", l.cpid == getpid() && l.lpid == getpid() &&
	      l.uid == (long)geteuid() && l.gid == (long)getegid() &&
	      l.cuid == (long)geteuid() && l.cgid == (long)getegid());
	CHECK("  times as IPC_STAT's", l.atime == ds.shm_atime && l.dtime == 0 &&
	      l.ctime == ds.shm_ctime);
	printf("  rss and swap after touching 3 pages: %ld %ld\n", l.rss, l.swap);

	pid_t pid = fork();
	if (pid == 0) {
		int ok = nattch(id) == 4 && strcmp(a, "written through a") == 0;
		strcpy(b, "child");
		_exit(ok ? 0 : 1);
	}
	int st = child_status(pid);
	CHECK("a forked child has both attaches too (nattch 4 there)", WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	CHECK("its exit drops them (nattch 2)", nattch(id) == 2);
	CHECK("the child's write is seen", strcmp(a, "child") == 0);

	CHECK("mprotect splitting an attach in three: nattch 4",
	      mprotect(a + P, P, PROT_READ) == 0 && nattch(id) == 4);
	CHECK("mprotect back: the areas stay apart (nattch 4)",
	      mprotect(a + P, P, PROT_READ | PROT_WRITE) == 0 && nattch(id) == 4);
	ds = stat_of(id);
	CHECK("shmdt(a) detaches all its parts (nattch 1), sets dtime",
	      shmdt(a) == 0 && nattch(id) == 1 && stat_of(id).shm_dtime > 0);
	CHECK("shmdt(a) again: EINVAL", shmdt(a) == -1 && errno == EINVAL);
	CHECK("shmdt(b + 1): EINVAL", shmdt(b + 1) == -1 && errno == EINVAL);
	CHECK("b still reads the data", strcmp(b, "child") == 0);
	CHECK("munmap of an attach detaches it (nattch 0)", munmap(b, 3 * P) == 0 &&
	      nattch(id) == 0);
	CHECK("IPC_RMID with no attach: gone at once", shmctl(id, IPC_RMID, NULL) == 0);
	printf("IPC_STAT after it:                   %s\n", err_of(shmctl(id, IPC_STAT, &ds)));
}

static void keys(void)
{
	printf("-- a segment by key, IPC_RMID while attached\n");
	int key = 0x6d6d0000 | (getpid() & 0xffff);
	printf("shmget(key, 4096, 0600), no segment: %s\n", err_of(shmget(key, 4096, 0600)));
	int id = shmget(key, 4096, IPC_CREAT | 0600);
	CHECK("IPC_CREAT makes it", id >= 0);
	CHECK("shmget(key, 0, 0) finds it", shmget(key, 0, 0) == id);
	CHECK("shmget(key, 4096, IPC_CREAT) finds it", shmget(key, 4096, IPC_CREAT | 0600) == id);
	printf("IPC_CREAT|IPC_EXCL:                  %s\n",
	       err_of(shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600)));
	printf("a larger size than it has:           %s\n", err_of(shmget(key, 4097, 0)));
	CHECK("IPC_STAT: the key", stat_of(id).shm_perm.__key == key);

	int *m = shmat(id, NULL, 0);
	CHECK("attached", m != (void *)-1);
	*m = 42;
	CHECK("maps names it /SYSVkey (deleted)", maps_shows(m, id, key, "rw-s"));
	CHECK("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL) == 0);
	printf("the key after IPC_RMID:              %s\n", err_of(shmget(key, 0, 0)));
	struct shmid_ds ds = stat_of(id);
	CHECK("IPC_STAT still works: nattch 1, SHM_DEST, key 0", ds.shm_nattch == 1 &&
	      (ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == 0);
	CHECK("maps still names it by its old key", maps_shows(m, id, key, "rw-s"));
	int *again = shmat(id, NULL, SHM_RDONLY);
	CHECK("attaching it again by id still works", again != (void *)-1 && *again == 42 &&
	      nattch(id) == 2);
	CHECK("read-only attach: maps r--s", maps_shows(again, id, key, "r--s"));
	CHECK("shmdt of both", shmdt(m) == 0 && shmdt(again) == 0);
	printf("IPC_STAT after the last detach:      %s\n", err_of(shmctl(id, IPC_STAT, &ds)));
	int id2 = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	CHECK("the key makes a new segment", id2 >= 0 && id2 != id);
	shmctl(id2, IPC_RMID, NULL);
}

static void addresses(void)
{
	printf("-- where it goes\n");
	int id = shmget(IPC_PRIVATE, 2 * P, 0600);
	char *free_range = mmap(NULL, 8 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(free_range, 8 * P);
	CHECK("at a given address", shmat(id, free_range, 0) == free_range);
	printf("there again, overlapping:            %s\n",
	       err_of((long)shmat(id, free_range + P, 0)));
	CHECK("there again with SHM_REMAP replaces it",
	      shmat(id, free_range + P, SHM_REMAP) == free_range + P && nattch(id) == 2);
	printf("an unaligned address:                %s\n",
	       err_of((long)shmat(id, free_range + 4 * P + 5, 0)));
	CHECK("with SHM_RND: rounded down", shmat(id, free_range + 4 * P + 5, SHM_RND) ==
	      free_range + 4 * P);
	printf("SHM_REMAP without an address:        %s\n", err_of((long)shmat(id, NULL, SHM_REMAP)));
	CHECK("nattch 3", nattch(id) == 3);
	shmdt(free_range);
	shmdt(free_range + P);
	shmdt(free_range + 4 * P);
	CHECK("nattch 0", nattch(id) == 0);

	char *r = shmat(id, NULL, SHM_RDONLY);
	printf("mprotect(PROT_WRITE) of a SHM_RDONLY attach: %s\n",
	       err_of(mprotect(r, P, PROT_READ | PROT_WRITE)));
	pid_t pid = fork();
	if (pid == 0) {
		r[0] = 1;
		_exit(0);
	}
	int st = child_status(pid);
	CHECK("a write to it: SIGSEGV", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	shmdt(r);
	shmctl(id, IPC_RMID, NULL);
}

static void exec_drops(const char *self)
{
	printf("-- exec drops attaches\n");
	int id = shmget(IPC_PRIVATE, P, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		if (shmat(id, NULL, 0) == (void *)-1 || nattch(id) != 1)
			_exit(2);
		char arg[16];
		snprintf(arg, sizeof(arg), "%d", id);
		execl(self, self, "--nattch", arg, NULL);
		_exit(3);
	}
	int st = child_status(pid);
	CHECK("after exec the new program sees nattch 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK("and so does the parent", nattch(id) == 0);
	shmctl(id, IPC_RMID, NULL);
}

/* What another user may do: the mode's bits for others, the owner's once IPC_SET makes it
 * the owner; IPC_RMID and SHM_LOCK only for the owner (or root). Run as root. */
static void permissions(void)
{
	printf("-- permissions (a child as user 65534)\n");
	int key = 0x6d6e0000 | (getpid() & 0xffff);
	int id = shmget(key, P, IPC_CREAT | 0640), ro = shmget(IPC_PRIVATE, P, 0604);
	pid_t pid = fork();
	if (pid == 0) {
		struct shmid_ds ds;
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);
		printf("shmget of a 0640 key for 0600:       %s\n", err_of(shmget(key, 0, 0600)));
		printf("shmget of it asking for nothing:     %s\n",
		       err_of(shmget(key, 0, 0) < 0 ? -1 : 0));
		printf("shmat of a 0640 segment:             %s\n", err_of((long)shmat(id, NULL, 0)));
		printf("IPC_STAT of it:                      %s\n", err_of(shmctl(id, IPC_STAT, &ds)));
		printf("IPC_RMID of it:                      %s\n", err_of(shmctl(id, IPC_RMID, NULL)));
		printf("SHM_LOCK of it:                      %s\n", err_of(shmctl(id, SHM_LOCK, NULL)));
		void *r = shmat(ro, NULL, SHM_RDONLY);
		printf("shmat SHM_RDONLY of a 0604 segment:  %s\n", err_of(r == (void *)-1 ? -1 : 0));
		printf("shmat of it to write:                %s\n", err_of((long)shmat(ro, NULL, 0)));
		_exit(0);
	}
	child_status(pid);
	struct shmid_ds ds = stat_of(id);
	ds.shm_perm.uid = 65534;
	CHECK("IPC_SET gives it to user 65534", shmctl(id, IPC_SET, &ds) == 0 &&
	      stat_of(id).shm_perm.uid == 65534 && stat_of(id).shm_perm.cuid == geteuid());
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(2);
		void *a = shmat(id, NULL, 0);
		printf("now the owner: shmat to write:       %s\n", err_of(a == (void *)-1 ? -1 : 0));
		struct rlimit none = { 0, 0 }, page = { P, P };
		setrlimit(RLIMIT_MEMLOCK, &page);
		printf("SHM_LOCK within RLIMIT_MEMLOCK:      %s\n", err_of(shmctl(id, SHM_LOCK, NULL)));
		printf("SHM_UNLOCK:                          %s\n", err_of(shmctl(id, SHM_UNLOCK, NULL)));
		setrlimit(RLIMIT_MEMLOCK, &none);
		printf("SHM_LOCK with RLIMIT_MEMLOCK 0:      %s\n", err_of(shmctl(id, SHM_LOCK, NULL)));
		printf("raising the hard limit again:        %s\n",
		       err_of(setrlimit(RLIMIT_MEMLOCK, &page)));
		printf("IPC_RMID:                            %s\n", err_of(shmctl(id, IPC_RMID, NULL)));
		_exit(0);
	}
	child_status(pid);
	struct shmid_ds gone;
	printf("IPC_STAT after its exit:             %s\n", err_of(shmctl(id, IPC_STAT, &gone)));
	CHECK("SHM_LOCK (root)", shmctl(ro, SHM_LOCK, NULL) == 0 &&
	      (stat_of(ro).shm_perm.mode & 07777) == (SHM_LOCKED | 0604));
	CHECK("SHM_UNLOCK", shmctl(ro, SHM_UNLOCK, NULL) == 0 &&
	      (stat_of(ro).shm_perm.mode & 07777) == 0604);
	printf("SHM_LOCK of an id never given:       %s\n",
	       err_of(shmctl(0x7ffe7ffe, SHM_LOCK, NULL)));
	shmctl(ro, IPC_RMID, NULL);
}

static void errors(void)
{
	printf("-- errors\n");
	struct shmid_ds ds;
	printf("shmget size 0:                       %s\n", err_of(shmget(IPC_PRIVATE, 0, 0600)));
	printf("shmget size above SHMMAX:            %s\n",
	       err_of(shmget(IPC_PRIVATE, (size_t)-1, 0600)));
	printf("shmget of 16 TiB:                    %s\n",
	       err_of(shmget(IPC_PRIVATE, 1ULL << 44, 0600)));
	CHECK("shmget SHM_HUGETLB: EINVAL, no huge pages (mmk)",
	      !on_mmk() || (shmget(IPC_PRIVATE, P, SHM_HUGETLB | 0600) == -1 && errno == EINVAL));
	printf("shmat(-1):                           %s\n", err_of((long)shmat(-1, NULL, 0)));
	printf("shmat of an id never given:          %s\n",
	       err_of((long)shmat(0x7ffe7ffe, NULL, 0)));
	printf("shmctl(-1, IPC_STAT):                %s\n", err_of(shmctl(-1, IPC_STAT, &ds)));
	printf("shmdt(NULL):                         %s\n", err_of(shmdt(NULL)));
	int id = shmget(IPC_PRIVATE, P, 0644);
	printf("shmctl with an unknown command:      %s\n", err_of(shmctl(id, 99, &ds)));
	printf("IPC_STAT to a bad buffer:            %s\n",
	       err_of(shmctl(id, IPC_STAT, (struct shmid_ds *)8)));
	printf("IPC_SET from a bad buffer:           %s\n",
	       err_of(shmctl(id, IPC_SET, (struct shmid_ds *)8)));
	CHECK("SHM_STAT by the id (its low bits are the index)",
	      shmctl(id, SHM_STAT, &ds) == id);
	ds = stat_of(id);
	ds.shm_perm.mode = 0400 | 01000;
	CHECK("IPC_SET sets the permission bits only", shmctl(id, IPC_SET, &ds) == 0 &&
	      (stat_of(id).shm_perm.mode & 07777) == 0400);
	ds.shm_perm.uid = (uid_t)-1;
	printf("IPC_SET to uid -1:                   %s\n", err_of(shmctl(id, IPC_SET, &ds)));
	struct shminfo info;
	CHECK("IPC_INFO: SHMMIN 1", shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0 &&
	      info.shmmin == 1);
	shmctl(id, IPC_RMID, NULL);
}

/* A /proc/sys/kernel setting, or -1 (as unsigned long). */
static unsigned long read_limit(const char *name)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	FILE *f = fopen(path, "r");
	unsigned long v = (unsigned long)-1;
	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = (unsigned long)-1;
		fclose(f);
	}
	return v;
}

/* Sets a /proc/sys/kernel setting; whether the write took. */
static int write_limit(const char *name, unsigned long v)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	FILE *f = fopen(path, "w");
	if (!f)
		return 0;
	int ok = fprintf(f, "%lu\n", v) > 0;
	return fclose(f) == 0 && ok;
}

/* Lowered shmmax, shmall and shmmni hold shmget back with Linux's errors (EINVAL, ENOSPC,
 * ENOSPC), and restored they do not; run in mmk only, as root. */
static int limits_enforced(void)
{
	unsigned long max = read_limit("shmmax"), all = read_limit("shmall");
	unsigned long mni = read_limit("shmmni");
	int ok = write_limit("shmmax", 2 * P);
	ok = ok && shmget(IPC_PRIVATE, 2 * P + 1, 0600) == -1 && errno == EINVAL;
	long fits = shmget(IPC_PRIVATE, 2 * P, 0600);
	ok = ok && fits >= 0 && write_limit("shmmax", max);
	ok = ok && write_limit("shmall", 3);    /* pages: fits holds 2 */
	ok = ok && shmget(IPC_PRIVATE, 2 * P, 0600) == -1 && errno == ENOSPC;
	long one = shmget(IPC_PRIVATE, P, 0600);
	ok = ok && one >= 0 && write_limit("shmall", all);
	struct shm_info used;
	ok = ok && shmctl(0, SHM_INFO, (struct shmid_ds *)&used) >= 0;
	ok = ok && write_limit("shmmni", (unsigned long)used.used_ids);  /* no more */
	ok = ok && shmget(IPC_PRIVATE, P, 0600) == -1 && errno == ENOSPC;
	ok = ok && write_limit("shmmni", mni);
	long again = shmget(IPC_PRIVATE, P, 0600);
	ok = ok && again >= 0 && !write_limit("shmmni", 32769);   /* above IPCMNI */
	long made[] = { fits, one, again };
	for (int i = 0; i < 3; i++)
		if (made[i] >= 0)
			shmctl((int)made[i], IPC_RMID, NULL);
	return ok && read_limit("shmmax") == max && read_limit("shmall") == all &&
	       read_limit("shmmni") == mni;
}

/* The kernel.shm* sysctls: IPC_INFO reports them; mmk's shmget enforces them. */
static void limits(void)
{
	printf("-- limits\n");
	struct shminfo info;
	int got = shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0;
	CHECK("/proc/sys/kernel/shmmax is IPC_INFO's shmmax",
	      got && info.shmmax == read_limit("shmmax"));
	CHECK("/proc/sys/kernel/shmall is IPC_INFO's shmall",
	      got && info.shmall == read_limit("shmall"));
	CHECK("/proc/sys/kernel/shmmni is IPC_INFO's shmmni and shmseg",
	      got && info.shmmni == read_limit("shmmni") && info.shmseg == info.shmmni);
	CHECK("shmget honours lowered shmmax, shmall, shmmni (mmk)",
	      !on_mmk() || geteuid() != 0 || limits_enforced());
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--nattch") == 0)
		return nattch(atoi(argv[2])) == 0 ? 0 : 1;     /* exec_drops' new program */
	setvbuf(stdout, NULL, _IONBF, 0);
	basics();
	keys();
	addresses();
	exec_drops(argv[0]);
	if (geteuid() == 0)
		permissions();
	errors();
	limits();
	CHECK_DONE();
}
