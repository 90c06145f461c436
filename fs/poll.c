#include "fs/poll.h"
#include "fs/pipe.h"
#include "kernel/wait.h"

const char poll_channel;

uint32_t file_poll(struct file *f)
{
	struct inode *ip = f->inode;
	if (S_ISFIFO(ip->mode))
		return pipe_poll(f);
	if (S_ISCHR(ip->mode) && ip->dev->poll)
		return ip->dev->poll(f);
	return DEFAULT_POLLMASK;
}

void poll_notify(void)
{
	wakeup(&poll_channel);
}
