/*
 * rseq(2)'s decisions that need no process (kernel/proc/rseq_check.c), with Linux 6.1's
 * kernel/rseq.c as the oracle: which error each call gets, in Linux's order (flags, then
 * the registration's area, length and signature, then alignment and length, then the
 * user half), which critical-section descriptors are valid, and the section's bounds.
 */
#include "tests/unit/unit.h"
#include "kernel/proc/rseq_check.c"

#define TOP 0x00007ffffffff000ULL
#define SIG 0x53053053u
#define AREA 0x10000ULL

static const struct rseq_reg none = { 0, 0 };
static const struct rseq_reg registered = { AREA, SIG };

TEST(register_errors)
{
	CHECK(rseq_check_call(&none, AREA, 32, 0, SIG, TOP) == RSEQ_REGISTER);
	CHECK(rseq_check_call(&none, AREA, 32, 2, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&none, AREA, 32, -2, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&none, AREA, 16, 0, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&none, AREA, 64, 0, SIG, TOP) == -EINVAL);  /* 6.1: 32 only */
	CHECK(rseq_check_call(&none, AREA, 0, 0, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&none, AREA + 16, 32, 0, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&none, AREA + 4, 32, 0, SIG, TOP) == -EINVAL);
	/* Alignment before the user half: EINVAL, not EFAULT. */
	CHECK(rseq_check_call(&none, TOP + 8, 32, 0, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&none, TOP, 32, 0, SIG, TOP) == -EFAULT);
	CHECK(rseq_check_call(&none, TOP - 32, 32, 0, SIG, TOP) == RSEQ_REGISTER);
	CHECK(rseq_check_call(&none, 0xffffffffffffffe0ULL, 32, 0, SIG, TOP) == -EFAULT);
	CHECK(rseq_check_call(&none, 0, 32, 0, SIG, TOP) == RSEQ_REGISTER);  /* as Linux */
}

TEST(registered_already)
{
	CHECK(rseq_check_call(&registered, AREA, 32, 0, SIG, TOP) == -EBUSY);
	CHECK(rseq_check_call(&registered, AREA, 32, 0, SIG + 1, TOP) == -EPERM);
	CHECK(rseq_check_call(&registered, AREA + 32, 32, 0, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&registered, AREA + 32, 32, 0, SIG + 1, TOP) == -EINVAL);
	CHECK(rseq_check_call(&registered, AREA, 16, 0, SIG + 1, TOP) == -EINVAL);
	CHECK(rseq_check_call(&registered, AREA, 32, 4, SIG, TOP) == -EINVAL);
}

TEST(unregister)
{
	CHECK(rseq_check_call(&registered, AREA, 32, RSEQ_FLAG_UNREGISTER, SIG, TOP) ==
	      RSEQ_UNREGISTER);
	CHECK(rseq_check_call(&none, AREA, 32, RSEQ_FLAG_UNREGISTER, SIG, TOP) == -EINVAL);
	CHECK(rseq_check_call(&none, 0, 32, RSEQ_FLAG_UNREGISTER, 0, TOP) == -EINVAL);
	CHECK(rseq_check_call(&registered, AREA + 32, 32, RSEQ_FLAG_UNREGISTER, SIG, TOP) ==
	      -EINVAL);
	CHECK(rseq_check_call(&registered, AREA, 16, RSEQ_FLAG_UNREGISTER, SIG, TOP) ==
	      -EINVAL);
	/* The area and length before the signature: EINVAL, not EPERM. */
	CHECK(rseq_check_call(&registered, AREA, 16, RSEQ_FLAG_UNREGISTER, SIG + 1, TOP) ==
	      -EINVAL);
	CHECK(rseq_check_call(&registered, AREA, 32, RSEQ_FLAG_UNREGISTER, SIG + 1, TOP) ==
	      -EPERM);
	CHECK(rseq_check_call(&registered, AREA, 32, RSEQ_FLAG_UNREGISTER | 2, SIG, TOP) ==
	      -EINVAL);
}

static struct linux_rseq_cs cs(uint64_t start, uint64_t len, uint64_t abort_ip)
{
	return (struct linux_rseq_cs){ .start_ip = start, .post_commit_offset = len,
				       .abort_ip = abort_ip };
}

TEST(descriptor_checks)
{
	struct linux_rseq_cs d = cs(0x1000, 0x20, 0x1040);
	CHECK(rseq_check_cs(&d, TOP) == 0);
	d.version = 1;
	CHECK(rseq_check_cs(&d, TOP) == -EINVAL);
	d = cs(0x1000, 0x20, 0x1020);           /* abort_ip just past the section */
	CHECK(rseq_check_cs(&d, TOP) == 0);
	d = cs(0x1000, 0x20, 0x101f);           /* its last byte */
	CHECK(rseq_check_cs(&d, TOP) == -EINVAL);
	d = cs(0x1000, 0x20, 0x1000);           /* its first */
	CHECK(rseq_check_cs(&d, TOP) == -EINVAL);
	d = cs(0x1000, 0x20, 0xfff);            /* just before */
	CHECK(rseq_check_cs(&d, TOP) == 0);
	d = cs(0x1000, 0, 0x1000);              /* an empty section holds nothing */
	CHECK(rseq_check_cs(&d, TOP) == 0);
	d = cs(0x1000, ~0ULL - 0x800, 0x2000);  /* wraps around */
	CHECK(rseq_check_cs(&d, TOP) == -EINVAL);
	d = cs(TOP, 0x10, 0x1000);
	CHECK(rseq_check_cs(&d, TOP) == -EINVAL);
	d = cs(TOP - 0x20, 0x20, 0x1000);       /* ends at the user half's end */
	CHECK(rseq_check_cs(&d, TOP) == -EINVAL);
	d = cs(TOP - 0x20, 0x1f, 0x1000);
	CHECK(rseq_check_cs(&d, TOP) == 0);
	d = cs(0x1000, 0x20, TOP);
	CHECK(rseq_check_cs(&d, TOP) == -EINVAL);
	d.flags = 1;                            /* flags are judged only inside a section */
	d.abort_ip = 0x2000;
	CHECK(rseq_check_cs(&d, TOP) == 0);
}

TEST(section_bounds)
{
	struct linux_rseq_cs d = cs(0x1000, 0x20, 0x2000);
	CHECK(!rseq_in_section(0xfff, &d));
	CHECK(rseq_in_section(0x1000, &d));
	CHECK(rseq_in_section(0x101f, &d));
	CHECK(!rseq_in_section(0x1020, &d));
	CHECK(!rseq_in_section(0, &d));
	CHECK(!rseq_in_section(~0ULL, &d));
	struct linux_rseq_cs zero = { 0 };      /* no section: nothing is inside */
	CHECK(!rseq_in_section(0, &zero));
	CHECK(!rseq_in_section(0x1000, &zero));
}
