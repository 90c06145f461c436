/* Bad arguments to mmap, munmap, mprotect, madvise and brk: each gets Linux's error (or
 * Linux's quiet refusal), and nothing reaches the kernel's half of the address space. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define P 4096
#define KERNEL_TEXT ((void *)0xffffffff80000000UL)
#define LAST_USER_PAGE ((void *)0x7ffffffff000UL)

/* Prints what a call returned: "ok" for success, else errno's name. */
static void show(const char *what, long failed)
{
	printf("%-58s -> %s\n", what, failed ? errno_name(errno) : "ok");
}

static void show_map(const char *what, void *m)
{
	show(what, m == MAP_FAILED);
}

int main(void)
{
	int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	show_map("mmap length 0", mmap(0, 0, PROT_READ, anon, -1, 0));
	show_map("mmap length -1", mmap(0, -1UL, PROT_READ, anon, -1, 0));
	show_map("mmap length of the whole user half", mmap(0, 1UL << 47, PROT_READ, anon, -1, 0));
	show_map("mmap neither shared nor private", mmap(0, P, PROT_READ, MAP_ANONYMOUS, -1, 0));
	show_map("mmap anonymous MAP_SHARED_VALIDATE",
		 mmap(0, P, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0));
	show_map("mmap an unaligned offset", mmap(0, P, PROT_READ, anon, -1, 1));
	show_map("MAP_FIXED at the kernel's text", mmap(KERNEL_TEXT, P, 3, anon | MAP_FIXED, -1, 0));
	show_map("MAP_FIXED just past the user half",
		 mmap((void *)(1UL << 47), P, 3, anon | MAP_FIXED, -1, 0));
	show_map("MAP_FIXED over the end of the user half",
		 mmap((char *)LAST_USER_PAGE - P, 4 * P, 3, anon | MAP_FIXED, -1, 0));
	show_map("MAP_FIXED at an unaligned address",
		 mmap((void *)0x10000001, P, 3, anon | MAP_FIXED, -1, 0));

	/* A hint is only a hint: a bad one is ignored, and the mapping goes elsewhere. */
	char *m = mmap(KERNEL_TEXT, 4 * P, PROT_READ | PROT_WRITE, anon, -1, 0);
	show_map("a hint in the kernel's half", m);
	CHECK("  placed in the user half, and usable", (uintptr_t)m < (1UL << 47) && (m[P] = 1));
	m = mmap(LAST_USER_PAGE, 4 * P, PROT_READ | PROT_WRITE, anon, -1, 0);
	show_map("a hint too close to the top", m);
	CHECK("  placed below the top, and usable", (uintptr_t)m < (1UL << 47) && (m[3 * P] = 1));
	char *free_spot = mmap(0, 4 * P, PROT_READ, anon, -1, 0);
	munmap(free_spot, 4 * P);
	m = mmap(free_spot + P + 100, P, PROT_READ, anon, -1, 0);
	CHECK("a free, unaligned hint is rounded down to its page", m == free_spot + P);
	munmap(m, P);
	char *taken = mmap(0, 2 * P, PROT_READ, anon, -1, 0);
	show_map("MAP_FIXED_NOREPLACE over a mapping",
		 mmap(taken + P, P, PROT_READ, anon | MAP_FIXED_NOREPLACE, -1, 0));
	show_map("MAP_FIXED_NOREPLACE | MAP_FIXED over a mapping",
		 mmap(taken + P, P, PROT_READ, anon | MAP_FIXED | MAP_FIXED_NOREPLACE, -1, 0));

	int fd = open("mm_errors.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "some data", 9);
	int ro = open("mm_errors.dat", O_RDONLY);
	int wo = open("mm_errors.dat", O_WRONLY);
	show_map("mmap a closed descriptor", mmap(0, P, PROT_READ, MAP_PRIVATE, 99, 0));
	show_map("mmap a write-only file", mmap(0, P, PROT_READ, MAP_PRIVATE, wo, 0));
	show_map("shared writable mmap of a read-only file",
		 mmap(0, P, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
	show_map("private writable mmap of a read-only file",
		 mmap(0, P, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0));
	show_map("mmap at an offset near the largest file size",
		 mmap(0, 2 * P, PROT_READ, MAP_SHARED, fd, 0x7ffffffffffff000L));
	show_map("MAP_SHARED_VALIDATE with an unknown flag",
		 mmap(0, P, PROT_READ, MAP_SHARED_VALIDATE | 0x400, fd, 0));
	show_map("MAP_SHARED with the same unknown flag",
		 mmap(0, P, PROT_READ, MAP_SHARED | 0x400, fd, 0));
	show_map("mmap a directory", mmap(0, P, PROT_READ, MAP_PRIVATE, open(".", O_RDONLY), 0));
	show_map("mmap /dev/null", mmap(0, P, PROT_READ, MAP_PRIVATE, open("/dev/null", O_RDWR), 0));
	int zero = open("/dev/zero", O_RDWR);
	char *z = mmap(0, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
	show_map("mmap /dev/zero, private", z);
	CHECK("  reads zeros and takes writes", z != MAP_FAILED && z[P + 5] == 0 && (z[5] = 7) == 7);
	char *zs = mmap(0, P, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
	show_map("mmap /dev/zero, shared", zs);
	CHECK("  reads zeros", zs != MAP_FAILED && zs[9] == 0);

	char *shared_ro = mmap(0, P, PROT_READ, MAP_SHARED, ro, 0);
	show("mprotect PROT_WRITE on a shared mapping of a read-only file",
	     mprotect(shared_ro, P, PROT_READ | PROT_WRITE));
	show("mprotect PROT_EXEC on it", mprotect(shared_ro, P, PROT_READ | PROT_EXEC));
	char *private_ro = mmap(0, P, PROT_READ, MAP_PRIVATE, ro, 0);
	show("mprotect PROT_WRITE on a private mapping of it",
	     mprotect(private_ro, P, PROT_READ | PROT_WRITE));
	/* musl's mprotect() aligns its arguments itself: the raw system call shows the kernel's
	 * checks. */
	show("mprotect length -1", syscall(SYS_mprotect, private_ro, -1UL, PROT_READ));
	show("mprotect length 0", syscall(SYS_mprotect, private_ro, 0, PROT_READ));
	show("mprotect an unaligned address", syscall(SYS_mprotect, private_ro + 1, P, PROT_READ));
	show("mprotect the kernel's text", mprotect(KERNEL_TEXT, P, PROT_READ));
	char *holed = mmap(0, 3 * P, PROT_READ, anon, -1, 0);
	munmap(holed + P, P);                   /* mapped, hole, mapped */
	show("mprotect a range with a hole", mprotect(holed, 3 * P, PROT_READ));
	show("mprotect with an unknown bit", mprotect(private_ro, P, PROT_READ | 0x100));

	show("munmap the kernel's text", munmap(KERNEL_TEXT, P));
	show("munmap past the user half", munmap(LAST_USER_PAGE, P));
	show("munmap length 0", munmap(taken, 0));
	show("munmap an unaligned address", munmap(taken + 1, P));
	show("munmap where nothing is mapped", munmap(free_spot, P));

	show("madvise DONTNEED on the kernel's text", madvise(KERNEL_TEXT, 0x200000, MADV_DONTNEED));
	show("madvise with unknown advice", madvise(taken, P, 9999));
	show("madvise length -1", madvise(taken, -1UL, MADV_DONTNEED));
	show("madvise an unaligned address", madvise(taken + 1, P, MADV_DONTNEED));
	show("madvise a range with a hole", madvise(holed, 3 * P, MADV_DONTNEED));
	show("madvise where nothing is mapped", madvise(free_spot, P, MADV_DONTNEED));
	show("madvise length 0", madvise(taken, 0, MADV_DONTNEED));
	z[5] = 7;
	show("madvise DONTNEED on private memory", madvise(z, P, MADV_DONTNEED));
	CHECK("  the page reads as zero again", z[5] == 0);

	/* PROT_NONE hides a page from the kernel too: a system call given it gets EFAULT. */
	char *hidden = mmap(0, P, PROT_READ | PROT_WRITE, anon, -1, 0);
	memcpy(hidden, "secret\n", 7);
	mprotect(hidden, P, PROT_NONE);
	show("write() from a PROT_NONE page", write(1, hidden, 7) < 0);
	lseek(fd, 0, SEEK_SET);
	show("read() into a PROT_NONE page", read(fd, hidden, 4) < 0);
	mprotect(hidden, P, PROT_READ);
	CHECK("  readable again with its data", memcmp(hidden, "secret\n", 7) == 0);

	long brk0 = syscall(SYS_brk, 0);
	CHECK("brk(-1) changes nothing", syscall(SYS_brk, -1L) == brk0);
	CHECK("brk into the kernel's half changes nothing", syscall(SYS_brk, KERNEL_TEXT) == brk0);
	CHECK("brk to the top of the user half changes nothing",
	      syscall(SYS_brk, LAST_USER_PAGE) == brk0);
	CHECK("still running, brk intact", syscall(SYS_brk, 0) == brk0);
	unlink("mm_errors.dat");
	CHECK_DONE();
}
