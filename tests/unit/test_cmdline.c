/* The kernel command-line parser: good options apply, bad ones warn and never stop it. */
#include "tests/unit/unit.h"
#include "kernel/lib/cmdline.c"

static char warned[16][2][CMDLINE_TOKEN_MAX];
static int nwarn;
static char got_level[CMDLINE_TOKEN_MAX], got_name[CMDLINE_TOKEN_MAX];
static int flag_seen, level_calls;

static void record_warning(const char *key, const char *why)
{
	if (nwarn < 16) {
		snprintf(warned[nwarn][0], CMDLINE_TOKEN_MAX, "%s", key);
		snprintf(warned[nwarn][1], CMDLINE_TOKEN_MAX, "%s", why);
	}
	nwarn++;
}

static const char *set_level(const char *v)
{
	level_calls++;
	if (!v)
		return "needs a value";
	unsigned long long n;
	if (parse_uint(v, &n) != 0 || n > 7)
		return "not a log level";
	snprintf(got_level, sizeof(got_level), "%s", v);
	return NULL;
}

static const char *set_name(const char *v)
{
	snprintf(got_name, sizeof(got_name), "%s", v ? v : "(bare)");
	return NULL;
}

static const char *set_flag(const char *v)
{
	if (v)
		return "takes no value";
	flag_seen = 1;
	return NULL;
}

static const struct kopt opts[] = {
	{ "loglevel", set_level },
	{ "name", set_name },
	{ "quiet", set_flag },
};

static int parse(const char *s)
{
	nwarn = 0;
	level_calls = 0;
	flag_seen = 0;
	got_level[0] = got_name[0] = '\0';
	return cmdline_parse(s, opts, sizeof(opts) / sizeof(opts[0]), record_warning);
}

TEST(good_options)
{
	CHECK_EQ(parse("loglevel=4 name=kernel quiet"), 0);
	CHECK_STR(got_level, "4");
	CHECK_STR(got_name, "kernel");
	CHECK_EQ(flag_seen, 1);
}

TEST(empty_and_blank)
{
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(parse("   \t  "), 0);
	CHECK_EQ(parse(NULL), 0);
	CHECK_EQ(nwarn, 0);
}

TEST(unknown_key_warns_and_rest_applies)
{
	CHECK_EQ(parse("bogus=1 loglevel=3 also_bogus"), 2);
	CHECK_STR(warned[0][0], "bogus");
	CHECK_STR(warned[0][1], "unknown option");
	CHECK_STR(warned[1][0], "also_bogus");
	CHECK_STR(got_level, "3");
}

TEST(missing_and_bad_values)
{
	CHECK_EQ(parse("loglevel"), 1);
	CHECK_STR(warned[0][1], "needs a value");
	CHECK_EQ(parse("loglevel="), 1);
	CHECK_STR(warned[0][1], "not a log level");
	CHECK_EQ(parse("loglevel=99 quiet=yes"), 2);
	CHECK_STR(warned[1][0], "quiet");
	CHECK_EQ(parse("=x"), 1);
	CHECK_STR(warned[0][1], "an option with no name");
}

TEST(quotes_and_equals_in_values)
{
	CHECK_EQ(parse("name=\"hello world\" loglevel=2"), 0);
	CHECK_STR(got_name, "hello world");
	CHECK_STR(got_level, "2");
	CHECK_EQ(parse("name=a=b"), 0);
	CHECK_STR(got_name, "a=b");
	/* An unterminated quote takes the rest of the line as the value. */
	CHECK_EQ(parse("name=\"open loglevel=2"), 0);
	CHECK_STR(got_name, "open loglevel=2");
	CHECK_EQ(level_calls, 0);
}

TEST(too_long_token_is_reported_not_truncated)
{
	static char line[CMDLINE_TOKEN_MAX * 2 + 32];
	memset(line, 0, sizeof(line));
	strcpy(line, "name=");
	memset(line + 5, 'x', CMDLINE_TOKEN_MAX + 10);
	strcat(line, " loglevel=1");
	CHECK_EQ(parse(line), 1);
	CHECK_STR(warned[0][1], "too long");
	CHECK_STR(got_name, "");
	CHECK_STR(got_level, "1");
}

TEST(options_end_at_double_dash_and_the_rest_is_inits)
{
	CHECK_EQ(parse("loglevel=2 -- mmsh loglevel=5 bogus"), 0);
	CHECK_STR(got_level, "2");
	char buf[32], *argv[4];
	CHECK_EQ(cmdline_init_args("loglevel=2 -- /bin/mmsh  \"a b\" x", buf, sizeof(buf), argv, 4),
		 3);
	CHECK_STR(argv[0], "/bin/mmsh");
	CHECK_STR(argv[1], "a b");
	CHECK_STR(argv[2], "x");
	CHECK_EQ(cmdline_init_args("loglevel=2", buf, sizeof(buf), argv, 4), 0);
	CHECK_EQ(cmdline_init_args(NULL, buf, sizeof(buf), argv, 4), 0);
	CHECK_EQ(cmdline_init_args("-- a b c", buf, sizeof(buf), argv, 2), 2);
	/* What does not fit in buf is left out, never cut. */
	CHECK_EQ(cmdline_init_args("-- 0123456789 0123456789 0123456789", buf, sizeof(buf), argv,
				   4), 2);
}

TEST(parse_size_units)
{
	unsigned long long v = 0;
	CHECK_EQ(parse_size("32M", &v), 0);
	CHECK_EQ(v, 32ULL << 20);
	CHECK_EQ(parse_size("2G", &v), 0);
	CHECK_EQ(v, 2ULL << 30);
	CHECK_EQ(parse_size("512k", &v), 0);
	CHECK_EQ(v, 512ULL << 10);
	CHECK_EQ(parse_size("4096", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(parse_size("1K", &v), 0);
	CHECK_EQ(v, 1024);
	CHECK_EQ(parse_size("1t", &v), 0);
	CHECK_EQ(v, 1ULL << 40);
	CHECK_EQ(parse_size("2P", &v), 0);
	CHECK_EQ(v, 2ULL << 50);
	CHECK_EQ(parse_size("16E", &v), -1);    /* 2^64 */
	CHECK_EQ(parse_size("", &v), -1);
	CHECK_EQ(parse_size("M", &v), -1);
	CHECK_EQ(parse_size("12X", &v), -1);
	CHECK_EQ(parse_size("-1M", &v), -1);
	CHECK_EQ(parse_size("99999999999999999999", &v), -1);
	CHECK_EQ(parse_size("17179869184G", &v), -1);    /* 2^34 GiB overflows 64 bits */
}
