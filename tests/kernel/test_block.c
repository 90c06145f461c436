/*
 * Self-tests of the block layer and the virtio-blk driver on a real (emulated) disk made
 * by tools/mkdisk (a swap partition /dev/vda1 from 1 MiB on): tests/run.sh boots them with
 * one attached and checks that they ran. Without a disk they say so and test nothing.
 * They write past the swap header (the partition's first page), never into it: they run
 * before init, so no swap is in use yet.
 */
#include "kernel/drivers/block.h"
#include "fs/vfs.h"
#include "kernel/arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"

#define VDA_MAJOR 254

static uint64_t free_frames(void)
{
	struct frame_stats s;
	frame_get_stats(&s);
	return s.free;
}

static struct block_device *need(uint32_t minor)
{
	struct block_device *b = block_lookup(VDA_MAJOR, minor);
	if (!b)
		printk("selftest: no disk attached (no block device %u:%u): nothing to test\n",
		       VDA_MAJOR, minor);
	return b;
}

static uint64_t word(unsigned bio, unsigned page, unsigned i, unsigned round)
{
	return (uint64_t)round << 48 | (uint64_t)bio << 32 | (uint64_t)page << 16 | i;
}

/* More requests than the ring has descriptors for (40 of 10 descriptors each, 256 in the
 * ring), all submitted at once: with interrupts off none can complete, so they are all in
 * flight or waiting in the driver's queue; then every one completes with the right data. */
SELFTEST(block_many_in_flight)
{
	enum { NBIOS = 40, NPAGES = 8 };
	struct block_device *part = need(1);
	if (!part)
		return;
	uint64_t before = free_frames();
	struct bio *bios = kzalloc(NBIOS * sizeof(*bios));
	EXPECT(bios != NULL);
	if (!bios)
		return;
	bool ok = true;
	for (unsigned b = 0; b < NBIOS; b++)
		for (unsigned p = 0; p < NPAGES; p++)
			ok &= (bios[b].pages[p] = frame_alloc(0)) != NULL;
	EXPECT(ok);
	for (unsigned round = 0; ok && round < 2; round++) {
		bool write = round == 0;
		for (unsigned b = 0; b < NBIOS; b++) {
			struct bio *bio = &bios[b];
			bio->bdev = part;
			/* after the swap header */
			bio->sector = SECTORS_PER_PAGE * (1 + (uint64_t)b * NPAGES);
			bio->write = write;
			bio->npages = NPAGES;
			for (unsigned p = 0; p < NPAGES; p++) {
				uint64_t *w = page_address(bio->pages[p]);
				for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
					w[i] = write ? word(b, p, i, 7) : 0;
			}
		}
		irq_disable();
		int errors = 0, done = 0;
		for (unsigned b = 0; b < NBIOS; b++)
			errors += bio_submit(&bios[b]) != 0;
		for (unsigned b = 0; b < NBIOS; b++)
			done += bios[b].done;
		irq_enable();
		EXPECT_EQ(errors, 0);
		EXPECT_EQ(done, 0);             /* completion is the interrupt's business */
		for (unsigned b = 0; b < NBIOS; b++)
			errors += bio_wait(&bios[b]) != 0;
		EXPECT_EQ(errors, 0);
	}
	unsigned bad = 0;
	for (unsigned b = 0; ok && b < NBIOS; b++)
		for (unsigned p = 0; p < NPAGES; p++) {
			uint64_t *w = page_address(bios[b].pages[p]);
			for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
				bad += w[i] != word(b, p, i, 7);
		}
	EXPECT_EQ(bad, 0);
	for (unsigned b = 0; b < NBIOS; b++)
		for (unsigned p = 0; p < NPAGES; p++)
			if (bios[b].pages[p])
				frame_put(bios[b].pages[p]);
	kfree(bios);
	EXPECT_EQ(free_frames(), before);
}

static int submit_one(struct block_device *bdev, uint64_t sector, unsigned npages,
		      struct page *pg, bool write)
{
	struct bio b = { .bdev = bdev, .sector = sector, .write = write, .npages = npages };
	for (unsigned i = 0; i < npages && i < BIO_MAX_PAGES; i++)
		b.pages[i] = pg;
	return bio_submit_wait(&b);
}

/* Requests are checked against their device, and a partition's sectors are the disk's
 * from the partition's start on. */
SELFTEST(block_bounds_and_partition_offset)
{
	struct block_device *disk = need(0), *part = need(1);
	if (!disk || !part)
		return;
	EXPECT_EQ(part->disk, disk);
	EXPECT_EQ(part->start_sector, 2048);    /* tools/mkdisk: at 1 MiB */
	EXPECT(part->nr_sectors >= 2048);
	EXPECT(part->start_sector + part->nr_sectors <= disk->nr_sectors);
	struct page *pg = frame_alloc(FRAME_ZERO);
	if (!pg)
		return;
	EXPECT_EQ(submit_one(part, part->nr_sectors - 7, 1, pg, false), -EINVAL);
	EXPECT_EQ(submit_one(part, part->nr_sectors, 1, pg, false), -EINVAL);
	EXPECT_EQ(submit_one(part, UINT64_MAX - 3, 1, pg, false), -EINVAL);
	EXPECT_EQ(submit_one(part, 8, 0, pg, false), -EINVAL);
	EXPECT_EQ(submit_one(part, 8, BIO_MAX_PAGES + 1, pg, false), -EINVAL);
	EXPECT_EQ(submit_one(part, part->nr_sectors - 8, 1, pg, false), 0);

	char *p = page_address(pg);
	memcpy(p, "through the partition", 22);
	EXPECT_EQ(submit_one(part, 16, 1, pg, true), 0);
	memset(p, 0, PAGE_SIZE);
	EXPECT_EQ(submit_one(disk, 2048 + 16, 1, pg, false), 0);
	EXPECT(memcmp(p, "through the partition", 22) == 0);
	frame_put(pg);
}

/* Byte access at the edges: across sectors, at and past the end, a device end that is
 * not a whole page (the disk's last 8 sectors are read as one page). */
SELFTEST(block_rw_bytes_edges)
{
	struct block_device *disk = need(0);
	if (!disk)
		return;
	uint64_t size = disk->nr_sectors << SECTOR_SHIFT;
	char buf[64];
	EXPECT_EQ(block_rw_bytes(disk, size, buf, 10, false), 0);
	EXPECT_EQ(block_rw_bytes(disk, size + 12345, buf, 10, false), 0);
	EXPECT_EQ(block_rw_bytes(disk, size - 5, "12345678", 8, true), 5);
	EXPECT_EQ(block_rw_bytes(disk, size - 5, buf, sizeof(buf), false), 5);
	EXPECT(memcmp(buf, "12345", 5) == 0);
	uint64_t off = (1u << 20) + 65536 + 509;        /* past the swap header, across a sector */
	EXPECT_EQ(block_rw_bytes(disk, off, "across", 6, true), 6);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(block_rw_bytes(disk, off - 1, buf, 8, false), 8);
	EXPECT(memcmp(buf + 1, "across", 6) == 0);

	/* A partition of 13 sectors near the disk's end, as a table could describe. */
	struct block_device odd = { .name = "odd", .start_sector = disk->nr_sectors - 13,
				    .nr_sectors = 13, .disk = disk };
	EXPECT_EQ(block_rw_bytes(&odd, 13 * 512 - 3, buf, 10, false), 3);
	EXPECT(memcmp(buf, "345", 3) == 0);
	EXPECT_EQ(block_rw_bytes(&odd, 2, "odd!", 4, true), 4);
	EXPECT_EQ(block_rw_bytes(disk, (disk->nr_sectors - 13) * 512 + 2, buf, 4, false), 4);
	EXPECT(memcmp(buf, "odd!", 4) == 0);
	struct block_device tiny = { .name = "tiny", .nr_sectors = 3, .disk = disk };
	EXPECT_EQ(block_rw_bytes(&tiny, 0, buf, 10, false), -EINVAL);
}

/* One exclusive user at a time (swapon); while it holds the device, writes to its /dev
 * file fail with ETXTBSY, as Linux answers for a swap device, and reads still work. */
SELFTEST(block_claim_refuses_writes)
{
	struct block_device *part = need(1);
	if (!part)
		return;
	struct file *f = NULL;
	EXPECT_EQ(vfs_open(vfs_root, "/dev/vda1", O_RDWR, 0, &f), 0);
	if (!f)
		return;
	char buf[16];
	struct iobuf b = kernel_iobuf(buf, sizeof(buf));
	EXPECT_EQ(block_claim(part), 0);
	EXPECT_EQ(block_claim(part), -EBUSY);
	EXPECT_EQ(file_pwrite(f, &b, 8192), -ETXTBSY);
	EXPECT_EQ(file_pread(f, &b, 4096 - 10), 16);
	EXPECT(memcmp(buf, "SWAPSPACE2", 10) == 0);
	block_release(part);
	EXPECT_EQ(block_claim(part), 0);
	block_release(part);
	EXPECT_EQ(file_pwrite(f, &b, 8192), 16);
	file_put(f);
}
