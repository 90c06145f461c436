/*
 * SysV shared memory (shmget, shmat, shmdt, shmctl): a segment is a shared object without a
 * file (CS:APP 9.8.4). It is shared anonymous memory, the same VM object MAP_SHARED |
 * MAP_ANONYMOUS makes (mm/object.h), given a number (its id) and perhaps a key, by which
 * unrelated processes find it, instead of a path. shmat maps it as a shared area; the
 * areas that map it are its attaches (nattch, counted as Linux's shm_open and shm_close do:
 * one per area, so fork and a split add one); IPC_RMID frees the key at once and the
 * segment with its last attach. Each segment is counted once by the id table and once by
 * each area (and anything that holds it for a while), and freed when nobody holds it.
 */
#include <stddef.h>

#include "kernel/ipc/shm.h"
#include "kernel/ipc/ids.h"
#include "fs/procfs.h"
#include "kernel/errno.h"
#include "kernel/lib/format.h"
#include "kernel/lib/list.h"
#include "kernel/lib/string.h"
#include "kernel/linux_abi.h"
#include "kernel/printk.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/syscall_def.h"
#include "kernel/time.h"
#include "mm/commit.h"
#include "mm/kmalloc.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/object.h"
#include "mm/uaccess.h"

/* Linux's limits (include/uapi/linux/shm.h): SHMMIN is fixed, the others are the
 * kernel.shmmax, shmall and shmmni sysctls (/proc/sys/kernel), with Linux's defaults. */
#define SHMMIN 1ULL
#define SHMMAX (~0ULL - (1ULL << 24))
#define SHMALL (~0ULL - (1ULL << 24))
#define SHMMNI 4096
#define SHMLBA PAGE_SIZE                /* attach addresses are multiples of this */

uint64_t shm_ctlmax = SHMMAX;           /* bytes in one segment */
uint64_t shm_ctlall = SHMALL;           /* pages in all segments */
int shm_ctlmni = SHMMNI;                /* segments */

#define SHM_LOCK     11
#define SHM_UNLOCK   12
#define SHM_STAT     13
#define SHM_INFO     14
#define SHM_STAT_ANY 15
#define SHM_RDONLY    010000
#define SHM_HUGETLB   04000
#define SHM_NORESERVE 010000            /* shmget's flag, shmat's SHM_RDONLY */
#define SHM_RND       020000
#define SHM_REMAP     040000
#define SHM_EXEC      0100000
#define SHM_DEST   01000                /* in the mode: removed, gone with its last attach */
#define SHM_LOCKED 02000                /* in the mode: SHM_LOCK, its pages stay in memory */

struct shm_segment {
	struct vm_object obj;           /* its pages; obj.serial is the id (the maps inode) */
	struct ipc_object ipc;          /* id, key, owner, creator, mode */
	int name_key;                   /* its key when made: its name, kept after IPC_RMID */
	uint64_t segsz;                 /* bytes, as asked */
	int64_t atime, dtime, ctime;
	int cpid, lpid;
	uint64_t nattch;                /* areas that map it */
};

struct ipc_ids shm_ids = IPC_IDS_INIT;
static uint64_t pages_in_use;           /* Linux's shm_tot */

static int64_t now_seconds(void)
{
	return time_now().tv_sec;
}

static struct shm_segment *seg_of_obj(struct vm_object *obj);

static void shm_hold(struct vm_object *obj)
{
	obj->refcount++;
}

/* The last holder is gone: the pages and their charge go. */
static void shm_release(struct vm_object *obj)
{
	if (--obj->refcount)
		return;
	struct shm_segment *seg = seg_of_obj(obj);
	pages_in_use -= PAGE_ALIGN_UP(seg->segsz) >> PAGE_SHIFT;
	vm_object_free_pages(obj);
	vm_unacct_memory(obj->charged);
	kfree(seg);
}

/* /proc/PID/maps's name, as Linux's: the key, and "(deleted)" (no path reaches it). */
static void shm_name(struct vm_object *obj, char *buf, size_t size)
{
	ksnprintf(buf, size, "/SYSV%08x (deleted)", (uint32_t)seg_of_obj(obj)->name_key);
}

/* The segment leaves the id table (its id and key are free again) and drops the table's
 * hold; its areas keep it. */
static void remove_id(struct shm_segment *seg)
{
	if (!seg->ipc.in_table)
		return;
	ipc_remove(&shm_ids, &seg->ipc);
	vm_object_release(&seg->obj);
}

static void shm_area_opened(struct vm_object *obj)
{
	struct shm_segment *seg = seg_of_obj(obj);
	seg->nattch++;
	seg->atime = now_seconds();
	seg->lpid = current ? current->tgid : 0;
}

static void shm_area_closed(struct vm_object *obj)
{
	struct shm_segment *seg = seg_of_obj(obj);
	seg->nattch--;
	seg->dtime = now_seconds();
	seg->lpid = current ? current->tgid : 0;
	if (seg->nattch == 0 && (seg->ipc.perm.mode & SHM_DEST))
		remove_id(seg);
}

/* remap_file_pages maps the segment again, after unmapping its old area: only while its
 * id stands, as Linux's shm_mmap (__shm_open finds no segment at the id: EINVAL). */
static int shm_reopen(struct vm_object *obj)
{
	return seg_of_obj(obj)->ipc.in_table ? 0 : -EINVAL;
}

static const struct vm_object_ops shm_object_ops = {
	.hold = shm_hold, .release = shm_release, .name = shm_name, .anon = true,
	.area_opened = shm_area_opened, .area_closed = shm_area_closed,
	.reopen = shm_reopen,
};

/* obj's segment, or NULL when obj is not one. */
static struct shm_segment *seg_of_obj(struct vm_object *obj)
{
	if (!obj || obj->ops != &shm_object_ops)
		return NULL;
	return (struct shm_segment *)((char *)obj - offsetof(struct shm_segment, obj));
}

/* The segment an id table entry is, or NULL. */
static struct shm_segment *seg_of_ipc(struct ipc_object *ipc)
{
	return ipc ? container_of(ipc, struct shm_segment, ipc) : NULL;
}

/* The segment of id (its index and sequence number both right), or NULL. */
static struct shm_segment *seg_by_id(int id)
{
	return seg_of_ipc(ipc_find_id(&shm_ids, id));
}

/* A new segment of size bytes under key: Linux's newseg, with its checks in its order. */
static int64_t new_segment(int key, uint64_t size, int flg)
{
	if (size < SHMMIN || size > shm_ctlmax)
		return -EINVAL;
	uint64_t pages = PAGE_ALIGN_UP(size) >> PAGE_SHIFT;
	if (pages << PAGE_SHIFT < size || pages_in_use + pages < pages_in_use ||
	    pages_in_use + pages > shm_ctlall)
		return -ENOSPC;
	if (flg & SHM_HUGETLB) {
		/* No huge pages here: Linux's answer without CONFIG_HUGETLB_PAGE (no hstate). */
		printk("shmget: SHM_HUGETLB is not supported (no huge pages)\n");
		return -EINVAL;
	}
	bool noreserve = (flg & SHM_NORESERVE) && sysctl_overcommit_memory != OVERCOMMIT_NEVER;
	uint64_t charge = noreserve ? 0 : pages;
	if (charge && vm_enough_memory(current->mm, charge))
		return -ENOMEM;
	struct shm_segment *seg = kzalloc(sizeof(*seg));
	int index = seg ? ipc_add(&shm_ids, &seg->ipc, key, flg, shm_ctlmni) : -ENOMEM;
	if (index < 0) {
		vm_unacct_memory(charge);
		kfree(seg);
		return index;
	}
	vm_object_init(&seg->obj, &shm_object_ops);
	seg->obj.size = size;
	seg->obj.serial = (uint64_t)seg->ipc.id;
	seg->obj.refcount = 1;                  /* the id table's */
	seg->obj.charged = charge;
	seg->segsz = size;
	seg->name_key = key;
	seg->ctime = now_seconds();
	seg->cpid = current->tgid;
	pages_in_use += pages;
	return seg->ipc.id;
}

static int64_t create_segment(int key, int flg, void *size)
{
	return new_segment(key, *(uint64_t *)size, flg);
}

/* A segment asked for again by key must be at least the size asked. */
static int check_size(struct ipc_object *ipc, void *size)
{
	return seg_of_ipc(ipc)->segsz < *(uint64_t *)size ? -EINVAL : 0;
}

/* shmget: the id of key's segment, made if IPC_CREAT asks (IPC_PRIVATE: always a new
 * one), as Linux's ipcget. */
static int64_t sys_shmget(int key, uint64_t size, int flg)
{
	static const struct ipc_get_ops ops = { .create = create_segment, .check = check_size };
	return ipc_get(&shm_ids, key, flg, &ops, &size);
}
SYSCALL_DEFINE(29, sys_shmget);

/* shmat: maps the segment, shared, at addr (rounded down with SHM_RND; replacing what is
 * there only with SHM_REMAP) or where mmap would put it; returns the address. Linux's
 * do_shmat. */
static int64_t sys_shmat(int shmid, uint64_t addr, int flg)
{
	int flags = MAP_SHARED;
	if (shmid < 0)
		return -EINVAL;
	if (addr) {
		if (addr & (SHMLBA - 1)) {
			if (!(flg & SHM_RND))
				return -EINVAL;
			addr &= ~(SHMLBA - 1);
			if (!addr && (flg & SHM_REMAP))
				return -EINVAL;
		}
		flags |= MAP_FIXED;
	} else if (flg & SHM_REMAP) {
		return -EINVAL;
	}
	int prot = PROT_READ, mode = 0444;
	if (!(flg & SHM_RDONLY)) {
		prot |= PROT_WRITE;
		mode |= 0222;
	}
	if (flg & SHM_EXEC) {
		prot |= PROT_EXEC;
		mode |= 0111;
	}
	struct shm_segment *seg = seg_by_id(shmid);
	if (!seg)
		return -EINVAL;
	if (!ipc_may_access(&seg->ipc, mode))
		return -EACCES;
	uint64_t size = seg->segsz;
	if (addr && !(flg & SHM_REMAP)) {
		if (addr + size < addr)
			return -EINVAL;
		struct vma *v = vma_find_first_after(&current->mm->vmas, addr);
		if (v && v->start < addr + size)
			return -EINVAL;
	}
	/* Mapping may sleep (it may take memory), and an IPC_RMID meanwhile must not free
	 * the segment under it. */
	vm_object_hold(&seg->obj);
	int64_t at = mm_mmap(current->mm, addr, PAGE_ALIGN_UP(size), prot, flags, &seg->obj, 0,
			     (flg & SHM_RDONLY) ? 0 : VMA_MAYWRITE);
	vm_object_release(&seg->obj);
	return at;
}
SYSCALL_DEFINE(30, sys_shmat);

/* shmdt: unmaps the attach at addr: the area there that maps a segment from its start (or
 * the first one above it that maps a segment at the offset of its distance from addr), and
 * the other parts of that attach within the segment's size. Linux's ksys_shmdt, which
 * finds them so, since an attach may have been split (mprotect) or partly unmapped. */
static int64_t sys_shmdt(uint64_t addr)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	struct mm *mm = current->mm;
	struct vma *v = vma_find_first_after(&mm->vmas, addr);
	struct vm_object *obj = NULL;
	uint64_t size = 0;
	for (; v; v = vma_next(v)) {
		struct shm_segment *seg = seg_of_obj(v->object);
		if (seg && (v->start - addr) / PAGE_SIZE == v->pgoff) {
			obj = v->object;
			size = PAGE_ALIGN_UP(seg->segsz);
			break;
		}
	}
	if (!obj)
		return -EINVAL;
	vm_object_hold(obj);            /* compared with below, even once its last area is gone */
	while (v && v->end - addr <= size) {
		struct vma *next = vma_next(v);
		if (v->object == obj && (v->start - addr) / PAGE_SIZE == v->pgoff)
			mm_unmap(mm, v->start, v->end - v->start);
		v = next;
	}
	vm_object_release(obj);
	return 0;
}
SYSCALL_DEFINE(67, sys_shmdt);

/* IPC_STAT, SHM_STAT, SHM_STAT_ANY: seg as Linux's struct shmid64_ds. */
static void stat_segment(const struct shm_segment *seg, struct linux_shmid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	ds->shm_perm = seg->ipc.perm;
	ds->shm_segsz = seg->segsz;
	ds->shm_atime = seg->atime;
	ds->shm_dtime = seg->dtime;
	ds->shm_ctime = seg->ctime;
	ds->shm_cpid = seg->cpid;
	ds->shm_lpid = seg->lpid;
	ds->shm_nattch = seg->nattch;
}

/* IPC_INFO: the limits. */
static int64_t shm_ipc_info(void *buf)
{
	struct linux_shminfo64 info = { .shmmax = shm_ctlmax, .shmmin = SHMMIN,
					.shmmni = (uint64_t)shm_ctlmni,
					.shmseg = (uint64_t)shm_ctlmni, .shmall = shm_ctlall };
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return ipc_max_index(&shm_ids);
}

/* SHM_INFO: what the segments use now. */
static int64_t shm_info(void *buf)
{
	struct linux_shm_info info = { .shm_tot = pages_in_use };
	for (int i = 0; i < shm_ids.table_end; i++) {
		struct shm_segment *seg = seg_of_ipc(shm_ids.entries[i]);
		if (!seg)
			continue;
		info.used_ids++;
		info.shm_rss += seg->obj.pages.nr_pages;
		info.shm_swp += seg->obj.swapped.nr_pages;
	}
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return ipc_max_index(&shm_ids);
}

/* IPC_STAT (by id) and SHM_STAT, SHM_STAT_ANY (by index, returning the id). The index is
 * the number's low bits, as Linux's ipcid_to_idx: an id works as its own index. */
static int64_t shm_stat(int shmid, int cmd, void *buf)
{
	struct shm_segment *seg = cmd == IPC_STAT ? seg_by_id(shmid) :
				  seg_of_ipc(ipc_find_index(&shm_ids, shmid));
	if (!seg)
		return -EINVAL;
	if (cmd != SHM_STAT_ANY && !ipc_may_access(&seg->ipc, 0444))
		return -EACCES;
	struct linux_shmid64_ds ds;
	stat_segment(seg, &ds);
	if (copy_to_user(buf, &ds, sizeof(ds)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : seg->ipc.id;
}

/* IPC_SET: the owner and the mode's permission bits, from buf. */
static int64_t shm_set(int shmid, const void *buf)
{
	struct linux_shmid64_ds ds;
	if (copy_from_user(&ds, buf, sizeof(ds)))
		return -EFAULT;
	int err;
	struct shm_segment *seg = seg_of_ipc(ipc_find_for_change(&shm_ids, shmid, &err));
	if (!seg)
		return err;
	if ((err = ipc_update_perm(&seg->ipc, &ds.shm_perm)))
		return err;
	seg->ctime = now_seconds();
	return 0;
}

/* IPC_RMID: the key is free at once; the segment goes now, or with its last attach (it
 * is SHM_DEST until then, and can still be attached by id, as on Linux). */
static int64_t shm_rmid(int shmid)
{
	int err;
	struct shm_segment *seg = seg_of_ipc(ipc_find_for_change(&shm_ids, shmid, &err));
	if (!seg)
		return err;
	seg->ipc.perm.mode |= SHM_DEST;
	seg->ipc.perm.key = IPC_PRIVATE;
	if (seg->nattch == 0)
		remove_id(seg);
	return 0;
}

/* SHM_LOCK, SHM_UNLOCK: the segment's pages stay in memory (reclaim skips them, whether
 * mapped or not) or may go to swap again; nothing is faulted in, as on Linux. Root
 * (CAP_IPC_LOCK) may always; an owner within RLIMIT_MEMLOCK (this segment's size against
 * it: Linux counts all the user's locked segments together). */
static int64_t shm_lock(int shmid, bool lock)
{
	struct shm_segment *seg = seg_by_id(shmid);
	if (!seg)
		return -EINVAL;
	const struct cred *c = current_cred();
	if (c->euid != 0) {
		uint64_t limit = current->rlimits[RLIMIT_MEMLOCK].rlim_cur;
		if (c->euid != seg->ipc.perm.uid && c->euid != seg->ipc.perm.cuid)
			return -EPERM;
		if (lock && !limit)
			return -EPERM;
		if (lock && PAGE_ALIGN_UP(seg->segsz) > limit)
			return -ENOMEM;
	}
	seg->obj.unevictable = lock;
	uint32_t *mode = &seg->ipc.perm.mode;
	*mode = lock ? *mode | SHM_LOCKED : *mode & ~SHM_LOCKED;
	return 0;
}

static int64_t sys_shmctl(int shmid, int cmd, void *buf)
{
	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
		return shm_ipc_info(buf);
	case SHM_INFO:
		return shm_info(buf);
	case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY:
		return shm_stat(shmid, cmd, buf);
	case IPC_SET:
		return shm_set(shmid, buf);
	case IPC_RMID:
		return shm_rmid(shmid);
	case SHM_LOCK: case SHM_UNLOCK:
		return shm_lock(shmid, cmd == SHM_LOCK);
	}
	return -EINVAL;
}
SYSCALL_DEFINE(31, sys_shmctl);

void shm_show_sysvipc(struct textbuf *t, struct proc *unused, const void *data)
{
	(void)unused;
	(void)data;
	text_printf(t, "       key      shmid perms                  size  cpid  lpid nattch   uid"
		    "   gid  cuid  cgid      atime      dtime      ctime                   rss"
		    "                  swap\n");
	for (int i = 0; i < shm_ids.table_end; i++) {
		const struct shm_segment *seg = seg_of_ipc(shm_ids.entries[i]);
		if (!seg)
			continue;
		const struct linux_ipc64_perm *p = &seg->ipc.perm;
		text_printf(t, "%10d %10d  %4o %21lu %5d %5d  %5lu %5u %5u %5u %5u %10ld %10ld %10ld"
			    " %21lu %21lu\n", p->key, seg->ipc.id, p->mode, seg->segsz, seg->cpid,
			    seg->lpid, seg->nattch, p->uid, p->gid, p->cuid, p->cgid, seg->atime,
			    seg->dtime, seg->ctime, seg->obj.pages.nr_pages << PAGE_SHIFT,
			    seg->obj.swapped.nr_pages << PAGE_SHIFT);
	}
}
