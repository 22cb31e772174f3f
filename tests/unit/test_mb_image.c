// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vmm-module/mb_image.c, the Multiboot image parser that
 * v3vmm.ko and v3ctl share: ELF32 and ELF64 kernels without the a.out
 * kludge, good and malformed, and a bounded random-mutation run that
 * checks the parser's promises (in bounds, sorted, disjoint, outside the
 * loader's areas) on damaged images under ASan/UBSan.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mb_image.h"
#include "test.h"

#define IMG_LEN 16384
#define MB_AT 0x200 /* the Multiboot header's file offset */

struct ph {
	uint32_t type;
	uint64_t offset, paddr, filesz, memsz;
};

struct elf {
	int is64;
	uint16_t type, machine, phentsize;
	uint64_t entry, phoff;
	unsigned int phnum;
	uint32_t mb_flags;
	struct ph ph[80];
};

static void put(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A good ELF32 (or ELF64) kernel: text at 1 MB, data + bss after it. */
static struct elf good(int is64)
{
	struct elf e = {
		.is64 = is64,
		.type = 2,
		.machine = is64 ? 62 : 3,
		.phentsize = is64 ? 56 : 32,
		.entry = 0x100010,
		.phoff = is64 ? 64 : 52,
		.phnum = 3,
		.ph = {
			{ 1, 0x1000, 0x100000, 0x1000, 0x1000 },
			{ 4, 0x100, 0, 0x20, 0x20 }, /* PT_NOTE: ignored */
			{ 1, 0x2000, 0x101000, 0x100, 0x3000 },
		},
	};
	return e;
}

/* Writes the image into buf (len bytes; the rest is a pattern). */
static void build(uint8_t *buf, size_t len, const struct elf *e)
{
	uint32_t flags = e->mb_flags;

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 13 + 5);
	if (len < 64)
		return;
	memset(buf, 0, 64);
	memcpy(buf, "\177ELF", 4);
	buf[4] = e->is64 ? 2 : 1;
	buf[5] = 1;
	buf[6] = 1;
	put(buf + 16, e->type, 2);
	put(buf + 18, e->machine, 2);
	if (e->is64) {
		put(buf + 24, e->entry, 8);
		put(buf + 32, e->phoff, 8);
		put(buf + 54, e->phentsize, 2);
		put(buf + 56, e->phnum, 2);
	} else {
		put(buf + 24, e->entry, 4);
		put(buf + 28, e->phoff, 4);
		put(buf + 42, e->phentsize, 2);
		put(buf + 44, e->phnum, 2);
	}
	for (unsigned int i = 0; i < e->phnum && i < 80; i++) {
		const struct ph *ph = &e->ph[i];
		uint64_t at = e->phoff + (uint64_t)i * e->phentsize;

		if (at >= len || len - at < e->phentsize)
			break;
		memset(buf + at, 0, e->phentsize);
		put(buf + at, ph->type, 4);
		if (e->is64) {
			put(buf + at + 8, ph->offset, 8);
			put(buf + at + 16, ph->paddr, 8); /* p_vaddr */
			put(buf + at + 24, ph->paddr, 8);
			put(buf + at + 32, ph->filesz, 8);
			put(buf + at + 40, ph->memsz, 8);
		} else {
			put(buf + at + 4, ph->offset, 4);
			put(buf + at + 8, ph->paddr, 4);
			put(buf + at + 12, ph->paddr, 4);
			put(buf + at + 16, ph->filesz, 4);
			put(buf + at + 20, ph->memsz, 4);
		}
	}
	if (len >= MB_AT + 12) {
		put(buf + MB_AT, MB_HEADER_MAGIC, 4);
		put(buf + MB_AT + 4, flags, 4);
		put(buf + MB_AT + 8, -(MB_HEADER_MAGIC + flags), 4);
	}
}

static struct mb_layout lay;
static char why[256];

static enum mb_status parse_len(const struct elf *e, size_t len)
{
	uint8_t *buf = malloc(len);
	enum mb_status s;

	build(buf, len, e);
	s = mb_parse(buf, len < MB_HEAD_BYTES ? len : MB_HEAD_BYTES, len, &lay,
		     why, sizeof(why));
	free(buf);
	return s;
}

static enum mb_status parse(const struct elf *e)
{
	return parse_len(e, IMG_LEN);
}

TEST(elf32_good)
{
	struct elf e = good(0);

	CHECK_EQ(parse(&e), MB_OK);
	CHECK_STR(why, "");
	CHECK_EQ(lay.format, MB_FORMAT_ELF32);
	CHECK_EQ(lay.header_offset, MB_AT);
	CHECK_EQ(lay.entry, 0x100010);
	CHECK_EQ(lay.nsegs, 2);
	CHECK_EQ(lay.seg[0].addr, 0x100000);
	CHECK_EQ(lay.seg[0].offset, 0x1000);
	CHECK_EQ(lay.seg[0].filesz, 0x1000);
	CHECK_EQ(lay.seg[1].addr, 0x101000);
	CHECK_EQ(lay.seg[1].filesz, 0x100);
	CHECK_EQ(lay.seg[1].memsz, 0x3000);
	CHECK_EQ(lay.end, 0x104000);

	/* Listed out of order: sorted by address. An empty PT_LOAD and a
	 * pure-bss one (no file bytes, its offset ignored). */
	e.ph[1] = e.ph[0];
	e.ph[0] = e.ph[2];
	e.ph[2] = (struct ph){ 1, 0, 0x300000, 0, 0 };
	e.ph[3] = (struct ph){ 1, ~0ull >> 32, 0x200000, 0, 0x1000 };
	e.phnum = 4;
	CHECK_EQ(parse(&e), MB_OK);
	CHECK_EQ(lay.nsegs, 3);
	CHECK_EQ(lay.seg[0].addr, 0x100000);
	CHECK_EQ(lay.seg[1].addr, 0x101000);
	CHECK_EQ(lay.seg[2].addr, 0x200000);
	CHECK_EQ(lay.seg[2].offset, 0);
	CHECK_EQ(lay.end, 0x201000);

	/* Flags bit 16 set in an ELF file: the a.out fields rule (here
	 * zero, so inconsistent), as the specification says. */
	e = good(0);
	e.mb_flags = MB_FLAG_AOUT_KLUDGE;
	CHECK_EQ(parse(&e), MB_BAD_HEADER);
}

TEST(elf64_good)
{
	struct elf e = good(1);

	e.entry = 0x100020;
	CHECK_EQ(parse(&e), MB_OK);
	CHECK_EQ(lay.format, MB_FORMAT_ELF64);
	CHECK_EQ(lay.entry, 0x100020);
	CHECK_EQ(lay.nsegs, 2);
	CHECK_EQ(lay.seg[1].memsz, 0x3000);
}

TEST(elf_low_addresses)
{
	struct elf e = good(0);

	/* Linked at 0x8000 (0x7000-0x9efff is free). */
	e.ph[0].paddr = 0x8000;
	e.ph[2].paddr = 0x9000;
	e.entry = 0x8000;
	CHECK_EQ(parse(&e), MB_OK);
	CHECK_EQ(lay.seg[0].addr, 0x8000);
	e.ph[2].memsz = 0x96000; /* ends at 0x9f000 exactly */
	CHECK_EQ(parse(&e), MB_OK);
	e.ph[2].memsz++;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	CHECK_STR(why, "segment 2 (0x9000-0x9f001) overlaps the reserved area "
		       "0x9f000-0xfffff (ACPI tables, BIOS area)");
	e = good(0);
	e.ph[0].paddr = 0x6000; /* over the module command line */
	e.entry = 0x6000;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	CHECK_STR(why, "segment 0 (0x6000-0x7000) overlaps page 0 and the "
		       "loader's Multiboot info at 0x0-0x6fff");
	e.ph[0].paddr = 0;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	/* Inside the reserved area, and across it. */
	e = good(0);
	e.ph[0].paddr = 0xe0000;
	e.entry = 0xe0000;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	e.ph[0].paddr = 0x90000;
	e.ph[0].memsz = 0x80000;
	e.entry = 0x90000;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
}

TEST(elf_above_4g)
{
	struct elf e = good(1);

	e.ph[2].paddr = 0xfffff000;
	e.ph[2].memsz = 0x1000; /* ends at 4 GB exactly: fine */
	CHECK_EQ(parse(&e), MB_OK);
	e.ph[2].memsz = 0x1001;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	CHECK(strstr(why, "reaches above 4 GB") != NULL);
	e = good(1);
	e.ph[2].paddr = 0x100000000ull;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	e = good(1);
	e.ph[2].paddr = 0xffffffffffff0000ull; /* addr + memsz wraps */
	e.ph[2].memsz = 0x20000;
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	e = good(1);
	e.entry = 0x100100010ull; /* low 32 bits inside a segment */
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	CHECK_STR(why, "entry point 0x100100010 is above 4 GB: a Multiboot "
		       "kernel starts in 32-bit protected mode");
}

TEST(elf_segments_malformed)
{
	struct elf e = good(0);

	e.ph[2].filesz = 0x4000; /* more than memsz */
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	CHECK_STR(why, "segment 2: file size 0x4000 is larger than its memory "
		       "size 0x3000");
	e = good(0);
	e.ph[2].offset = IMG_LEN - 0x80; /* runs past the file's end */
	CHECK_EQ(parse(&e), MB_TRUNCATED);
	CHECK_EQ(lay.file_needed, IMG_LEN + 0x80);
	e = good(1);
	e.ph[2].offset = 0xffffffffffffff00ull; /* offset + size wraps */
	e.ph[2].filesz = 0x200;
	e.ph[2].memsz = 0x200;
	CHECK_EQ(parse(&e), MB_TRUNCATED);
	e = good(0);
	e.ph[2].paddr = 0x100800; /* overlaps segment 0 */
	CHECK_EQ(parse(&e), MB_BAD_PLACE);
	CHECK_STR(why, "segments at 0x100000-0x101000 and 0x100800-0x103800 "
		       "overlap");
	e = good(0);
	e.entry = 0x101200; /* in bss, not file bytes */
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	e.entry = 0x50000;
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	e = good(0);
	e.ph[0].type = e.ph[2].type = 6; /* no PT_LOAD at all */
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	CHECK_STR(why, "no loadable segment (PT_LOAD)");
	/* 17 loadable segments: one too many. */
	e = good(0);
	e.phnum = 17;
	for (unsigned int i = 0; i < 17; i++)
		e.ph[i] = (struct ph){ 1, 0x1000, 0x100000 + i * 0x1000, 0x20,
				       0x1000 };
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	CHECK_STR(why, "more than 16 loadable segments");
	e.phnum = 16;
	CHECK_EQ(parse(&e), MB_OK);
}

TEST(elf_headers_malformed)
{
	struct elf e = good(0);
	uint8_t buf[4096];

	e.phnum = 0;
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	e.phnum = 65;
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	CHECK_STR(why, "65 program headers (at most 64)");
	e = good(0);
	e.phentsize = 40;
	CHECK_EQ(parse(&e), MB_BAD_ELF);
	e = good(0);
	e.phoff = IMG_LEN - 40; /* the table runs past the file */
	CHECK_EQ(parse(&e), MB_TRUNCATED);
	e = good(1);
	e.phoff = 0xfffffffffffffff0ull; /* phoff + table wraps */
	CHECK_EQ(parse(&e), MB_TRUNCATED);
	/* Inside the file but beyond what the module reads in. */
	e = good(0);
	e.phoff = MB_HEAD_BYTES + 64;
	e.ph[0].offset = e.ph[2].offset = 0x100;
	CHECK_EQ(parse_len(&e, MB_HEAD_BYTES + 4096), MB_BAD_ELF);
	CHECK_STR(why, "the program headers (offset 0x10040) lie beyond the "
		       "first 64 KB");
	/* Machine, type, class. */
	e = good(0);
	e.machine = 62; /* ELF32 for x86-64 */
	CHECK_EQ(parse(&e), MB_NOT_ELF);
	CHECK_STR(why, "an ELF32 file for machine 62, not i386 (3)");
	e = good(1);
	e.machine = 183;
	CHECK_EQ(parse(&e), MB_NOT_ELF);
	e = good(0);
	e.type = 3;
	CHECK_EQ(parse(&e), MB_NOT_ELF);
	CHECK_STR(why, "ELF type 3 (ET_DYN, position-independent), not an "
		       "executable (ET_EXEC)");
	e.type = 1;
	CHECK_EQ(parse(&e), MB_NOT_ELF);
	e = good(0);
	build(buf, sizeof(buf), &e);
	buf[4] = 3; /* bad class */
	CHECK_EQ(
		mb_parse(buf, sizeof(buf), sizeof(buf), &lay, why, sizeof(why)),
		MB_NOT_ELF);
	build(buf, sizeof(buf), &e);
	buf[5] = 2; /* big-endian */
	CHECK_EQ(
		mb_parse(buf, sizeof(buf), sizeof(buf), &lay, why, sizeof(why)),
		MB_NOT_ELF);
	build(buf, sizeof(buf), &e);
	buf[0] = 'X'; /* not ELF at all */
	CHECK_EQ(mb_parse(buf, sizeof(buf), sizeof(buf), &lay, NULL, 0),
		 MB_NOT_ELF);
	/* No Multiboot header. */
	build(buf, sizeof(buf), &e);
	buf[MB_AT] ^= 1;
	CHECK_EQ(
		mb_parse(buf, sizeof(buf), sizeof(buf), &lay, why, sizeof(why)),
		MB_NOT_MULTIBOOT);
	/* A head shorter than the file: the same answer while the headers
	 * are inside it, and head_len larger than the file is clamped. */
	build(buf, sizeof(buf), &e);
	CHECK_EQ(mb_parse(buf, 1024, 1 << 20, &lay, NULL, 0), MB_OK);
	CHECK_EQ(mb_parse(buf, sizeof(buf), 100, &lay, NULL, 0),
		 MB_NOT_MULTIBOOT);
}

/*
 * Random damage to good images (fixed seed: repeatable), checking what
 * the parser promises for every image it accepts. ASan/UBSan catch any
 * read outside the buffer or any overflow.
 */
TEST(mutations)
{
	static uint8_t buf[IMG_LEN];
	uint64_t seed = 0x5eed;
	unsigned int accepted = 0;

	for (int round = 0; round < 40000; round++) {
		struct elf e = good(round & 1);
		size_t len = IMG_LEN;

		build(buf, sizeof(buf), &e);
		for (int k = 0; k < 1 + round % 6; k++) {
			seed = seed * 6364136223846793005ull +
			       1442695040888963407ull;
			unsigned int at = (seed >> 33) % 400; /* the headers */
			uint8_t v = (uint8_t)(seed >> 20);

			buf[at] = (seed >> 60) & 1 ? v
						   : buf[at] ^ (1u << (v & 7));
		}
		if (round % 7 == 0)
			len = (seed >> 40) % IMG_LEN;
		if (mb_parse(buf, len, len, &lay, why, sizeof(why)) != MB_OK)
			continue;
		accepted++;
		CHECK(lay.nsegs >= 1 && lay.nsegs <= MB_MAX_SEGS);
		for (unsigned int i = 0; i < lay.nsegs; i++) {
			const struct mb_segment *s = &lay.seg[i];

			CHECK(s->filesz <= s->memsz && s->memsz > 0);
			CHECK(s->offset + s->filesz <= len);
			CHECK(s->addr >= MB_LOW_LOADER_END);
			CHECK(s->addr + s->memsz <= MB_ADDR_LIMIT);
			CHECK(s->addr >= MB_LOW_RESERVED_END ||
			      s->addr + s->memsz <= MB_LOW_RESERVED);
			if (i)
				CHECK(lay.seg[i - 1].addr +
					      lay.seg[i - 1].memsz <=
				      s->addr);
		}
		CHECK(lay.end == lay.seg[lay.nsegs - 1].addr +
					 lay.seg[lay.nsegs - 1].memsz);
	}
	CHECK(accepted > 100); /* the run did exercise the good path */
}

/* Issue 17, finding 7: mod_at + module_len must not wrap. */
TEST(module_place)
{
	uint64_t at = 0;

	CHECK(mb_module_place(0x104000, 0x10000, 128ull << 20, &at));
	CHECK_EQ(at, 0x200000);
	CHECK(mb_module_place(0x200000, 0x10000, 128ull << 20, &at));
	CHECK_EQ(at, 0x200000);
	/* Up to the top of RAM exactly, not a byte more. */
	CHECK(mb_module_place(0x104000, (128ull << 20) - 0x200000, 128ull << 20,
			      &at));
	CHECK(!mb_module_place(0x104000, (128ull << 20) - 0x200000 + 1,
			       128ull << 20, &at));
	/* A length that wraps the sum to a small number. */
	CHECK(!mb_module_place(0x104000, 0ull - 0x100000, 8ull << 30, &at));
	CHECK(!mb_module_place(0x104000, ~0ull, 8ull << 30, &at));
	/* mod_end is 32 bits: nothing may end above 4 GB - 1. */
	CHECK(!mb_module_place(0x104000, 0xffe00000ull, 8ull << 30, &at));
	CHECK(mb_module_place(0x104000, 0xffdfffffull, 8ull << 30, &at));
	CHECK(!mb_module_place(0xffffffffull, 1, 8ull << 30, &at));
	CHECK(!mb_module_place(~0ull, 1, ~0ull, &at));
}

RUN_TESTS(module_place, elf32_good, elf64_good, elf_low_addresses, elf_above_4g,
	  elf_segments_malformed, elf_headers_malformed, mutations)
