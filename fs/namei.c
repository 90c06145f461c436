/*
 * Path lookup: from the root ("/...") or the working directory, one component at a time.
 * "." stays, ".." goes to the parent (the root's parent is the root), repeated slashes
 * count as one, and a trailing slash demands a directory.
 */
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"

/* Moves *dir to its child called name ("." and ".." included); takes and drops references. */
static int step(struct inode **dir, const char *name, size_t len)
{
	struct inode *cur = *dir, *next;
	if (!S_ISDIR(cur->mode))
		return -ENOTDIR;
	if (len == 1 && name[0] == '.') {
		return 0;
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		next = cur->parent;
	} else {
		if (cur->nlink == 0)
			return -ENOENT;         /* a removed directory has no entries */
		struct dir_entry *de = dir_find(cur, name, len);
		if (!de)
			return -ENOENT;
		next = de->inode;
	}
	inode_get(next);
	inode_put(cur);
	*dir = next;
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

/*
 * Walks path from its start directory. With last != NULL, stops before the last component
 * and describes it there; otherwise resolves everything into *out.
 */
static int walk(struct inode *cwd, const char *path, struct inode **out, struct path_last *last)
{
	size_t total = strnlen(path, PATH_MAX);
	if (total == 0)
		return -ENOENT;
	if (total == PATH_MAX)
		return -ENAMETOOLONG;
	struct inode *dir = path[0] == '/' ? vfs_root : cwd;
	inode_get(dir);
	const char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		size_t len = component_len(p);
		if (len > NAME_MAX) {
			inode_put(dir);
			return -ENAMETOOLONG;
		}
		const char *after = p + len;
		while (*after == '/')
			after++;
		bool is_last = *after == '\0';
		if (last && is_last) {
			if (len == 0) {                 /* "/" alone: the root is "." of itself */
				p = ".";
				len = 1;
			}
			memcpy(last->name, p, len);
			last->name[len] = '\0';
			last->len = len;
			last->trailing_slash = p[len] == '/';
			last->dir = dir;
			return S_ISDIR(dir->mode) ? 0 : (inode_put(dir), -ENOTDIR);
		}
		if (len == 0)
			break;                          /* end of path (after trailing slashes) */
		int err = step(&dir, p, len);
		if (err) {
			inode_put(dir);
			return err;
		}
		if (is_last) {
			if (p[len] == '/' && !S_ISDIR(dir->mode)) {
				inode_put(dir);
				return -ENOTDIR;
			}
			break;
		}
		p = after;
	}
	*out = dir;
	return 0;
}

int path_lookup(struct inode *cwd, const char *path, struct inode **out)
{
	return walk(cwd, path, out, NULL);
}

int path_parent(struct inode *cwd, const char *path, struct path_last *last)
{
	return walk(cwd, path, NULL, last);
}

void path_last_release(struct path_last *last)
{
	if (last->dir)
		inode_put(last->dir);
	last->dir = NULL;
}
