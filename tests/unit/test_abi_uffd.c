/*
 * userfaultfd's structures and numbers (kernel/linux_abi.h) compared with Linux's UAPI
 * header, as test_abi.c does for the others: apart, because <linux/userfaultfd.h> defines
 * the same constants by the same names. Each one Linux defines is taken as a value first,
 * then its name is freed for ours.
 */
#include "tests/unit/unit.h"
#include "tests/unit/same_layout.h"

#include <stddef.h>

#include <linux/ioctl.h>
#include <linux/userfaultfd.h>

static const unsigned long long linux_UFFD_API = UFFD_API;
#undef UFFD_API
static const unsigned long long linux_UFFD_USER_MODE_ONLY = UFFD_USER_MODE_ONLY;
#undef UFFD_USER_MODE_ONLY
static const unsigned long long linux_UFFD_EVENT_PAGEFAULT = UFFD_EVENT_PAGEFAULT;
#undef UFFD_EVENT_PAGEFAULT
static const unsigned long long linux_UFFD_PAGEFAULT_FLAG_WRITE = UFFD_PAGEFAULT_FLAG_WRITE;
#undef UFFD_PAGEFAULT_FLAG_WRITE
static const unsigned long long linux_UFFD_FEATURE_PAGEFAULT_FLAG_WP = UFFD_FEATURE_PAGEFAULT_FLAG_WP;
#undef UFFD_FEATURE_PAGEFAULT_FLAG_WP
static const unsigned long long linux_UFFD_FEATURE_EVENT_FORK = UFFD_FEATURE_EVENT_FORK;
#undef UFFD_FEATURE_EVENT_FORK
static const unsigned long long linux_UFFD_FEATURE_EVENT_REMAP = UFFD_FEATURE_EVENT_REMAP;
#undef UFFD_FEATURE_EVENT_REMAP
static const unsigned long long linux_UFFD_FEATURE_EVENT_REMOVE = UFFD_FEATURE_EVENT_REMOVE;
#undef UFFD_FEATURE_EVENT_REMOVE
static const unsigned long long linux_UFFD_FEATURE_MISSING_HUGETLBFS = UFFD_FEATURE_MISSING_HUGETLBFS;
#undef UFFD_FEATURE_MISSING_HUGETLBFS
static const unsigned long long linux_UFFD_FEATURE_MISSING_SHMEM = UFFD_FEATURE_MISSING_SHMEM;
#undef UFFD_FEATURE_MISSING_SHMEM
static const unsigned long long linux_UFFD_FEATURE_EVENT_UNMAP = UFFD_FEATURE_EVENT_UNMAP;
#undef UFFD_FEATURE_EVENT_UNMAP
static const unsigned long long linux_UFFD_FEATURE_SIGBUS = UFFD_FEATURE_SIGBUS;
#undef UFFD_FEATURE_SIGBUS
static const unsigned long long linux_UFFD_FEATURE_THREAD_ID = UFFD_FEATURE_THREAD_ID;
#undef UFFD_FEATURE_THREAD_ID
static const unsigned long long linux_UFFD_FEATURE_MINOR_HUGETLBFS = UFFD_FEATURE_MINOR_HUGETLBFS;
#undef UFFD_FEATURE_MINOR_HUGETLBFS
static const unsigned long long linux_UFFD_FEATURE_MINOR_SHMEM = UFFD_FEATURE_MINOR_SHMEM;
#undef UFFD_FEATURE_MINOR_SHMEM
static const unsigned long long linux_UFFD_FEATURE_EXACT_ADDRESS = UFFD_FEATURE_EXACT_ADDRESS;
#undef UFFD_FEATURE_EXACT_ADDRESS
static const unsigned long long linux_UFFDIO_REGISTER_MODE_MISSING = UFFDIO_REGISTER_MODE_MISSING;
#undef UFFDIO_REGISTER_MODE_MISSING
static const unsigned long long linux_UFFDIO_REGISTER_MODE_WP = UFFDIO_REGISTER_MODE_WP;
#undef UFFDIO_REGISTER_MODE_WP
static const unsigned long long linux_UFFDIO_REGISTER_MODE_MINOR = UFFDIO_REGISTER_MODE_MINOR;
#undef UFFDIO_REGISTER_MODE_MINOR
static const unsigned long long linux_UFFDIO_COPY_MODE_DONTWAKE = UFFDIO_COPY_MODE_DONTWAKE;
#undef UFFDIO_COPY_MODE_DONTWAKE
static const unsigned long long linux_UFFDIO_COPY_MODE_WP = UFFDIO_COPY_MODE_WP;
#undef UFFDIO_COPY_MODE_WP
static const unsigned long long linux_UFFDIO_ZEROPAGE_MODE_DONTWAKE = UFFDIO_ZEROPAGE_MODE_DONTWAKE;
#undef UFFDIO_ZEROPAGE_MODE_DONTWAKE
static const unsigned long long linux_UFFDIO_API = UFFDIO_API;
#undef UFFDIO_API
static const unsigned long long linux_UFFDIO_REGISTER = UFFDIO_REGISTER;
#undef UFFDIO_REGISTER
static const unsigned long long linux_UFFDIO_UNREGISTER = UFFDIO_UNREGISTER;
#undef UFFDIO_UNREGISTER
static const unsigned long long linux_UFFDIO_WAKE = UFFDIO_WAKE;
#undef UFFDIO_WAKE
static const unsigned long long linux_UFFDIO_COPY = UFFDIO_COPY;
#undef UFFDIO_COPY
static const unsigned long long linux_UFFDIO_ZEROPAGE = UFFDIO_ZEROPAGE;
#undef UFFDIO_ZEROPAGE
static const unsigned long long linux_USERFAULTFD_IOC_NEW = USERFAULTFD_IOC_NEW;
#undef USERFAULTFD_IOC_NEW

#include "kernel/linux_abi.h"


TEST(userfaultfd)
{
	SAME_SIZE(struct linux_uffd_msg, struct uffd_msg);
	CHECK(sizeof(struct linux_uffd_msg) == 32);
	SAME_FIELD(struct linux_uffd_msg, event, struct uffd_msg, event);
	SAME_FIELD(struct linux_uffd_msg, arg.pagefault.flags, struct uffd_msg, arg.pagefault.flags);
	SAME_FIELD(struct linux_uffd_msg, arg.pagefault.address, struct uffd_msg,
		   arg.pagefault.address);
	SAME_FIELD(struct linux_uffd_msg, arg.pagefault.ptid, struct uffd_msg,
		   arg.pagefault.feat.ptid);
	SAME_SIZE(struct linux_uffdio_api, struct uffdio_api);
	SAME_FIELD(struct linux_uffdio_api, features, struct uffdio_api, features);
	SAME_FIELD(struct linux_uffdio_api, ioctls, struct uffdio_api, ioctls);
	SAME_SIZE(struct linux_uffdio_register, struct uffdio_register);
	SAME_FIELD(struct linux_uffdio_register, mode, struct uffdio_register, mode);
	SAME_FIELD(struct linux_uffdio_register, ioctls, struct uffdio_register, ioctls);
	SAME_SIZE(struct linux_uffdio_copy, struct uffdio_copy);
	SAME_FIELD(struct linux_uffdio_copy, mode, struct uffdio_copy, mode);
	SAME_FIELD(struct linux_uffdio_copy, copy, struct uffdio_copy, copy);
	SAME_SIZE(struct linux_uffdio_zeropage, struct uffdio_zeropage);
	SAME_FIELD(struct linux_uffdio_zeropage, zeropage, struct uffdio_zeropage, zeropage);
	CHECK(UFFD_API == linux_UFFD_API);
	CHECK(UFFD_USER_MODE_ONLY == linux_UFFD_USER_MODE_ONLY);
	CHECK(UFFD_EVENT_PAGEFAULT == linux_UFFD_EVENT_PAGEFAULT);
	CHECK(UFFD_PAGEFAULT_FLAG_WRITE == linux_UFFD_PAGEFAULT_FLAG_WRITE);
	CHECK(UFFD_FEATURE_PAGEFAULT_FLAG_WP == linux_UFFD_FEATURE_PAGEFAULT_FLAG_WP);
	CHECK(UFFD_FEATURE_EVENT_FORK == linux_UFFD_FEATURE_EVENT_FORK);
	CHECK(UFFD_FEATURE_EVENT_REMAP == linux_UFFD_FEATURE_EVENT_REMAP);
	CHECK(UFFD_FEATURE_EVENT_REMOVE == linux_UFFD_FEATURE_EVENT_REMOVE);
	CHECK(UFFD_FEATURE_MISSING_HUGETLBFS == linux_UFFD_FEATURE_MISSING_HUGETLBFS);
	CHECK(UFFD_FEATURE_MISSING_SHMEM == linux_UFFD_FEATURE_MISSING_SHMEM);
	CHECK(UFFD_FEATURE_EVENT_UNMAP == linux_UFFD_FEATURE_EVENT_UNMAP);
	CHECK(UFFD_FEATURE_SIGBUS == linux_UFFD_FEATURE_SIGBUS);
	CHECK(UFFD_FEATURE_THREAD_ID == linux_UFFD_FEATURE_THREAD_ID);
	CHECK(UFFD_FEATURE_MINOR_HUGETLBFS == linux_UFFD_FEATURE_MINOR_HUGETLBFS);
	CHECK(UFFD_FEATURE_MINOR_SHMEM == linux_UFFD_FEATURE_MINOR_SHMEM);
	CHECK(UFFD_FEATURE_EXACT_ADDRESS == linux_UFFD_FEATURE_EXACT_ADDRESS);
	CHECK(UFFDIO_REGISTER_MODE_MISSING == linux_UFFDIO_REGISTER_MODE_MISSING);
	CHECK(UFFDIO_REGISTER_MODE_WP == linux_UFFDIO_REGISTER_MODE_WP);
	CHECK(UFFDIO_REGISTER_MODE_MINOR == linux_UFFDIO_REGISTER_MODE_MINOR);
	CHECK(UFFDIO_COPY_MODE_DONTWAKE == linux_UFFDIO_COPY_MODE_DONTWAKE);
	CHECK(UFFDIO_COPY_MODE_WP == linux_UFFDIO_COPY_MODE_WP);
	CHECK(UFFDIO_ZEROPAGE_MODE_DONTWAKE == linux_UFFDIO_ZEROPAGE_MODE_DONTWAKE);
	CHECK(UFFDIO_API == linux_UFFDIO_API);
	CHECK(UFFDIO_REGISTER == linux_UFFDIO_REGISTER);
	CHECK(UFFDIO_UNREGISTER == linux_UFFDIO_UNREGISTER);
	CHECK(UFFDIO_WAKE == linux_UFFDIO_WAKE);
	CHECK(UFFDIO_COPY == linux_UFFDIO_COPY);
	CHECK(UFFDIO_ZEROPAGE == linux_UFFDIO_ZEROPAGE);
	CHECK(USERFAULTFD_IOC_NEW == linux_USERFAULTFD_IOC_NEW);
	CHECK(UFFDIO_NR_API == _UFFDIO_API && UFFDIO_NR_COPY == _UFFDIO_COPY &&
	      UFFDIO_NR_WRITEPROTECT == _UFFDIO_WRITEPROTECT && UFFDIO_NR_CONTINUE == _UFFDIO_CONTINUE);
}
