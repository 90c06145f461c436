/*
 * Block devices: disks and their partitions, read and written in requests (struct bio) of
 * whole 4 KiB frames at a sector number, as Linux's block layer. A driver (virtio_blk.c)
 * registers a disk; the MBR partitions found on it become devices of their own, which
 * offset every request by their first sector. Requests complete asynchronously: the
 * driver calls the bio's end_io from its interrupt handler, and several may be in flight.
 * /dev/vda, /dev/vda1 ... are block special files over these devices (fs/blkdev.c), and
 * swap (mm/swap_state.c) writes and reads pages through them.
 */
#ifndef KERNEL_DRIVERS_BLOCK_H
#define KERNEL_DRIVERS_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t ssize_t;        /* as fs/vfs.h has it (C11 allows the same typedef twice) */

struct page;

#define SECTOR_SHIFT 9
#define SECTOR_SIZE  (1u << SECTOR_SHIFT)
#define SECTORS_PER_PAGE 8

/* The most frames one request carries (page-out clusters, readahead). */
#define BIO_MAX_PAGES 32

#define BLOCK_NAME_MAX 16

struct bio;
struct block_device;

/* What a disk driver provides. */
struct block_driver {
	/* Starts the request (at b->disk_sector, the whole disk's); completion calls
	 * bio_complete from any context, interrupts included. 0 or a negative errno if the
	 * request could not even be queued. */
	int (*submit)(struct block_device *disk, struct bio *b);
};

struct block_device {
	char name[BLOCK_NAME_MAX];      /* "vda", "vda1" */
	uint32_t major, minor;          /* Linux's numbers: what stat's st_rdev shows */
	uint64_t start_sector;          /* partitions: where they begin on the disk (0 for a disk) */
	uint64_t nr_sectors;            /* size in 512-byte sectors */
	bool read_only;
	struct block_device *disk;      /* the whole disk (itself for a disk) */
	const struct block_driver *driver;      /* disks only */
	void *driver_data;              /* disks only */
	int holders;                    /* exclusive users (swapon): 0 or 1 */
};

/* One request: npages whole frames to or from consecutive sectors from `sector` (relative
 * to the device, partition or disk, it is submitted to). */
struct bio {
	struct block_device *bdev;
	uint64_t sector;
	bool write;
	unsigned npages;
	struct page *pages[BIO_MAX_PAGES];
	int error;                      /* at completion: 0 or -EIO */
	bool done;
	void (*end_io)(struct bio *b);  /* called once at completion (may be in an interrupt
					 * handler), or NULL */
	void *private;                  /* for end_io */
	/* Set by bio_submit, for the driver: */
	uint64_t disk_sector;           /* `sector` offset to the whole disk (a partition's
					 * start added); the caller's fields stay as they were */
	struct bio *queue_next;         /* the driver's list of requests waiting for room */
};

/* Queues b (its bdev, sector, write, npages and pages set; end_io/private optional).
 * Returns 0, or -EINVAL when it reaches past the device's end, -EROFS for a write to a
 * read-only device, -EIO when the driver refuses it; on failure end_io is not called. */
int bio_submit(struct bio *b);

/* Submits b and sleeps until it completes (end_io is replaced); it always sleeps, so other
 * processes run meanwhile. 0 or a negative errno. */
int bio_submit_wait(struct bio *b);

/* For drivers: records the outcome of b and calls its end_io, then wakes bio_wait. */
void bio_complete(struct bio *b, int error);

/* Sleeps until b (submitted with bio_submit) completes; returns its error. */
int bio_wait(struct bio *b);

/* Reads or writes len bytes at byte offset `offset` of bdev through a bounce frame,
 * sleeping: what read(2) and write(2) on /dev/vdaN do. Any offset and length; stops at
 * the device's end. Returns the bytes moved or a negative errno. `buf` is a kernel
 * buffer (the block special file's read and write copy to and from the user). */
ssize_t block_rw_bytes(struct block_device *bdev, uint64_t offset, void *buf, size_t len,
		       bool write);

/* For drivers: registers a whole disk, scans its MBR for partitions (logging what it
 * found, as Linux does: " vda: vda1 vda2") and creates the block special files. */
int block_register_disk(struct block_device *disk);

/* The device with these numbers, or NULL. */
struct block_device *block_lookup(uint32_t major, uint32_t minor);

/* Claims bdev for exclusive use (swapon): 0 or -EBUSY. */
int block_claim(struct block_device *bdev);
void block_release(struct block_device *bdev);

#endif
