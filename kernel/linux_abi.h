/*
 * The structures system calls copy to or from user memory, laid out exactly as Linux's
 * x86-64 ABI lays them out: a program built for Linux (with musl, glibc or the UAPI
 * headers) reads and writes them unchanged. A field too many would overwrite the caller's
 * stack (glibc's struct sysinfo is 112 bytes; musl declares 368). The file-system ones
 * (stat, dirent64) are in fs/fs_abi.h.
 *
 * tests/unit/test_abi.c compiles these beside Linux's own UAPI headers and checks every
 * size and field offset, so keep each field named after Linux's.
 */
#ifndef KERNEL_LINUX_ABI_H
#define KERNEL_LINUX_ABI_H

#include <stdint.h>

/* struct timeval (gettimeofday, rusage) and struct timezone. */
struct linux_timeval {
	int64_t tv_sec, tv_usec;
};

struct linux_timezone {
	int32_t tz_minuteswest, tz_dsttime;
};

/* struct itimerval (setitimer, getitimer). */
struct linux_itimerval {
	struct linux_timeval it_interval, it_value;
};

/* struct itimerspec (timer_settime, timer_gettime), of struct timespec64s (kernel/time.h). */
struct linux_itimerspec {
	struct { int64_t tv_sec, tv_nsec; } it_interval, it_value;
};

/* struct sigevent (timer_create): 64 bytes; sigev_notify_thread_id is the union's first int. */
struct linux_sigevent {
	uint64_t sigev_value;
	int32_t sigev_signo;
	int32_t sigev_notify;
	union {
		int32_t pad[12];
		int32_t tid;
	} sigev_un;
};

/* struct tms (times): clock ticks. */
struct linux_tms {
	int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

/* struct rusage (getrusage, wait4). */
struct linux_rusage {
	struct linux_timeval ru_utime, ru_stime;
	int64_t ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
		ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

/* struct rlimit64 (prlimit64), the same as struct rlimit (getrlimit, setrlimit) on x86-64. */
struct linux_rlimit {
	uint64_t rlim_cur, rlim_max;
};

/* struct iovec (readv, writev). */
struct linux_iovec {
	char *iov_base;
	uint64_t iov_len;
};

/* struct statfs (statfs, fstatfs). */
struct linux_statfs {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};

/* struct flock (fcntl's record locks: F_GETLK, F_SETLK, F_SETLKW and the F_OFD_ forms). */
struct linux_flock {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
};

/* struct new_utsname (uname). */
struct linux_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

/* struct sysinfo (sysinfo): 112 bytes, its padding field empty on 64-bit. */
struct linux_sysinfo {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
};

/* A signal's action as rt_sigaction passes it (the kernel's struct sigaction on x86-64),
 * and as the kernel keeps it. */
struct k_sigaction {
	uint64_t handler;               /* SIG_DFL (0), SIG_IGN (1), or a function */
	uint64_t flags;                 /* SA_* */
	uint64_t restorer;              /* SA_RESTORER: where the handler returns */
	uint64_t mask;                  /* blocked while the handler runs */
};

/* The registers as a handler sees them (struct sigcontext). */
struct linux_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;                       /* user address of the fxsave area */
	uint64_t reserved1[8];
};

/* stack_t (sigaltstack, and in ucontext). */
struct linux_stack {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};

/* struct ucontext, as the signal frame holds it. */
struct linux_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct linux_stack uc_stack;
	struct linux_sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

/* siginfo_t: 128 bytes, the fields after the first three depending on the signal. */
struct linux_siginfo {
	int32_t si_signo, si_errno, si_code, pad;
	union {
		struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad; } child;
		struct { int32_t pid; uint32_t uid; } kill;
		struct { int32_t tid; int32_t overrun; uint64_t sigval; int32_t sys_private; } timer;
		struct { int32_t pid; uint32_t uid; uint64_t value; } rt;  /* sigqueue */
		uint64_t addr;
		uint8_t bytes[112];
	} u;
};

/* struct pollfd (poll, ppoll). */
struct linux_pollfd {
	int32_t fd;
	int16_t events, revents;
};

/* fd_set (select, pselect6): a bit per descriptor, in 64-bit words. */
#define LINUX_FD_SETSIZE 1024
struct linux_fd_set {
	uint64_t fds_bits[LINUX_FD_SETSIZE / 64];
};

/* struct clone_args (clone3): 64 bytes in its first version, 88 with set_tid, 96 with
 * cgroup; later versions may add fields, which must then be zero. */
struct linux_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

/* struct termios as the TCGETS ioctl passes it (the kernel's, not libc's). */
struct linux_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};

/* struct winsize (TIOCGWINSZ). */
struct linux_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* struct ipc64_perm: a SysV IPC object's owner, creator and mode (x86-64's, 48 bytes). */
struct linux_ipc64_perm {
	int32_t key;
	uint32_t uid, gid, cuid, cgid;
	uint32_t mode;
	uint16_t seq, pad2;
	uint64_t unused1, unused2;
};

/* struct shmid64_ds: shmctl's IPC_STAT and IPC_SET (112 bytes). */
struct linux_shmid64_ds {
	struct linux_ipc64_perm shm_perm;
	uint64_t shm_segsz;
	int64_t shm_atime, shm_dtime, shm_ctime;
	int32_t shm_cpid, shm_lpid;
	uint64_t shm_nattch;
	uint64_t unused4, unused5;
};

/* struct shminfo64: shmctl's IPC_INFO, the limits. */
struct linux_shminfo64 {
	uint64_t shmmax, shmmin, shmmni, shmseg, shmall;
	uint64_t unused1, unused2, unused3, unused4;
};

/* struct shm_info: shmctl's SHM_INFO, what segments use now. */
struct linux_shm_info {
	int32_t used_ids;
	uint64_t shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

/* struct msqid64_ds: msgctl's IPC_STAT and IPC_SET (120 bytes). */
struct linux_msqid64_ds {
	struct linux_ipc64_perm msg_perm;
	int64_t msg_stime, msg_rtime, msg_ctime;
	uint64_t msg_cbytes, msg_qnum, msg_qbytes;
	int32_t msg_lspid, msg_lrpid;
	uint64_t unused4, unused5;
};

/* struct msginfo: msgctl's IPC_INFO (the limits) and MSG_INFO (what queues use now). */
struct linux_msginfo {
	int32_t msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	uint16_t msgseg;
};

/* struct msgbuf: what msgsnd sends and msgrcv fills: the type, then the text. */
struct linux_msgbuf {
	int64_t mtype;
	char mtext[];
};

/* struct semid64_ds: semctl's IPC_STAT, SEM_STAT and IPC_SET (104 bytes). */
struct linux_semid64_ds {
	struct linux_ipc64_perm sem_perm;
	int64_t sem_otime;
	uint64_t unused1;
	int64_t sem_ctime;
	uint64_t unused2;
	uint64_t sem_nsems;
	uint64_t unused3, unused4;
};

/* struct sembuf: one operation of semop: on semaphore sem_num, add sem_op (0: wait for
 * zero), with IPC_NOWAIT and SEM_UNDO in sem_flg. */
struct linux_sembuf {
	uint16_t sem_num;
	int16_t sem_op;
	int16_t sem_flg;
};

/* struct seminfo: semctl's IPC_INFO (the limits) and SEM_INFO (what sets use now). */
struct linux_seminfo {
	int32_t semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};

/* userfaultfd (<linux/userfaultfd.h>): user-level handling of page faults
 * (fs/userfaultfd.c, mm/userfault.c). */
#define UFFD_API                        0xaaULL
#define UFFD_USER_MODE_ONLY             1       /* userfaultfd(2)'s flag: user faults only */
#define UFFD_EVENT_PAGEFAULT            0x12
#define UFFD_PAGEFAULT_FLAG_WRITE       (1ULL << 0)
#define UFFD_FEATURE_PAGEFAULT_FLAG_WP  (1ULL << 0)
#define UFFD_FEATURE_EVENT_FORK         (1ULL << 1)
#define UFFD_FEATURE_EVENT_REMAP        (1ULL << 2)
#define UFFD_FEATURE_EVENT_REMOVE       (1ULL << 3)
#define UFFD_FEATURE_MISSING_HUGETLBFS  (1ULL << 4)
#define UFFD_FEATURE_MISSING_SHMEM      (1ULL << 5)
#define UFFD_FEATURE_EVENT_UNMAP        (1ULL << 6)
#define UFFD_FEATURE_SIGBUS             (1ULL << 7)
#define UFFD_FEATURE_THREAD_ID          (1ULL << 8)
#define UFFD_FEATURE_MINOR_HUGETLBFS    (1ULL << 9)
#define UFFD_FEATURE_MINOR_SHMEM        (1ULL << 10)
#define UFFD_FEATURE_EXACT_ADDRESS      (1ULL << 11)
#define UFFDIO_REGISTER_MODE_MISSING    (1ULL << 0)
#define UFFDIO_REGISTER_MODE_WP         (1ULL << 1)
#define UFFDIO_REGISTER_MODE_MINOR      (1ULL << 2)
#define UFFDIO_COPY_MODE_DONTWAKE       (1ULL << 0)
#define UFFDIO_COPY_MODE_WP             (1ULL << 1)
#define UFFDIO_ZEROPAGE_MODE_DONTWAKE   (1ULL << 0)
/* The ioctls' numbers within 0xAA (_UFFDIO_*), which the ioctls bitmasks name. */
#define UFFDIO_NR_REGISTER      0x00
#define UFFDIO_NR_UNREGISTER    0x01
#define UFFDIO_NR_WAKE          0x02
#define UFFDIO_NR_COPY          0x03
#define UFFDIO_NR_ZEROPAGE      0x04
#define UFFDIO_NR_MOVE          0x05
#define UFFDIO_NR_WRITEPROTECT  0x06
#define UFFDIO_NR_CONTINUE      0x07
#define UFFDIO_NR_POISON        0x08
#define UFFDIO_NR_API           0x3f
/* The requests: _IOWR(0xAA, nr, struct) and _IOR for the two that take a range. */
#define UFFDIO_API              0xc018aa3fUL
#define UFFDIO_REGISTER         0xc020aa00UL
#define UFFDIO_UNREGISTER       0x8010aa01UL
#define UFFDIO_WAKE             0x8010aa02UL
#define UFFDIO_COPY             0xc028aa03UL
#define UFFDIO_ZEROPAGE         0xc020aa04UL
#define USERFAULTFD_IOC_NEW     0xaa00UL        /* /dev/userfaultfd: _IO(0xAA, 0) */

/* struct uffd_msg: what reading a userfaultfd gives, one per fault (32 bytes). */
struct linux_uffd_msg {
	uint8_t event;
	uint8_t reserved1;
	uint16_t reserved2;
	uint32_t reserved3;
	union {
		struct {
			uint64_t flags;
			uint64_t address;
			uint32_t ptid;          /* feat.ptid, with UFFD_FEATURE_THREAD_ID */
		} pagefault;
		struct {
			uint64_t reserved1, reserved2, reserved3;
		} reserved;
	} arg;
} __attribute__((packed));

struct linux_uffdio_api {
	uint64_t api, features, ioctls;
};

struct linux_uffdio_range {
	uint64_t start, len;
};

struct linux_uffdio_register {
	struct linux_uffdio_range range;
	uint64_t mode;
	uint64_t ioctls;                /* out: the ioctls the range supports */
};

struct linux_uffdio_copy {
	uint64_t dst, src, len, mode;
	int64_t copy;                   /* out: bytes copied, or -errno */
};

struct linux_uffdio_zeropage {
	struct linux_uffdio_range range;
	uint64_t mode;
	int64_t zeropage;               /* out: bytes zeroed, or -errno */
};

/* rseq(2): the area a thread registers, which the kernel keeps told of the CPU it runs on
 * (struct rseq, 32 bytes in Linux 6.1: later kernels use the padding for node_id and
 * mm_cid)... */
struct linux_rseq {
	uint32_t cpu_id_start;          /* the CPU, always a valid one */
	uint32_t cpu_id;                /* the CPU, or RSEQ_CPU_ID_UNINITIALIZED (-1) */
	uint64_t rseq_cs;               /* the critical section running now, or 0 */
	uint32_t flags;                 /* deprecated RSEQ_CS_FLAG_NO_RESTART_ON_* */
} __attribute__((aligned(32)));

/* ...and the descriptor of one critical section (struct rseq_cs), which rseq_cs points
 * to: [start_ip, start_ip + post_commit_offset) is the section, abort_ip where it goes
 * when preempted or signalled inside it. */
struct linux_rseq_cs {
	uint32_t version;               /* 0 */
	uint32_t flags;
	uint64_t start_ip;
	uint64_t post_commit_offset;
	uint64_t abort_ip;
} __attribute__((aligned(32)));

#endif
