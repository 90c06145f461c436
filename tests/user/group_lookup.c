/* Looking up a group or user that /etc/group and /etc/passwd do not hold: musl then asks a
 * name-service daemon over an AF_UNIX socket. In the guest, which has no socket family,
 * socket() answers EAFNOSUPPORT, which musl reads as "no daemon": the lookup finds nothing,
 * with no error, as on a Linux without nscd (LTP's tst_get_free_gid, used by chmod05 and
 * mknod03, stopped with ENOSYS before). */
#include "check.h"

#include <grp.h>
#include <pwd.h>

int main(void)
{
	errno = 0;
	struct group *g = getgrgid(54321);
	CHECK("getgrgid(54321): none", g == NULL);
	CHECK("getgrgid(54321): no error (errno 0 or ENOENT)", errno == 0 || errno == ENOENT);
	errno = 0;
	g = getgrnam("no-such-group-here");
	CHECK("getgrnam(no-such-group-here): none, no error", g == NULL && (errno == 0 || errno == ENOENT));
	errno = 0;
	struct passwd *p = getpwuid(54321);
	CHECK("getpwuid(54321): none, no error", p == NULL && (errno == 0 || errno == ENOENT));
	g = getgrgid(0);
	CHECK("getgrgid(0) is root", g && strcmp(g->gr_name, "root") == 0);
	p = getpwnam("nobody");
	CHECK("getpwnam(nobody) is uid 65534", p && p->pw_uid == 65534);
	return check_failures != 0;
}
