/* SPDX-License-Identifier: GPL-2.0 */
/* x86-64 4-level paging: entry bits and the kernel's mappings. */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <lwk/types.h>
#include <arch/layout.h>

#define PAGE_SIZE 4096UL
#define LARGE_PAGE_SIZE (2UL << 20)
#define HUGE_PAGE_SIZE (1UL << 30)

#define PTE_P (1UL << 0)
#define PTE_W (1UL << 1)
#define PTE_U (1UL << 2)
#define PTE_A (1UL << 5)
#define PTE_D (1UL << 6)
#define PTE_PS (1UL << 7) /* 2 MB / 1 GB page */
#define PTE_G (1UL << 8)
/* Software bit: the LWK placed memory here, even if P is clear
 * (PROT_NONE). Present-but-unmapped never happens. */
#define PTE_MAPPED (1UL << 9)
#define PTE_NX (1UL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000UL

static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(phys + PHYS_MAP_BASE);
}

static inline uint64_t virt_to_phys(const void *virt)
{
	uint64_t v = (uint64_t)virt;

	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - PHYS_MAP_BASE;
}

/* Builds the final kernel page tables: all RAM below max_phys
 * direct-mapped with 1 GB pages (2 MB if the CPU lacks them). */
void paging_init(uint64_t max_phys);
/* The kernel's PML4; its lower half holds the program's mappings. */
uint64_t *paging_root(void);
bool paging_has_1g_pages(void);
/* A zeroed 4 KB page for page tables (panics when memory is gone). */
uint64_t *paging_alloc_table(void);
void paging_flush_all(void);

#endif
