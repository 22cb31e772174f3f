/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks v3ctl makes on a kernel image before taking anything from
 * Linux: a Multiboot v1 header with load addresses (the a.out kludge) that
 * the file is long enough to satisfy.
 */
#ifndef V3CTL_MULTIBOOT_CHECK_H
#define V3CTL_MULTIBOOT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#define MB_HEADER_MAGIC 0x1BADB002u
#define MB_SEARCH_BYTES 8192 /* the header lies in the first 8 KB */
#define MB_FLAG_LOAD_ADDRS (1u << 16) /* the a.out kludge */

enum mb_status {
	MB_OK,
	MB_NOT_MULTIBOOT, /* no magic with a good checksum */
	MB_NO_LOAD_ADDRS, /* flags bit 16 clear: we load only such images */
	MB_BAD_ADDRS, /* the addresses contradict each other or the file */
	MB_TRUNCATED, /* the file is shorter than the header says */
};

struct mb_image {
	size_t offset; /* of the header in the file */
	uint32_t flags;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	uint32_t entry_addr;
	uint64_t needed; /* file bytes the header says exist */
};

enum mb_status mb_check(const void *file, size_t len, struct mb_image *img);
void mb_describe(enum mb_status status, const struct mb_image *img,
		 const char *path, size_t len, char *msg, size_t size);

#endif
