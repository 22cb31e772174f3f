// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for vmm-module/mb_image.c, the Multiboot image parser
 * of v3vmm.ko and v3ctl. Each input is a kernel image; it is parsed as
 * the module and v3ctl parse it (the first 64 KB, the whole length), and
 * also as if the file went on past the bytes given (segments may then
 * reach beyond the head). Whatever is accepted must keep the parser's
 * promises; a broken one aborts. The last 24 bytes also drive
 * mb_module_place(). Built by make unit-tests (tests/fuzz/fuzz.mk); by hand:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Ivmm-module \
 *       tests/fuzz/fuzz_mb_image.c vmm-module/mb_image.c -o fuzz_mb_image
 *   ./fuzz_mb_image -max_total_time=600 CORPUS_DIR
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mb_image.h"

static void check(const struct mb_layout *l, uint64_t file_len)
{
	int in_file = 0;

	if (l->nsegs < 1 || l->nsegs > MB_MAX_SEGS)
		abort();
	for (unsigned int i = 0; i < l->nsegs; i++) {
		const struct mb_segment *s = &l->seg[i];

		if (!s->memsz || s->filesz > s->memsz)
			abort();
		if (s->offset > file_len || s->filesz > file_len - s->offset)
			abort();
		if (s->addr < MB_LOW_LOADER_END ||
		    s->addr + s->memsz > MB_ADDR_LIMIT)
			abort();
		if (s->addr < MB_LOW_RESERVED_END &&
		    s->addr + s->memsz > MB_LOW_RESERVED)
			abort();
		if (i && l->seg[i - 1].addr + l->seg[i - 1].memsz > s->addr)
			abort();
		if (l->entry >= s->addr && l->entry - s->addr < s->filesz)
			in_file = 1;
	}
	if (!in_file ||
	    l->end != l->seg[l->nsegs - 1].addr + l->seg[l->nsegs - 1].memsz)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t head = size < MB_HEAD_BYTES ? size : MB_HEAD_BYTES;
	struct mb_layout l;
	char why[256];
	uint64_t v[3], at;

	if (mb_parse(data, head, size, &l, why, sizeof(why)) == MB_OK)
		check(&l, size);
	if (mb_parse(data, head, (uint64_t)size * 4096 + 1, &l, NULL, 0) ==
	    MB_OK)
		check(&l, (uint64_t)size * 4096 + 1);
	if (size >= sizeof(v)) {
		memcpy(v, data + size - sizeof(v), sizeof(v));
		if (mb_module_place(v[0], v[1], v[2], &at) &&
		    (v[1] > v[2] || at > v[2] - v[1] || at > 0xffffffffull ||
		     v[1] > 0xffffffffull - at || at < v[0]))
			abort();
	}
	return 0;
}
