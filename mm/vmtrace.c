/*
 * vmtrace: the trace lines of the page-fault handler and of reclaim; their format is in
 * mm/vmtrace.h. Each function writes one whole line with one printk, so lines never mix.
 */
#include "mm/vmtrace.h"
#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/options.h"
#include "kernel/printk.h"
#include "kernel/running.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/swap.h"

int vmtrace_on;

/* vmtrace=1 traces from boot on (vmtrace=0: off, as without it). */
static const char *set_vmtrace(const char *value)
{
	if (!value || (strcmp(value, "0") != 0 && strcmp(value, "1") != 0))
		return "needs 0 or 1";
	vmtrace_on = value[0] == '1';
	return NULL;
}
KERNEL_OPTION("vmtrace", set_vmtrace);

/* A path is the longest area name; the kernel does not preempt itself, so one buffer
 * serves every line. */
#define AREA_MAX 4200
static char area_buf[AREA_MAX];

static uint64_t frame_number(const struct page *pg)
{
	return page_to_phys(pg) >> PAGE_SHIFT;
}

/* The kind of area v is, as its lines name it. */
static void area_kind(struct mm *mm, const struct vma *v, char *buf, size_t size)
{
	if (v->object && vm_object_is_anon(v->object))
		ksnprintf(buf, size, "shmem");
	else if (v->object && v->object->ops->name)
		v->object->ops->name(v->object, buf, size);
	else if (v->object)
		ksnprintf(buf, size, "file");
	else if (v->flags & VMA_GROWSDOWN)
		ksnprintf(buf, size, "stack");
	else if (v->start < mm->brk && v->end > mm->brk_start)
		ksnprintf(buf, size, "heap");   /* as /proc/PID/maps's [heap] */
	else
		ksnprintf(buf, size, "anon");
}

/* "[KIND START-END]", or "[none]" without an area, in area_buf. */
static const char *area_text(struct mm *mm, const struct vma *v)
{
	if (!v)
		return "[none]";
	area_buf[0] = '[';
	area_kind(mm, v, area_buf + 1, AREA_MAX - 40);
	size_t n = strlen(area_buf);
	ksnprintf(area_buf + n, AREA_MAX - n, " %lx-%lx]", v->start, v->end);
	return area_buf;
}

static const char *access_text(const struct fault *f)
{
	static const char *const user[] = { "R", "W", "X" };
	static const char *const kernel[] = { "kR", "kW", "kX" };
	return f->user ? user[f->access] : kernel[f->access];
}

static const char *const decisions[] = {
	[VT_DEMAND_ZERO] = "demand-zero",
	[VT_FILE_SHARED] = "file-shared",
	[VT_FILE_READONLY] = "file-readonly",
	[VT_FILE_COPY] = "file-copy",
	[VT_COW_REUSE] = "cow-reuse",
	[VT_STACK_GROW] = "stack-grow",
	[VT_ALREADY_MAPPED] = "already-mapped",
	[VT_RETRY] = "retry",
	[VT_SEGV_MAPERR] = "SIGSEGV maperr",
	[VT_SEGV_ACCERR] = "SIGSEGV accerr",
	[VT_BUS_PAST_END] = "SIGBUS past-end",
	[VT_BUS_IO_ERROR] = "SIGBUS io-error",
	[VT_BUS_BAD_SWAP] = "SIGBUS bad-swap-entry",
	[VT_OOM] = "OOM",
	[VT_USERFAULT] = "userfault",
	[VT_ZERO_PAGE] = "zero-page",
};

/* The line's start, up to the area: "vmtrace: PID NAME ACCESS ADDR [AREA]". */
#define FAULT_HEAD "vmtrace: %d %s %s 0x%lx %s "
#define FAULT_ARGS(mm, f, v) running_pid(), running_name(), access_text(f), (f)->addr, \
	area_text(mm, v)

void vmtrace_print_fault(struct mm *mm, const struct fault *f, const struct vma *v,
			 unsigned decision, const struct page *pg)
{
	const char *major = (decision & VT_MAJOR) ? " major" : "";
	const char *what = decisions[decision & ~(unsigned)VT_MAJOR];
	if (pg)
		printk(FAULT_HEAD "%s%s frame 0x%lx\n", FAULT_ARGS(mm, f, v), what, major,
		       frame_number(pg));
	else
		printk(FAULT_HEAD "%s%s\n", FAULT_ARGS(mm, f, v), what, major);
}

void vmtrace_print_fault_again(struct mm *mm, const struct fault *f, unsigned decision)
{
	vmtrace_print_fault(mm, f, vma_find(&mm->vmas, f->addr), decision, NULL);
}

void vmtrace_print_cow_copy(struct mm *mm, const struct fault *f, const struct vma *v,
			    const struct page *old, const struct page *copy)
{
	printk(FAULT_HEAD "cow-copy from 0x%lx frame 0x%lx\n", FAULT_ARGS(mm, f, v), frame_number(old),
	       frame_number(copy));
}

void vmtrace_print_swap_in(struct mm *mm, const struct fault *f, const struct vma *v,
			   uint64_t slot, bool major, const struct page *pg)
{
	printk(FAULT_HEAD "swap-in %s slot %u:%lu frame 0x%lx\n", FAULT_ARGS(mm, f, v),
	       major ? "major" : "minor", swp_type(slot), swp_offset(slot), frame_number(pg));
}

static const char *const outcomes[] = {
	[VT_SWAP_OUT] = "swap-out",
	[VT_WRITE_ERROR] = "write-error",
	[VT_FREED] = "freed",
	[VT_KEEP_REFERENCED] = "keep referenced",
	[VT_KEEP_PINNED] = "keep pinned",
	[VT_KEEP_MLOCKED] = "keep mlocked",
	[VT_KEEP_SWAPOFF] = "keep swapoff",
	[VT_KEEP_BAD_SLOT] = "keep bad-slot",
	[VT_KEEP_SWAP_FULL] = "keep swap-full",
	[VT_KEEP_MAPPED] = "keep mapped",
	[VT_KEEP_BUSY] = "keep busy",
	[VT_DROP_NOT_ANON] = "drop not-anon",
};

void vmtrace_print_reclaim(const struct page *pg, enum vmtrace_reclaim outcome)
{
	if (outcome == VT_SWAP_OUT || outcome == VT_WRITE_ERROR || outcome == VT_FREED)
		printk("vmtrace: %d %s reclaim frame 0x%lx %s slot %u:%lu\n", running_pid(),
		       running_name(), frame_number(pg), outcomes[outcome], swp_type(pg->swap),
		       swp_offset(pg->swap));
	else
		printk("vmtrace: %d %s reclaim frame 0x%lx %s\n", running_pid(), running_name(),
		       frame_number(pg), outcomes[outcome]);
}

void vmtrace_print_swapoff(struct mm *mm, const struct vma *v, uintptr_t va, uint64_t slot,
			   const struct page *pg)
{
	printk("vmtrace: %d %s swapoff 0x%lx %s slot %u:%lu frame 0x%lx\n", running_pid(),
	       running_name(), va, area_text(mm, v), swp_type(slot), swp_offset(slot),
	       frame_number(pg));
}

void vmtrace_print_exec(const char *path)
{
	printk("vmtrace: %d %s exec %s\n", running_pid(), running_name(), path);
}
