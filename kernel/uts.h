/* The names uname(2) gives, which /proc/sys/kernel shows too (ostype, osrelease, hostname). */
#ifndef KERNEL_UTS_H
#define KERNEL_UTS_H

#define UTS_SYSNAME "Linux"             /* what programs built for Linux expect to see */
#define UTS_RELEASE "6.1.0-mmk"
#define UTS_NAME_LEN 64                 /* Linux's __NEW_UTS_LEN */

/* The host name: uname's nodename, set by sethostname(2) or /proc/sys/kernel/hostname
 * (kernel/syscall/sys_misc.c). */
extern char uts_nodename[UTS_NAME_LEN + 1];

#endif
