#include "kernel/proc/rseq_check.h"
#include "kernel/errno.h"

int rseq_check_call(const struct rseq_reg *reg, uint64_t area, uint32_t len, int flags,
		    uint32_t sig, uint64_t user_top)
{
	if (flags & RSEQ_FLAG_UNREGISTER) {
		if (flags & ~RSEQ_FLAG_UNREGISTER)
			return -EINVAL;
		if (!reg->area || reg->area != area || len != RSEQ_AREA_SIZE)
			return -EINVAL;
		if (reg->sig != sig)
			return -EPERM;
		return RSEQ_UNREGISTER;
	}
	if (flags)
		return -EINVAL;
	if (reg->area) {
		/* A C library registers each thread once; a second call with the same area
		 * says so, any other is a mistake. */
		if (reg->area != area || len != RSEQ_AREA_SIZE)
			return -EINVAL;
		return reg->sig != sig ? -EPERM : -EBUSY;
	}
	if ((area & (RSEQ_AREA_SIZE - 1)) || len != RSEQ_AREA_SIZE)
		return -EINVAL;
	/* Linux's access_ok: the range lies in the user half; mapped or not is not asked. */
	if (area > user_top || len > user_top - area)
		return -EFAULT;
	return RSEQ_REGISTER;
}

int rseq_check_cs(const struct linux_rseq_cs *cs, uint64_t user_top)
{
	uint64_t end = cs->start_ip + cs->post_commit_offset;
	if (cs->start_ip >= user_top || end >= user_top || cs->abort_ip >= user_top ||
	    cs->version > 0)
		return -EINVAL;
	if (end < cs->start_ip)
		return -EINVAL;                 /* wrapped around */
	if (rseq_in_section(cs->abort_ip, cs))
		return -EINVAL;                 /* an abort inside would never leave */
	return 0;
}

bool rseq_in_section(uint64_t ip, const struct linux_rseq_cs *cs)
{
	/* One unsigned comparison: below start_ip wraps to a huge difference. */
	return ip - cs->start_ip < cs->post_commit_offset;
}
