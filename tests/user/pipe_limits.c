/*
 * Pipe buffer limits, as Linux's fs/pipe.c: /proc/sys/fs/pipe-max-size (the largest
 * F_SETPIPE_SZ for a user other than root, rounded as F_SETPIPE_SZ rounds),
 * pipe-user-pages-soft (past it a user's new pipes get 2 pages, and growing one is EPERM)
 * and pipe-user-pages-hard (past it pipe() is ENFILE). Root is bound by none of them. The
 * limited user is uid 4242, a user nothing else on the machine runs as. Needs root; sets
 * the three settings back to what they were.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define LIMITED_UID 4242

static const char *const settings[] = {
	"/proc/sys/fs/pipe-max-size",
	"/proc/sys/fs/pipe-user-pages-soft",
	"/proc/sys/fs/pipe-user-pages-hard",
};
enum { MAX_SIZE, SOFT, HARD };

/* The setting's value, or -1. */
static long get(int which)
{
	FILE *f = fopen(settings[which], "r");
	long v = -1;
	if (f && fscanf(f, "%ld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

/* Writes text to the setting: 0, or the errno. */
static int put(int which, const char *text)
{
	int fd = open(settings[which], O_WRONLY);
	if (fd < 0)
		return errno;
	int err = write(fd, text, strlen(text)) < 0 ? errno : 0;
	close(fd);
	return err;
}

static void put_long(int which, long v)
{
	char text[32];
	snprintf(text, sizeof(text), "%ld\n", v);
	put(which, text);
}

/* A new pipe's capacity, or the negated errno of pipe(). */
static long new_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -errno;
	return fcntl(fds[1], F_GETPIPE_SZ);
}

static const char *err_text(long r)
{
	static char text[32];
	if (r >= 0) {
		snprintf(text, sizeof(text), "%ld", r);
		return text;
	}
	return errno_name((int)-r);
}

/* F_SETPIPE_SZ's answer: the new capacity or the errno's name. */
static const char *set_size(int fd, long size)
{
	long r = fcntl(fd, F_SETPIPE_SZ, size);
	return err_text(r < 0 ? -errno : r);
}

/* In a child acting as LIMITED_UID (or as root when as_root): makes pipes until one fails
 * or `count` are made, printing each capacity; then tries to grow the first and shrink the
 * last. The child's exit status says whether it could change its user. */
static void pipes_as(int as_root, int count)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (!as_root && setuid(LIMITED_UID) != 0)
			_exit(2);
		int fds[8][2];
		int made = 0;
		printf("  %s:", as_root ? "root" : "uid 4242");
		while (made < count && made < 8) {
			long r = new_pipe(fds[made]);
			printf(" %s", err_text(r));
			if (r < 0)
				break;
			made++;
		}
		printf("\n");
		if (made > 0) {
			printf("  grow the first to 131072:  %s\n", set_size(fds[0][1], 131072));
			printf("  shrink the last to 4096:   %s\n", set_size(fds[made - 1][1], 4096));
		}
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("the child ran", WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* pipe15's case: a 2-page pipe takes 8192 bytes, gives back 8191, then takes 1 more
 * without blocking (Linux 5.5 blocked here until commit 46c4c9d1beb7). */
static void two_page_pipe(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(LIMITED_UID) != 0)
			_exit(2);
		int fds[3][2];
		new_pipe(fds[0]);
		new_pipe(fds[1]);
		long size = new_pipe(fds[2]);   /* past the soft limit: 2 pages */
		static char buf[8192];
		fcntl(fds[2][1], F_SETFL, O_NONBLOCK);
		int ok = size == 8192 && write(fds[2][1], buf, 8192) == 8192 &&
			 read(fds[2][0], buf, 8191) == 8191 && write(fds[2][1], buf, 1) == 1 &&
			 read(fds[2][0], buf, 2) == 2;
		_exit(ok ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK("a 2-page pipe: write 8192, read 8191, write 1 more", WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	long was[3];
	for (int i = 0; i < 3; i++) {
		was[i] = get(i);
		printf("%s: %ld\n", settings[i], was[i]);
	}

	static const char *const sizes[] = { "5000", "0", "65536", "2147483648", "2147483649",
					     "-1", "abc" };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int err = put(MAX_SIZE, sizes[i]);
		printf("pipe-max-size <- %-11s %s, reads %ld\n", sizes[i],
		       err ? errno_name(err) : "ok", get(MAX_SIZE));
	}

	put(MAX_SIZE, "16384");
	printf("pipe-max-size 16384, soft and hard limits off:\n");
	put(SOFT, "0");
	pipes_as(0, 2);         /* not root: this host's root lacks CAP_SYS_RESOURCE, which
				 * exempts root from pipe-max-size on a whole Linux and here */

	put_long(MAX_SIZE, was[MAX_SIZE]);
	printf("soft limit 40 pages:\n");
	put(SOFT, "40");
	pipes_as(0, 4);
	pipes_as(1, 4);
	two_page_pipe();

	printf("hard limit 40 pages, no soft limit:\n");
	put(SOFT, "0");
	put(HARD, "40");
	pipes_as(0, 4);
	pipes_as(1, 4);

	printf("both, the hard one above the soft one:\n");
	put(SOFT, "20");
	put(HARD, "24");
	pipes_as(0, 6);

	for (int i = 0; i < 3; i++)
		put_long(i, was[i]);
	CHECK("the settings are back", get(MAX_SIZE) == was[MAX_SIZE] &&
	      get(SOFT) == was[SOFT] && get(HARD) == was[HARD]);
	CHECK_DONE();
}
