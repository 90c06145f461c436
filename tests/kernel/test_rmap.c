/*
 * The reverse map against what really maps each frame: after every step of a process's
 * life (faults of each kind, fork, copy-on-write, mremap, munmap, exit), a walk from each
 * mapped frame must find exactly the entries that map it (rmap_audit).
 */
#include "fs/vfs.h"
#include "kernel/selftest.h"
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/ptes.h"
#include "mm/rmap.h"

#define ANON  0x10000000UL      /* a private anonymous area of 4 pages */
#define FILE  0x20000000UL      /* a private mapping of a 3-page file */
#define SHM   0x30000000UL      /* shared anonymous memory, 2 pages */
#define MOVED 0x40000000UL

static uint64_t free_frames(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	return s.free;
}

static void touch(struct mm *mm, uintptr_t va, bool write)
{
	EXPECT_EQ(fault_in_page(mm, va, write), FAULT_MINOR);
}

/* A regular file of n pages, unnamed, held by the caller. */
static struct inode *make_file(int pages)
{
	struct inode *ip = inode_alloc(S_IFREG | 0644);
	static char block[4096];
	for (int i = 0; i < pages; i++) {
		struct iobuf b = kernel_iobuf(block, sizeof(block));
		EXPECT_EQ(ramfs_write(ip, &b, (uint64_t)i * PAGE_SIZE), (ssize_t)PAGE_SIZE);
	}
	return ip;
}

/* A process with pages of every kind mapped. */
static struct mm *populated_mm(struct inode *file)
{
	struct mm *mm = mm_create();
	EXPECT_EQ(mm_map_area(mm, ANON, 4 * PAGE_SIZE, VMA_READ | VMA_WRITE, VMA_MAYWRITE, NULL,
			      0, 0), 0);
	EXPECT_EQ(mm_map_area(mm, FILE, 3 * PAGE_SIZE, VMA_READ | VMA_WRITE, VMA_MAYWRITE,
			      &file->data, 0, UINT64_MAX), 0);
	EXPECT_EQ(mm_mmap(mm, SHM, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, NULL, 0, VMA_MAYWRITE), (int64_t)SHM);
	for (int i = 0; i < 4; i++)
		touch(mm, ANON + i * PAGE_SIZE, true);          /* demand-zero */
	touch(mm, FILE, false);                                 /* the file's page */
	touch(mm, FILE + PAGE_SIZE, true);                      /* a private copy */
	touch(mm, SHM, true);                                   /* the shared object's page */
	return mm;
}

SELFTEST(rmap_finds_every_mapping)
{
	uint64_t before = free_frames();
	struct inode *file = make_file(3);
	struct mm *parent = populated_mm(file);
	EXPECT_EQ(rmap_audit(parent), 0);
	EXPECT_EQ(mm_page_at(parent, ANON)->mapcount, 1);

	struct mm *child = mm_fork(parent);
	EXPECT_EQ(rmap_audit(parent), 0);
	EXPECT_EQ(rmap_audit(child), 0);
	struct page *shared = mm_page_at(parent, ANON);
	EXPECT(mm_page_at(child, ANON) == shared);
	EXPECT_EQ(rmap_walk(shared, NULL, NULL), 2);
	EXPECT_EQ(rmap_walk(mm_page_at(parent, FILE), NULL, NULL), 2);
	EXPECT_EQ(rmap_walk(mm_page_at(parent, SHM), NULL, NULL), 2);

	touch(child, ANON, true);                               /* copy-on-write: a copy */
	EXPECT(mm_page_at(child, ANON) != shared);
	EXPECT_EQ(shared->mapcount, 1);
	EXPECT_EQ(rmap_walk(shared, NULL, NULL), 1);
	touch(parent, ANON, true);                              /* the last one: reused */
	EXPECT(mm_page_at(parent, ANON) == shared);
	EXPECT_EQ(rmap_audit(parent), 0);
	EXPECT_EQ(rmap_audit(child), 0);

	EXPECT_EQ(mm_remap(child, ANON, 4 * PAGE_SIZE, 4 * PAGE_SIZE,
			   MREMAP_MAYMOVE | MREMAP_FIXED, MOVED), (int64_t)MOVED);
	EXPECT(mm_page_at(child, MOVED + PAGE_SIZE) == mm_page_at(parent, ANON + PAGE_SIZE));
	EXPECT_EQ(rmap_audit(child), 0);
	EXPECT_EQ(rmap_audit(parent), 0);
	touch(child, MOVED + 2 * PAGE_SIZE, true);              /* COW at the new address */
	EXPECT_EQ(rmap_audit(child), 0);

	EXPECT_EQ(mm_unmap(parent, ANON + PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT_EQ(rmap_audit(parent), 0);
	EXPECT_EQ(rmap_audit(child), 0);
	EXPECT_EQ(mm_page_at(child, MOVED + PAGE_SIZE)->mapcount, 1);

	mm_destroy(child);                                      /* exit */
	EXPECT_EQ(rmap_audit(parent), 0);
	EXPECT_EQ(rmap_walk(mm_page_at(parent, SHM), NULL, NULL), 1);
	mm_destroy(parent);
	inode_put(file);
	EXPECT_EQ(free_frames(), before);
}
