/* kernel/lib/kstrto.c: numbers as Linux's kstrtoint and sysctl parser read them. */
#include "tests/unit/unit.h"
#include "kernel/lib/kstrto.c"

TEST(kstrtoint_accepts_what_linux_accepts)
{
	int v = 7;
	CHECK_EQ(kstrtoint("0", &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(kstrtoint("-1000\n", &v), 0);
	CHECK_EQ(v, -1000);
	CHECK_EQ(kstrtoint("+12", &v), 0);
	CHECK_EQ(v, 12);
	CHECK_EQ(kstrtoint("0x1f", &v), 0);
	CHECK_EQ(v, 31);
	CHECK_EQ(kstrtoint("010", &v), 0);
	CHECK_EQ(v, 8);
	CHECK_EQ(kstrtoint("-2147483648", &v), 0);
	CHECK_EQ(v, -2147483647 - 1);
}

TEST(kstrtoint_refuses_the_rest)
{
	int v = 7;
	CHECK_EQ(kstrtoint("", &v), -EINVAL);
	CHECK_EQ(kstrtoint("abc", &v), -EINVAL);
	CHECK_EQ(kstrtoint("12x", &v), -EINVAL);
	CHECK_EQ(kstrtoint("1\n\n", &v), -EINVAL);
	CHECK_EQ(kstrtoint("08", &v), -EINVAL);         /* octal has no 8 */
	CHECK_EQ(kstrtoint("0x", &v), -EINVAL);
	CHECK_EQ(kstrtoint("-", &v), -EINVAL);
	CHECK_EQ(kstrtoint("2147483648", &v), -ERANGE);
	CHECK_EQ(kstrtoint("99999999999999999999999", &v), -ERANGE);
	CHECK_EQ(v, 7);
}

TEST(parse_integer_base0_stops_at_the_first_non_digit)
{
	uint64_t v;
	bool over;
	CHECK_EQ(parse_integer_base0("123 4", &v, &over), 3);
	CHECK_EQ(v, 123);
	CHECK_EQ(parse_integer_base0("0x10g", &v, &over), 4);
	CHECK_EQ(v, 16);
	CHECK_EQ(parse_integer_base0("0xg", &v, &over), 1);     /* "0", then junk */
	CHECK_EQ(parse_integer_base0("x", &v, &over), 0);
	CHECK(!over);
	CHECK_EQ(parse_integer_base0("18446744073709551616", &v, &over), 20);
	CHECK(over);
}

TEST(kstrtouint_takes_no_sign_but_plus)
{
	unsigned int v = 7;
	CHECK_EQ(kstrtouint("0x33\n", &v), 0);
	CHECK_EQ(v, 0x33);
	CHECK_EQ(kstrtouint("+4294967295", &v), 0);
	CHECK_EQ(v, 4294967295u);
	CHECK_EQ(kstrtouint("017", &v), 0);
	CHECK_EQ(v, 15);
	v = 7;
	CHECK_EQ(kstrtouint("-1", &v), -EINVAL);
	CHECK_EQ(kstrtouint("4294967296", &v), -ERANGE);
	CHECK_EQ(kstrtouint("", &v), -EINVAL);
	CHECK_EQ(kstrtouint("1 ", &v), -EINVAL);
	CHECK_EQ(v, 7);
}
