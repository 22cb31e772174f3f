/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot v1 kernel images: where their bytes go. One pure C file
 * (mb_image.c, no kernel or C library calls but memcpy/snprintf) used by
 * v3vmm.ko (guest_boot.c), by v3ctl (its check before anything is taken
 * from Linux) and by the unit tests, so all three agree on what loads.
 *
 * Two image kinds are read (the Multiboot specification, 3.1):
 *  - flags bit 16 set (the a.out kludge): the header's load_addr,
 *    load_end_addr, bss_end_addr and entry_addr say where the file goes;
 *  - flags bit 16 clear: the file is an ELF32 (i386) or ELF64 (x86-64)
 *    executable; its PT_LOAD program headers go to their physical
 *    addresses (p_paddr), p_filesz bytes from the file and the rest of
 *    p_memsz zero; the entry point is e_entry (below 4 GB: the kernel
 *    starts in 32-bit protected mode, paging off).
 */
#ifndef V3VEE_MB_IMAGE_H
#define V3VEE_MB_IMAGE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/**
 * mb_module_place() - where the first module (the program) goes
 * @kernel_end: the kernel's end (struct mb_layout.end, at most 4 GB)
 * @len: the module's length (the caller's: untrusted)
 * @ram_top: the top of guest RAM
 * @at: set to the module's address: the first 2 MB boundary at or
 *	after @kernel_end
 *
 * Every sum is checked without overflow (issue 17, finding 7: an
 * unchecked at + len wrapped for a huge @len).
 *
 * Return: true if [*@at, *@at + @len) ends at or below both @ram_top
 * and 4 GB - 1 (mod_end is a 32-bit field).
 */
bool mb_module_place(uint64_t kernel_end, uint64_t len, uint64_t ram_top,
		     uint64_t *at);

#endif

#define MB_HEADER_MAGIC 0x1BADB002u
#define MB_SEARCH_BYTES 8192 /* the header lies in the first 8 KB */
/* The ELF header and program header table must lie in the first 64 KB:
 * what the module copies in to parse (v3ctl applies the same limit). */
#define MB_HEAD_BYTES 65536
#define MB_MAX_PHDRS 64 /* program headers looked at */
#define MB_MAX_SEGS 16 /* loadable segments accepted */

#define MB_FLAG_PAGE_ALIGN (1u << 0) /* modules on 4 KB boundaries: met */
#define MB_FLAG_MEMORY (1u << 1) /* memory info: always given */
#define MB_FLAG_VIDEO (1u << 2) /* video mode: none; info bit 11 clear */
#define MB_FLAG_AOUT_KLUDGE (1u << 16)
/* Bits 3-15 are requirements this loader does not know: refused. */
#define MB_FLAGS_UNKNOWN_REQUIRED 0x0000fff8u

/*
 * What the loader itself uses below 1 MB (guest_boot.c): a kernel's
 * segments must stay out of [0, MB_LOW_LOADER_END) (page 0 and the
 * Multiboot info, memory map, module list and strings at 0x1000-0x6fff)
 * and [MB_LOW_RESERVED, 1 MB) (the area the memory map reports as
 * reserved: the ACPI tables at 0xe0000 and the old BIOS area). Between
 * them, 0x7000-0x9efff, is RAM a kernel may ask for.
 */
#define MB_LOW_LOADER_END 0x7000u
#define MB_LOW_RESERVED 0x9f000u
#define MB_LOW_RESERVED_END 0x100000u
#define MB_ADDR_LIMIT 0x100000000ull /* everything below 4 GB */

enum mb_format {
	MB_FORMAT_AOUT, /* the header's addresses (flags bit 16) */
	MB_FORMAT_ELF32,
	MB_FORMAT_ELF64,
};

/* One piece to load: file bytes [offset, offset + filesz) to guest
 * physical address addr, then zeros up to addr + memsz. */
struct mb_segment {
	uint64_t addr, offset, filesz, memsz;
};

struct mb_layout {
	enum mb_format format;
	uint32_t header_offset; /* of the Multiboot header in the file */
	uint32_t flags; /* the header's flags */
	uint32_t entry; /* where the kernel starts */
	unsigned int nsegs;
	struct mb_segment seg[MB_MAX_SEGS]; /* sorted by addr, disjoint */
	uint64_t end; /* highest loaded address + 1 */
	uint64_t file_needed; /* file bytes the layout reads (for messages) */
};

enum mb_status {
	MB_OK,
	MB_NOT_MULTIBOOT, /* no magic with a good checksum in the first 8 KB */
	MB_UNSUPPORTED, /* flags ask for what this loader does not give */
	MB_BAD_HEADER, /* a.out kludge addresses contradict each other */
	MB_NOT_ELF, /* no kludge, and not an x86 ELF executable */
	MB_BAD_ELF, /* ELF headers malformed or out of bounds */
	MB_TRUNCATED, /* the file is shorter than its headers say */
	MB_BAD_PLACE, /* a segment over the loader's areas, above 4 GB,
		       * or over another segment */
};

/**
 * mb_parse() - find and check a Multiboot v1 kernel's load layout
 * @head: the first bytes of the file (at least min(@file_len,
 *	MB_HEAD_BYTES) of them for a result that does not depend on how
 *	much was passed: v3ctl and the module both pass that much)
 * @head_len: how many bytes @head holds (at most @file_len)
 * @file_len: the whole file's length; segments may read up to it
 * @out: the layout, valid when MB_OK is returned
 * @why: if not NULL, a one-line reason for any other status (no path,
 *	no trailing newline), e.g. "segment 1 (0x1000-0x2000) overlaps ..."
 * @why_len: size of @why
 *
 * Every field of the file is untrusted: sums are overflow-checked,
 * counts bounded (MB_MAX_PHDRS, MB_MAX_SEGS), and every offset read is
 * inside @head. Segments end up sorted by address, with none empty, none
 * overlapping another, all below 4 GB and outside the loader's areas
 * (MB_LOW_*); the entry point lies in a segment's file bytes. Whether
 * the guest has RAM there is for the caller to check.
 *
 * Return: MB_OK or the first problem found.
 */
enum mb_status mb_parse(const void *head, size_t head_len, uint64_t file_len,
			struct mb_layout *out, char *why, size_t why_len);

/**
 * mb_module_place() - where the first module (the program) goes
 * @kernel_end: the kernel's end (struct mb_layout.end, at most 4 GB)
 * @len: the module's length (the caller's: untrusted)
 * @ram_top: the top of guest RAM
 * @at: set to the module's address: the first 2 MB boundary at or
 *	after @kernel_end
 *
 * Every sum is checked without overflow (issue 17, finding 7: an
 * unchecked at + len wrapped for a huge @len).
 *
 * Return: true if [*@at, *@at + @len) ends at or below both @ram_top
 * and 4 GB - 1 (mod_end is a 32-bit field).
 */
bool mb_module_place(uint64_t kernel_end, uint64_t len, uint64_t ram_top,
		     uint64_t *at);

#endif
