/* The ramdisk's cpio (newc) reader: real archives, and every way a broken one can fail. */
#include "tests/unit/unit.h"
#include "kernel/lib/format.c"
#include "fs/cpio.c"

#include <stdlib.h>

/* A tiny newc writer for building archives in tests. */
static unsigned char arc[1 << 16];
static size_t arc_len;

static void put_entry(const char *name, uint32_t mode, const char *data, size_t size)
{
	size_t namesize = strlen(name) + 1;
	arc_len += (size_t)sprintf((char *)arc + arc_len,
		"070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		1u, mode, 0u, 0u, 1u, 1700000000u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	memcpy(arc + arc_len, name, namesize);
	arc_len = (arc_len + namesize + 3) & ~(size_t)3;
	memcpy(arc + arc_len, data, size);
	arc_len = (arc_len + size + 3) & ~(size_t)3;
}

static void build_sample(void)
{
	arc_len = 0;
	put_entry(".", 040755, "", 0);
	put_entry("./etc", 040755, "", 0);
	put_entry("./etc/motd", 0100644, "hello\n", 6);
	put_entry("bin/", 040755, "", 0);
	put_entry("TRAILER!!!", 0, "", 0);
}

/* Reads every entry; returns the final cpio_next result and counts entries. */
static int read_all(const void *buf, size_t len, int *count, char *error, size_t esize)
{
	struct cpio_reader r;
	struct cpio_entry e;
	int rc;
	*count = 0;
	cpio_init(&r, buf, len);
	while ((rc = cpio_next(&r, &e)) == 1) {
		/* Touch every byte, so ASan sees any read outside the buffer. */
		volatile unsigned sum = 0;
		for (size_t i = 0; i < e.name_len; i++)
			sum += (unsigned char)e.name[i];
		for (size_t i = 0; i < e.size; i++)
			sum += ((const unsigned char *)e.data)[i];
		(*count)++;
	}
	if (error)
		snprintf(error, esize, "%s", r.error);
	return rc;
}

TEST(reads_a_well_formed_archive)
{
	build_sample();
	struct cpio_reader r;
	struct cpio_entry e;
	cpio_init(&r, arc, arc_len);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK_EQ(e.name_len, 0);                        /* "." is the root */
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK(e.name_len == 3 && memcmp(e.name, "etc", 3) == 0);
	CHECK_EQ(e.mode & CPIO_S_IFMT, CPIO_S_IFDIR);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK(e.name_len == 8 && memcmp(e.name, "etc/motd", 8) == 0);
	CHECK(e.size == 6 && memcmp(e.data, "hello\n", 6) == 0);
	CHECK_EQ(e.mtime, 1700000000);
	CHECK_EQ(cpio_next(&r, &e), 1);
	CHECK(e.name_len == 3 && memcmp(e.name, "bin", 3) == 0);      /* trailing '/' dropped */
	CHECK_EQ(cpio_next(&r, &e), 0);
}

TEST(every_truncation_fails_cleanly)
{
	build_sample();
	for (size_t len = 0; len < arc_len; len++) {
		unsigned char *copy = malloc(len ? len : 1);    /* exact size: ASan catches overreads */
		memcpy(copy, arc, len);
		int n;
		char err[200];
		int rc = read_all(copy, len, &n, err, sizeof(err));
		if (rc != -1 || strncmp(err, "cpio: entry", 11) != 0) {
			CHECK(!"a truncated archive was not rejected with a message");
			printf("  at length %zu: rc %d, error \"%s\"\n", len, rc, err);
			free(copy);
			break;
		}
		free(copy);
	}
}

TEST(every_single_byte_corruption_is_survived)
{
	build_sample();
	unsigned char *copy = malloc(arc_len);
	for (size_t at = 0; at < arc_len; at++) {
		for (int v = 0; v < 256; v += 37) {
			memcpy(copy, arc, arc_len);
			copy[at] = (unsigned char)v;
			int n;
			int rc = read_all(copy, arc_len, &n, NULL, 0);
			CHECK(rc >= -1 && rc <= 0);
		}
	}
	free(copy);
}

static const char *error_of(void)
{
	static char err[200];
	int n;
	read_all(arc, arc_len, &n, err, sizeof(err));
	return err;
}

TEST(rejections_name_the_problem)
{
	arc_len = 0;
	put_entry("../etc/passwd", 0100644, "x", 1);
	CHECK(strstr(error_of(), "\"..\"") && strstr(error_of(), "../etc/passwd"));
	arc_len = 0;
	put_entry("a/../../b", 0100644, "x", 1);
	CHECK(strstr(error_of(), "escape the root") != NULL);
	arc_len = 0;
	put_entry("/etc/passwd", 0100644, "x", 1);
	CHECK(strstr(error_of(), "absolute path") != NULL);
	arc_len = 0;
	put_entry("dir", 040755, "data", 4);
	CHECK(strstr(error_of(), "a directory or device with data") != NULL);
	build_sample();
	memcpy(arc, "070707", 6);
	CHECK(strstr(error_of(), "bad magic") != NULL);
	build_sample();
	arc[20] = 'z';
	CHECK(strstr(error_of(), "not hexadecimal") != NULL);
	arc_len = 0;
	put_entry("x", 0100644, "abc", 3);              /* no trailer */
	CHECK(strstr(error_of(), "without its TRAILER") != NULL);
	arc_len = 0;
	static char longname[300];
	memset(longname, 'n', 256);
	put_entry(longname, 0100644, "", 0);
	CHECK(strstr(error_of(), "longer than 255") != NULL);
	build_sample();
	arc[110 + 1] = '\0';                            /* a NUL inside the first name's bytes */
	arc[6 + 8 * 11 + 7] = '3';                      /* namesize 3 for "." */
	CHECK(strstr(error_of(), "NUL") != NULL);
}

TEST(gnu_cpio_archive)
{
	if (system("command -v cpio >/dev/null 2>&1") != 0) {
		printf("  note: no cpio command here; skipped\n");
		return;
	}
	CHECK_EQ(system("set -e; d=$(mktemp -d); mkdir -p $d/t/sub/deeper; : > $d/t/empty; "
			"head -c 5000 /dev/zero | tr '\\0' 'q' > $d/t/sub/file; "
			"(cd $d/t && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > /tmp/mmk-test.cpio; "
			"rm -rf $d"), 0);
	FILE *f = fopen("/tmp/mmk-test.cpio", "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	static unsigned char buf[1 << 16];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	struct cpio_reader r;
	struct cpio_entry e;
	cpio_init(&r, buf, len);
	int files = 0, dirs = 0, rc;
	size_t big = 0;
	while ((rc = cpio_next(&r, &e)) == 1) {
		if ((e.mode & CPIO_S_IFMT) == CPIO_S_IFDIR)
			dirs++;
		else
			files++;
		if (e.name_len == 8 && memcmp(e.name, "sub/file", 8) == 0)
			big = e.size;
	}
	CHECK_EQ(rc, 0);
	CHECK_EQ(dirs, 3);                              /* ".", sub, sub/deeper */
	CHECK_EQ(files, 2);
	CHECK_EQ(big, 5000);
	remove("/tmp/mmk-test.cpio");
}
