// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot v1 header check (the Multiboot specification, section 3.1):
 * the magic 0x1BADB002 at a 4-byte aligned offset in the first 8192 bytes,
 * with flags and a checksum such that the three words sum to 0. With flags
 * bit 16 the header goes on with header_addr, load_addr, load_end_addr,
 * bss_end_addr and entry_addr, which say where the file is loaded: the
 * file byte at the header's offset goes to header_addr, so loading starts
 * at file offset (offset - (header_addr - load_addr)) and runs for
 * load_end_addr - load_addr bytes (to the end of the file if load_end_addr
 * is 0); entry_addr must lie in what is loaded. v3vmm loads only such
 * images (and checks them again), so this is all v3ctl needs to refuse a
 * wrong or cut-off image before taking memory from Linux.
 */
#include <stdio.h>
#include <string.h>

#include "multiboot_check.h"

#define MB_HEADER_LEN 32 /* magic, flags, checksum and the five addresses */

static uint32_t read32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The offset of the first valid magic/flags/checksum triple, or -1. */
static long mb_find(const unsigned char *file, size_t len)
{
	size_t end = len < MB_SEARCH_BYTES ? len : MB_SEARCH_BYTES;

	for (size_t off = 0; off + 12 <= end; off += 4) {
		uint32_t magic = read32(file + off);
		uint32_t flags = read32(file + off + 4);
		uint32_t checksum = read32(file + off + 8);

		if (magic == MB_HEADER_MAGIC &&
		    (uint32_t)(magic + flags + checksum) == 0)
			return (long)off;
	}
	return -1;
}

enum mb_status mb_check(const void *file, size_t len, struct mb_image *img)
{
	const unsigned char *p = file;
	uint64_t start, load_len;
	long found = mb_find(p, len);
	size_t off;

	memset(img, 0, sizeof(*img));
	if (found < 0)
		return MB_NOT_MULTIBOOT;
	off = found;
	img->offset = off;
	img->flags = read32(p + off + 4);
	if (!(img->flags & MB_FLAG_LOAD_ADDRS))
		return MB_NO_LOAD_ADDRS;
	if (off + MB_HEADER_LEN > len) {
		img->needed = off + MB_HEADER_LEN;
		return MB_TRUNCATED;
	}
	img->header_addr = read32(p + off + 12);
	img->load_addr = read32(p + off + 16);
	img->load_end_addr = read32(p + off + 20);
	img->bss_end_addr = read32(p + off + 24);
	img->entry_addr = read32(p + off + 28);

	if (img->header_addr < img->load_addr ||
	    img->header_addr - img->load_addr > off)
		return MB_BAD_ADDRS;
	if (img->load_end_addr && img->load_end_addr < img->header_addr)
		return MB_BAD_ADDRS;
	start = off - (img->header_addr - img->load_addr);
	load_len = img->load_end_addr ? img->load_end_addr - img->load_addr
				      : len - start;
	if (img->bss_end_addr && img->bss_end_addr < img->load_addr + load_len)
		return MB_BAD_ADDRS;
	if (img->entry_addr < img->load_addr ||
	    img->entry_addr - img->load_addr >= load_len)
		return MB_BAD_ADDRS;
	img->needed = start + load_len;
	if (img->needed > len)
		return MB_TRUNCATED;
	return MB_OK;
}

/* The one-line message v3ctl prints for a status other than MB_OK. */
void mb_describe(enum mb_status status, const struct mb_image *img,
		 const char *path, size_t len, char *msg, size_t size)
{
	switch (status) {
	case MB_OK:
		snprintf(msg, size, "%s is a Multiboot kernel", path);
		break;
	case MB_NOT_MULTIBOOT:
		snprintf(msg, size,
			 "%s is not a Multiboot kernel (no valid header in its "
			 "first 8 KB)",
			 path);
		break;
	case MB_NO_LOAD_ADDRS:
		snprintf(msg, size,
			 "%s has a Multiboot header without load addresses "
			 "(flags 0x%x lack bit 16, the a.out kludge): v3vmm "
			 "cannot load it",
			 path, img->flags);
		break;
	case MB_BAD_ADDRS:
		snprintf(msg, size,
			 "%s has an inconsistent Multiboot header at offset "
			 "%zu (header_addr 0x%x, load_addr 0x%x, load_end_addr "
			 "0x%x, bss_end_addr 0x%x, entry_addr 0x%x)",
			 path, img->offset, img->header_addr, img->load_addr,
			 img->load_end_addr, img->bss_end_addr,
			 img->entry_addr);
		break;
	case MB_TRUNCATED:
		snprintf(msg, size,
			 "%s is truncated: the header says %llu bytes, the "
			 "file has %zu",
			 path, (unsigned long long)img->needed, len);
		break;
	}
}
