// SPDX-License-Identifier: GPL-2.0
/*
 * vmm-module/console.c built for user space: the console ring a taken
 * core writes and v3ctl console reads (issue 17, finding 6: a reader
 * could get torn bytes while the writer wrapped). A writer thread puts
 * bytes whose value is a function of their position in the stream, in
 * pieces of varying size; a reader thread reads the ring meanwhile and
 * checks every byte it is handed against its position, and that its
 * offsets and lost counts add up.
 */
#include <pthread.h>
#include <stdio.h>
#include "test.h"
#include "../../vmm-module/guest_io.h"
#include "../../vmm-module/uapi/v3vee.h"

#define WRITE_TOTAL (64ULL * V3_CONSOLE_RING)

/* The byte at a stream position: differs from the one a ring's length
 * later, so that an overwritten byte shows. */
static u8 at(u64 pos)
{
	return (u8)((pos * 0x9E3779B97F4A7C15ULL) >> 56);
}

static struct console_ring *ring;
static volatile int writer_done;

static void *writer(void *unused)
{
	static u8 piece[3 * V3_CONSOLE_RING / 2];
	u64 pos = 0;
	u32 len = 1;

	(void)unused;
	while (pos < WRITE_TOTAL) {
		len = (len * 1103515245u + 12345u) % sizeof(piece) + 1;
		for (u32 i = 0; i < len; i++)
			piece[i] = at(pos + i);
		console_put(ring, piece, len);
		pos += len;
	}
	writer_done = 1;
	return NULL;
}

TEST(console_sequential)
{
	u8 buf[64];
	u64 off = 0, lost = 99;
	u32 n;

	ring = console_alloc();
	console_put(ring, (const u8 *)"hello", 5);
	n = console_read(ring, &off, buf, sizeof(buf), &lost);
	CHECK(n == 5 && off == 5 && lost == 0 && !memcmp(buf, "hello", 5));
	n = console_read(ring, &off, buf, sizeof(buf), &lost);
	CHECK(n == 0 && off == 5);
	/* Wrap past the reader: it learns what it missed. */
	for (u64 i = 0; i < V3_CONSOLE_RING + 10; i++) {
		u8 c = at(5 + i);

		console_put(ring, &c, 1);
	}
	n = console_read(ring, &off, buf, 4, &lost);
	CHECK(lost == 10 && off == 19 && n == 4 && buf[0] == at(15));
	console_free(ring);
}

TEST(console_concurrent_wrap)
{
	static u8 buf[V3_CONSOLE_RING];
	u64 off = 0, lost_total = 0, got_total = 0, torn = 0, reads = 0;
	pthread_t t;

	ring = console_alloc();
	writer_done = 0;
	CHECK(pthread_create(&t, NULL, writer, NULL) == 0);
	while (!writer_done || off < console_bytes(ring)) {
		u64 before = off, lost;
		u32 n = console_read(ring, &off, buf, sizeof(buf), &lost);

		reads++;
		if (off != before + lost + n)
			torn++;
		for (u32 i = 0; i < n; i++) {
			if (buf[i] != at(before + lost + i)) {
				torn++;
				break;
			}
		}
		lost_total += lost;
		got_total += n;
	}
	pthread_join(t, NULL);
	printf("test_console: %llu reads, %llu bytes read, %llu lost, %llu torn\n",
	       (unsigned long long)reads, (unsigned long long)got_total,
	       (unsigned long long)lost_total, (unsigned long long)torn);
	CHECK(torn == 0);
	CHECK(got_total + lost_total == console_bytes(ring));
	console_free(ring);
}

RUN_TESTS(console_sequential, console_concurrent_wrap)
