/* File system instances and the mount table: mount, umount2, /proc/mounts (fs/mount.h). */
#include "fs/mount.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/panic.h"
#include "kernel/proc/cred.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

static const struct fs_type rootfs_type = { "rootfs", TMPFS_MAGIC, true };
static const struct fs_type tmpfs_type = { "tmpfs", TMPFS_MAGIC, true };
static const struct fs_type ramfs_type = { "ramfs", RAMFS_MAGIC, false };
extern const struct fs_type procfs_type;        /* fs/procfs.c: one instance, made at boot */

struct super_block rootfs_sb = { .type = &rootfs_type, .dev = 1, .mounts = 1 };

static struct list_head mounts = LIST_HEAD_INIT(mounts);
static uint64_t next_anon_dev = 20;
static int next_mount_id = 2;           /* rootfs's is 1 */     /* rootfs is 1; Linux's anonymous devices are 0:N */

/* The n characters at s as a number in base (8 or 10): 0, or -EINVAL. */
static int parse_u64(const char *s, size_t n, unsigned base, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (d >= base || v > (UINT64_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* Copies s into dst (size bytes), cut short if need be. */
static void copy_str(char *dst, const char *s, size_t size)
{
	size_t n = strnlen(s, size - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Whether the running process may mount and unmount (CAP_SYS_ADMIN: effective user 0). */
static bool may_mount(void)
{
	return cred_capable_setid(current_cred());
}

#define ST_VALID    0x20                /* statfs's f_flags: they are filled in */
#define ST_RELATIME 4096

struct super_block *inode_sb(const struct inode *ip)
{
	if (ip->sb)
		return ip->sb;
	return inode_is_proc(ip) ? procfs_sb() : &rootfs_sb;
}

int sb_want_write(const struct inode *ip)
{
	return inode_sb(ip)->rdonly ? -EROFS : 0;
}

struct super_block *sb_create(const struct fs_type *type, uint32_t mode)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	struct inode *root = sb ? inode_alloc(S_IFDIR | mode) : NULL;
	if (!root) {
		kfree(sb);
		return NULL;
	}
	root->nlink = 2;
	root->parent = root;            /* a root is its own parent; ".." leaves by its mount */
	root->sb = sb;
	sb->type = type;
	sb->dev = next_anon_dev++;
	sb->root = root;                /* inode_alloc's reference */
	return sb;
}

/* The first mount in the table that shows sb, or NULL. */
static struct mount *mount_of_sb(const struct super_block *sb)
{
	struct list_head *pos;
	list_for_each(pos, &mounts) {
		struct mount *m = list_entry(pos, struct mount, link);
		if (m->sb == sb)
			return m;
	}
	return NULL;
}

int mount_attach(struct super_block *sb, struct inode *covered, const char *source,
		 uint32_t flags)
{
	struct mount *m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->sb = sb;
	m->covered = covered;
	inode_get(covered);
	covered->mounted = m;
	copy_str(m->source, source, sizeof(m->source));
	m->flags = flags;
	m->id = next_mount_id++;
	sb->mounts++;
	list_add_tail(&m->link, &mounts);
	return 0;
}

struct inode *mount_climb(struct inode *dir)
{
	while (dir != vfs_root && dir->parent == dir) {
		struct mount *m = mount_of_sb(inode_sb(dir));
		if (!m || !m->covered)
			return NULL;
		dir = m->covered;
	}
	return dir;
}

struct inode *mount_dotdot(struct inode *dir)
{
	struct inode *d = mount_climb(dir);
	return d ? d->parent : dir;     /* a detached root: ".." stays, as at "/" */
}

struct inode *mount_cross(struct inode *ip)
{
	while (ip->mounted)
		ip = ip->mounted->sb->root;
	return ip;
}

/* --- whether an instance is in use, and freeing one --- */

/* The references an inode of a tree holds by being in it: each subdirectory's on its
 * parent, and the instance's on its root. */
static int tree_refs(const struct inode *ip, const struct super_block *sb)
{
	int n = ip == sb->root;
	struct list_head *pos;
	if (S_ISDIR(ip->mode))
		list_for_each(pos, &ip->entries) {
			struct dir_entry *de = list_entry(pos, struct dir_entry, link);
			n += S_ISDIR(de->inode->mode) && de->inode->parent == ip;
		}
	return n;
}

/* Calls visit on each inode of sb's tree below its root, once per name, depth first
 * without recursion (as vfs_path_of's walk). Stops when visit returns true, and says
 * whether it did. */
static bool sb_walk(const struct super_block *sb, bool (*visit)(struct inode *ip, void *arg),
		    void *arg)
{
	struct inode *dir = sb->root;
	struct list_head *pos = dir->entries.next;
	for (;;) {
		if (pos == &dir->entries) {             /* done here: on with the parent's next */
			if (dir == sb->root)
				return false;
			struct inode *up = dir->parent;
			struct list_head *it;
			pos = &up->entries;
			list_for_each(it, &up->entries)
				if (list_entry(it, struct dir_entry, link)->inode == dir) {
					pos = it->next;
					break;
				}
			dir = up;
			continue;
		}
		struct inode *ip = list_entry(pos, struct dir_entry, link)->inode;
		if (visit(ip, arg))
			return true;
		if (S_ISDIR(ip->mode) && ip->parent == dir && !list_empty(&ip->entries)) {
			dir = ip;
			pos = dir->entries.next;
		} else {
			pos = pos->next;
		}
	}
}

/* sb_walk's visit for sb_busy: does something beyond the tree hold ip? */
static bool held_from_outside(struct inode *ip, void *sb)
{
	return ip->refcount > tree_refs(ip, sb);
}

/* Whether anything holds an inode of sb beyond its tree: an open file, a working
 * directory, a mapping, a mount on one of its directories (each holds a reference). */
static bool sb_busy(const struct super_block *sb)
{
	return held_from_outside(sb->root, (void *)sb) ||
	       sb_walk(sb, held_from_outside, (void *)sb);
}

/* Frees an instance nothing uses: its tree, deepest names first, then its root. */
static void sb_free(struct super_block *sb)
{
	struct inode *dir = sb->root;
	for (;;) {
		if (dir_is_empty(dir)) {
			if (dir == sb->root)
				break;
			dir = dir->parent;
			continue;
		}
		struct dir_entry *de = list_entry(dir->entries.next, struct dir_entry, link);
		struct inode *ip = de->inode;
		if (S_ISDIR(ip->mode) && !dir_is_empty(ip)) {
			dir = ip;
			continue;
		}
		if (S_ISDIR(ip->mode)) {
			ip->nlink--;            /* its "." */
			dir->nlink--;           /* its ".." */
		}
		dir_unlink(dir, de);
	}
	struct inode *root = sb->root;
	root->nlink = 0;
	root->sb = NULL;
	inode_put(root);
	kfree(sb);
}

void mount_put_hook(struct super_block *sb)
{
	if (sb->detached && !sb_busy(sb)) {
		sb->detached = false;
		sb_free(sb);
	}
}

/* --- mount(2) --- */

/* The instance type names, or NULL. */
static const struct fs_type *fs_type_find(const char *name)
{
	static const struct fs_type *const types[] = { &tmpfs_type, &ramfs_type, &procfs_type };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i]->name, name) == 0)
			return types[i];
	return NULL;
}

/* What mount's data string sets. */
struct mount_opts {
	uint32_t mode;
	uint64_t max_pages;
	bool mode_set, size_set;
};

/* tmpfs's size=: bytes with a k, m or g suffix, or a percentage of memory; in pages,
 * rounded up. */
static int parse_size(const char *v, size_t len, uint64_t *pages)
{
	if (len == 0)
		return -EINVAL;
	char last = v[len - 1];
	unsigned shift = 0;
	bool percent = false;
	switch (last) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case '%': percent = true; break;
	default: break;
	}
	uint64_t n;
	if (parse_u64(v, len - (shift || percent), 10, &n) || n > (UINT64_MAX >> 31))
		return -EINVAL;
	if (percent) {
		struct frame_stats fs;
		frame_get_stats(&fs);
		*pages = fs.total * n / 100;
	} else {
		*pages = ((n << shift) + 4095) / 4096;
	}
	return 0;
}

/* Parses the comma-separated options of data for type: tmpfs knows size= and mode=, ramfs
 * mode= (and ignores the rest, as Linux's); proc takes none here. -EINVAL for one it does
 * not know. */
static int parse_opts(const struct fs_type *type, const char *data, struct mount_opts *o)
{
	for (const char *p = data; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = strchr(p, '=');
		if (eq && eq >= p + len)
			eq = NULL;
		size_t klen = eq ? (size_t)(eq - p) : len;
		const char *v = eq ? eq + 1 : p + len;
		size_t vlen = (size_t)(p + len - v);
		int err = 0;
		if (type == &procfs_type) {
			err = len ? -EINVAL : 0;
		} else if (klen == 4 && memcmp(p, "mode", 4) == 0 && eq) {
			uint64_t mode = 0;
			err = parse_u64(v, vlen, 8, &mode);
			o->mode = (uint32_t)mode & 07777;
			o->mode_set = true;
		} else if (type == &tmpfs_type && klen == 4 && memcmp(p, "size", 4) == 0 && eq) {
			err = parse_size(v, vlen, &o->max_pages);
			o->size_set = true;
		} else if (type == &tmpfs_type && len) {
			err = -EINVAL;          /* "tmpfs: Unknown parameter" */
		}
		if (err)
			return err;
		p = end ? end + 1 : p + len;
	}
	return 0;
}

/* The flags /proc/mounts shows for what mount(2) was given: relatime unless noatime or
 * strictatime, as Linux's default. */
static uint32_t shown_flags(uint32_t flags)
{
	uint32_t f = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_DIRSYNC |
			      MS_NOATIME | MS_NODIRATIME);
	if (!(flags & (MS_NOATIME | MS_STRICTATIME)))
		f |= MS_RELATIME;
	return f;
}

/* MS_REMOUNT of the instance at target (dir, which must be a root): ro or rw, and
 * tmpfs's size. */
static int remount(struct inode *dir, uint32_t flags, const char *data)
{
	struct super_block *sb = inode_sb(dir);
	struct mount *m = mount_of_sb(sb);
	if (sb->root != dir || !m)
		return -EINVAL;
	struct mount_opts o = { 0 };
	int err = parse_opts(sb->type == &rootfs_type ? &tmpfs_type : sb->type, data, &o);
	if (err)
		return err;
	sb->rdonly = flags & MS_RDONLY;
	if (o.size_set && sb->type == &tmpfs_type)
		sb->max_pages = o.max_pages;
	if (!(flags & MS_BIND) && m->covered)
		m->flags = shown_flags(flags);
	return 0;
}

int do_mount(struct inode *cwd, const char *source, const char *target, const char *type,
	     uint32_t flags, const char *data)
{
	struct inode *dir;
	int err = path_lookup(cwd, target, &dir);
	if (err)
		return err;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	const struct fs_type *t = NULL;
	struct mount_opts o = { 0 };
	if (!may_mount())
		err = -EPERM;
	else if (flags & MS_REMOUNT)
		err = remount(dir, flags, data);
	else if ((flags & MS_PRIVATE) && !(flags & ~(MS_PRIVATE | MS_REC | MS_SILENT)))
		err = dir == inode_sb(dir)->root ? 0 : -EINVAL;    /* there is no propagation:
								      * every mount is private */
	else if (flags & (MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		err = -ENOSYS;                  /* not here (sys_mount logs it) */
	else if (!type)
		err = -EINVAL;
	else if (!(t = fs_type_find(type)))
		err = -ENODEV;
	else if (!(err = parse_opts(t, data, &o)) && !S_ISDIR(dir->mode))
		err = -ENOTDIR;
	else if (!err && dir->nlink == 0)
		err = -ENOENT;                  /* a removed directory */
	if (err || (flags & (MS_REMOUNT | MS_PRIVATE))) {
		inode_put(dir);
		return err;
	}
	struct super_block *sb = procfs_sb();
	if (t != &procfs_type) {
		uint32_t mode = o.mode_set ? o.mode : t == &tmpfs_type ? 01777 : 0755;
		sb = sb_create(t, mode);
		if (!sb) {
			inode_put(dir);
			return -ENOMEM;
		}
		sb->max_pages = o.size_set ? o.max_pages : 0;
		sb->rdonly = flags & MS_RDONLY;
	}
	err = mount_attach(sb, dir, source ? source : "none", shown_flags(flags));
	if (err && t != &procfs_type)
		sb_free(sb);
	inode_put(dir);
	return err;
}

/* --- umount2(2) --- */

/* The mount whose root target names: the top one where several are stacked. Where one
 * instance shows in several places (proc), the one whose covered directory the path's last
 * name is. */
static struct mount *mount_at(struct inode *cwd, struct inode *ip, const char *target)
{
	struct mount *found = NULL;
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, &mounts) {
		struct mount *m = list_entry(pos, struct mount, link);
		if (m->sb->root == ip && m->covered) {
			found = m;
			n++;
		}
	}
	if (n <= 1)
		return found;
	struct path_last last;
	if (path_parent(cwd, target, &last))
		return found;
	struct dir_entry *de = dir_find(last.dir, last.name, last.len);
	struct inode *covered = de ? de->inode : NULL;
	path_last_release(&last);
	if (!covered || !covered->mounted)
		return found;
	struct mount *m = covered->mounted;
	while (m->sb->root->mounted)            /* the top of a stack */
		m = m->sb->root->mounted;
	return m;
}

/* Takes mount m out of the tree; its instance goes with its last mount, unless busy
 * (detach: then when no longer used). proc's one instance stays. */
static void mount_detach(struct mount *m)
{
	struct super_block *sb = m->sb;
	list_del(&m->link);
	m->covered->mounted = NULL;
	inode_put(m->covered);
	kfree(m);
	if (--sb->mounts > 0 || sb == procfs_sb())
		return;
	if (sb_busy(sb))
		sb->detached = true;
	else
		sb_free(sb);
}

int do_umount(struct inode *cwd, const char *target, int flags)
{
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	struct inode *ip;
	int err = path_walk(cwd, target, !(flags & UMOUNT_NOFOLLOW), &ip);
	if (err)
		return err;
	struct mount *m = NULL;
	if (!may_mount())
		err = -EPERM;
	else if (ip == vfs_root)
		err = -EBUSY;                   /* rootfs stays */
	else if (!(m = mount_at(cwd, ip, target)))
		err = -EINVAL;                  /* not a mount point */
	else if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		err = -EINVAL;
	inode_put(ip);                          /* our own look at it is no use of it */
	if (err)
		return err;
	bool busy = m->sb->root->mounted != NULL ||
		    (m->sb != procfs_sb() || m->sb->mounts == 1 ? sb_busy(m->sb) : false);
	if (flags & MNT_EXPIRE)
		return busy ? -EBUSY : -EAGAIN; /* the first call only marks it, as Linux's */
	if (busy && !(flags & MNT_DETACH))
		return -EBUSY;
	if (m->sb->root->mounted)
		return -EBUSY;                  /* mounts on it: Linux detaches them too */
	mount_detach(m);
	return 0;
}

/* --- /proc/mounts and statfs --- */

/* Writes s as /proc/mounts does: space, tab, newline and backslash as octal escapes. */
static void put_escaped(struct textbuf *t, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			text_printf(t, "\\%03o", (unsigned)(unsigned char)*s);
		else
			text_write(t, s, 1);
	}
}

/* A mount's own options, as Linux shows them: ro or rw, then its flags. */
static void put_mount_opts(struct textbuf *t, const struct mount *m)
{
	static const struct { uint32_t flag; const char *name; } names[] = {
		{ MS_NOSUID, "nosuid" }, { MS_NODEV, "nodev" }, { MS_NOEXEC, "noexec" },
		{ MS_SYNCHRONOUS, "sync" }, { MS_DIRSYNC, "dirsync" },
		{ MS_NOATIME, "noatime" }, { MS_NODIRATIME, "nodiratime" },
		{ MS_RELATIME, "relatime" },
	};
	text_printf(t, "%s", m->sb->rdonly ? "ro" : "rw");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (m->flags & names[i].flag)
			text_printf(t, ",%s", names[i].name);
}

/* An instance's options that differ from its type's defaults (tmpfs's size and mode,
 * ramfs's mode), each after a comma. */
static void put_sb_opts(struct textbuf *t, const struct super_block *sb)
{
	uint32_t mode = sb->root->mode & 07777;
	if (sb->type == &tmpfs_type && sb->max_pages)
		text_printf(t, ",size=%luk", (unsigned long)(sb->max_pages * 4));
	if (sb->type == &tmpfs_type && mode != 01777)
		text_printf(t, ",mode=%03o", mode);
	if (sb->type == &ramfs_type && mode != 0755)
		text_printf(t, ",mode=%o", mode);
}

/* The path of the directory m covers ("/" for the root mount) into path (PATH_MAX
 * bytes); false when it has none any more (its directory was removed). */
static bool mount_point_path(const struct mount *m, char *path)
{
	if (!m->covered) {
		copy_str(path, "/", PATH_MAX);
		return true;
	}
	return vfs_getcwd(m->covered, path, PATH_MAX) >= 0;
}

void mounts_show(struct textbuf *t)
{
	char *path = kmalloc(PATH_MAX);
	if (!path) {
		t->failed = true;
		return;
	}
	struct list_head *pos;
	list_for_each(pos, &mounts) {
		struct mount *m = list_entry(pos, struct mount, link);
		if (!mount_point_path(m, path))
			continue;
		put_escaped(t, m->source);
		text_write(t, " ", 1);
		put_escaped(t, path);
		text_printf(t, " %s ", m->sb->type->name);
		put_mount_opts(t, m);
		put_sb_opts(t, m->sb);
		text_printf(t, " 0 0\n");
	}
	kfree(path);
}

void mountinfo_show(struct textbuf *t)
{
	char *path = kmalloc(PATH_MAX);
	if (!path) {
		t->failed = true;
		return;
	}
	struct list_head *pos;
	list_for_each(pos, &mounts) {
		struct mount *m = list_entry(pos, struct mount, link);
		struct mount *parent = m->covered ? mount_of_sb(inode_sb(m->covered)) : m;
		if (!parent || !mount_point_path(m, path))
			continue;
		text_printf(t, "%d %d 0:%lu / ", m->id, parent->id, (unsigned long)m->sb->dev);
		put_escaped(t, path);
		text_write(t, " ", 1);
		put_mount_opts(t, m);
		text_printf(t, " - %s ", m->sb->type->name);
		put_escaped(t, m->source);
		text_printf(t, " %s", m->sb->rdonly ? "ro" : "rw");
		put_sb_opts(t, m->sb);
		text_write(t, "\n", 1);
	}
	kfree(path);
}

/* sb_walk's visit for sb_pages: adds a regular file's pages to *total. */
static bool add_pages(struct inode *ip, void *total)
{
	if (S_ISREG(ip->mode))
		*(uint64_t *)total += ip->data.pages.nr_pages;
	return false;
}

/* The pages the regular files of sb hold. */
static uint64_t sb_pages(const struct super_block *sb)
{
	uint64_t n = 0;
	sb_walk(sb, add_pages, &n);
	return n;
}

void sb_statfs(const struct inode *ip, struct linux_statfs *st)
{
	struct super_block *sb = inode_sb(ip);
	memset(st, 0, sizeof(*st));
	st->f_type = sb->type->magic;
	st->f_bsize = st->f_frsize = 4096;
	st->f_namelen = NAME_MAX;
	struct mount *m = mount_of_sb(sb);
	st->f_flags = ST_VALID | (sb->rdonly ? MS_RDONLY : 0) |
		      (m ? m->flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME) : 0) |
		      (m && (m->flags & MS_RELATIME) ? ST_RELATIME : 0);
	if (!sb->type->counts_blocks)
		return;
	struct frame_stats fs;
	frame_get_stats(&fs);
	if (sb == &rootfs_sb || !sb->max_pages) {
		/* The ramdisk's blocks are the frames (tmpfs's default: half of them). */
		st->f_blocks = sb == &rootfs_sb ? fs.total : fs.total / 2;
		st->f_bfree = st->f_bavail = sb == &rootfs_sb ? fs.free
					     : st->f_blocks - sb_pages(sb);
		if (st->f_bfree > fs.free)
			st->f_bfree = st->f_bavail = fs.free;
		return;
	}
	uint64_t used = sb_pages(sb);
	st->f_blocks = sb->max_pages;
	st->f_bfree = st->f_bavail = used < sb->max_pages ? sb->max_pages - used : 0;
}

/* Whether a write to ip may add pages: -ENOSPC when its tmpfs is full (size=). */
int sb_want_pages(const struct inode *ip, uint64_t pages)
{
	struct super_block *sb = inode_sb(ip);
	if (!sb->max_pages || pages == 0)
		return 0;
	return sb_pages(sb) + pages > sb->max_pages ? -ENOSPC : 0;
}

void mount_init(void)
{
	static struct mount root_mount = { .sb = &rootfs_sb, .source = "rootfs", .id = 1 };
	rootfs_sb.root = vfs_root;
	vfs_root->sb = &rootfs_sb;
	list_add_tail(&root_mount.link, &mounts);
}
