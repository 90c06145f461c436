#include "kernel/exec/exec_args.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/uaccess.h"

#include <stdint.h>

/* Room for the longest stream, plus the frame a string may spill into before E2BIG. */
#define ARG_PAGES_MAX (ARG_MAX_CAP / PAGE_SIZE + 2)

/*
 * Linux's limit on the strings together with their argv and envp pointers: a quarter of
 * the stack limit, at most ARG_MAX_CAP, at least 128 KiB (fs/exec.c, bprm_stack_limits).
 */
static size_t arg_max(void)
{
	uint64_t stack = current ? current->rlimits[RLIMIT_STACK].rlim_cur : (8u << 20);
	uint64_t limit = stack / 4 < ARG_MAX_CAP ? stack / 4 : ARG_MAX_CAP;
	return limit < (128u << 10) ? (128u << 10) : limit;
}

/* The free bytes at the stream's end, in its last frame (a new one if that is full); NULL
 * when out of memory. Their count goes to *room. */
static char *stream_tail(struct exec_args *a, size_t *room)
{
	size_t i = a->used / PAGE_SIZE;
	if (!a->pages && !(a->pages = kmalloc(ARG_PAGES_MAX * sizeof(*a->pages))))
		return NULL;
	if (i == a->npages) {
		if (i == ARG_PAGES_MAX || !(a->pages[i] = frame_alloc(0)))
			return NULL;
		a->npages++;
	}
	*room = PAGE_SIZE - a->used % PAGE_SIZE;
	return (char *)page_address(a->pages[i]) + a->used % PAGE_SIZE;
}

/* Appends n bytes of kernel memory. */
static int stream_put_bytes(struct exec_args *a, const char *s, size_t n)
{
	while (n) {
		size_t room;
		char *dst = stream_tail(a, &room);
		if (!dst)
			return -ENOMEM;
		size_t k = n < room ? n : room;
		memcpy(dst, s, k);
		a->used += k;
		s += k;
		n -= k;
	}
	return 0;
}

/* Appends a kernel string with its NUL. */
static int stream_put(struct exec_args *a, const char *s)
{
	return stream_put_bytes(a, s, strlen(s) + 1);
}

/* Appends the user string us with its NUL, a frame at a time; nptrs is the number of
 * pointers the vectors will need counting this string, for the limit. */
static int stream_put_user(struct exec_args *a, const char *us, size_t nptrs)
{
	size_t len = 0;                 /* bytes of us copied so far */
	for (;;) {
		size_t room;
		char *dst = stream_tail(a, &room);
		if (!dst)
			return -ENOMEM;
		long n = strncpy_from_user(dst, us + len, room);
		if (n == -EFAULT)
			return -EFAULT;
		size_t copied = n >= 0 ? (size_t)n + 1 : room;
		a->used += copied;
		len += copied;
		if (len > MAX_ARG_STRLEN || a->used + 8 * nptrs > arg_max())
			return -E2BIG;
		if (n >= 0)
			return 0;
	}
}

/* Appends the strings of the user's NULL-terminated vector uv; their number goes to *count. */
static int copy_user_strings(struct exec_args *a, const char *const *uv, int *count)
{
	size_t before = (size_t)a->argc + (size_t)a->envc;
	*count = 0;
	for (int n = 0; uv; n++) {
		const char *us;
		if (copy_from_user(&us, &uv[n], sizeof(us)))
			return -EFAULT;
		if (!us)
			return 0;
		int err = stream_put_user(a, us, before + (size_t)n + 1);
		if (err)
			return err;
		*count = n + 1;
	}
	return 0;
}

int exec_args_from_user(struct exec_args *a, const char *const *argv, const char *const *envp)
{
	*a = (struct exec_args){0};
	int err = copy_user_strings(a, argv, &a->argc);
	if (!err && a->argc == 0) {
		/* Programs assume argv[0] exists; Linux (since 5.18) gives them "" then. */
		err = stream_put(a, "");
		a->argc = 1;
	}
	a->argv_bytes = a->used;
	if (!err)
		err = copy_user_strings(a, envp, &a->envc);
	if (err)
		exec_args_free(a);
	return err;
}

int exec_args_from_kernel(struct exec_args *a, char *const argv[], char *const envp[])
{
	*a = (struct exec_args){0};
	int err = 0;
	for (; !err && argv && argv[a->argc]; a->argc++)
		err = stream_put(a, argv[a->argc]);
	a->argv_bytes = a->used;
	for (; !err && envp && envp[a->envc]; a->envc++)
		err = stream_put(a, envp[a->envc]);
	if (err)
		exec_args_free(a);
	return err;
}

/* The length of the stream's first string, with its NUL. */
static size_t first_string_size(const struct exec_args *a)
{
	size_t off = 0, len;
	while (off < a->used) {
		const char *bytes = exec_args_bytes(a, off, &len);
		for (size_t i = 0; i < len; i++)
			if (bytes[i] == '\0')
				return off + i + 1;
		off += len;
	}
	return off;
}

int exec_args_replace_argv0(struct exec_args *a, const char *const front[], int n)
{
	struct exec_args b = {0};
	int err = 0;
	for (int i = 0; i < n && !err; i++)
		err = stream_put(&b, front[i]);
	size_t skip = first_string_size(a);
	b.argv_bytes = b.used + a->argv_bytes - skip;
	for (size_t off = skip, len; off < a->used && !err; off += len) {
		const char *bytes = exec_args_bytes(a, off, &len);
		err = stream_put_bytes(&b, bytes, len);
	}
	b.argc = a->argc - 1 + n;
	b.envc = a->envc;
	if (!err && b.used + 8 * ((size_t)b.argc + (size_t)b.envc) > arg_max())
		err = -E2BIG;
	if (err) {
		exec_args_free(&b);
		return err;
	}
	exec_args_free(a);
	*a = b;
	return 0;
}

const char *exec_args_bytes(const struct exec_args *a, size_t off, size_t *len)
{
	size_t end = (off / PAGE_SIZE + 1) * PAGE_SIZE;
	*len = (end < a->used ? end : a->used) - off;
	return (const char *)page_address(a->pages[off / PAGE_SIZE]) + off % PAGE_SIZE;
}

void exec_args_free(struct exec_args *a)
{
	for (size_t i = 0; i < a->npages; i++)
		frame_put(a->pages[i]);
	kfree(a->pages);
	*a = (struct exec_args){0};
}
