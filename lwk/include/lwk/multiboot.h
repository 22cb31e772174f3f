/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel takes from the Multiboot v1 information structure. */
#ifndef LWK_MULTIBOOT_H
#define LWK_MULTIBOOT_H

#include <lwk/types.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MB_MAX_MODULES 8
#define MB_MAX_RANGES 64

struct mem_range {
	uint64_t start, end; /* [start, end) physical */
};

struct boot_module {
	uint64_t start, end; /* physical */
	const char *cmdline; /* direct-mapped, "" if none */
};

struct boot_info {
	const char *cmdline; /* kernel command line, "" if none */
	int nram;
	struct mem_range ram[MB_MAX_RANGES]; /* usable RAM (type 1) */
	int nreserved;
	/* Memory the loader handed over that must not be reused: the
	 * kernel, the information structure, strings, modules. */
	struct mem_range reserved[MB_MAX_RANGES];
	int nmodules;
	struct boot_module module[MB_MAX_MODULES];
};

extern struct boot_info boot_info;

/* Parses the structure at mbi_phys (reachable through the boot page
 * tables, i.e. below 4 GB). Panics on a malformed one. */
void multiboot_parse(uint32_t magic, uint64_t mbi_phys);

#endif
