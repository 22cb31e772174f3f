// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot v1 kernel images (mb_image.h): the header search, the a.out
 * kludge and ELF32/ELF64 program headers, turned into a list of segments
 * and an entry point. Pure C: built into v3vmm.ko, v3ctl and the unit
 * tests alike. Nothing outside head[0..head_len) is read, every sum is
 * overflow-checked, every count bounded.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#endif

#include "mb_image.h"

#define ELF_MAG "\177ELF"
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1

#define EHDR32_LEN 52
#define EHDR64_LEN 64
#define PHDR32_LEN 32
#define PHDR64_LEN 56

#define AS_ULL(x) ((unsigned long long)(x))

static enum mb_status fail(char *why, size_t why_len, enum mb_status s,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum mb_status fail(char *why, size_t why_len, enum mb_status s,
			   const char *fmt, ...)
{
	va_list ap;

	if (why && why_len) {
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return s;
}

#define FAIL(s, ...) fail(why, why_len, s, __VA_ARGS__)

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Is [off, off + len) inside [0, size)? Written so nothing overflows. */
static bool inside(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* The offset of the first valid magic/flags/checksum triple, or -1. */
static long find_header(const uint8_t *p, size_t len)
{
	size_t end = len < MB_SEARCH_BYTES ? len : MB_SEARCH_BYTES;

	for (size_t off = 0; off + 12 <= end; off += 4) {
		uint32_t magic = get32(p + off), flags = get32(p + off + 4);

		if (magic == MB_HEADER_MAGIC &&
		    (uint32_t)(magic + flags + get32(p + off + 8)) == 0)
			return (long)off;
	}
	return -1;
}

/* Adds a segment (memsz > 0), checking its file range and address. */
static enum mb_status add_segment(struct mb_layout *l, unsigned int idx,
				  uint64_t addr, uint64_t offset,
				  uint64_t filesz, uint64_t memsz,
				  uint64_t file_len, char *why, size_t why_len)
{
	struct mb_segment *s;

	if (filesz > memsz)
		return FAIL(MB_BAD_ELF,
			    "segment %u: file size 0x%llx is larger than its "
			    "memory size 0x%llx",
			    idx, AS_ULL(filesz), AS_ULL(memsz));
	if (filesz && !inside(offset, filesz, file_len)) {
		l->file_needed = offset > (uint64_t)-1 - filesz
					 ? (uint64_t)-1
					 : offset + filesz;
		return FAIL(MB_TRUNCATED,
			    "segment %u needs file bytes 0x%llx-0x%llx but the "
			    "file has %llu bytes",
			    idx, AS_ULL(offset), AS_ULL(offset + filesz),
			    AS_ULL(file_len));
	}
	if (!inside(addr, memsz, MB_ADDR_LIMIT))
		return FAIL(MB_BAD_PLACE,
			    "segment %u (0x%llx, 0x%llx bytes) reaches above "
			    "4 GB: a Multiboot kernel loads below 4 GB",
			    idx, AS_ULL(addr), AS_ULL(memsz));
	if (addr < MB_LOW_LOADER_END)
		return FAIL(
			MB_BAD_PLACE,
			"segment %u (0x%llx-0x%llx) overlaps page 0 and the "
			"loader's Multiboot info at 0x0-0x%x",
			idx, AS_ULL(addr), AS_ULL(addr + memsz),
			MB_LOW_LOADER_END - 1);
	if (addr < MB_LOW_RESERVED_END && addr + memsz > MB_LOW_RESERVED)
		return FAIL(MB_BAD_PLACE,
			    "segment %u (0x%llx-0x%llx) overlaps the reserved "
			    "area 0x%x-0x%x (ACPI tables, BIOS area)",
			    idx, AS_ULL(addr), AS_ULL(addr + memsz),
			    MB_LOW_RESERVED, MB_LOW_RESERVED_END - 1);
	if (l->nsegs == MB_MAX_SEGS)
		return FAIL(MB_BAD_ELF, "more than %d loadable segments",
			    MB_MAX_SEGS);
	if (filesz && offset + filesz > l->file_needed)
		l->file_needed = offset + filesz;
	s = &l->seg[l->nsegs++];
	s->addr = addr;
	s->offset = filesz ? offset : 0;
	s->filesz = filesz;
	s->memsz = memsz;
	return MB_OK;
}

/* Sorts the segments by address and refuses overlaps; sets l->end. */
static enum mb_status order_segments(struct mb_layout *l, char *why,
				     size_t why_len)
{
	for (unsigned int i = 1; i < l->nsegs; i++) {
		struct mb_segment s = l->seg[i];
		unsigned int j = i;

		for (; j > 0 && l->seg[j - 1].addr > s.addr; j--)
			l->seg[j] = l->seg[j - 1];
		l->seg[j] = s;
	}
	for (unsigned int i = 1; i < l->nsegs; i++) {
		const struct mb_segment *a = &l->seg[i - 1], *b = &l->seg[i];

		if (a->addr + a->memsz > b->addr)
			return FAIL(
				MB_BAD_PLACE,
				"segments at 0x%llx-0x%llx and 0x%llx-0x%llx "
				"overlap",
				AS_ULL(a->addr), AS_ULL(a->addr + a->memsz),
				AS_ULL(b->addr), AS_ULL(b->addr + b->memsz));
	}
	l->end = l->seg[l->nsegs - 1].addr + l->seg[l->nsegs - 1].memsz;
	return MB_OK;
}

/* The entry point must be code that the file provides. */
static bool entry_loaded(const struct mb_layout *l, uint64_t entry)
{
	for (unsigned int i = 0; i < l->nsegs; i++)
		if (entry >= l->seg[i].addr &&
		    entry - l->seg[i].addr < l->seg[i].filesz)
			return true;
	return false;
}

static enum mb_status parse_aout(const uint8_t *h, uint32_t off,
				 uint64_t file_len, struct mb_layout *l,
				 char *why, size_t why_len)
{
	uint32_t header_addr = get32(h + 12), load_addr = get32(h + 16);
	uint32_t load_end = get32(h + 20), bss_end = get32(h + 24);
	uint32_t entry = get32(h + 28);
	uint64_t start, filesz, memsz;
	enum mb_status s;

	if (header_addr < load_addr || header_addr - load_addr > off)
		return FAIL(
			MB_BAD_HEADER,
			"header_addr 0x%x and load_addr 0x%x would load "
			"from before the file's start (header at offset %u)",
			header_addr, load_addr, off);
	start = off - (header_addr - load_addr);
	if (load_end && load_end < header_addr)
		return FAIL(MB_BAD_HEADER,
			    "load_end_addr 0x%x lies before header_addr 0x%x",
			    load_end, header_addr);
	if (load_end)
		filesz = load_end - load_addr;
	else if (file_len >= start)
		filesz = file_len - start;
	else
		filesz = 0;
	if (bss_end && bss_end < load_addr + (uint64_t)filesz)
		return FAIL(MB_BAD_HEADER,
			    "bss_end_addr 0x%x lies before the end of the "
			    "loaded bytes 0x%llx",
			    bss_end, AS_ULL(load_addr + filesz));
	memsz = bss_end ? bss_end - load_addr : filesz;
	if (entry < load_addr || entry - load_addr >= filesz)
		return FAIL(MB_BAD_HEADER,
			    "entry_addr 0x%x is not in the loaded bytes "
			    "0x%x-0x%llx",
			    entry, load_addr, AS_ULL(load_addr + filesz));
	s = add_segment(l, 0, load_addr, start, filesz, memsz, file_len, why,
			why_len);
	if (s != MB_OK)
		return s;
	l->format = MB_FORMAT_AOUT;
	l->entry = entry;
	return MB_OK;
}

static enum mb_status parse_elf(const uint8_t *p, size_t head_len,
				uint64_t file_len, struct mb_layout *l,
				char *why, size_t why_len)
{
	bool is64;
	unsigned int phentsize, phnum, type, machine;
	uint64_t phoff, entry;
	enum mb_status s;

	if (head_len < 20 || memcmp(p, ELF_MAG, 4))
		return FAIL(MB_NOT_ELF,
			    "its Multiboot header has no load addresses "
			    "(flags bit 16 clear) and it is not an ELF file");
	if (p[4] != ELFCLASS32 && p[4] != ELFCLASS64)
		return FAIL(MB_NOT_ELF, "bad ELF class %u", p[4]);
	if (p[5] != ELFDATA2LSB)
		return FAIL(MB_NOT_ELF, "not a little-endian ELF file");
	is64 = p[4] == ELFCLASS64;
	if (head_len < (is64 ? EHDR64_LEN : EHDR32_LEN))
		return FAIL(head_len < file_len ? MB_BAD_ELF : MB_TRUNCATED,
			    "the file ends inside its ELF header");
	type = get16(p + 16);
	machine = get16(p + 18);
	if (machine != (is64 ? EM_X86_64 : EM_386))
		return FAIL(MB_NOT_ELF,
			    "an ELF%d file for machine %u, not %s (%u)",
			    is64 ? 64 : 32, machine, is64 ? "x86-64" : "i386",
			    is64 ? EM_X86_64 : EM_386);
	if (type != ET_EXEC)
		return FAIL(MB_NOT_ELF,
			    "ELF type %u%s, not an executable (ET_EXEC)", type,
			    type == ET_DYN ? " (ET_DYN, position-independent)"
					   : "");
	if (is64) {
		entry = get64(p + 24);
		phoff = get64(p + 32);
		phentsize = get16(p + 54);
		phnum = get16(p + 56);
	} else {
		entry = get32(p + 24);
		phoff = get32(p + 28);
		phentsize = get16(p + 42);
		phnum = get16(p + 44);
	}
	if (phentsize != (is64 ? PHDR64_LEN : PHDR32_LEN))
		return FAIL(MB_BAD_ELF, "bad program header size %u (not %u)",
			    phentsize, is64 ? PHDR64_LEN : PHDR32_LEN);
	if (phnum == 0)
		return FAIL(MB_BAD_ELF, "no program headers: nothing to load");
	if (phnum > MB_MAX_PHDRS)
		return FAIL(MB_BAD_ELF, "%u program headers (at most %d)",
			    phnum, MB_MAX_PHDRS);
	if (!inside(phoff, (uint64_t)phnum * phentsize, file_len))
		return FAIL(MB_TRUNCATED,
			    "the program headers (offset 0x%llx, %u of them) "
			    "lie outside the file (%llu bytes)",
			    AS_ULL(phoff), phnum, AS_ULL(file_len));
	if (!inside(phoff, (uint64_t)phnum * phentsize, head_len))
		return FAIL(MB_BAD_ELF,
			    "the program headers (offset 0x%llx) lie beyond "
			    "the first %d KB",
			    AS_ULL(phoff), MB_HEAD_BYTES / 1024);
	for (unsigned int i = 0; i < phnum; i++) {
		const uint8_t *ph = p + phoff + (uint64_t)i * phentsize;
		uint64_t addr, offset, filesz, memsz;

		if (get32(ph) != PT_LOAD)
			continue;
		if (is64) {
			offset = get64(ph + 8);
			addr = get64(ph + 24); /* p_paddr */
			filesz = get64(ph + 32);
			memsz = get64(ph + 40);
		} else {
			offset = get32(ph + 4);
			addr = get32(ph + 12); /* p_paddr */
			filesz = get32(ph + 16);
			memsz = get32(ph + 20);
		}
		if (!memsz && !filesz)
			continue; /* occupies nothing */
		s = add_segment(l, i, addr, offset, filesz, memsz, file_len,
				why, why_len);
		if (s != MB_OK)
			return s;
	}
	if (!l->nsegs)
		return FAIL(MB_BAD_ELF, "no loadable segment (PT_LOAD)");
	if (entry >= MB_ADDR_LIMIT)
		return FAIL(MB_BAD_PLACE,
			    "entry point 0x%llx is above 4 GB: a Multiboot "
			    "kernel starts in 32-bit protected mode",
			    AS_ULL(entry));
	if (!entry_loaded(l, entry))
		return FAIL(MB_BAD_ELF,
			    "entry point 0x%llx is not in a segment's file "
			    "bytes",
			    AS_ULL(entry));
	l->format = is64 ? MB_FORMAT_ELF64 : MB_FORMAT_ELF32;
	l->entry = (uint32_t)entry;
	return MB_OK;
}

enum mb_status mb_parse(const void *head, size_t head_len, uint64_t file_len,
			struct mb_layout *out, char *why, size_t why_len)
{
	const uint8_t *p = head;
	enum mb_status s;
	long off;

	memset(out, 0, sizeof(*out));
	if (why && why_len)
		why[0] = '\0';
	if (head_len > file_len)
		head_len = file_len;
	off = find_header(p, head_len);
	if (off < 0)
		return FAIL(MB_NOT_MULTIBOOT,
			    "no valid Multiboot header in its first 8 KB");
	out->header_offset = (uint32_t)off;
	out->flags = get32(p + off + 4);
	if (out->flags & MB_FLAGS_UNKNOWN_REQUIRED)
		return FAIL(MB_UNSUPPORTED,
			    "its Multiboot header requires features v3vee does "
			    "not know (flags 0x%x, bits 0x%x)",
			    out->flags, out->flags & MB_FLAGS_UNKNOWN_REQUIRED);
	if (out->flags & MB_FLAG_AOUT_KLUDGE) {
		if ((size_t)off + 32 > head_len) {
			out->file_needed = (uint64_t)off + 32;
			return FAIL(MB_TRUNCATED,
				    "the file ends inside its Multiboot header "
				    "(offset %ld)",
				    off);
		}
		s = parse_aout(p + off, (uint32_t)off, file_len, out, why,
			       why_len);
	} else {
		s = parse_elf(p, head_len, file_len, out, why, why_len);
	}
	if (s != MB_OK)
		return s;
	return order_segments(out, why, why_len);
}

bool mb_module_place(uint64_t kernel_end, uint64_t len, uint64_t ram_top,
		     uint64_t *at)
{
	const uint64_t align = 2ull << 20;

	if (kernel_end > MB_ADDR_LIMIT)
		return false;
	*at = (kernel_end + align - 1) & ~(align - 1);
	return len <= ram_top && *at <= ram_top - len && len <= 0xffffffffull &&
	       *at <= 0xffffffffull - len;
}
