/*
 * Path lookup: from the root ("/...") or the working directory, one component at a time.
 * "." stays, ".." goes to the parent (the root's parent is the root), repeated slashes
 * count as one, and a trailing slash demands a directory.
 *
 * A symbolic link met in the middle of a path is always followed: its target text takes
 * its place in the path (from the root when the target is absolute, else from the
 * directory that holds the link), so "a/link/b" with link -> "x/y" goes on as "a/x/y/b".
 * At the end of the path it is followed only when the caller asks (stat, open; not lstat,
 * unlink, readlink) or when a slash follows it. /proc's links (/proc/self/exe, cwd, fd/N)
 * are Linux's "magic" links: following one jumps straight to the inode it stands for, so a
 * deleted file or a pipe can still be reached. As Linux, at most MAXSYMLINKS links are
 * followed in one lookup; more is ELOOP (a loop, or just too many). Each directory looked
 * in must let the process search it (x), or the lookup fails with EACCES (fs/perm.c).
 */
#include "fs/vfs.h"
#include "fs/mount.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/kmalloc.h"

/* The child of dir called name ("." and ".." included), referenced in *out. */
static int lookup_child(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct inode *next;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (len == 1 && name[0] == '.') {
		next = dir;
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		next = mount_dotdot(dir);      /* out of a mount at its root */
	} else if (dir->proc_fd_pid) {
		return procfs_fd_lookup(dir, name, len, out);   /* made at each look */
	} else {
		if (dir->nlink == 0)
			return -ENOENT;         /* a removed directory has no entries */
		struct dir_entry *de = dir_find(dir, name, len);
		if (!de && dir->proc_task_tgid)         /* made at the first look */
			return procfs_task_lookup(dir, name, len, out);
		if (!de)
			return -ENOENT;
		next = mount_cross(de->inode);  /* into what is mounted there */
	}
	inode_get(next);
	*out = next;
	return 0;
}

int link_follow(struct inode *link, char *buf, struct inode **target)
{
	*target = NULL;
	if (link->proc_link)
		return link->proc_link(link, buf, PATH_MAX, target);
	size_t len = strlen(link->symlink);
	memcpy(buf, link->symlink, len + 1);
	inode_touch(link, true, false, false);
	return 0;
}

/* The length of the component at p (up to '/' or the end). */
static size_t component_len(const char *p)
{
	size_t n = 0;
	while (p[n] && p[n] != '/')
		n++;
	return n;
}

/* A walk in progress: where it is, and the path text still to go. */
struct walk {
	struct inode *dir;      /* referenced */
	const char *p;          /* the rest of the path (in the caller's string or in buf) */
	char *buf;              /* NULL until a link is followed: the path rewritten */
	int links;              /* links followed so far */
};

/* Follows the link `link` (referenced; dropped here) met at the component ending at `end`,
 * whose rest is `rest`: a magic link gives its inode in *jump; a text link rewrites the
 * walk's path as target + rest and moves w->dir to the root for an absolute target. */
static int follow(struct walk *w, struct inode *link, const char *end, const char *rest,
		  struct inode **jump)
{
	*jump = NULL;
	if (++w->links > MAXSYMLINKS) {
		inode_put(link);
		return -ELOOP;
	}
	char *nbuf = kmalloc(PATH_MAX);
	if (!nbuf) {
		inode_put(link);
		return -ENOMEM;
	}
	int err = link_follow(link, nbuf, jump);
	inode_put(link);
	if (err || *jump) {
		kfree(nbuf);
		return err;
	}
	size_t tlen = strlen(nbuf);
	size_t rlen = strlen(rest);
	bool slash = *end == '/';       /* "link/" must still name a directory */
	if (tlen + slash + rlen + 1 > PATH_MAX) {
		kfree(nbuf);
		return -ENAMETOOLONG;
	}
	if (slash)
		nbuf[tlen++] = '/';
	memcpy(nbuf + tlen, rest, rlen + 1);
	kfree(w->buf);
	w->buf = nbuf;
	w->p = nbuf;
	if (nbuf[0] == '/') {
		inode_put(w->dir);
		w->dir = vfs_root;
		inode_get(w->dir);
	}
	return 0;
}

/*
 * Walks path from its start directory. With last != NULL, stops before the last component
 * and describes it there; otherwise resolves everything into *out, following a link at the
 * end when follow_last.
 */
static int walk(struct inode *cwd, const char *path, bool follow_last, struct inode **out,
		struct path_last *last)
{
	size_t total = strnlen(path, PATH_MAX);
	if (total == 0)
		return -ENOENT;
	if (total == PATH_MAX)
		return -ENAMETOOLONG;
	struct walk w = { path[0] == '/' ? vfs_root : cwd, path, NULL, 0 };
	inode_get(w.dir);
	int err = 0;
	for (;;) {
		const char *p = w.p;
		while (*p == '/')
			p++;
		size_t len = component_len(p);
		if (len > NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		const char *after = p + len;
		while (*after == '/')
			after++;
		bool is_last = *after == '\0';
		if (len > 0 || last) {
			/* Looking in a directory needs its search (x) permission. */
			err = S_ISDIR(w.dir->mode) ? inode_permission(w.dir, MAY_EXEC) : -ENOTDIR;
			if (err)
				break;
		}
		if (last && is_last) {
			if (len == 0) {                 /* "/" alone: the root is "." of itself */
				p = ".";
				len = 1;
			}
			memcpy(last->name, p, len);
			last->name[len] = '\0';
			last->len = len;
			last->trailing_slash = p[len] == '/';
			last->dir = w.dir;
			kfree(w.buf);
			return 0;
		}
		if (len == 0)
			break;                          /* end of path (after trailing slashes) */
		struct inode *next;
		err = lookup_child(w.dir, p, len, &next);
		if (err)
			break;
		if (S_ISLNK(next->mode) && (!is_last || follow_last || p[len] == '/')) {
			struct inode *jump;
			err = follow(&w, next, p + len, after, &jump);
			if (err)
				break;
			if (!jump)
				continue;               /* the rewritten path, from w.dir */
			next = jump;
		}
		inode_put(w.dir);
		w.dir = next;
		if (is_last) {
			if (p[len] == '/' && !S_ISDIR(next->mode))
				err = -ENOTDIR;
			break;
		}
		w.p = after;
	}
	kfree(w.buf);
	if (err) {
		inode_put(w.dir);
		return err;
	}
	*out = w.dir;
	return 0;
}

int path_walk(struct inode *cwd, const char *path, bool follow_last, struct inode **out)
{
	return walk(cwd, path, follow_last, out, NULL);
}

int path_lookup(struct inode *cwd, const char *path, struct inode **out)
{
	return walk(cwd, path, true, out, NULL);
}

int path_parent(struct inode *cwd, const char *path, struct path_last *last)
{
	return walk(cwd, path, false, NULL, last);
}

void path_last_release(struct path_last *last)
{
	if (last->dir)
		inode_put(last->dir);
	last->dir = NULL;
}
