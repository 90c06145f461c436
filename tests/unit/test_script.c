/* The "#!" line of a script, parsed as Linux's binfmt_script parses it. */
#include "tests/unit/unit.h"
#include "kernel/exec/script.c"

/* Parses text (zero-padded to the buffer's size) into name and arg; the result. */
static int parse(const char *text, char buf[SCRIPT_BUF_SIZE], char **name, char **arg)
{
	memset(buf, 0, SCRIPT_BUF_SIZE);
	memcpy(buf, text, strlen(text) < SCRIPT_BUF_SIZE ? strlen(text) : SCRIPT_BUF_SIZE);
	*name = *arg = NULL;
	return script_parse(buf, name, arg);
}

TEST(recognizes_only_hash_bang)
{
	CHECK(script_is_script("#!/bin/sh", 9));
	CHECK(!script_is_script("#", 1));
	CHECK(!script_is_script("\177ELF", 4));
}

TEST(name_and_one_argument_with_blanks_inside)
{
	char buf[SCRIPT_BUF_SIZE], *name, *arg;
	CHECK_EQ(parse("#! /bin/sh  -e  -x \t\nrest\n", buf, &name, &arg), 0);
	CHECK(strcmp(name, "/bin/sh") == 0);
	CHECK(arg && strcmp(arg, "-e  -x") == 0);
}

TEST(no_argument)
{
	char buf[SCRIPT_BUF_SIZE], *name, *arg;
	CHECK_EQ(parse("#!/bin/sh\n", buf, &name, &arg), 0);
	CHECK(strcmp(name, "/bin/sh") == 0 && arg == NULL);
	CHECK_EQ(parse("#!/bin/sh   \n", buf, &name, &arg), 0);
	CHECK(strcmp(name, "/bin/sh") == 0 && arg == NULL);
	CHECK_EQ(parse("#!/bin/sh", buf, &name, &arg), 0);    /* the file ends */
	CHECK(strcmp(name, "/bin/sh") == 0 && arg == NULL);
}

TEST(a_blank_then_the_end_of_the_file_is_an_empty_argument)
{
	char buf[SCRIPT_BUF_SIZE], *name, *arg;
	CHECK_EQ(parse("#!/bin/sh ", buf, &name, &arg), 0);
	CHECK(arg && arg[0] == '\0');
}

TEST(no_interpreter)
{
	char buf[SCRIPT_BUF_SIZE], *name, *arg;
	CHECK_EQ(parse("#!\n", buf, &name, &arg), -ENOEXEC);
	CHECK_EQ(parse("#! \t \n/bin/sh\n", buf, &name, &arg), -ENOEXEC);
	/* "#!" and the end of the file: an empty name, which exec cannot find (ENOENT). */
	CHECK_EQ(parse("#!", buf, &name, &arg), 0);
	CHECK(name[0] == '\0' && arg == NULL);
}

TEST(a_name_cut_by_the_buffer_is_refused_an_argument_is_cut)
{
	char text[400], buf[SCRIPT_BUF_SIZE], *name, *arg;
	memset(text, 'a', sizeof(text));
	memcpy(text, "#!", 2);
	text[sizeof(text) - 1] = '\0';
	CHECK_EQ(parse(text, buf, &name, &arg), -ENOEXEC);
	memcpy(text, "#!/x ", 5);
	CHECK_EQ(parse(text, buf, &name, &arg), 0);
	CHECK(strcmp(name, "/x") == 0);
	CHECK(arg && strlen(arg) == SCRIPT_BUF_SIZE - 1 - 5);
}
