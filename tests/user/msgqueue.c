/* SysV message queues: msgget (private or by key, IPC_CREAT, IPC_EXCL, permissions),
 * msgsnd and msgrcv (in order; by type, MSG_EXCEPT, the lowest type up to a bound;
 * E2BIG, MSG_NOERROR, ENOMSG with IPC_NOWAIT, MSG_COPY), a full queue (EAGAIN, or a
 * sender waits until a receiver makes room), a receiver waiting until a message comes,
 * EIDRM for waiters when the queue is removed, EINTR for a signal even with SA_RESTART;
 * msgctl's IPC_STAT, IPC_SET, IPC_INFO, MSG_INFO, MSG_STAT, MSG_STAT_ANY, IPC_RMID;
 * /proc/sysvipc/msg; the sysctls kernel.msgmax, msgmnb and msgmni, and kernel.msg_next_id
 * and shm_next_id, which choose the next object's id and go back to -1. Linux's errors.
 * Ids printed are only those next_id chose; others are compared. Runs as root (raising
 * qbytes past msgmnb is not tried: this host's root lacks CAP_SYS_RESOURCE). */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

struct mbuf {
	long mtype;
	char mtext[64];
};

static const char *err_of(long r)
{
	return r == -1 ? errno_name(errno) : "no error";
}

/* A number from /proc/sys/kernel/NAME, or -2. */
static long read_sysctl(const char *name)
{
	char path[96];
	long v = -2;
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	FILE *f = fopen(path, "r");
	if (f && fscanf(f, "%ld", &v) != 1)
		v = -2;
	if (f)
		fclose(f);
	return v;
}

/* Writes text to /proc/sys/kernel/NAME: 0, or the errno. */
static int write_sysctl(const char *name, const char *text)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	int err = write(fd, text, strlen(text)) < 0 ? errno : 0;
	close(fd);
	return err;
}

/* write_sysctl's result, by name. */
static const char *wrote(const char *name, const char *text)
{
	int err = write_sysctl(name, text);
	return err ? errno_name(err) : "no error";
}

static int send(int id, long type, const char *text, int flg)
{
	struct mbuf m = { .mtype = type };
	snprintf(m.mtext, sizeof(m.mtext), "%s", text);
	return msgsnd(id, &m, strlen(text), flg);
}

/* Receives into a fresh buffer and prints what came: type, length, text, or the error. */
static void receive(const char *what, int id, size_t size, long type, int flg)
{
	struct mbuf m;
	memset(&m, 0, sizeof(m));
	long n = msgrcv(id, &m, size, type, flg);
	if (n < 0)
		printf("%-34s %s\n", what, errno_name(errno));
	else
		printf("%-34s type %ld, %ld bytes \"%.*s\"\n", what, m.mtype, n, (int)n, m.mtext);
}

static struct msqid_ds stat_of(int id)
{
	struct msqid_ds ds;
	memset(&ds, 0xa5, sizeof(ds));
	if (msgctl(id, IPC_STAT, &ds) != 0)
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

/* The exit status of child pid. */
static int status_of(pid_t pid)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void in_order_and_by_type(void)
{
	printf("-- a private queue: in order, by type\n");
	int id = msgget(IPC_PRIVATE, 0600);
	CHECK("msgget(IPC_PRIVATE)", id >= 0);
	struct msqid_ds ds = stat_of(id);
	CHECK("IPC_STAT: mode 0600, key 0, us as owner and creator",
	      (ds.msg_perm.mode & 0777) == 0600 && ds.msg_perm.__key == 0 &&
	      ds.msg_perm.uid == geteuid() && ds.msg_perm.cuid == geteuid() &&
	      ds.msg_perm.gid == getegid() && ds.msg_perm.cgid == getegid());
	CHECK("IPC_STAT: empty, qbytes is msgmnb, no times but ctime",
	      ds.msg_qnum == 0 && ds.msg_cbytes == 0 &&
	      (long)ds.msg_qbytes == read_sysctl("msgmnb") && ds.msg_stime == 0 &&
	      ds.msg_rtime == 0 && ds.msg_ctime > 0 && ds.msg_lspid == 0 && ds.msg_lrpid == 0);
	send(id, 3, "three", 0);
	send(id, 1, "one", 0);
	send(id, 2, "two", 0);
	send(id, 1, "uno", 0);
	send(id, 5, "five", 0);
	ds = stat_of(id);
	CHECK("IPC_STAT after 5 sends: qnum 5, cbytes 18, lspid us, stime set",
	      ds.msg_qnum == 5 && ds.msg_cbytes == 18 && ds.msg_lspid == getpid() &&
	      ds.msg_stime > 0 && ds.msg_lrpid == 0);
	receive("MSG_COPY without IPC_NOWAIT:", id, 64, 0, MSG_COPY);
	receive("MSG_COPY with MSG_EXCEPT:", id, 64, 0, MSG_COPY | IPC_NOWAIT | MSG_EXCEPT);
	receive("MSG_COPY of index 0:", id, 64, 0, MSG_COPY | IPC_NOWAIT);
	receive("MSG_COPY of index 3:", id, 64, 3, MSG_COPY | IPC_NOWAIT);
	receive("MSG_COPY of index 5 (past end):", id, 64, 5, MSG_COPY | IPC_NOWAIT);
	receive("MSG_COPY of index 2, 2 bytes:", id, 2, 2, MSG_COPY | IPC_NOWAIT);
	receive("... with MSG_NOERROR:", id, 2, 2, MSG_COPY | IPC_NOWAIT | MSG_NOERROR);
	CHECK("MSG_COPY left all 5", stat_of(id).msg_qnum == 5);
	receive("type 1:", id, 64, 1, 0);
	receive("type -2 (lowest up to 2):", id, 64, -2, 0);
	receive("type 4:", id, 64, 4, IPC_NOWAIT);
	receive("type 3, MSG_EXCEPT:", id, 64, 3, MSG_EXCEPT);
	receive("type 5, 2 bytes:", id, 2, 5, 0);
	receive("type 5, 2 bytes, MSG_NOERROR:", id, 2, 5, MSG_NOERROR);
	receive("type 0 (the first):", id, 64, 0, 0);
	receive("type 0, empty, IPC_NOWAIT:", id, 64, 0, IPC_NOWAIT);
	ds = stat_of(id);
	CHECK("IPC_STAT: empty again, lrpid us, rtime set",
	      ds.msg_qnum == 0 && ds.msg_cbytes == 0 && ds.msg_lrpid == getpid() &&
	      ds.msg_rtime > 0);
	send(id, 7, "", 0);
	receive("an empty message:", id, 0, 0, 0);
	send(id, 1, "lost", 0);
	printf("msgrcv to a bad address:           %s\n",
	       err_of(msgrcv(id, (void *)8, 64, 0, 0)));
	CHECK("  the message is gone (as Linux)", stat_of(id).msg_qnum == 0);
	printf("-- msgsnd's errors\n");
	struct mbuf m = { .mtype = 0 };
	printf("type 0:                            %s\n", err_of(msgsnd(id, &m, 1, 0)));
	m.mtype = 1;
	printf("size msgmax + 1:                   %s\n",
	       err_of(msgsnd(id, &m, (size_t)read_sysctl("msgmax") + 1, 0)));
	printf("negative size:                     %s\n", err_of(msgsnd(id, &m, (size_t)-1, 0)));
	printf("a bad address:                     %s\n", err_of(msgsnd(id, (void *)8, 1, 0)));
	char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(pages + 4096, 4096);
	struct mbuf *at_end = (struct mbuf *)(pages + 4096 - sizeof(long) - 4);
	at_end->mtype = 1;
	memcpy(at_end->mtext, "abcd", 4);
	printf("text past the buffer's page:       %s\n", err_of(msgsnd(id, at_end, 5, 0)));
	printf("text up to the page's end:         %s\n", err_of(msgsnd(id, at_end, 4, 0)));
	receive("  it came:", id, 64, 0, IPC_NOWAIT);
	munmap(pages, 4096);
	printf("a bad id:                          %s\n", err_of(msgsnd(id + 1, &m, 1, 0)));
	printf("id -1:                             %s\n", err_of(msgsnd(-1, &m, 1, 0)));
	printf("msgrcv of id -1:                   %s\n", err_of(msgrcv(-1, &m, 1, 0, 0)));
	printf("msgrcv of negative size:           %s\n", err_of(msgrcv(id, &m, (size_t)-1, 0, 0)));
	printf("msgctl of a bad command:           %s\n", err_of(msgctl(id, 99, NULL)));
	printf("IPC_STAT to a bad address:         %s\n", err_of(msgctl(id, IPC_STAT, (void *)8)));
	printf("IPC_SET from a bad address:        %s\n", err_of(msgctl(id, IPC_SET, (void *)8)));
	CHECK("IPC_RMID", msgctl(id, IPC_RMID, NULL) == 0);
	printf("IPC_STAT after IPC_RMID:           %s\n", err_of(msgctl(id, IPC_STAT, &ds)));
	printf("msgsnd after IPC_RMID:             %s\n", err_of(send(id, 1, "x", 0)));
	int again = msgget(IPC_PRIVATE, 0600);
	CHECK("a new queue does not get the id just removed", again >= 0 && again != id);
	int next = msgget(IPC_PRIVATE, 0600);
	CHECK("ids are seq * 32768 + index, IPC_STAT's seq the id's",
	      stat_of(again).msg_perm.__seq == again / 32768 &&
	      stat_of(next).msg_perm.__seq == next / 32768);
	CHECK("the next queue takes the next index, or wraps to a lower one with the next seq",
	      next == again + 1 ||
	      (next % 32768 < again % 32768 && next / 32768 == again / 32768 + 1));
	msgctl(again, IPC_RMID, NULL);
	msgctl(next, IPC_RMID, NULL);
}

static void full_queue(void)
{
	printf("-- a full queue\n");
	int id = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds = stat_of(id);
	ds.msg_qbytes = 10;
	CHECK("IPC_SET qbytes 10", msgctl(id, IPC_SET, &ds) == 0 && stat_of(id).msg_qbytes == 10);
	printf("6 bytes:                           %s\n", err_of(send(id, 1, "abcdef", 0)));
	printf("6 more, IPC_NOWAIT:                %s\n", err_of(send(id, 2, "ghijkl", IPC_NOWAIT)));
	printf("4 more:                            %s\n", err_of(send(id, 2, "ghij", IPC_NOWAIT)));
	ds.msg_qbytes = 3;
	msgctl(id, IPC_SET, &ds);
	receive("with qbytes 3, type 2:", id, 64, 2, 0);
	printf("0 bytes with 1 message, qbytes 3:  %s\n", err_of(send(id, 3, "", IPC_NOWAIT)));
	printf("0 bytes more (3 messages):         %s\n", err_of(send(id, 3, "", IPC_NOWAIT)));
	ds.msg_qbytes = 10;
	msgctl(id, IPC_SET, &ds);
	pid_t pid = fork();
	if (pid == 0)
		_exit(send(id, 4, "waits", 0) == 0 ? 0 : 1);
	wait_asleep(pid);
	receive("a receive makes room:", id, 64, 1, 0);
	CHECK("the waiting sender sent", status_of(pid) == 0);
	receive("its message:", id, 64, 4, 0);
	/* Full again: a waiting sender fails when the queue goes. */
	send(id, 5, "xxxxxxx", 0);
	pid = fork();
	if (pid == 0)
		_exit(send(id, 6, "yyyy", 0) == -1 && errno == EIDRM ? 0 : 1);
	wait_asleep(pid);
	msgctl(id, IPC_RMID, NULL);
	CHECK("a waiting sender gets EIDRM on IPC_RMID", status_of(pid) == 0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void waiting_receivers(void)
{
	printf("-- waiting receivers\n");
	int id = msgget(IPC_PRIVATE, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		struct mbuf m;
		long n = msgrcv(id, &m, sizeof(m.mtext), 9, 0);
		_exit(n == 5 && m.mtype == 9 && memcmp(m.mtext, "later", 5) == 0 ? 0 : 1);
	}
	wait_asleep(pid);
	send(id, 8, "other", 0);
	send(id, 9, "later", 0);
	CHECK("a receiver waiting for type 9 gets it when it comes", status_of(pid) == 0);
	receive("type 8 stayed:", id, 64, 0, IPC_NOWAIT);
	pid = fork();
	if (pid == 0) {
		struct mbuf m;
		long n = msgrcv(id, &m, 2, 0, 0);
		_exit(n == -1 && errno == E2BIG ? 0 : 1);
	}
	wait_asleep(pid);
	send(id, 1, "long one", 0);
	CHECK("a waiting receiver too small for it gets E2BIG", status_of(pid) == 0);
	receive("the message stayed:", id, 64, 0, IPC_NOWAIT);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
		sigaction(SIGUSR1, &sa, NULL);
		struct mbuf m;
		long n = msgrcv(id, &m, 64, 0, 0);
		_exit(n == -1 && errno == EINTR ? 0 : 1);
	}
	wait_asleep(pid);
	kill(pid, SIGUSR1);
	CHECK("a signal interrupts msgrcv with EINTR, even with SA_RESTART", status_of(pid) == 0);
	pid = fork();
	if (pid == 0) {
		struct mbuf m;
		long n = msgrcv(id, &m, 64, 0, 0);
		_exit(n == -1 && errno == EIDRM ? 0 : 1);
	}
	wait_asleep(pid);
	msgctl(id, IPC_RMID, NULL);
	CHECK("a waiting receiver gets EIDRM on IPC_RMID", status_of(pid) == 0);
}

static void by_key_and_permissions(void)
{
	printf("-- by key, permissions (a child as user 65534)\n");
	key_t key = 0x6d6b0000 | (getpid() & 0xffff);
	printf("msgget(key, 0), no queue:          %s\n", err_of(msgget(key, 0600)));
	int id = msgget(key, IPC_CREAT | IPC_EXCL | 0640);
	CHECK("msgget(key, IPC_CREAT | IPC_EXCL)", id >= 0);
	printf("IPC_CREAT | IPC_EXCL again:        %s\n",
	       err_of(msgget(key, IPC_CREAT | IPC_EXCL | 0640)));
	CHECK("msgget(key, 0) finds it", msgget(key, 0) == id);
	CHECK("IPC_STAT: the key", stat_of(id).msg_perm.__key == key);
	send(id, 1, "hi", 0);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(99);
		struct msqid_ds ds;
		printf("msgget of a 0640 key for 0600:     %s\n", err_of(msgget(key, 0600)));
		printf("msgget of it asking for nothing:   %s\n", err_of(msgget(key, 0) == id ? 0 : -1));
		printf("msgsnd to it:                      %s\n", err_of(send(id, 1, "x", 0)));
		receive("msgrcv from it:", id, 64, 0, IPC_NOWAIT);
		printf("IPC_STAT of it:                    %s\n", err_of(msgctl(id, IPC_STAT, &ds)));
		printf("MSG_STAT_ANY of it:                %s\n",
		       err_of(msgctl(id, MSG_STAT_ANY, &ds) == id ? 0 : -1));
		printf("IPC_SET of it:                     %s\n", err_of(msgctl(id, IPC_SET, &ds)));
		printf("IPC_RMID of it:                    %s\n", err_of(msgctl(id, IPC_RMID, NULL)));
		fflush(stdout);
		_exit(0);
	}
	CHECK("the child ran", status_of(pid) == 0);
	struct msqid_ds ds = stat_of(id);
	ds.msg_perm.uid = 65534;
	ds.msg_perm.mode = 0604;
	CHECK("IPC_SET: owner 65534, mode 0604", msgctl(id, IPC_SET, &ds) == 0);
	ds = stat_of(id);
	CHECK("  IPC_STAT shows them, the creator stays",
	      ds.msg_perm.uid == 65534 && (ds.msg_perm.mode & 0777) == 0604 &&
	      ds.msg_perm.cuid == geteuid());
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(99);
		struct msqid_ds d = stat_of(id);
		d.msg_qbytes = (unsigned long)read_sysctl("msgmnb") + 1;
		printf("the owner raising qbytes past msgmnb: %s\n", err_of(msgctl(id, IPC_SET, &d)));
		d.msg_qbytes = 100;
		printf("the owner lowering it:             %s\n", err_of(msgctl(id, IPC_SET, &d)));
		fflush(stdout);
		_exit(0);
	}
	CHECK("the child ran", status_of(pid) == 0);
	ds = stat_of(id);
	ds.msg_perm.uid = (uid_t)-1;
	printf("IPC_SET of owner -1:               %s\n", err_of(msgctl(id, IPC_SET, &ds)));
	ds = stat_of(id);
	ds.msg_qbytes = (unsigned long)read_sysctl("msgmnb");
	printf("root setting qbytes to msgmnb:     %s\n", err_of(msgctl(id, IPC_SET, &ds)));
	CHECK("MSG_STAT by the id's index gives the id", msgctl(id % 32768, MSG_STAT, &ds) == id);
	CHECK("IPC_RMID", msgctl(id, IPC_RMID, NULL) == 0);
	printf("the key after IPC_RMID:            %s\n", err_of(msgget(key, 0)));
}

/* /proc/sysvipc/msg's line for id: key, perms, cbytes, qnum, lspid, lrpid, uid as
 * IPC_STAT's, or 0. */
static int sysvipc_line_matches(int id)
{
	FILE *f = fopen("/proc/sysvipc/msg", "r");
	char line[256];
	int found = 0;
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f) ||
	    strcmp(line, "       key      msqid perms      cbytes       qnum lspid lrpid   uid"
		   "   gid  cuid  cgid      stime      rtime      ctime\n") != 0) {
		fclose(f);
		return 0;
	}
	struct msqid_ds ds = stat_of(id);
	while (fgets(line, sizeof(line), f)) {
		int key, msqid;
		unsigned mode, lspid, lrpid, uid, gid, cuid, cgid;
		unsigned long cbytes, qnum;
		long long stime, rtime, ctime;
		if (sscanf(line, "%d %d %o %lu %lu %u %u %u %u %u %u %lld %lld %lld", &key, &msqid,
			   &mode, &cbytes, &qnum, &lspid, &lrpid, &uid, &gid, &cuid, &cgid, &stime,
			   &rtime, &ctime) == 14 && msqid == id)
			found = key == ds.msg_perm.__key && mode == ds.msg_perm.mode &&
				cbytes == ds.msg_cbytes && qnum == ds.msg_qnum &&
				lspid == (unsigned)ds.msg_lspid && lrpid == (unsigned)ds.msg_lrpid &&
				uid == ds.msg_perm.uid && cuid == ds.msg_perm.cuid &&
				stime == ds.msg_stime && ctime == ds.msg_ctime;
	}
	fclose(f);
	return found;
}

static void info_and_sysctls(void)
{
	printf("-- IPC_INFO, MSG_INFO, /proc/sysvipc/msg, the sysctls\n");
	printf("msgmax %ld, msgmnb %ld, msgmni %ld\n", read_sysctl("msgmax"),
	       read_sysctl("msgmnb"), read_sysctl("msgmni"));
	int id = msgget(IPC_PRIVATE, 0640);
	send(id, 4, "info", 0);
	struct msginfo info;
	memset(&info, 0xa5, sizeof(info));
	int max = msgctl(0, IPC_INFO, (struct msqid_ds *)&info);
	CHECK("IPC_INFO: the sysctls, and returns an index at least ours",
	      max >= id % 32768 && info.msgmax == read_sysctl("msgmax") &&
	      info.msgmnb == read_sysctl("msgmnb") && info.msgmni == read_sysctl("msgmni"));
	printf("IPC_INFO: msgssz %d msgseg %u msgpool %d msgmap %d msgtql %d\n", info.msgssz,
	       info.msgseg, info.msgpool, info.msgmap, info.msgtql);
	memset(&info, 0xa5, sizeof(info));
	CHECK("MSG_INFO: a queue, a message, 4 bytes at least",
	      msgctl(0, MSG_INFO, (struct msqid_ds *)&info) >= id % 32768 && info.msgpool >= 1 &&
	      info.msgmap >= 1 && info.msgtql >= 4 && info.msgmax == read_sysctl("msgmax"));
	printf("IPC_INFO to a bad address:         %s\n", err_of(msgctl(0, IPC_INFO, (void *)8)));
	CHECK("/proc/sysvipc/msg: Linux's header, the queue's line as IPC_STAT",
	      sysvipc_line_matches(id));
	msgctl(id, IPC_RMID, NULL);
	printf("msgmax written -1:                 %s\n", wrote("msgmax", "-1"));
	printf("msgmni written 32769:              %s\n", wrote("msgmni", "32769"));
}

/* kernel.NAME_next_id: the id the next object gets, then -1 again. */
static void next_id(void)
{
	printf("-- msg_next_id and shm_next_id\n");
	printf("msg_next_id %ld, shm_next_id %ld\n", read_sysctl("msg_next_id"),
	       read_sysctl("shm_next_id"));
	printf("msg_next_id written -1:            %s\n", wrote("msg_next_id", "-1"));
	printf("written 29000:                     %s\n", wrote("msg_next_id", "29000"));
	printf("  reads %ld\n", read_sysctl("msg_next_id"));
	int a = msgget(IPC_PRIVATE, 0600);
	printf("msgget gives %d; msg_next_id reads %ld\n", a, read_sysctl("msg_next_id"));
	write_sysctl("msg_next_id", "29000");
	int b = msgget(IPC_PRIVATE, 0600);
	printf("29000 again, in use: msgget gives %d\n", b);
	write_sysctl("msg_next_id", "98304");   /* sequence number 3, index 0 */
	key_t key = 0x6e780000 | (getpid() & 0xffff);
	int c = msgget(key, IPC_CREAT | 0600);
	struct msqid_ds ds = stat_of(c);
	printf("98304: msgget gives %d, IPC_STAT's seq %u\n", c, (unsigned)ds.msg_perm.__seq);
	write_sysctl("msg_next_id", "29002");
	printf("msgget of an existing key:         %s; msg_next_id reads %ld\n",
	       err_of(msgget(key, 0) == c ? 0 : -1), read_sysctl("msg_next_id"));
	write_sysctl("msg_next_id", "-1");
	msgctl(a, IPC_RMID, NULL);
	msgctl(b, IPC_RMID, NULL);
	msgctl(c, IPC_RMID, NULL);
	/* The key left 29002 unused: the next queue takes it. */
	int d = msgget(IPC_PRIVATE, 0600);
	printf("the next queue gets %d\n", d);
	msgctl(d, IPC_RMID, NULL);
	printf("shm_next_id written 29100:         %s\n", wrote("shm_next_id", "29100"));
	int s = shmget(IPC_PRIVATE, 4096, 0600);
	printf("shmget gives %d; shm_next_id reads %ld\n", s, read_sysctl("shm_next_id"));
	shmctl(s, IPC_RMID, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	in_order_and_by_type();
	full_queue();
	waiting_receivers();
	by_key_and_permissions();
	info_and_sysctls();
	next_id();
	CHECK_DONE();
}
