/*
 * struct flock (fcntl's record locks) compared with Linux's UAPI definition, as
 * test_abi.c does for the others: apart, because <linux/fcntl.h> defines the O_* flags
 * fs/fs_abi.h defines too.
 */
#include "tests/unit/unit.h"
#include "tests/unit/same_layout.h"

#include <stddef.h>

#include <linux/fcntl.h>

#include "kernel/linux_abi.h"


TEST(flock)
{
	CHECK(sizeof(struct linux_flock) == sizeof(struct flock));
	SAME_FIELD(struct linux_flock, l_type, struct flock, l_type);
	SAME_FIELD(struct linux_flock, l_whence, struct flock, l_whence);
	SAME_FIELD(struct linux_flock, l_start, struct flock, l_start);
	SAME_FIELD(struct linux_flock, l_len, struct flock, l_len);
	SAME_FIELD(struct linux_flock, l_pid, struct flock, l_pid);
}
