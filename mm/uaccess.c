#include "mm/uaccess.h"
#include "kernel/arch/x86/cpu_features.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/frame.h"
#include "mm/ptes.h"

size_t uaccess_copy(void *dst, const void *src, size_t n);
size_t uaccess_clear(void *dst, size_t n);
long uaccess_strncpy(char *dst, const char *src, size_t max);

int copy_to_user(void *user_dst, const void *src, size_t n)
{
	if (!user_range_ok((uintptr_t)user_dst, n))
		return -EFAULT;
	user_access_begin();
	size_t left = uaccess_copy(user_dst, src, n);
	user_access_end();
	return left ? -EFAULT : 0;
}

int copy_from_user(void *dst, const void *user_src, size_t n)
{
	if (!user_range_ok((uintptr_t)user_src, n))
		return -EFAULT;
	user_access_begin();
	size_t left = uaccess_copy(dst, user_src, n);
	user_access_end();
	return left ? -EFAULT : 0;
}

int clear_user(void *user_dst, size_t n)
{
	if (!user_range_ok((uintptr_t)user_dst, n))
		return -EFAULT;
	user_access_begin();
	size_t left = uaccess_clear(user_dst, n);
	user_access_end();
	return left ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char *user_src, size_t max)
{
	uintptr_t src = (uintptr_t)user_src;
	if (src >= USER_TOP)
		return -EFAULT;
	/* Never read past the end of the user half, even looking for the NUL. */
	size_t limit = max < USER_TOP - src ? max : USER_TOP - src;
	user_access_begin();
	long len = uaccess_strncpy(dst, user_src, limit);
	user_access_end();
	if (len < 0)
		return -EFAULT;
	if ((size_t)len == limit)
		return limit < max ? -EFAULT : -ENAMETOOLONG;
	return len;
}

size_t copy_from_mm_resident(struct mm *mm, void *dst, uintptr_t src, size_t n)
{
	size_t done = 0;
	while (done < n && user_range_ok(src, 1)) {
		struct page *pg = mm_page_at(mm, src & PAGE_MASK);
		if (!pg)
			break;
		size_t k = PAGE_SIZE - src % PAGE_SIZE;
		if (k > n - done)
			k = n - done;
		memcpy((char *)dst + done, (char *)page_address(pg) + src % PAGE_SIZE, k);
		done += k;
		src += k;
	}
	return done;
}
