// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the Multiboot v1 information: command line, memory map and
 * modules. Everything the loader placed is recorded as reserved so the
 * physical allocator never hands it out while it is still needed.
 */
#include <lwk/multiboot.h>
#include <lwk/printk.h>
#include <lwk/string.h>
#include <arch/paging.h>

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __packed;

struct mb_module {
	uint32_t start, end, cmdline, reserved;
} __packed;

struct mb_mmap_entry {
	uint32_t size; /* of the rest of the entry */
	uint64_t addr, len;
	uint32_t type;
} __packed;

#define MBI_CMDLINE (1u << 2)
#define MBI_MODS (1u << 3)
#define MBI_MMAP (1u << 6)
#define MB_RAM 1

struct boot_info boot_info;

extern char kernel_end_phys[];

static void reserve(uint64_t start, uint64_t end)
{
	if (boot_info.nreserved == MB_MAX_RANGES)
		panic("too many reserved ranges in the Multiboot information");
	boot_info.reserved[boot_info.nreserved++] =
		(struct mem_range){ start, end };
}

static const char *mb_string(uint32_t phys)
{
	const char *s = phys_to_virt(phys);

	reserve(phys, phys + strlen(s) + 1);
	return s;
}

void multiboot_parse(uint32_t magic, uint64_t mbi_phys)
{
	const struct mb_info *mbi = phys_to_virt(mbi_phys);

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not started by a Multiboot loader (EAX=0x%x)", magic);

	/* Low memory (BIOS data, trampolines) and the kernel image. */
	reserve(0, (uint64_t)kernel_end_phys);
	reserve(mbi_phys, mbi_phys + sizeof(*mbi));

	boot_info.cmdline = "";
	if (mbi->flags & MBI_CMDLINE)
		boot_info.cmdline = mb_string(mbi->cmdline);

	if (!(mbi->flags & MBI_MMAP))
		panic("the boot loader gave no memory map");
	reserve(mbi->mmap_addr, (uint64_t)mbi->mmap_addr + mbi->mmap_length);
	for (uint64_t off = 0; off < mbi->mmap_length;) {
		const struct mb_mmap_entry *e =
			phys_to_virt((uint64_t)mbi->mmap_addr + off);

		if (e->type == MB_RAM && e->len &&
		    boot_info.nram < MB_MAX_RANGES)
			boot_info.ram[boot_info.nram++] =
				(struct mem_range){ e->addr, e->addr + e->len };
		off += e->size + 4;
	}

	if (mbi->flags & MBI_MODS) {
		const struct mb_module *m = phys_to_virt(mbi->mods_addr);

		reserve(mbi->mods_addr,
			mbi->mods_addr + mbi->mods_count * sizeof(*m));
		for (uint32_t i = 0; i < mbi->mods_count; i++) {
			struct boot_module *bm;

			if (boot_info.nmodules == MB_MAX_MODULES) {
				printk("lwk: ignoring Multiboot modules after the first %d\n",
				       MB_MAX_MODULES);
				break;
			}
			bm = &boot_info.module[boot_info.nmodules++];
			bm->start = m[i].start;
			bm->end = m[i].end;
			bm->cmdline = m[i].cmdline ? mb_string(m[i].cmdline) : "";
			reserve(m[i].start, m[i].end);
		}
	}
}
