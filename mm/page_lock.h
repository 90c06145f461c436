/*
 * The page lock: a page whose contents are being read from or written to a device is
 * locked (PG_LOCKED) for the time of the I/O. A fault or a read that finds it locked
 * sleeps until it is unlocked, then looks again, since the page may have changed owner
 * or gone meanwhile. Nothing does I/O on user pages yet; swap-in and swap-out will.
 */
#ifndef MM_PAGE_LOCK_H
#define MM_PAGE_LOCK_H

#include "mm/page.h"

#include <stdbool.h>

static inline bool page_locked(const struct page *pg)
{
	return pg->flags & PG_LOCKED;
}

/* Takes the lock of a page nobody else holds locked (a new page, before its I/O). */
void page_lock(struct page *pg);

/* Ends the I/O: the contents are ready, and whoever waits for them runs again. */
void page_unlock(struct page *pg);

/* Sleeps until pg is unlocked. The caller holds a reference, so pg stays a page. */
void page_wait_unlocked(struct page *pg);

#endif
