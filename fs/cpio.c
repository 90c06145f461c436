#include "fs/cpio.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"

#include <stdbool.h>

#define HEADER_SIZE 110
#define FIELDS 13
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
       F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

static const char TRAILER[] = "TRAILER!!!";

void cpio_init(struct cpio_reader *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->off = 0;
	r->index = 0;
	r->error[0] = '\0';
}

/* Records an error about the current entry; returns -1. */
static int fail(struct cpio_reader *r, const char *what, const char *name, size_t name_len)
{
	if (name)
		ksnprintf(r->error, sizeof(r->error), "cpio: entry %zu (\"%.*s\"): %s",
			  r->index, (int)(name_len > 60 ? 60 : name_len), name, what);
	else
		ksnprintf(r->error, sizeof(r->error), "cpio: entry %zu at offset %zu: %s",
			  r->index, r->off, what);
	return -1;
}

static bool parse_hex(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static size_t align4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

/* Strips "./" and "/" prefixes and trailing "/"; rejects ".." components, absolute paths
 * and overlong components. Returns NULL on success or the reason. */
static const char *normalize(const char **name, size_t *len)
{
	const char *s = *name;
	size_t n = *len;
	if (n > 0 && s[0] == '/')
		return "absolute path (it would escape the root)";
	while (n >= 2 && s[0] == '.' && s[1] == '/') {
		s += 2;
		n -= 2;
		while (n && s[0] == '/')
			s++, n--;
	}
	if (n == 1 && s[0] == '.')
		n = 0;
	while (n && s[n - 1] == '/')
		n--;
	size_t comp = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '/') {
			if (comp == 2 && s[i - 1] == '.' && s[i - 2] == '.')
				return "path with \"..\" (it would escape the root)";
			if (comp > CPIO_NAME_MAX)
				return "a path component longer than 255 bytes";
			comp = 0;
		} else {
			comp++;
		}
	}
	*name = s;
	*len = n;
	return NULL;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	if (r->off >= r->len || r->len - r->off < HEADER_SIZE)
		return fail(r, "archive ends without its TRAILER!!! entry", NULL, 0);
	const uint8_t *h = r->buf + r->off;
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return fail(r, "bad magic (not a newc cpio archive)", NULL, 0);
	uint32_t f[FIELDS];
	for (int i = 0; i < FIELDS; i++)
		if (!parse_hex(h + 6 + 8 * i, &f[i]))
			return fail(r, "a header field is not hexadecimal", NULL, 0);
	size_t name_off = r->off + HEADER_SIZE;
	if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > r->len - name_off)
		return fail(r, "name runs past the end of the archive", NULL, 0);
	const char *name = (const char *)(r->buf + name_off);
	size_t name_len = f[F_NAMESIZE] - 1;
	if (name[name_len] != '\0' || strnlen(name, name_len) != name_len)
		return fail(r, "name is not NUL-terminated where its size says", NULL, 0);
	if (name_len == 0)
		return fail(r, "empty name", NULL, 0);
	if (name_len >= CPIO_PATH_MAX)
		return fail(r, "name longer than 4095 bytes", NULL, 0);
	size_t data_off = align4(name_off + f[F_NAMESIZE]);
	if (data_off > r->len || f[F_FILESIZE] > r->len - data_off)
		return fail(r, "data runs past the end of the archive", name, name_len);
	if (name_len == sizeof(TRAILER) - 1 && memcmp(name, TRAILER, name_len) == 0)
		return 0;
	uint32_t type = f[F_MODE] & CPIO_S_IFMT;
	if ((type == CPIO_S_IFDIR || type == CPIO_S_IFCHR) && f[F_FILESIZE] != 0)
		return fail(r, "a directory or device with data", name, name_len);
	const char *why = normalize(&name, &name_len);
	if (why)
		return fail(r, why, (const char *)(r->buf + name_off), f[F_NAMESIZE] - 1);
	*e = (struct cpio_entry){
		.name = name, .name_len = name_len, .mode = f[F_MODE], .uid = f[F_UID],
		.gid = f[F_GID], .nlink = f[F_NLINK], .mtime = f[F_MTIME],
		.rdev_major = f[F_RDEVMAJOR], .rdev_minor = f[F_RDEVMINOR],
		.data = r->buf + data_off, .size = f[F_FILESIZE],
	};
	size_t next = align4(data_off + f[F_FILESIZE]);
	r->off = next < r->len ? next : r->len;
	r->index++;
	return 1;
}
