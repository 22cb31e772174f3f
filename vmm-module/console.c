// SPDX-License-Identifier: GPL-2.0
/*
 * A VM's console: a ring of the last V3_CONSOLE_RING bytes the guest
 * wrote (hypercall or COM1). The taken core writes, v3ctl reads through
 * an ioctl; `head` counts every byte ever written, so a reader names
 * where it stopped and learns how much it missed.
 */
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "guest_io.h"
#include "uapi/v3vee.h"

struct console_ring {
	u64 head;
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
	u64 head = READ_ONCE(ring->head), start, head_after, gone;
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
	/* Bytes the writer overwrote while we copied are not returned. */
	smp_rmb();
	head_after = READ_ONCE(ring->head);
	gone = head_after > V3_CONSOLE_RING + start ?
		       min_t(u64, n, head_after - V3_CONSOLE_RING - start) : 0;
	if (gone)
		memmove(buf, buf + gone, n - gone);
	*lost += gone;
	*offset = start + n;
	return n - gone;
}
