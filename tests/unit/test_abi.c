/*
 * Every structure the kernel copies to or from user memory, compared with Linux's own
 * definition in its UAPI headers (Debian's linux-libc-dev): the same size, and each field
 * at the same offset with the same size. A program built for Linux reads these unchanged,
 * and a kernel that writes one byte too many corrupts the program's stack.
 */
#include "tests/unit/unit.h"
#include "tests/unit/same_layout.h"

#include <stddef.h>

#include <asm/signal.h>                 /* before asm/siginfo.h and asm/ucontext.h */
#include <asm/siginfo.h>
#include <asm/sigcontext.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <asm/ucontext.h>
#include <linux/poll.h>
#include <linux/posix_types.h>
#include <linux/resource.h>
#include <linux/rseq.h>
#include <linux/msg.h>
#include <linux/sched.h>
#include <linux/shm.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/times.h>
#include <linux/uio.h>
#include <linux/utsname.h>

#include "fs/fs_abi.h"
#include "kernel/linux_abi.h"
#include "kernel/time.h"


TEST(sysinfo)
{
	SAME_SIZE(struct linux_sysinfo, struct sysinfo);
	CHECK(sizeof(struct linux_sysinfo) == 112);
	SAME_FIELD(struct linux_sysinfo, uptime, struct sysinfo, uptime);
	SAME_FIELD(struct linux_sysinfo, loads, struct sysinfo, loads);
	SAME_FIELD(struct linux_sysinfo, totalram, struct sysinfo, totalram);
	SAME_FIELD(struct linux_sysinfo, freeram, struct sysinfo, freeram);
	SAME_FIELD(struct linux_sysinfo, sharedram, struct sysinfo, sharedram);
	SAME_FIELD(struct linux_sysinfo, bufferram, struct sysinfo, bufferram);
	SAME_FIELD(struct linux_sysinfo, totalswap, struct sysinfo, totalswap);
	SAME_FIELD(struct linux_sysinfo, freeswap, struct sysinfo, freeswap);
	SAME_FIELD(struct linux_sysinfo, procs, struct sysinfo, procs);
	SAME_FIELD(struct linux_sysinfo, totalhigh, struct sysinfo, totalhigh);
	SAME_FIELD(struct linux_sysinfo, freehigh, struct sysinfo, freehigh);
	SAME_FIELD(struct linux_sysinfo, mem_unit, struct sysinfo, mem_unit);
}

TEST(times_and_clocks)
{
	SAME_SIZE(struct timespec64, struct __kernel_timespec);
	SAME_FIELD(struct timespec64, tv_sec, struct __kernel_timespec, tv_sec);
	SAME_FIELD(struct timespec64, tv_nsec, struct __kernel_timespec, tv_nsec);
	SAME_SIZE(struct linux_timeval, struct __kernel_old_timeval);
	SAME_FIELD(struct linux_timeval, tv_sec, struct __kernel_old_timeval, tv_sec);
	SAME_FIELD(struct linux_timeval, tv_usec, struct __kernel_old_timeval, tv_usec);
	SAME_SIZE(struct linux_timezone, struct timezone);
	SAME_FIELD(struct linux_timezone, tz_minuteswest, struct timezone, tz_minuteswest);
	SAME_FIELD(struct linux_timezone, tz_dsttime, struct timezone, tz_dsttime);
	SAME_SIZE(struct linux_tms, struct tms);
	SAME_FIELD(struct linux_tms, tms_utime, struct tms, tms_utime);
	SAME_FIELD(struct linux_tms, tms_stime, struct tms, tms_stime);
	SAME_FIELD(struct linux_tms, tms_cutime, struct tms, tms_cutime);
	SAME_FIELD(struct linux_tms, tms_cstime, struct tms, tms_cstime);
}

TEST(rusage_and_rlimit)
{
	SAME_SIZE(struct linux_rusage, struct rusage);
	SAME_FIELD(struct linux_rusage, ru_utime, struct rusage, ru_utime);
	SAME_FIELD(struct linux_rusage, ru_stime, struct rusage, ru_stime);
	SAME_FIELD(struct linux_rusage, ru_maxrss, struct rusage, ru_maxrss);
	SAME_FIELD(struct linux_rusage, ru_minflt, struct rusage, ru_minflt);
	SAME_FIELD(struct linux_rusage, ru_majflt, struct rusage, ru_majflt);
	SAME_FIELD(struct linux_rusage, ru_nswap, struct rusage, ru_nswap);
	SAME_FIELD(struct linux_rusage, ru_nsignals, struct rusage, ru_nsignals);
	SAME_FIELD(struct linux_rusage, ru_nvcsw, struct rusage, ru_nvcsw);
	SAME_FIELD(struct linux_rusage, ru_nivcsw, struct rusage, ru_nivcsw);
	SAME_SIZE(struct linux_rlimit, struct rlimit64);
	SAME_SIZE(struct linux_rlimit, struct rlimit);
	SAME_FIELD(struct linux_rlimit, rlim_cur, struct rlimit64, rlim_cur);
	SAME_FIELD(struct linux_rlimit, rlim_max, struct rlimit64, rlim_max);
	SAME_FIELD(struct linux_rlimit, rlim_cur, struct rlimit, rlim_cur);
	SAME_FIELD(struct linux_rlimit, rlim_max, struct rlimit, rlim_max);
}

TEST(files)
{
	SAME_SIZE(struct linux_stat, struct stat);
	SAME_FIELD(struct linux_stat, st_dev, struct stat, st_dev);
	SAME_FIELD(struct linux_stat, st_ino, struct stat, st_ino);
	SAME_FIELD(struct linux_stat, st_nlink, struct stat, st_nlink);
	SAME_FIELD(struct linux_stat, st_mode, struct stat, st_mode);
	SAME_FIELD(struct linux_stat, st_uid, struct stat, st_uid);
	SAME_FIELD(struct linux_stat, st_gid, struct stat, st_gid);
	SAME_FIELD(struct linux_stat, st_rdev, struct stat, st_rdev);
	SAME_FIELD(struct linux_stat, st_size, struct stat, st_size);
	SAME_FIELD(struct linux_stat, st_blksize, struct stat, st_blksize);
	SAME_FIELD(struct linux_stat, st_blocks, struct stat, st_blocks);
	SAME_FIELD(struct linux_stat, st_atime_sec, struct stat, st_atime);
	SAME_FIELD(struct linux_stat, st_atime_nsec, struct stat, st_atime_nsec);
	SAME_FIELD(struct linux_stat, st_mtime_sec, struct stat, st_mtime);
	SAME_FIELD(struct linux_stat, st_mtime_nsec, struct stat, st_mtime_nsec);
	SAME_FIELD(struct linux_stat, st_ctime_sec, struct stat, st_ctime);
	SAME_FIELD(struct linux_stat, st_ctime_nsec, struct stat, st_ctime_nsec);
	SAME_SIZE(struct linux_statfs, struct statfs);
	SAME_FIELD(struct linux_statfs, f_type, struct statfs, f_type);
	SAME_FIELD(struct linux_statfs, f_bsize, struct statfs, f_bsize);
	SAME_FIELD(struct linux_statfs, f_blocks, struct statfs, f_blocks);
	SAME_FIELD(struct linux_statfs, f_bfree, struct statfs, f_bfree);
	SAME_FIELD(struct linux_statfs, f_bavail, struct statfs, f_bavail);
	SAME_FIELD(struct linux_statfs, f_files, struct statfs, f_files);
	SAME_FIELD(struct linux_statfs, f_ffree, struct statfs, f_ffree);
	SAME_FIELD(struct linux_statfs, f_fsid, struct statfs, f_fsid);
	SAME_FIELD(struct linux_statfs, f_namelen, struct statfs, f_namelen);
	SAME_FIELD(struct linux_statfs, f_frsize, struct statfs, f_frsize);
	SAME_FIELD(struct linux_statfs, f_flags, struct statfs, f_flags);
	SAME_FIELD(struct linux_statfs, f_spare, struct statfs, f_spare);
	SAME_SIZE(struct linux_iovec, struct iovec);
	SAME_FIELD(struct linux_iovec, iov_base, struct iovec, iov_base);
	SAME_FIELD(struct linux_iovec, iov_len, struct iovec, iov_len);
	/* struct linux_dirent64 is not in the UAPI headers: getdents64(2) gives its layout. */
	CHECK(offsetof(struct linux_dirent64, d_ino) == 0);
	CHECK(offsetof(struct linux_dirent64, d_off) == 8);
	CHECK(offsetof(struct linux_dirent64, d_reclen) == 16);
	CHECK(offsetof(struct linux_dirent64, d_type) == 18);
	CHECK(offsetof(struct linux_dirent64, d_name) == 19);
}

TEST(utsname)
{
	SAME_SIZE(struct linux_utsname, struct new_utsname);
	SAME_FIELD(struct linux_utsname, sysname, struct new_utsname, sysname);
	SAME_FIELD(struct linux_utsname, nodename, struct new_utsname, nodename);
	SAME_FIELD(struct linux_utsname, release, struct new_utsname, release);
	SAME_FIELD(struct linux_utsname, version, struct new_utsname, version);
	SAME_FIELD(struct linux_utsname, machine, struct new_utsname, machine);
	SAME_FIELD(struct linux_utsname, domainname, struct new_utsname, domainname);
}

TEST(signals)
{
	SAME_SIZE(struct k_sigaction, struct sigaction);
	SAME_FIELD(struct k_sigaction, handler, struct sigaction, sa_handler);
	SAME_FIELD(struct k_sigaction, flags, struct sigaction, sa_flags);
	SAME_FIELD(struct k_sigaction, restorer, struct sigaction, sa_restorer);
	SAME_FIELD(struct k_sigaction, mask, struct sigaction, sa_mask);
	SAME_SIZE(struct linux_stack, stack_t);
	SAME_FIELD(struct linux_stack, ss_sp, stack_t, ss_sp);
	SAME_FIELD(struct linux_stack, ss_flags, stack_t, ss_flags);
	SAME_FIELD(struct linux_stack, ss_size, stack_t, ss_size);
	SAME_SIZE(struct linux_siginfo, siginfo_t);
	SAME_FIELD(struct linux_siginfo, si_signo, siginfo_t, si_signo);
	SAME_FIELD(struct linux_siginfo, si_errno, siginfo_t, si_errno);
	SAME_FIELD(struct linux_siginfo, si_code, siginfo_t, si_code);
	SAME_FIELD(struct linux_siginfo, u.kill.pid, siginfo_t, si_pid);
	SAME_FIELD(struct linux_siginfo, u.kill.uid, siginfo_t, si_uid);
	SAME_FIELD(struct linux_siginfo, u.child.pid, siginfo_t, si_pid);
	SAME_FIELD(struct linux_siginfo, u.child.uid, siginfo_t, si_uid);
	SAME_FIELD(struct linux_siginfo, u.child.status, siginfo_t, si_status);
	SAME_FIELD(struct linux_siginfo, u.addr, siginfo_t, si_addr);
	SAME_FIELD(struct linux_siginfo, u.rt.pid, siginfo_t, si_pid);
	SAME_FIELD(struct linux_siginfo, u.rt.uid, siginfo_t, si_uid);
	SAME_FIELD(struct linux_siginfo, u.rt.value, siginfo_t, si_value);
	SAME_FIELD(struct linux_siginfo, u.timer.tid, siginfo_t, _sifields._timer._tid);
	SAME_FIELD(struct linux_siginfo, u.timer.overrun, siginfo_t, si_overrun);
	SAME_FIELD(struct linux_siginfo, u.timer.sigval, siginfo_t, _sifields._timer._sigval);
	SAME_FIELD(struct linux_siginfo, u.timer.sigval, siginfo_t, si_value);
	SAME_FIELD(struct linux_siginfo, u.timer.sys_private, siginfo_t, si_sys_private);
}

TEST(timers)
{
	SAME_SIZE(struct linux_itimerval, struct __kernel_old_itimerval);
	SAME_FIELD(struct linux_itimerval, it_interval, struct __kernel_old_itimerval, it_interval);
	SAME_FIELD(struct linux_itimerval, it_value, struct __kernel_old_itimerval, it_value);
	SAME_SIZE(struct linux_itimerspec, struct __kernel_itimerspec);
	SAME_FIELD(struct linux_itimerspec, it_interval, struct __kernel_itimerspec, it_interval);
	SAME_FIELD(struct linux_itimerspec, it_value, struct __kernel_itimerspec, it_value);
	SAME_FIELD(struct linux_itimerspec, it_value.tv_nsec, struct __kernel_itimerspec,
		   it_value.tv_nsec);
	SAME_SIZE(struct linux_sigevent, sigevent_t);
	SAME_FIELD(struct linux_sigevent, sigev_value, sigevent_t, sigev_value);
	SAME_FIELD(struct linux_sigevent, sigev_signo, sigevent_t, sigev_signo);
	SAME_FIELD(struct linux_sigevent, sigev_notify, sigevent_t, sigev_notify);
	SAME_FIELD(struct linux_sigevent, sigev_un.tid, sigevent_t, sigev_notify_thread_id);
}

TEST(signal_frame)
{
	SAME_SIZE(struct linux_sigcontext, struct sigcontext);
	SAME_FIELD(struct linux_sigcontext, r8, struct sigcontext, r8);
	SAME_FIELD(struct linux_sigcontext, r15, struct sigcontext, r15);
	SAME_FIELD(struct linux_sigcontext, rdi, struct sigcontext, rdi);
	SAME_FIELD(struct linux_sigcontext, rax, struct sigcontext, rax);
	SAME_FIELD(struct linux_sigcontext, rsp, struct sigcontext, rsp);
	SAME_FIELD(struct linux_sigcontext, rip, struct sigcontext, rip);
	SAME_FIELD(struct linux_sigcontext, eflags, struct sigcontext, eflags);
	SAME_FIELD(struct linux_sigcontext, cs, struct sigcontext, cs);
	SAME_FIELD(struct linux_sigcontext, gs, struct sigcontext, gs);
	SAME_FIELD(struct linux_sigcontext, fs, struct sigcontext, fs);
	SAME_FIELD(struct linux_sigcontext, ss, struct sigcontext, ss);
	SAME_FIELD(struct linux_sigcontext, err, struct sigcontext, err);
	SAME_FIELD(struct linux_sigcontext, trapno, struct sigcontext, trapno);
	SAME_FIELD(struct linux_sigcontext, oldmask, struct sigcontext, oldmask);
	SAME_FIELD(struct linux_sigcontext, cr2, struct sigcontext, cr2);
	SAME_FIELD(struct linux_sigcontext, fpstate, struct sigcontext, fpstate);
	SAME_FIELD(struct linux_sigcontext, reserved1, struct sigcontext, reserved1);
	SAME_SIZE(struct linux_ucontext, struct ucontext);
	SAME_FIELD(struct linux_ucontext, uc_flags, struct ucontext, uc_flags);
	SAME_FIELD(struct linux_ucontext, uc_link, struct ucontext, uc_link);
	SAME_FIELD(struct linux_ucontext, uc_stack, struct ucontext, uc_stack);
	SAME_FIELD(struct linux_ucontext, uc_mcontext, struct ucontext, uc_mcontext);
	SAME_FIELD(struct linux_ucontext, uc_sigmask, struct ucontext, uc_sigmask);
}

TEST(terminal)
{
	SAME_SIZE(struct linux_termios, struct termios);
	SAME_FIELD(struct linux_termios, c_iflag, struct termios, c_iflag);
	SAME_FIELD(struct linux_termios, c_oflag, struct termios, c_oflag);
	SAME_FIELD(struct linux_termios, c_cflag, struct termios, c_cflag);
	SAME_FIELD(struct linux_termios, c_lflag, struct termios, c_lflag);
	SAME_FIELD(struct linux_termios, c_line, struct termios, c_line);
	SAME_FIELD(struct linux_termios, c_cc, struct termios, c_cc);
	SAME_SIZE(struct linux_winsize, struct winsize);
	SAME_FIELD(struct linux_winsize, ws_row, struct winsize, ws_row);
	SAME_FIELD(struct linux_winsize, ws_col, struct winsize, ws_col);
	SAME_FIELD(struct linux_winsize, ws_xpixel, struct winsize, ws_xpixel);
	SAME_FIELD(struct linux_winsize, ws_ypixel, struct winsize, ws_ypixel);
}

TEST(clone3)
{
	SAME_SIZE(struct linux_clone_args, struct clone_args);
	SAME_FIELD(struct linux_clone_args, flags, struct clone_args, flags);
	SAME_FIELD(struct linux_clone_args, pidfd, struct clone_args, pidfd);
	SAME_FIELD(struct linux_clone_args, child_tid, struct clone_args, child_tid);
	SAME_FIELD(struct linux_clone_args, parent_tid, struct clone_args, parent_tid);
	SAME_FIELD(struct linux_clone_args, exit_signal, struct clone_args, exit_signal);
	SAME_FIELD(struct linux_clone_args, stack, struct clone_args, stack);
	SAME_FIELD(struct linux_clone_args, stack_size, struct clone_args, stack_size);
	SAME_FIELD(struct linux_clone_args, tls, struct clone_args, tls);
	SAME_FIELD(struct linux_clone_args, set_tid, struct clone_args, set_tid);
	SAME_FIELD(struct linux_clone_args, set_tid_size, struct clone_args, set_tid_size);
	SAME_FIELD(struct linux_clone_args, cgroup, struct clone_args, cgroup);
}

TEST(waiting)
{
	SAME_SIZE(struct linux_pollfd, struct pollfd);
	SAME_FIELD(struct linux_pollfd, fd, struct pollfd, fd);
	SAME_FIELD(struct linux_pollfd, events, struct pollfd, events);
	SAME_FIELD(struct linux_pollfd, revents, struct pollfd, revents);
	SAME_SIZE(struct linux_fd_set, __kernel_fd_set);
}

TEST(sysv_shm)
{
	SAME_SIZE(struct linux_ipc64_perm, struct ipc64_perm);
	SAME_FIELD(struct linux_ipc64_perm, key, struct ipc64_perm, key);
	SAME_FIELD(struct linux_ipc64_perm, uid, struct ipc64_perm, uid);
	SAME_FIELD(struct linux_ipc64_perm, gid, struct ipc64_perm, gid);
	SAME_FIELD(struct linux_ipc64_perm, cuid, struct ipc64_perm, cuid);
	SAME_FIELD(struct linux_ipc64_perm, cgid, struct ipc64_perm, cgid);
	SAME_FIELD(struct linux_ipc64_perm, mode, struct ipc64_perm, mode);
	SAME_FIELD(struct linux_ipc64_perm, seq, struct ipc64_perm, seq);
	SAME_SIZE(struct linux_shmid64_ds, struct shmid64_ds);
	CHECK(sizeof(struct linux_shmid64_ds) == 112);
	SAME_FIELD(struct linux_shmid64_ds, shm_perm, struct shmid64_ds, shm_perm);
	SAME_FIELD(struct linux_shmid64_ds, shm_segsz, struct shmid64_ds, shm_segsz);
	SAME_FIELD(struct linux_shmid64_ds, shm_atime, struct shmid64_ds, shm_atime);
	SAME_FIELD(struct linux_shmid64_ds, shm_dtime, struct shmid64_ds, shm_dtime);
	SAME_FIELD(struct linux_shmid64_ds, shm_ctime, struct shmid64_ds, shm_ctime);
	SAME_FIELD(struct linux_shmid64_ds, shm_cpid, struct shmid64_ds, shm_cpid);
	SAME_FIELD(struct linux_shmid64_ds, shm_lpid, struct shmid64_ds, shm_lpid);
	SAME_FIELD(struct linux_shmid64_ds, shm_nattch, struct shmid64_ds, shm_nattch);
	SAME_SIZE(struct linux_shminfo64, struct shminfo64);
	SAME_FIELD(struct linux_shminfo64, shmmax, struct shminfo64, shmmax);
	SAME_FIELD(struct linux_shminfo64, shmmin, struct shminfo64, shmmin);
	SAME_FIELD(struct linux_shminfo64, shmmni, struct shminfo64, shmmni);
	SAME_FIELD(struct linux_shminfo64, shmseg, struct shminfo64, shmseg);
	SAME_FIELD(struct linux_shminfo64, shmall, struct shminfo64, shmall);
	SAME_SIZE(struct linux_shm_info, struct shm_info);
	SAME_FIELD(struct linux_shm_info, used_ids, struct shm_info, used_ids);
	SAME_FIELD(struct linux_shm_info, shm_tot, struct shm_info, shm_tot);
	SAME_FIELD(struct linux_shm_info, shm_rss, struct shm_info, shm_rss);
	SAME_FIELD(struct linux_shm_info, shm_swp, struct shm_info, shm_swp);
}

TEST(sysv_msg)
{
	SAME_SIZE(struct linux_msqid64_ds, struct msqid64_ds);
	CHECK(sizeof(struct linux_msqid64_ds) == 120);
	SAME_FIELD(struct linux_msqid64_ds, msg_perm, struct msqid64_ds, msg_perm);
	SAME_FIELD(struct linux_msqid64_ds, msg_stime, struct msqid64_ds, msg_stime);
	SAME_FIELD(struct linux_msqid64_ds, msg_rtime, struct msqid64_ds, msg_rtime);
	SAME_FIELD(struct linux_msqid64_ds, msg_ctime, struct msqid64_ds, msg_ctime);
	SAME_FIELD(struct linux_msqid64_ds, msg_cbytes, struct msqid64_ds, msg_cbytes);
	SAME_FIELD(struct linux_msqid64_ds, msg_qnum, struct msqid64_ds, msg_qnum);
	SAME_FIELD(struct linux_msqid64_ds, msg_qbytes, struct msqid64_ds, msg_qbytes);
	SAME_FIELD(struct linux_msqid64_ds, msg_lspid, struct msqid64_ds, msg_lspid);
	SAME_FIELD(struct linux_msqid64_ds, msg_lrpid, struct msqid64_ds, msg_lrpid);
	SAME_SIZE(struct linux_msginfo, struct msginfo);
	SAME_FIELD(struct linux_msginfo, msgpool, struct msginfo, msgpool);
	SAME_FIELD(struct linux_msginfo, msgmap, struct msginfo, msgmap);
	SAME_FIELD(struct linux_msginfo, msgmax, struct msginfo, msgmax);
	SAME_FIELD(struct linux_msginfo, msgmnb, struct msginfo, msgmnb);
	SAME_FIELD(struct linux_msginfo, msgmni, struct msginfo, msgmni);
	SAME_FIELD(struct linux_msginfo, msgssz, struct msginfo, msgssz);
	SAME_FIELD(struct linux_msginfo, msgtql, struct msginfo, msgtql);
	SAME_FIELD(struct linux_msginfo, msgseg, struct msginfo, msgseg);
	/* msgbuf's text follows its type; Linux spells it mtext[1], here a flexible array. */
	SAME_FIELD(struct linux_msgbuf, mtype, struct msgbuf, mtype);
	CHECK(offsetof(struct linux_msgbuf, mtext) == offsetof(struct msgbuf, mtext));
}

/* rseq(2)'s area and critical-section descriptor (newer headers add node_id and mm_cid in
 * struct rseq's padding: the size and the fields Linux 6.1 has are compared). */
TEST(rseq)
{
	SAME_SIZE(struct linux_rseq, struct rseq);
	CHECK(sizeof(struct linux_rseq) == 32);
	SAME_FIELD(struct linux_rseq, cpu_id_start, struct rseq, cpu_id_start);
	SAME_FIELD(struct linux_rseq, cpu_id, struct rseq, cpu_id);
	SAME_FIELD(struct linux_rseq, rseq_cs, struct rseq, rseq_cs);
	SAME_FIELD(struct linux_rseq, flags, struct rseq, flags);
	SAME_SIZE(struct linux_rseq_cs, struct rseq_cs);
	SAME_FIELD(struct linux_rseq_cs, version, struct rseq_cs, version);
	SAME_FIELD(struct linux_rseq_cs, flags, struct rseq_cs, flags);
	SAME_FIELD(struct linux_rseq_cs, start_ip, struct rseq_cs, start_ip);
	SAME_FIELD(struct linux_rseq_cs, post_commit_offset, struct rseq_cs, post_commit_offset);
	SAME_FIELD(struct linux_rseq_cs, abort_ip, struct rseq_cs, abort_ip);
}
