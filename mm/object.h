/*
 * VM objects: what an area maps (CS:APP 9.8.4's "objects"; Linux's address_space, BSD's
 * vm_object). An object owns the pages of one backing store, by page index, in its page
 * cache; it knows its size and every area that maps it. Two kinds exist:
 *   - a regular file's data: embedded in the file's inode (fs/ramfs.c); in this kernel the
 *     page cache is the file's only storage
 *   - shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS, or a shared mapping of
 *     /dev/zero): an object of its own, which lives as long as an area maps it
 * Private file areas map the object's pages read-only and copy them on a write (their
 * copies are anonymous pages, not the object's). Demand-zero areas have no object.
 */
#ifndef MM_OBJECT_H
#define MM_OBJECT_H

#include "kernel/lib/list.h"
#include "mm/page_cache.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vm_object;
struct page;

/* How the owner of an object keeps it alive while areas map it. */
struct vm_object_ops {
	void (*hold)(struct vm_object *obj);    /* an area starts mapping it */
	void (*release)(struct vm_object *obj); /* an area is gone */
	void (*name)(struct vm_object *obj, char *buf, size_t size);    /* what the fault
					 * trace calls it (a file's path); NULL: no name */
	bool anon;                      /* shared anonymous memory (Linux's shmem): its
					 * pages may go to swap, and it has no file */
	/* An area starts or stops mapping it (Linux's vm_operations open and close: at a
	 * mapping, a fork's copy, a split; at an unmap, a merge, exit): a SysV shared
	 * memory segment counts its attaches so. NULL: nothing to do. */
	void (*area_opened)(struct vm_object *obj);
	void (*area_closed)(struct vm_object *obj);
	/* remap_file_pages maps it again where its areas were just unmapped (Linux calls
	 * the file's ->mmap again): 0, or -errno when it may no longer be mapped (a SysV
	 * segment whose id was removed with its last attach). NULL: it always may. */
	int (*reopen)(struct vm_object *obj);
};

struct vm_object {
	struct page_cache pages;        /* index -> frame; a missing page is a hole (zeros) */
	struct list_head areas;         /* struct vma, by vma->object_link: the reverse map
					 * from the object's pages to the PTEs that map them */
	uint64_t size;                  /* bytes; a page wholly past it cannot be mapped */
	const struct vm_object_ops *ops;
	uint64_t serial;                /* shared anonymous memory: its number in /proc maps */
	int refcount;                   /* shared anonymous memory: the areas that map it */
	uint64_t charged;               /* shared anonymous memory: pages charged to the
					 * commit ledger while it lives (mm/commit.h) */
	struct page_cache swapped;      /* shared anonymous memory: index -> the swap entry
					 * of a page that went to swap (as Linux's shmem keeps
					 * them in its page cache) */
	struct list_head swapped_link;  /* in swapped_objects while it has any */
	bool unevictable;               /* reclaim leaves its pages alone (a SysV segment
					 * locked with SHM_LOCK; Linux's AS_UNEVICTABLE) */
};

/* Every object with pages in swap, for swapoff. */
extern struct list_head swapped_objects;

/* Makes obj an empty object of size 0 kept alive by ops. */
void vm_object_init(struct vm_object *obj, const struct vm_object_ops *ops);

/* A new shared anonymous object of size bytes, held once by the caller, or NULL. It
 * takes over `charged` pages of the caller's charge, un-charged when it is gone. */
struct vm_object *vm_object_create_anon(uint64_t size, uint64_t charged);

/* True for shared anonymous memory (Linux's shmem: MAP_SHARED|MAP_ANONYMOUS, or a SysV
 * shared memory segment, kernel/ipc/shm.c), false for a file's data. */
bool vm_object_is_anon(const struct vm_object *obj);

void vm_object_hold(struct vm_object *obj);
void vm_object_release(struct vm_object *obj);

/*
 * The page at index, with a reference for the caller (frame_put when done), or NULL: a
 * hole when !create, out of memory when create (a hole then gets a zeroed page). A page
 * under I/O is waited for, so it may sleep: whoever decided something before calling it
 * must check that it still holds afterwards.
 */
struct page *vm_object_get_page(struct vm_object *obj, uint64_t index, bool create);

/* vm_object_get_page with more said: alloc_flags for a new frame (FRAME_NO_OOM); in_size:
 * a fault, so nothing is made past the object's end should it shrink during a sleep.
 * On NULL, err is -ENOMEM, -EIO (its read from swap failed) or -ERANGE (past the end);
 * major is set when it read from swap. */
struct object_get {
	unsigned alloc_flags;
	bool in_size;
	int err;
	bool major;
};
struct page *vm_object_get_page_ex(struct vm_object *obj, uint64_t index, bool create,
				   struct object_get *g);

/* True when the page at index is in memory (mincore): in the object, or in the swap
 * cache. */
bool vm_object_has_page(struct vm_object *obj, uint64_t index);

/* The swap entry of the page at index if it is in swap (shared anonymous memory), or 0. */
uint64_t vm_object_swap_entry(struct vm_object *obj, uint64_t index);

/*
 * Changes the size to size bytes. Shrinking takes the pages past the new end out of every
 * area that maps the object (private copies too, as Linux's truncate), frees them, and
 * zeroes the tail of the new last page, so that growing again shows zeros there.
 */
void vm_object_resize(struct vm_object *obj, uint64_t size);

/* Frees every page (the object's owner is done with it: no area maps it). */
void vm_object_free_pages(struct vm_object *obj);

/* Reclaim's step for a page of shared anonymous memory: pg, in the swap cache and mapped
 * by no PTE, leaves the object, whose slot for it now holds pg's swap entry (a user of the
 * swap slot). 0, or -ENOMEM with nothing changed. */
int vm_object_swap_out(struct vm_object *obj, struct page *pg);

/* Calls fn(obj, index, entry) for each page of obj in swap, from index `from` on, in
 * index order, until fn returns false. For swapoff. */
void vm_object_for_each_swapped(struct vm_object *obj, uint64_t from,
				bool (*fn)(struct vm_object *obj, uint64_t index, uint64_t entry,
					   void *arg),
				void *arg);

#endif
