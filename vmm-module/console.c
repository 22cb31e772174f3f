// SPDX-License-Identifier: GPL-2.0
/*
 * A VM's console: a ring of the last V3_CONSOLE_RING bytes the guest
 * wrote (hypercall or COM1). The taken core writes, v3ctl reads through
 * an ioctl; `head` counts every byte ever written, so a reader names
 * where it stopped and learns how much it missed.
 *
 * The writer never waits for a reader. Before it stores a byte it
 * announces, in `writing`, the count `head` will have once this write is
 * done; a reader copies the bytes, then reads `writing`, and hands out
 * only the bytes no write announced so far can have overwritten. Without
 * `writing`, a reader copying while the writer wrapped over those slots
 * returned bytes of the new write as old ones (tests/unit/test_console.c).
 */
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "guest_io.h"
#include "uapi/v3vee.h"

struct console_ring {
	u64 head;    /* bytes written */
	u64 writing; /* head once the write under way is done */
	u8 buf[V3_CONSOLE_RING];
};

struct console_ring *console_alloc(void)
{
	return vzalloc(sizeof(struct console_ring));
}

void console_free(struct console_ring *ring)
{
	vfree(ring);
}

/* On a taken core: one writer at a time (guest_io.c holds the VM's
 * console lock). */
void console_put(struct console_ring *ring, const u8 *buf, u32 len)
{
	u64 head = ring->head;

	WRITE_ONCE(ring->writing, head + len);
	smp_wmb(); /* announced before any byte changes */
	for (u32 i = 0; i < len; i++)
		ring->buf[(head + i) % V3_CONSOLE_RING] = buf[i];
	smp_wmb(); /* the bytes before the count that shows them */
	WRITE_ONCE(ring->head, head + len);
}

u64 console_bytes(struct console_ring *ring)
{
	return READ_ONCE(ring->head);
}

/*
 * Copies up to len bytes from *offset into buf (a kernel buffer) and
 * returns how many; *lost counts the bytes the ring no longer held.
 */
u32 console_read(struct console_ring *ring, u64 *offset, u8 *buf, u32 len,
		 u64 *lost)
{
	u64 head = READ_ONCE(ring->head), start, writing, gone;
	u32 n, first;

	smp_rmb();
	start = max(*offset, head > V3_CONSOLE_RING ? head - V3_CONSOLE_RING : 0);
	*lost = start - min(*offset, start);
	n = min_t(u64, len, head - min(start, head));
	if (!n) {
		*offset = max(*offset, start);
		return 0;
	}
	first = min_t(u32, n, V3_CONSOLE_RING - start % V3_CONSOLE_RING);
	memcpy(buf, ring->buf + start % V3_CONSOLE_RING, first);
	memcpy(buf + first, ring->buf, n - first);
	/* Bytes a write (finished or not) may have overwritten while we
	 * copied are not returned: any write whose bytes the copy saw was
	 * announced before them. */
	smp_rmb();
	writing = READ_ONCE(ring->writing);
	gone = writing > V3_CONSOLE_RING + start ?
		       min_t(u64, n, writing - V3_CONSOLE_RING - start) : 0;
	if (gone)
		memmove(buf, buf + gone, n - gone);
	*lost += gone;
	*offset = start + n;
	return n - gone;
}
