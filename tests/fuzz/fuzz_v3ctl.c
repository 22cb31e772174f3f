// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for v3ctl's parsers of untrusted input
 * (userspace-ctl/): the Multiboot check of a kernel image and the size and
 * CPU-list parsers of its options and of sysfs files.
 *
 * The first input byte chooses the parser, the rest is its input:
 *   0 (mod 3): a kernel image for mb_check() (which parses it with the
 *      module's mb_image.c, fuzzed on its own as target mb_image); the byte
 *      divided by 3 is a number of 64-byte blocks of zeros put before
 *      the rest, so that short inputs reach the end of the 8 KB search
 *      window and files longer than it.
 *   1: a string for size_parse(), size_format() and size_check_multiple()
 *      (the memory block size: 128 MB, or 4 KB, or 1000 bytes, or 0,
 *      chosen by the byte divided by 3)
 *   2: a string for cpulist_parse() and cpulist_has()
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "cpulist.h"
#include "fuzz.h"
#include "multiboot_check.h"
#include "sizes.h"

static void fuzz_multiboot(uint8_t mode, const uint8_t *data, size_t size)
{
	size_t pad = (size_t)(mode / 3) * 64;
	uint8_t *file;
	struct mb_layout l;
	enum mb_status st;
	char msg[512];

	size += pad;
	file = malloc(size ? size : 1);
	memset(file, 0, pad);
	memcpy(file + pad, data, size - pad);
	memset(&l, 0xa5, sizeof(l));
	memset(msg, 'X', sizeof(msg));
	st = mb_check(file, size, &l, "kernel.img", msg, sizeof(msg));
	free(file);
	FUZZ_ASSERT(st >= MB_OK && st <= MB_BAD_PLACE);
	if (st == MB_OK) {
		/* (mb_image's own promises are fuzz target mb_image's.) */
		FUZZ_ASSERT(l.header_offset % 4 == 0 &&
			    l.header_offset < MB_SEARCH_BYTES);
		FUZZ_ASSERT(l.nsegs >= 1 && l.nsegs <= MB_MAX_SEGS);
		for (unsigned int i = 0; i < l.nsegs; i++)
			FUZZ_ASSERT(l.seg[i].offset <= size &&
				    l.seg[i].filesz <= size - l.seg[i].offset);
	} else {
		FUZZ_ASSERT(memchr(msg, '\0', sizeof(msg)));
		FUZZ_ASSERT(strstr(msg, "kernel.img"));
	}
}

/* A NUL-terminated copy of the input. */
static char *string_of(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void fuzz_size(uint8_t mode, const uint8_t *data, size_t size)
{
	static const uint64_t blocks[4] = { 128 * MB, 4096, 1000, 0 };
	uint64_t block = blocks[(mode / 3) & 3];
	char *s = string_of(data, size);
	char buf[64], msg[256];
	uint64_t bytes = 0xa5a5a5a5, again = 0;
	int ret;

	ret = size_parse(s, &bytes);
	if (ret == 0) {
		/* What v3ctl prints it parses back to the same value. */
		memset(buf, 'X', sizeof(buf));
		size_format(bytes, buf, sizeof(buf));
		FUZZ_ASSERT(memchr(buf, '\0', sizeof(buf)));
		FUZZ_ASSERT(size_parse(buf, &again) == 0);
		FUZZ_ASSERT(again == bytes);
		memset(msg, 'X', sizeof(msg));
		ret = size_check_multiple("--mem", s, bytes, block, msg,
					  sizeof(msg));
		FUZZ_ASSERT((ret == 0) ==
			    (block && bytes && bytes % block == 0));
		if (ret && block)
			FUZZ_ASSERT(memchr(msg, '\0', sizeof(msg)));
	}
	free(s);
}

static void fuzz_cpulist(const uint8_t *data, size_t size)
{
	char *s = string_of(data, size);
	int cpus[64], n = -1, dup = -1, ret, i, j;

	ret = cpulist_parse(s, cpus, 64, &n, &dup);
	if (ret == 0) {
		FUZZ_ASSERT(n >= 0 && n <= 64);
		for (i = 0; i < n; i++) {
			FUZZ_ASSERT(cpus[i] >= 0 && cpus[i] <= CPULIST_CPU_MAX);
			for (j = 0; j < i; j++)
				FUZZ_ASSERT(cpus[j] != cpus[i]);
			FUZZ_ASSERT(cpulist_has(cpus, n, cpus[i]));
		}
		FUZZ_ASSERT(!cpulist_has(cpus, n, CPULIST_CPU_MAX + 1));
	} else {
		FUZZ_ASSERT(ret == -EINVAL || ret == -ERANGE || ret == -E2BIG ||
			    ret == -EEXIST);
		if (ret == -EEXIST)
			FUZZ_ASSERT(dup >= 0 && dup <= CPULIST_CPU_MAX);
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_multiboot(data[0], data + 1, size - 1);
		break;
	case 1:
		fuzz_size(data[0], data + 1, size - 1);
		break;
	default:
		fuzz_cpulist(data + 1, size - 1);
		break;
	}
	return 0;
}
