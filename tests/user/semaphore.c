/* SysV semaphores: semget (private or by key, IPC_CREAT, IPC_EXCL, nsems limits,
 * permissions), semop and semtimedop (all operations or none, IPC_NOWAIT, waiting to
 * decrease and for zero in a child, waiters served in order, a complex waiter counted on
 * the semaphore it blocks on, EIDRM, EINTR even with SA_RESTART, timeouts, SEM_UNDO
 * applied when a process exits, shared by its threads, capped at 0, cleared by SETVAL;
 * E2BIG, EFBIG, ERANGE, EFAULT, EINVAL), semctl's IPC_STAT, IPC_SET, IPC_RMID, IPC_INFO,
 * SEM_INFO, SEM_STAT, SEM_STAT_ANY, GETVAL, SETVAL, GETALL, SETALL, GETPID, GETNCNT,
 * GETZCNT with Linux's errors and root's and others' permissions; /proc/sysvipc/sem; the
 * sysctls kernel.sem (a vector of four) and kernel.sem_next_id. Ids and times are
 * compared, not printed. Runs as root; children drop to user 65534. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

static const char *err_of(long r)
{
	return r == -1 ? errno_name(errno) : "no error";
}

/* semctl with a pointer argument, as the C library passes the union. */
static int ctl(int id, int num, int cmd, void *p)
{
	return semctl(id, num, cmd, p);
}

static int getval(int id, int num)
{
	return semctl(id, num, GETVAL);
}

static int setval(int id, int num, int val)
{
	return semctl(id, num, SETVAL, val);
}

/* One operation: semop(id, {num, op, flg}, 1). */
static int op1(int id, int num, int op, int flg)
{
	struct sembuf b = { .sem_num = (unsigned short)num, .sem_op = (short)op,
			    .sem_flg = (short)flg };
	return semop(id, &b, 1);
}

/* semtimedop by its number: the C library may refuse a bad timespec itself. */
static long timedop(int id, struct sembuf *sops, size_t n, const struct timespec *ts)
{
	return syscall(SYS_semtimedop, id, sops, n, ts);
}

/* The file /proc/sys/kernel/NAME as it reads, newline and tabs shown as \n and \t. */
static const char *read_text(const char *name)
{
	static char out[256];
	char path[96], buf[128];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	size_t o = 0;
	for (ssize_t i = 0; i < n && o < sizeof(out) - 3; i++) {
		if (buf[i] == '\n' || buf[i] == '\t') {
			out[o++] = '\\';
			out[o++] = buf[i] == '\n' ? 'n' : 't';
		} else {
			out[o++] = buf[i];
		}
	}
	out[o] = '\0';
	return n < 0 ? "(unreadable)" : out;
}

static long read_sysctl(const char *name)
{
	return strtol(read_text(name), NULL, 10);
}

/* Writes text to /proc/sys/kernel/NAME: "no error" or the errno's name. */
static const char *wrote(const char *name, const char *text)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno_name(errno);
	int err = write(fd, text, strlen(text)) < 0 ? errno : 0;
	close(fd);
	return err ? errno_name(err) : "no error";
}

static struct semid_ds stat_of(int id)
{
	struct semid_ds ds;
	memset(&ds, 0xa5, sizeof(ds));
	if (ctl(id, 0, IPC_STAT, &ds) != 0)
		memset(&ds, 0, sizeof(ds));
	return ds;
}

/* Waits until process pid sleeps (state S in /proc/PID/stat): blocked in a call. */
static void wait_asleep(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (;;) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n <= 0)
			return;
		buf[n] = '\0';
		char *paren = strrchr(buf, ')');
		if (paren && paren[1] == ' ' && paren[2] == 'S')
			return;
		sched_yield();
	}
}

static int status_of(pid_t pid)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A child that runs one semop (or semtimedop with ts) and exits 0 when it returns want
 * (0, or -1 with errno err). */
static pid_t child_op(int id, struct sembuf *sops, size_t n, int err)
{
	pid_t pid = fork();
	if (pid == 0) {
		long r = semop(id, sops, n);
		_exit(err ? (r == -1 && errno == err ? 0 : 1) : (r == 0 ? 0 : 2));
	}
	return pid;
}

static void values_and_errors(void)
{
	printf("-- a private set: values, semop's errors\n");
	printf("semget nsems 0:                    %s\n", err_of(semget(IPC_PRIVATE, 0, 0600)));
	printf("semget nsems -1:                   %s\n", err_of(semget(IPC_PRIVATE, -1, 0600)));
	printf("semget nsems SEMMSL + 1:           %s\n",
	       err_of(semget(IPC_PRIVATE, (int)read_sysctl("sem") + 1, 0600)));
	int id = semget(IPC_PRIVATE, 3, 0600);
	CHECK("semget(IPC_PRIVATE, 3)", id >= 0);
	struct semid_ds ds = stat_of(id);
	CHECK("IPC_STAT: mode 0600, key 0, us as owner and creator, 3 semaphores",
	      (ds.sem_perm.mode & 0777) == 0600 && ds.sem_perm.__key == 0 &&
	      ds.sem_perm.uid == geteuid() && ds.sem_perm.cuid == geteuid() &&
	      ds.sem_perm.gid == getegid() && ds.sem_perm.cgid == getegid() && ds.sem_nsems == 3);
	CHECK("IPC_STAT: no otime, a ctime", ds.sem_otime == 0 && ds.sem_ctime > 0);
	CHECK("new semaphores are 0, GETPID 0",
	      getval(id, 0) == 0 && getval(id, 2) == 0 && semctl(id, 1, GETPID) == 0);
	printf("SETVAL 32767:                      %s\n", err_of(setval(id, 0, 32767)));
	printf("SETVAL 32768:                      %s\n", err_of(setval(id, 0, 32768)));
	printf("SETVAL -1:                         %s\n", err_of(setval(id, 0, -1)));
	printf("SETVAL of semaphore 3:             %s\n", err_of(setval(id, 3, 1)));
	printf("SETVAL of semaphore -1:            %s\n", err_of(setval(id, -1, 1)));
	printf("GETVAL of semaphore 3:             %s\n", err_of(getval(id, 3)));
	printf("GETVAL:                            %d\n", getval(id, 0));
	CHECK("GETPID after SETVAL: us", semctl(id, 0, GETPID) == getpid());
	unsigned short all[3] = { 1, 2, 3 }, got[3] = { 9, 9, 9 };
	printf("SETALL 1 2 3:                      %s\n", err_of(ctl(id, 0, SETALL, all)));
	printf("GETALL:                            %s", err_of(ctl(id, 0, GETALL, got)));
	printf(": %u %u %u\n", got[0], got[1], got[2]);
	unsigned short big[3] = { 5, 32768, 5 };
	printf("SETALL with 32768:                 %s", err_of(ctl(id, 0, SETALL, big)));
	printf("; GETVAL 0 stays %d\n", getval(id, 0));
	printf("SETALL from a bad address:         %s\n", err_of(ctl(id, 0, SETALL, (void *)8)));
	printf("GETALL to a bad address:           %s\n", err_of(ctl(id, 0, GETALL, (void *)8)));
	printf("IPC_STAT to a bad address:         %s\n", err_of(ctl(id, 0, IPC_STAT, (void *)8)));
	printf("IPC_SET from a bad address:        %s\n", err_of(ctl(id, 0, IPC_SET, (void *)8)));
	printf("semctl of id -1:                   %s\n", err_of(semctl(-1, 0, GETVAL)));
	printf("semctl of a bad id:                %s\n", err_of(semctl(id + 1, 0, GETVAL)));
	printf("semctl command 99:                 %s\n", err_of(semctl(id, 0, 99)));

	struct sembuf two[2] = { { 0, -1, IPC_NOWAIT }, { 1, -3, IPC_NOWAIT } };
	printf("semop -1 on 0, -3 on 1 (is 2):     %s", err_of(semop(id, two, 2)));
	printf("; values %d %d\n", getval(id, 0), getval(id, 1));
	two[1].sem_op = -2;
	printf("semop -1 on 0, -2 on 1:            %s", err_of(semop(id, two, 2)));
	printf("; values %d %d\n", getval(id, 0), getval(id, 1));
	ds = stat_of(id);
	CHECK("semop set otime, GETPID us", ds.sem_otime > 0 && semctl(id, 1, GETPID) == getpid());
	printf("wait for zero on 2 (is 3), IPC_NOWAIT: %s\n", err_of(op1(id, 2, 0, IPC_NOWAIT)));
	printf("wait for zero on 0 (is 0):         %s\n", err_of(op1(id, 0, 0, 0)));
	struct sembuf dup[3] = { { 2, -1, 0 }, { 2, -1, 0 }, { 2, 0, IPC_NOWAIT } };
	printf("-1, -1, then zero? on 2 (is 3):    %s", err_of(semop(id, dup, 3)));
	printf("; value %d\n", getval(id, 2));
	dup[2].sem_op = -1;
	printf("-1 three times on 2:               %s", err_of(semop(id, dup, 3)));
	printf("; value %d\n", getval(id, 2));
	setval(id, 0, 32760);
	struct sembuf over[2] = { { 1, 1, 0 }, { 0, 8, 0 } };
	printf("+1 on 1, +8 on 0 (is 32760):       %s", err_of(semop(id, over, 2)));
	printf("; values %d %d\n", getval(id, 0), getval(id, 1));
	printf("semop on semaphore 3:              %s\n", err_of(op1(id, 3, 1, 0)));
	printf("semop on semaphore 65535:          %s\n", err_of(op1(id, 65535, 1, 0)));
	struct sembuf many[501];
	for (int i = 0; i < 501; i++)   /* wait for zero on 1, which is 0 */
		many[i] = (struct sembuf){ 1, 0, IPC_NOWAIT };
	printf("semop of 500 operations:           %s\n", err_of(semop(id, many, 500)));
	printf("semop of 501 operations:           %s\n", err_of(semop(id, many, 501)));
	printf("semop of 0 operations:             %s\n", err_of(semop(id, many, 0)));
	printf("semop from a bad address:          %s\n", err_of(semop(id, (void *)8, 1)));
	printf("semop of 501 from a bad address:   %s\n", err_of(semop(id, (void *)8, 501)));
	printf("semop of id -1:                    %s\n", err_of(semop(-1, many, 1)));
	printf("semop of a bad id:                 %s\n", err_of(semop(id + 1, many, 1)));
	struct sembuf wait0 = { 1, -1, 0 };     /* semaphore 1 is 0 */
	struct timespec zero = { 0, 0 }, bad = { 0, 1000000000 }, neg = { -1, 0 },
			ten_ms = { 0, 10000000 };
	printf("semtimedop, timeout 0:             %s\n", err_of(timedop(id, &wait0, 1, &zero)));
	printf("semtimedop, timeout 10 ms:         %s\n", err_of(timedop(id, &wait0, 1, &ten_ms)));
	printf("semtimedop, tv_nsec 10^9:          %s\n", err_of(timedop(id, &wait0, 1, &bad)));
	printf("semtimedop, tv_sec -1:             %s\n", err_of(timedop(id, &wait0, 1, &neg)));
	printf("semtimedop, timeout at a bad address: %s\n",
	       err_of(timedop(id, &wait0, 1, (void *)8)));
	printf("  ... with 501 operations:         %s\n", err_of(timedop(id, many, 501, (void *)8)));
	printf("semtimedop, bad timespec, id -1:   %s\n", err_of(timedop(-1, &wait0, 1, &bad)));
	printf("semtimedop, bad timespec, bad id:  %s\n", err_of(timedop(id + 1, &wait0, 1, &bad)));
	wait0.sem_op = 1;
	printf("semtimedop that can go, timeout 0: %s", err_of(timedop(id, &wait0, 1, &zero)));
	printf("; value %d\n", getval(id, 1));
	CHECK("IPC_RMID", semctl(id, 0, IPC_RMID) == 0);
	printf("GETVAL after IPC_RMID:             %s\n", err_of(getval(id, 0)));
	printf("semop after IPC_RMID:              %s\n", err_of(op1(id, 0, 1, 0)));
	printf("IPC_RMID again:                    %s\n", err_of(semctl(id, 0, IPC_RMID)));
}

static void on_signal(int sig)
{
	(void)sig;
}

static void waiters(void)
{
	printf("-- waiters\n");
	int id = semget(IPC_PRIVATE, 2, 0600);
	struct sembuf dec = { 0, -1, 0 }, zero = { 1, 0, 0 };
	pid_t a = child_op(id, &dec, 1, 0);
	wait_asleep(a);
	pid_t b = child_op(id, &dec, 1, 0);
	wait_asleep(b);
	printf("two wait to decrease 0: GETNCNT %d, GETZCNT %d\n", semctl(id, 0, GETNCNT),
	       semctl(id, 0, GETZCNT));
	op1(id, 0, 1, 0);
	printf("after +1: GETNCNT %d, value %d\n", semctl(id, 0, GETNCNT), getval(id, 0));
	CHECK("the first waiter went", status_of(a) == 0);
	CHECK("  GETPID: it", semctl(id, 0, GETPID) == a);
	setval(id, 0, 1);
	CHECK("SETVAL 1 lets the second go", status_of(b) == 0 && getval(id, 0) == 0);

	setval(id, 1, 2);
	pid_t z = child_op(id, &zero, 1, 0);
	wait_asleep(z);
	printf("one waits for zero on 1: GETZCNT %d, GETNCNT %d\n", semctl(id, 1, GETZCNT),
	       semctl(id, 1, GETNCNT));
	op1(id, 1, -1, 0);
	printf("after -1 (is 1): GETZCNT %d\n", semctl(id, 1, GETZCNT));
	op1(id, 1, -1, 0);
	CHECK("after -1 (is 0): it went", status_of(z) == 0);

	struct sembuf both[2] = { { 0, -1, 0 }, { 1, -1, 0 } };
	pid_t c = child_op(id, both, 2, 0);
	wait_asleep(c);
	printf("-1 on 0 and 1 waits: GETNCNT %d %d\n", semctl(id, 0, GETNCNT),
	       semctl(id, 1, GETNCNT));
	setval(id, 0, 1);
	printf("0 set to 1, it blocks on 1: GETNCNT %d %d; values %d %d\n",
	       semctl(id, 0, GETNCNT), semctl(id, 1, GETNCNT), getval(id, 0), getval(id, 1));
	op1(id, 1, 1, 0);
	CHECK("+1 on 1: it went", status_of(c) == 0 && getval(id, 0) == 0 && getval(id, 1) == 0);

	pid_t s = fork();
	if (s == 0) {
		struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
		sigaction(SIGUSR1, &sa, NULL);
		long r = semop(id, &dec, 1);
		_exit(r == -1 && errno == EINTR ? 0 : 1);
	}
	wait_asleep(s);
	kill(s, SIGUSR1);
	CHECK("a signal interrupts semop with EINTR, even with SA_RESTART", status_of(s) == 0);
	CHECK("  it no longer waits", semctl(id, 0, GETNCNT) == 0);
	pid_t t = fork();
	if (t == 0) {
		struct timespec ts = { 1000, 0 };
		long r = timedop(id, &dec, 1, &ts);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	pid_t u = child_op(id, &zero, 1, 0);    /* 1 is 0: goes at once */
	CHECK("wait for zero on 0 goes at once", status_of(u) == 0);
	setval(id, 1, 1);
	u = child_op(id, &zero, 1, EIDRM);
	wait_asleep(t);
	wait_asleep(u);
	semctl(id, 0, IPC_RMID);
	CHECK("IPC_RMID: a semtimedop waiter gets EIDRM", status_of(t) == 0);
	CHECK("IPC_RMID: a waiter for zero gets EIDRM", status_of(u) == 0);
}

static int undo_id;

static void *undo_thread(void *arg)
{
	(void)arg;
	op1(undo_id, 0, 1, SEM_UNDO);
	return NULL;
}

/* A child that runs op with SEM_UNDO, tells the parent (a byte on done), waits for a byte
 * on go, and exits. */
static pid_t undo_child(int id, int num, int op, int done[2], int go[2])
{
	pid_t pid = fork();
	if (pid == 0) {
		char c = op1(id, num, op, SEM_UNDO) == 0 ? 'y' : 'n';
		write(done[1], &c, 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	char c = '?';
	read(done[0], &c, 1);
	if (c != 'y')
		printf("the child's semop failed\n");
	return pid;
}

static void undo(void)
{
	printf("-- SEM_UNDO\n");
	int id = semget(IPC_PRIVATE, 2, 0600);
	int done[2], go[2];
	if (pipe(done) || pipe(go))
		return;
	setval(id, 0, 5);
	pid_t p = undo_child(id, 0, 2, done, go);
	printf("a child did +2 with SEM_UNDO: %d", getval(id, 0));
	write(go[1], "x", 1);
	status_of(p);
	printf("; it exited: %d\n", getval(id, 0));
	p = undo_child(id, 0, -4, done, go);
	printf("a child did -4 with SEM_UNDO: %d", getval(id, 0));
	write(go[1], "x", 1);
	status_of(p);
	printf("; it exited: %d\n", getval(id, 0));
	CHECK("  GETPID: the child that exited", semctl(id, 0, GETPID) == p);
	p = undo_child(id, 0, 3, done, go);
	op1(id, 0, -8, 0);
	printf("a child did +3 with SEM_UNDO, we -8: %d", getval(id, 0));
	write(go[1], "x", 1);
	status_of(p);
	printf("; it exited: %d (capped at 0)\n", getval(id, 0));
	p = undo_child(id, 0, 3, done, go);
	setval(id, 0, 7);
	write(go[1], "x", 1);
	status_of(p);
	printf("a child did +3 with SEM_UNDO, we SETVAL 7; it exited: %d\n", getval(id, 0));
	p = undo_child(id, 1, 3, done, go);
	unsigned short vals[2] = { 7, 4 };
	ctl(id, 0, SETALL, vals);
	write(go[1], "x", 1);
	status_of(p);
	printf("a child did +3 on 1 with SEM_UNDO, we SETALL 7 4; it exited: %d\n", getval(id, 1));
	p = undo_child(id, 1, -4, done, go);
	op1(id, 1, 32767, 0);
	write(go[1], "x", 1);
	status_of(p);
	printf("a child did -4 on 1 with SEM_UNDO, we +32767; it exited: %d (capped)\n",
	       getval(id, 1));

	pid_t q = fork();
	if (q == 0) {
		undo_id = id;
		pthread_t th;
		pthread_create(&th, NULL, undo_thread, NULL);
		pthread_join(th, NULL);
		_exit(getval(id, 0) == 8 ? 0 : 1);      /* 7, +1 by the thread */
	}
	CHECK("a thread's SEM_UNDO waits for its process to end (CLONE_SYSVSEM)",
	      status_of(q) == 0 && getval(id, 0) == 7);
	q = fork();
	if (q == 0) {
		if (op1(id, 0, 1, SEM_UNDO) != 0)
			_exit(1);
		pid_t r = fork();               /* no CLONE_SYSVSEM: nothing to undo */
		if (r == 0)
			_exit(0);
		_exit(status_of(r) == 0 && getval(id, 0) == 8 ? 0 : 1);
	}
	CHECK("a fork child has no SEM_UNDO of its parent's", status_of(q) == 0 &&
	      getval(id, 0) == 7);

	setval(id, 1, 0);
	printf("+32767 with SEM_UNDO:              %s\n", err_of(op1(id, 1, 32767, SEM_UNDO)));
	op1(id, 1, -1, 0);
	printf("+1 with SEM_UNDO (adjustment -32768): %s\n", err_of(op1(id, 1, 1, SEM_UNDO)));
	op1(id, 1, -1, 0);
	printf("+1 with SEM_UNDO (-32769):         %s", err_of(op1(id, 1, 1, SEM_UNDO)));
	printf("; value %d\n", getval(id, 1));
	setval(id, 1, 0);
	p = fork();
	if (p == 0) {
		long r = op1(id, 1, -1, SEM_UNDO);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	wait_asleep(p);
	semctl(id, 0, IPC_RMID);
	CHECK("a SEM_UNDO waiter gets EIDRM on IPC_RMID", status_of(p) == 0);
	close(done[0]);
	close(done[1]);
	close(go[0]);
	close(go[1]);
}

static void by_key_and_permissions(void)
{
	printf("-- by key, permissions (a child as user 65534)\n");
	key_t key = 0x73650000 | (getpid() & 0xffff);
	printf("semget(key, 0), no set:            %s\n", err_of(semget(key, 1, 0600)));
	int id = semget(key, 4, IPC_CREAT | IPC_EXCL | 0640);
	CHECK("semget(key, 4, IPC_CREAT | IPC_EXCL)", id >= 0);
	printf("IPC_CREAT | IPC_EXCL again:        %s\n",
	       err_of(semget(key, 4, IPC_CREAT | IPC_EXCL | 0640)));
	CHECK("semget(key, 0) and (key, 4) find it", semget(key, 0, 0) == id &&
	      semget(key, 4, IPC_CREAT) == id);
	printf("semget(key, 5):                    %s\n", err_of(semget(key, 5, 0)));
	CHECK("IPC_STAT: the key", stat_of(id).sem_perm.__key == key);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(99);
		struct semid_ds ds;
		unsigned short vals[4];
		printf("semget of a 0640 key for 0600:     %s\n", err_of(semget(key, 4, 0600)));
		printf("semget of it, 5 semaphores, 0600:  %s\n", err_of(semget(key, 5, 0600)));
		printf("semget of it asking for nothing:   %s\n",
		       err_of(semget(key, 0, 0) == id ? 0 : -1));
		printf("GETVAL:                            %s\n", err_of(getval(id, 0)));
		printf("GETVAL of semaphore 9:             %s\n", err_of(getval(id, 9)));
		printf("GETALL:                            %s\n", err_of(ctl(id, 0, GETALL, vals)));
		printf("GETNCNT:                           %s\n", err_of(semctl(id, 0, GETNCNT)));
		printf("SETVAL:                            %s\n", err_of(setval(id, 0, 1)));
		printf("SETVAL 40000:                      %s\n", err_of(setval(id, 0, 40000)));
		printf("SETALL:                            %s\n", err_of(ctl(id, 0, SETALL, vals)));
		printf("semop +1:                          %s\n", err_of(op1(id, 0, 1, 0)));
		printf("semop wait for zero:               %s\n", err_of(op1(id, 0, 0, 0)));
		printf("semop on semaphore 9:              %s\n", err_of(op1(id, 9, 1, 0)));
		printf("IPC_STAT:                          %s\n", err_of(ctl(id, 0, IPC_STAT, &ds)));
		printf("SEM_STAT:                          %s\n",
		       err_of(ctl(id % 32768, 0, SEM_STAT, &ds)));
		printf("SEM_STAT_ANY:                      %s\n",
		       err_of(ctl(id % 32768, 0, SEM_STAT_ANY, &ds) == id ? 0 : -1));
		printf("IPC_SET:                           %s\n", err_of(ctl(id, 0, IPC_SET, &ds)));
		printf("IPC_RMID:                          %s\n", err_of(semctl(id, 0, IPC_RMID)));
		fflush(stdout);
		_exit(0);
	}
	CHECK("the child ran", status_of(pid) == 0);
	struct semid_ds ds = stat_of(id);
	ds.sem_perm.uid = 65534;
	ds.sem_perm.mode = 0404;
	ds.sem_nsems = 99;                      /* IPC_SET ignores it */
	CHECK("IPC_SET: owner 65534, mode 0404", ctl(id, 0, IPC_SET, &ds) == 0);
	ds = stat_of(id);
	CHECK("  IPC_STAT shows them; the creator and nsems stay",
	      ds.sem_perm.uid == 65534 && (ds.sem_perm.mode & 0777) == 0404 &&
	      ds.sem_perm.cuid == geteuid() && ds.sem_nsems == 4);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(99);
		printf("the owner: GETVAL:                 %s\n", err_of(getval(id, 0)));
		printf("the owner: SETVAL:                 %s\n", err_of(setval(id, 0, 1)));
		struct semid_ds d = stat_of(id);
		d.sem_perm.mode = 0666;
		printf("the owner: IPC_SET mode 0666:      %s\n", err_of(ctl(id, 0, IPC_SET, &d)));
		printf("the owner: SETVAL:                 %s\n", err_of(setval(id, 0, 1)));
		fflush(stdout);
		_exit(0);
	}
	CHECK("the child ran", status_of(pid) == 0);
	ds = stat_of(id);
	ds.sem_perm.uid = (uid_t)-1;
	printf("IPC_SET of owner -1:               %s\n", err_of(ctl(id, 0, IPC_SET, &ds)));
	ds = stat_of(id);
	ds.sem_perm.mode = 0;
	ctl(id, 0, IPC_SET, &ds);
	printf("mode 0: root's GETVAL %d", getval(id, 0));
	printf(", SETVAL %s", err_of(setval(id, 0, 2)));
	printf(", semop %s\n", err_of(op1(id, 0, -2, 0)));
	CHECK("SEM_STAT by the id's index gives the id",
	      ctl(id % 32768, 0, SEM_STAT, &ds) == id && ds.sem_nsems == 4);
	CHECK("IPC_RMID", semctl(id, 0, IPC_RMID) == 0);
	printf("the key after IPC_RMID:            %s\n", err_of(semget(key, 0, 0)));
}

/* /proc/sysvipc/sem's line for id matches IPC_STAT, under Linux's header. */
static int sysvipc_line_matches(int id)
{
	FILE *f = fopen("/proc/sysvipc/sem", "r");
	char line[256];
	int found = 0;
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f) ||
	    strcmp(line, "       key      semid perms      nsems   uid   gid  cuid  cgid      otime"
		   "      ctime\n") != 0) {
		fclose(f);
		return 0;
	}
	struct semid_ds ds = stat_of(id);
	while (fgets(line, sizeof(line), f)) {
		int key, semid;
		unsigned mode, nsems, uid, gid, cuid, cgid;
		long long otime, ctime;
		if (sscanf(line, "%d %d %o %u %u %u %u %u %lld %lld", &key, &semid, &mode, &nsems,
			   &uid, &gid, &cuid, &cgid, &otime, &ctime) == 10 && semid == id)
			found = key == ds.sem_perm.__key && mode == ds.sem_perm.mode &&
				nsems == ds.sem_nsems && uid == ds.sem_perm.uid &&
				cuid == ds.sem_perm.cuid && gid == ds.sem_perm.gid &&
				otime == ds.sem_otime && ctime == ds.sem_ctime;
	}
	fclose(f);
	return found;
}

static void info_and_sysctls(void)
{
	printf("-- IPC_INFO, SEM_INFO, /proc/sysvipc/sem, kernel.sem\n");
	int id = semget(0x73660000 | (getpid() & 0xffff), 5, IPC_CREAT | 0644);
	op1(id, 2, 1, 0);
	struct seminfo info;
	memset(&info, 0xa5, sizeof(info));
	int max = ctl(0, 0, IPC_INFO, &info);
	CHECK("IPC_INFO returns the highest index in use", max >= id % 32768);
	printf("IPC_INFO: semmap %d semmni %d semmns %d semmnu %d semmsl %d semopm %d semume %d"
	       " semusz %d semvmx %d semaem %d\n", info.semmap, info.semmni, info.semmns,
	       info.semmnu, info.semmsl, info.semopm, info.semume, info.semusz, info.semvmx,
	       info.semaem);
	memset(&info, 0xa5, sizeof(info));
	CHECK("SEM_INFO: a set and 5 semaphores at least; the limits as IPC_INFO's",
	      ctl(0, 0, SEM_INFO, &info) >= id % 32768 && info.semusz >= 1 &&
	      info.semaem >= 5 && info.semmsl == 32000 && info.semvmx == 32767);
	printf("IPC_INFO to a bad address:         %s\n", err_of(ctl(0, 0, IPC_INFO, (void *)8)));
	printf("IPC_INFO with id -1:               %s\n", err_of(ctl(-1, 0, IPC_INFO, &info)));
	CHECK("/proc/sysvipc/sem: Linux's header, the set's line as IPC_STAT",
	      sysvipc_line_matches(id));
	semctl(id, 0, IPC_RMID);

	char saved[128];
	int fd = open("/proc/sys/kernel/sem", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, saved, sizeof(saved) - 1) : -1;
	saved[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	printf("kernel.sem reads:                  %s\n", read_text("sem"));
	printf("written 250 32000 32 128:          %s\n", wrote("sem", "250 32000 32 128"));
	printf("  reads %s\n", read_text("sem"));
	printf("written \"  7\\t8\\n\":                 %s\n", wrote("sem", "  7\t8\n"));
	printf("  reads %s\n", read_text("sem"));
	printf("written 1 2 3 32769:               %s\n", wrote("sem", "1 2 3 32769"));
	printf("  reads %s\n", read_text("sem"));
	printf("written 4 5 x:                     %s\n", wrote("sem", "4 5 x"));
	printf("  reads %s\n", read_text("sem"));
	printf("written x:                         %s\n", wrote("sem", "x"));
	printf("written nothing but spaces:        %s\n", wrote("sem", "  "));
	printf("written 2 100 3 32000 9 (five):    %s\n", wrote("sem", "2 100 3 32000 9"));
	printf("  reads %s\n", read_text("sem"));
	printf("semget of 3 (SEMMSL 2):            %s\n", err_of(semget(IPC_PRIVATE, 3, 0600)));
	int a = semget(IPC_PRIVATE, 2, 0600);
	printf("semget of 2:                       %s\n", err_of(a));
	struct sembuf ops[4] = { { 0, 1, 0 }, { 1, 1, 0 }, { 0, 1, 0 }, { 1, 1, 0 } };
	printf("semop of 3 operations (SEMOPM 3):  %s\n", err_of(semop(a, ops, 3)));
	printf("semop of 4 operations:             %s\n", err_of(semop(a, ops, 4)));
	semctl(a, 0, IPC_RMID);
	wrote("sem", "2 0 3 32000");
	printf("semget with SEMMNS 0:              %s\n", err_of(semget(IPC_PRIVATE, 1, 0600)));
	wrote("sem", "2 100 3 0");
	printf("semget with SEMMNI 0:              %s\n", err_of(semget(IPC_PRIVATE, 1, 0600)));
	printf("put back:                          %s\n", wrote("sem", saved));
	printf("  reads %s\n", read_text("sem"));

	printf("sem_next_id reads %ld\n", read_sysctl("sem_next_id"));
	printf("sem_next_id written -1:            %s\n", wrote("sem_next_id", "-1"));
	printf("written 29000:                     %s\n", wrote("sem_next_id", "29000"));
	int b = semget(IPC_PRIVATE, 1, 0600);
	printf("semget gives %d; sem_next_id reads %ld\n", b, read_sysctl("sem_next_id"));
	semctl(b, 0, IPC_RMID);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	values_and_errors();
	waiters();
	undo();
	by_key_and_permissions();
	info_and_sysctls();
	CHECK_DONE();
}
