// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's page tables. One PML4 serves the whole machine: the upper
 * half maps the kernel image and all RAM, the lower half is the program's
 * (lwk/mm/uvm.c). RAM is mapped with 1 GB pages where the CPU has them.
 */
#include <lwk/pmem.h>
#include <lwk/printk.h>
#include <lwk/string.h>
#include <arch/cpu.h>
#include <arch/paging.h>

static uint64_t *kernel_pml4;
static bool has_1g_pages;

uint64_t *paging_alloc_table(void)
{
	uint64_t phys = pmem_alloc_page();

	if (!phys)
		panic("out of memory for page tables");
	return phys_to_virt(phys);
}

static uint64_t *table_at(uint64_t *parent, unsigned int index)
{
	if (!(parent[index] & PTE_P)) {
		uint64_t *t = paging_alloc_table();

		parent[index] = virt_to_phys(t) | PTE_P | PTE_W;
	}
	return phys_to_virt(parent[index] & PTE_ADDR_MASK);
}

/* Maps [phys, phys + len) at virt with large pages, global, no user access. */
static void map_kernel_range(uint64_t virt, uint64_t phys, uint64_t len)
{
	uint64_t flags = PTE_P | PTE_W | PTE_G | PTE_PS;

	while (len) {
		uint64_t *pdpt = table_at(kernel_pml4, (virt >> 39) & 511);
		unsigned int i3 = (virt >> 30) & 511;

		if (has_1g_pages && IS_ALIGNED(virt | phys, HUGE_PAGE_SIZE) &&
		    len >= HUGE_PAGE_SIZE) {
			pdpt[i3] = phys | flags;
			virt += HUGE_PAGE_SIZE;
			phys += HUGE_PAGE_SIZE;
			len -= HUGE_PAGE_SIZE;
			continue;
		}
		uint64_t *pd = table_at(pdpt, i3);

		pd[(virt >> 21) & 511] = phys | flags;
		virt += LARGE_PAGE_SIZE;
		phys += LARGE_PAGE_SIZE;
		len = len > LARGE_PAGE_SIZE ? len - LARGE_PAGE_SIZE : 0;
	}
}

void paging_init(uint64_t max_phys)
{
	has_1g_pages = cpuid(0x80000001, 0).edx & (1u << 26);
	kernel_pml4 = paging_alloc_table();

	/* The first 4 GB always (APIC, I/O APIC, ACPI tables live there),
	 * then RAM above. */
	map_kernel_range(PHYS_MAP_BASE, 0,
			 ALIGN_UP(MAX(max_phys, 4 * GiB), HUGE_PAGE_SIZE));
	/* The kernel image at -2 GB. */
	map_kernel_range(KERNEL_VMA, 0, HUGE_PAGE_SIZE);
	write_cr3(virt_to_phys(kernel_pml4));
}

uint64_t *paging_root(void)
{
	return kernel_pml4;
}

bool paging_has_1g_pages(void)
{
	return has_1g_pages;
}

void paging_flush_all(void)
{
	/* Global kernel pages survive; user pages are never global. */
	write_cr3(read_cr3());
}
