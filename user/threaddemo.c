/*
 * threaddemo: threads, one address space and several stacks (CS:APP 12.3, and 9.8's areas).
 * Usage: threaddemo [-p] [THREADS]
 *
 * The main thread starts THREADS threads (default 3) with pthread_create, which is clone
 * with CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD...: each thread is a
 * new kernel task that shares its creator's address space and is one more member of its
 * process (kernel/proc/thread.c). Each thread notes its ids and the addresses of a global
 * variable and of one of its locals, adds to a global counter under a mutex, and waits.
 * Then, step by step, the main thread shows:
 *   1. one process id (getpid, the thread group's) and a thread id each (gettid);
 *   2. one address space: the global is at the same address in every thread, and the
 *      counter holds every thread's additions;
 *   3. several stacks: each thread's local is at a different address, in a different
 *      area of /proc/self/maps (the main thread's in [stack], the others' in anonymous
 *      areas pthread_create mapped);
 *   4. the kernel's view: /proc/PID/status's Tgid, Pid and Threads lines, /proc/PID/task;
 *   5. after pthread_join (a futex wait the kernel ends when a thread exits): one thread.
 * With -p it waits for Enter between steps; without, it runs straight through.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16
#define ROUNDS 1000

/* What one thread saw, noted by itself, printed by the main thread. */
struct seen {
	pid_t pid, tid;
	const void *global;     /* &counter, as this thread sees it */
	const void *local;      /* a local variable of this thread: on its stack */
};

static long counter;            /* shared: one copy, in the program's data */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t noted, may_exit;
static struct seen seen[MAX_THREADS + 1];       /* [0] is the main thread */
static int pause_between;

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Waits for Enter if asked to (-p). */
static void step_done(void)
{
	if (!pause_between)
		return;
	printf("   (press Enter)");
	fflush(stdout);
	for (int c = getchar(); c != '\n' && c != EOF; c = getchar())
		;
}

/* Notes what thread i sees: its ids, the global's address and a local's. */
static void note(int i, const void *local)
{
	seen[i] = (struct seen){ getpid(), gettid_(), &counter, local };
}

/* A thread: notes, adds ROUNDS to the counter under the mutex, then stays alive until the
 * main thread has looked at it from outside. */
static void *thread_main(void *arg)
{
	int i = (int)(intptr_t)arg;
	int local = i;
	note(i, &local);
	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_barrier_wait(&noted);
	pthread_barrier_wait(&may_exit);
	return NULL;
}

/* "main thread:" or "thread I:", the label of thread i's lines. */
static const char *who(int i)
{
	static char buf[32];
	if (i == 0)
		snprintf(buf, sizeof(buf), "main thread:");
	else
		snprintf(buf, sizeof(buf), "thread %d:", i);
	return buf;
}

/* Step 1: one pid, a tid each. */
static void show_ids(int n)
{
	printf("1. Each thread has its own thread id (gettid); all have one process id (getpid).\n");
	int same_pid = 1, distinct = 1;
	for (int i = 0; i <= n; i++) {
		printf("   %-13s pid %d, tid %d%s\n", who(i), seen[i].pid, seen[i].tid,
		       i == 0 ? " (the leader: its tid is the pid)" : "");
		same_pid &= seen[i].pid == seen[0].pid;
		for (int j = 0; j < i; j++)
			distinct &= seen[i].tid != seen[j].tid;
	}
	printf("   pid: %s in all %d threads; tid: %s in each\n", same_pid ? "the same" : "DIFFERENT",
	       n + 1, distinct ? "different" : "NOT different");
	step_done();
}

/* Step 2: one copy of the global, every addition in it. */
static void show_global(int n)
{
	printf("2. One address space: a global variable is at one address for every thread.\n");
	int same = 1;
	for (int i = 0; i <= n; i++)
		same &= seen[i].global == seen[0].global;
	printf("   &counter: %s address in all %d threads (%p)\n",
	       same ? "the same" : "NOT the same", n + 1, seen[0].global);
	pthread_mutex_lock(&lock);
	long total = counter;
	pthread_mutex_unlock(&lock);
	printf("   %d thread%s added %d each to counter under a mutex: counter = %ld (%s)\n",
	       n, n == 1 ? "" : "s", ROUNDS, total, total == (long)n * ROUNDS ? "every addition is there" :
	       "additions LOST");
	step_done();
}

/* An area of /proc/self/maps: its range, permissions and name (empty: anonymous). */
struct area {
	unsigned long start, end;
	char perms[8], name[256];
};

/* The area holding addr, in *a; false if none does. */
static int area_of(const void *addr, struct area *a)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	uintptr_t at = (uintptr_t)addr;
	while (f && !found && fgets(line, sizeof(line), f)) {
		int name_at = 0;
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &a->start, &a->end, a->perms,
			   &name_at) < 3 || at < a->start || at >= a->end)
			continue;
		found = 1;
		snprintf(a->name, sizeof(a->name), "%s", name_at ? line + name_at : "");
		a->name[strcspn(a->name, "\n")] = '\0';
	}
	if (f)
		fclose(f);
	return found;
}

/* Step 3: a stack each, in an area each; a thread's with a guard area below it. */
static void show_stacks(int n)
{
	printf("3. Several stacks: each thread's local variables are on its own stack.\n");
	unsigned long start[MAX_THREADS + 1];
	int distinct = 1, areas = 1;
	for (int i = 0; i <= n; i++) {
		struct area a, below;
		if (!area_of(seen[i].local, &a)) {
			printf("   %-13s local at %p, in NO area of /proc/self/maps\n", who(i),
			       seen[i].local);
			areas = 0;
			continue;
		}
		start[i] = a.start;
		printf("   %-13s local at %p, in %lx-%lx %s %s (%lu KiB)", who(i), seen[i].local,
		       a.start, a.end, a.perms, a.name[0] ? a.name : "anonymous",
		       (a.end - a.start) / 1024);
		if (area_of((const char *)a.start - 1, &below) && below.end == a.start)
			printf(", above a %s guard of %lu KiB", below.perms,
			       (below.end - below.start) / 1024);
		printf("\n");
		for (int j = 0; j < i; j++) {
			distinct &= seen[i].local != seen[j].local;
			areas &= start[i] != start[j];
		}
	}
	printf("   the locals: %s addresses; the stacks: %s\n",
	       distinct ? "different" : "NOT different",
	       areas ? "a different area each" : "NOT an area each");
	step_done();
}

/* The line of FILE that starts with KEY, or a note that there is none. */
static void print_line(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, strlen(key)) == 0) {
			printf("   %s", line);
			fclose(f);
			return;
		}
	if (f)
		fclose(f);
	printf("   (no %s line in %s)\n", key, path);
}

static int by_number(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The thread ids in /proc/PID/task, in numeric order, in tids (at most max); how many. */
static int task_ids(pid_t pid, int *tids, int max)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	DIR *d = opendir(path);
	int count = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && count < max)
		if (e->d_name[0] != '.')
			tids[count++] = atoi(e->d_name);
	if (d)
		closedir(d);
	qsort(tids, (size_t)count, sizeof(tids[0]), by_number);
	return count;
}

/* Prints the entries of /proc/PID/task. */
static void show_tasks(pid_t pid)
{
	int tids[64];
	int count = task_ids(pid, tids, 64);
	printf("   ls /proc/%d/task:", pid);
	for (int i = 0; i < count; i++)
		printf(" %d", tids[i]);
	printf("   (%d %s)\n", count, count == 1 ? "entry" : "entries");
}

/* /proc/PID/status's Threads: count. */
static int threads_now(pid_t pid)
{
	char path[64], line[256];
	int n = -1;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "Threads: %d", &n);
	if (f)
		fclose(f);
	return n;
}

/* Step 4: what /proc shows of the process and of one thread. */
static void show_proc(int n)
{
	pid_t pid = seen[0].pid;
	char path[64];
	printf("4. The kernel's view: one process (thread group) with %d threads.\n", n + 1);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	printf("   %s:\n", path);
	print_line(path, "Tgid:");
	print_line(path, "Pid:");
	print_line(path, "Threads:");
	show_tasks(pid);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, seen[n].tid);
	printf("   %s (thread %d's own):\n", path, n);
	print_line(path, "Tgid:");
	print_line(path, "Pid:");
	step_done();
}

/* Is the calling thread the only one left, in Threads: and in /proc/PID/task? */
static int alone(pid_t pid)
{
	int tids[64];
	return threads_now(pid) == 1 && task_ids(pid, tids, 64) == 1;
}

/* Step 5: join them all, then wait (5 s at most) until the last of them has left the
 * group and /proc: join returns when the kernel clears the thread's word, a moment before
 * the thread is gone (as on Linux). */
static void join_all(pthread_t *t, int n)
{
	printf("5. pthread_join each thread: it sleeps on a futex that the kernel wakes when the\n"
	       "   thread exits (CLONE_CHILD_CLEARTID).\n");
	pthread_barrier_wait(&may_exit);
	int joined = 0;
	for (int i = 1; i <= n; i++)
		joined += pthread_join(t[i], NULL) == 0;
	pid_t pid = getpid();
	for (int tries = 0; tries < 5000 && !alone(pid); tries++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	printf("   joined %d of %d threads; now the process has:\n", joined, n);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	print_line(path, "Threads:");
	show_tasks(pid);
}

int main(int argc, char **argv)
{
	int arg = 1;
	if (arg < argc && strcmp(argv[arg], "-p") == 0) {
		pause_between = 1;
		arg++;
	}
	int n = arg < argc ? atoi(argv[arg]) : 3;
	if (n < 1 || n > MAX_THREADS) {
		fprintf(stderr, "usage: threaddemo [-p] [THREADS]   (THREADS from 1 to %d)\n",
			MAX_THREADS);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("threaddemo: the main thread starts %d thread%s with pthread_create\n", n,
	       n == 1 ? "" : "s");
	pthread_barrier_init(&noted, NULL, (unsigned)n + 1);
	pthread_barrier_init(&may_exit, NULL, (unsigned)n + 1);
	int local = 0;
	note(0, &local);
	pthread_t t[MAX_THREADS + 1];
	for (int i = 1; i <= n; i++) {
		int err = pthread_create(&t[i], NULL, thread_main, (void *)(intptr_t)i);
		if (err) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			return 1;
		}
	}
	pthread_barrier_wait(&noted);           /* every thread has noted and counted */
	show_ids(n);
	show_global(n);
	show_stacks(n);
	show_proc(n);
	join_all(t, n);
	return 0;
}
