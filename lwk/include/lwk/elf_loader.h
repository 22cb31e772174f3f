/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inspection of a static x86-64 Linux ELF program: checks it and says
 * where each PT_LOAD segment goes. Pure computation on the file's bytes,
 * so it is unit-tested on the host; lwk/loader/exec.c does the mapping.
 */
#ifndef LWK_ELF_LOADER_H
#define LWK_ELF_LOADER_H

#include <lwk/types.h>

#define ELF_MAX_LOAD_SEGMENTS 16

struct elf_segment {
	uint64_t vaddr;       /* relocated start address (not page-aligned) */
	uint64_t memsz;       /* bytes in memory (>= filesz; the rest is zero) */
	uint64_t file_offset; /* where the filesz bytes start in the file */
	uint64_t filesz;
	int prot;             /* PROT_READ | PROT_WRITE | PROT_EXEC */
};

struct elf_image {
	uint64_t entry;         /* relocated entry point (AT_ENTRY) */
	uint64_t load_bias;     /* 0 for ET_EXEC, pie_base for static-pie */
	uint64_t phdr_vaddr;    /* relocated address of the program headers (AT_PHDR) */
	uint16_t phnum;         /* AT_PHNUM */
	uint16_t phentsize;     /* AT_PHENT */
	uint64_t lowest_vaddr;  /* page-aligned (4 KB) start of the lowest segment */
	uint64_t highest_vaddr; /* page-aligned (4 KB) end of the highest segment */
	bool is_pie;
	int nsegments;
	struct elf_segment segment[ELF_MAX_LOAD_SEGMENTS];
};

/*
 * Checks that file[0..size) is a static x86-64 Linux executable (ET_EXEC,
 * or ET_DYN without PT_INTERP = static-pie, which is placed at pie_base, a
 * 2 MB-aligned address) and fills *img. On error returns -ENOEXEC and
 * writes one human-readable reason into why (e.g. "not an ELF file",
 * "32-bit ELF: only x86-64 programs run on the LWK",
 * "dynamically linked (needs /lib64/ld-linux-x86-64.so.2): link it with
 * -static", "truncated: segment 2 needs bytes up to offset 81920 but the
 * file has 4096"). Never reads outside file[0..size).
 */
int elf_inspect(const void *file, size_t size, uint64_t pie_base,
		struct elf_image *img, char *why, size_t why_len);

#endif
