/* Threads as pthread_create makes them (clone with CLONE_VM, FS, FILES, SIGHAND, THREAD,
 * SETTLS, PARENT_SETTID, CHILD_CLEARTID): one address space, descriptor table, working
 * directory and set of signal actions; one process id and a thread id each; pthread_join
 * through the futex the kernel wakes at a thread's exit; exit ending one thread and
 * exit_group all; signals sent to the process taken by a thread that does not block them,
 * tgkill to one thread; a fatal signal, a stop and execve acting on the whole process. The
 * same source is built with glibc too (tests/glibc/threads.c). */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* --- many threads, one memory: a counter under a mutex ----------------------------- */
#define NTHREADS 8
#define ROUNDS 2000
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static pid_t seen_pid[NTHREADS], seen_tid[NTHREADS];

static void *count(void *arg)
{
	long i = (long)arg;
	seen_pid[i] = getpid();
	seen_tid[i] = gettid_();
	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (r % 500 == 0)
			sched_yield();
	}
	return (void *)(i * 10);
}

static void many_threads(void)
{
	pthread_t t[NTHREADS];
	int created = 0;
	for (long i = 0; i < NTHREADS; i++)
		created += pthread_create(&t[i], NULL, count, (void *)i) == 0;
	CHECK("pthread_create makes 8 threads", created == NTHREADS);
	long sum = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;
		if (pthread_join(t[i], &ret) == 0)
			sum += (long)ret;
	}
	CHECK("pthread_join returns each thread's value", sum == 10 * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7));
	CHECK("the counter saw every increment (one memory, one mutex)",
	      counter == (long)NTHREADS * ROUNDS);
	int same_pid = 1, distinct = 1;
	for (int i = 0; i < NTHREADS; i++) {
		same_pid &= seen_pid[i] == getpid();
		distinct &= seen_tid[i] != getpid() && seen_tid[i] > 0;
		for (int j = 0; j < i; j++)
			distinct &= seen_tid[i] != seen_tid[j];
	}
	CHECK("getpid is the same in every thread", same_pid);
	CHECK("gettid differs in every thread, and from the pid", distinct);
	CHECK("gettid is the pid in the first thread", gettid_() == getpid());
}

/* --- a condition variable under contention: producers and consumers ----------------- */
#define ITEMS 3000
#define SLOTS 4
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static int queue[SLOTS], qhead, qlen, produced, consumed;
static long consumed_sum;

static void *producer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&qlock);
		while (qlen == SLOTS && produced < ITEMS)
			pthread_cond_wait(&not_full, &qlock);
		if (produced == ITEMS) {
			pthread_mutex_unlock(&qlock);
			return NULL;
		}
		queue[(qhead + qlen++) % SLOTS] = ++produced;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&qlock);
	}
}

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&qlock);
		while (qlen == 0 && consumed < ITEMS)
			pthread_cond_wait(&not_empty, &qlock);
		if (consumed == ITEMS) {
			pthread_cond_broadcast(&not_empty);     /* the others see the end too */
			pthread_mutex_unlock(&qlock);
			return NULL;
		}
		consumed_sum += queue[qhead];
		qhead = (qhead + 1) % SLOTS;
		qlen--;
		consumed++;
		if (consumed == ITEMS)
			pthread_cond_broadcast(&not_empty);
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&qlock);
	}
}

static void condition_variables(void)
{
	pthread_t p[2], c[4];
	for (int i = 0; i < 2; i++)
		pthread_create(&p[i], NULL, producer, NULL);
	for (int i = 0; i < 4; i++)
		pthread_create(&c[i], NULL, consumer, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(c[i], NULL);
	CHECK("2 producers, 4 consumers, a 4-slot queue: every item once",
	      consumed == ITEMS && consumed_sum == (long)ITEMS * (ITEMS + 1) / 2);
}

/* --- each thread its own alternate signal stack -------------------------------------- */
static char altstack[2][16384], main_altstack[16384];
static volatile int on_alt[2], inherited[2];

static void on_usr1_alt(int sig)
{
	(void)sig;
	char here;
	for (int i = 0; i < 2; i++)
		if (&here >= altstack[i] && &here < altstack[i] + sizeof(altstack[i]))
			on_alt[i] = 1;
}

static void *with_altstack(void *arg)
{
	long i = (long)arg;
	stack_t old, ss = { .ss_sp = altstack[i], .ss_size = sizeof(altstack[i]) };
	sigaltstack(&ss, &old);
	inherited[i] = !(old.ss_flags & SS_DISABLE);
	raise(SIGUSR1);                 /* tgkill to itself: the handler runs on its stack */
	return NULL;
}

static void alternate_stacks(void)
{
	struct sigaction sa = { .sa_handler = on_usr1_alt, .sa_flags = SA_ONSTACK };
	sigaction(SIGUSR1, &sa, NULL);
	stack_t ss = { .ss_sp = main_altstack, .ss_size = sizeof(main_altstack) };
	sigaltstack(&ss, NULL);
	for (long i = 0; i < 2; i++) {
		pthread_t t;
		pthread_create(&t, NULL, with_altstack, (void *)i);
		pthread_join(t, NULL);
	}
	stack_t mine;
	sigaltstack(NULL, &mine);
	CHECK("a new thread starts without its creator's sigaltstack", !inherited[0] && !inherited[1]);
	CHECK("each thread's handler runs on that thread's sigaltstack", on_alt[0] && on_alt[1]);
	CHECK("the first thread keeps its own", mine.ss_sp == main_altstack);
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	signal(SIGUSR1, SIG_DFL);
}

/* --- /proc/self/status counts the threads ------------------------------------------- */
static pthread_barrier_t barrier;

static int self_pid_in_thread;

/* /proc/self/status's Pid:, read by this thread. */
static int self_status_pid(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int pid = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Pid: %d", &pid) == 1)
			break;
	if (f)
		fclose(f);
	return pid;
}

static pid_t barrier_tid[3];

/* Whether /proc/PID/task/TID/stat opens, looked up by name (before any listing of
 * task/), and says TID. */
static int task_stat_says(pid_t tid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)getpid(), (int)tid);
	FILE *f = fopen(path, "r");
	int said = -1;
	if (f && fscanf(f, "%d", &said) != 1)
		said = -1;
	if (f)
		fclose(f);
	return said == tid;
}

static void *wait_at_barrier(void *arg)
{
	barrier_tid[(long)arg] = gettid_();
	if (arg)
		self_pid_in_thread = self_status_pid();
	pthread_barrier_wait(&barrier);         /* all are alive */
	pthread_barrier_wait(&barrier);         /* main has looked */
	return NULL;
}

static int status_threads(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int n = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

/* The entries of /proc/PID/task: how many, and whether one is each thread's own, with its
 * Pid: line. */
static int task_entries(int *all_match)
{
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d/task", (int)getpid());
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	*all_match = 1;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		char path[400], line[128];
		snprintf(path, sizeof(path), "%s/%s/status", dir, e->d_name);
		FILE *f = fopen(path, "r");
		int pid = -1, tgid = -1;
		while (f && fgets(line, sizeof(line), f)) {
			sscanf(line, "Pid: %d", &pid);
			sscanf(line, "Tgid: %d", &tgid);
		}
		if (f)
			fclose(f);
		*all_match &= pid == atoi(e->d_name) && tgid == getpid();
	}
	if (d)
		closedir(d);
	return n;
}

static void proc_status(void)
{
	pthread_t t[3];
	pthread_barrier_init(&barrier, NULL, 4);
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, wait_at_barrier, (void *)i);
	pthread_barrier_wait(&barrier);
	CHECK("/proc/self/status: Threads: 4 while 3 more run", status_threads() == 4);
	CHECK("/proc/self read by a thread is the process (Pid: the pid)",
	      self_pid_in_thread == getpid());
	CHECK("/proc/PID/task/TID of a thread, looked up by name", task_stat_says(barrier_tid[2]));
	int match;
	CHECK("/proc/PID/task has 4 entries", task_entries(&match) == 4);
	CHECK("each /proc/PID/task/TID/status says Pid: TID, Tgid: PID", match);
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK("/proc/self/status: Threads: 1 once they are joined", status_threads() == 1);
	CHECK("/proc/PID/task has 1 entry then", task_entries(&match) == 1 && match);
	CHECK("and a joined thread's TID is not found there", !task_stat_says(barrier_tid[1]));
	pthread_barrier_destroy(&barrier);
}

/* --- shared descriptors and working directory --------------------------------------- */
static int opened_fd = -1;

static void *open_and_chdir(void *arg)
{
	(void)arg;
	opened_fd = open("threads.tmp", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(opened_fd, "shared", 6);
	chdir("/");
	return NULL;
}

static void shared_files(void)
{
	char here[512];
	getcwd(here, sizeof(here));
	pthread_t t;
	pthread_create(&t, NULL, open_and_chdir, NULL);
	pthread_join(t, NULL);
	char buf[8] = { 0 };
	CHECK("a descriptor a thread opened is open in main (CLONE_FILES)",
	      pread(opened_fd, buf, 6, 0) == 6 && strcmp(buf, "shared") == 0);
	char now[512];
	CHECK("a thread's chdir moves main too (CLONE_FS)",
	      getcwd(now, sizeof(now)) && strcmp(now, "/") == 0);
	chdir(here);
	close(opened_fd);
	unlink("threads.tmp");
}

/* --- signals: to the process, to one thread ------------------------------------------ */
static volatile pid_t handler_tid;

static void on_usr2(int sig)
{
	(void)sig;
	handler_tid = gettid_();
}

static pid_t target_tid;
static volatile int stop_spinning;

static void *sigwaiter(void *arg)
{
	(void)arg;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	int sig = 0;
	sigwait(&set, &sig);
	return (void *)(long)sig;
}

static void *spin_until_told(void *arg)
{
	(void)arg;
	target_tid = gettid_();
	while (!stop_spinning)
		sched_yield();
	return NULL;
}

static void signals(void)
{
	/* Every thread blocks SIGUSR1 (the mask is inherited); one waits for it. */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	pthread_t t;
	pthread_create(&t, NULL, sigwaiter, NULL);
	kill(getpid(), SIGUSR1);
	void *got;
	pthread_join(t, &got);
	CHECK("kill(getpid()): a thread's sigwait takes the process's signal", (long)got == SIGUSR1);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	/* tgkill: the handler runs in the very thread named. */
	signal(SIGUSR2, on_usr2);
	pthread_create(&t, NULL, spin_until_told, NULL);
	while (!__atomic_load_n(&target_tid, __ATOMIC_SEQ_CST))
		sched_yield();
	pthread_kill(t, SIGUSR2);
	while (!handler_tid)
		sched_yield();
	stop_spinning = 1;
	pthread_join(t, NULL);
	CHECK("pthread_kill: the handler runs in that thread", handler_tid == target_tid);
	CHECK("tgkill with a thread of another process: ESRCH",
	      syscall(SYS_tgkill, getppid(), target_tid, 0) == -1 && errno == ESRCH);
}

/* --- the ends of threads and processes (each in a child process) --------------------- */
static void *exit_process(void *arg)
{
	(void)arg;
	exit(7);                        /* exit_group: main, blocked in pause, goes too */
}

static void *segfault(void *arg)
{
	(void)arg;
	raise(SIGSEGV);                 /* to this thread: its default action kills all */
	return NULL;
}

static void *thread_exits_alone(void *arg)
{
	(void)arg;
	pthread_exit((void *)5);
}

static char **saved_argv;

static void *exec_from_thread(void *arg)
{
	(void)arg;
	char *args[] = { saved_argv[0], "exec-child", NULL };
	execv(saved_argv[0], args);
	_exit(99);
}

/* Runs fn as a thread of a new process whose first thread then waits; the wait status. */
static int in_child(void *(*fn)(void *))
{
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, fn, NULL);
		if (fn == thread_exits_alone) {
			void *ret;
			pthread_join(t, &ret);
			_exit((int)(long)ret);
		}
		for (;;)
			pause();
	}
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

static void ends(void)
{
	int st = in_child(exit_process);
	CHECK("exit() in a thread ends the process, status 7", WIFEXITED(st) && WEXITSTATUS(st) == 7);
	st = in_child(segfault);
	CHECK("a thread's SIGSEGV kills the whole process",
	      WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = in_child(thread_exits_alone);
	CHECK("pthread_exit ends only its thread; main joins it and exits 5",
	      WIFEXITED(st) && WEXITSTATUS(st) == 5);
	st = in_child(exec_from_thread);
	CHECK("execve from a second thread: the other threads go, the new program runs",
	      WIFEXITED(st) && WEXITSTATUS(st) == 33);
}

/* --- job control: a stop stops every thread ------------------------------------------ */
static void *spin_forever(void *arg)
{
	(void)arg;
	while (!stop_spinning)
		sched_yield();
	return NULL;
}

static void stop_and_continue(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, spin_forever, NULL);
		for (;;)
			pause();
	}
	int st;
	kill(pid, SIGSTOP);
	CHECK("SIGSTOP to a threaded process: waitpid reports it stopped",
	      waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	kill(pid, SIGCONT);
	CHECK("SIGCONT: waitpid reports it continued",
	      waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st));
	kill(pid, SIGKILL);
	CHECK("SIGKILL ends it, every thread",
	      waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

/* --- a robust mutex whose owner thread exits holding it --------------------------------- */
static pthread_mutex_t robust;

static void *lock_and_exit(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&robust);
	return NULL;                    /* exits holding it: the kernel walks its robust list */
}

static void robust_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_t t;
	pthread_create(&t, NULL, lock_and_exit, NULL);
	pthread_join(t, NULL);
	int r = pthread_mutex_lock(&robust);
	CHECK("a robust mutex held by a thread that exited: EOWNERDEAD", r == EOWNERDEAD);
	if (r == EOWNERDEAD)
		pthread_mutex_consistent(&robust);
	pthread_mutex_unlock(&robust);
	CHECK("made consistent, it locks again", pthread_mutex_lock(&robust) == 0);
	pthread_mutex_unlock(&robust);
}

/* --- getrusage: RUSAGE_THREAD counts one thread, RUSAGE_SELF them all ------------------ */
#define TOUCHED 64
static long thread_minflt;

static long minflt(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return ru.ru_minflt;
}

static void *touch_pages(void *arg)
{
	(void)arg;
	char *p = mmap(NULL, TOUCHED * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	long before = minflt(RUSAGE_THREAD);
	for (int i = 0; i < TOUCHED; i++)
		p[i * 4096] = 1;
	thread_minflt = minflt(RUSAGE_THREAD) - before;
	munmap(p, TOUCHED * 4096);
	return NULL;
}

static void rusage_per_thread(void)
{
	long self = minflt(RUSAGE_SELF), mine = minflt(RUSAGE_THREAD);
	pthread_t t;
	pthread_create(&t, NULL, touch_pages, NULL);
	pthread_join(t, NULL);
	CHECK("RUSAGE_THREAD in a thread: its 64 page faults", thread_minflt >= TOUCHED);
	CHECK("RUSAGE_THREAD in the first thread: not those",
	      minflt(RUSAGE_THREAD) - mine < TOUCHED);
	CHECK("RUSAGE_SELF: the process's, those included", minflt(RUSAGE_SELF) - self >= TOUCHED);
}

/* --- a thread waits for a child the first thread forked ------------------------------ */
static pid_t forked;

static void *reap_child(void *arg)
{
	(void)arg;
	int st;
	pid_t got = waitpid(forked, &st, 0);
	return (void *)(long)(got == forked && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void wait_from_thread(void)
{
	forked = fork();
	if (forked == 0)
		_exit(3);
	pthread_t t;
	pthread_create(&t, NULL, reap_child, NULL);
	void *got;
	pthread_join(t, &got);
	CHECK("a thread's waitpid collects a child the first thread forked", (long)got == 3);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
		return 33;
	saved_argv = argv;
	many_threads();
	condition_variables();
	alternate_stacks();
	proc_status();
	shared_files();
	signals();
	ends();
	stop_and_continue();
	robust_mutex();
	rusage_per_thread();
	wait_from_thread();
	return check_failures ? 1 : 0;
}
